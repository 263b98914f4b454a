/** Bundles the browser app (mediasoup-client, socket.io-client) with esbuild into client/dist. */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const out = join(root, 'client', 'dist');

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(root, 'client', 'src', 'main.ts')],
    bundle: true,
    outfile: join(out, 'app.js'),
    platform: 'browser',
    target: 'chrome110',
    format: 'iife',
    sourcemap: true,
    minify: true,
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'client', 'src', 'app.css'), join(out, 'app.css'));
}

main().catch((err: unknown) => {
  process.stderr.write(String(err) + '\n');
  process.exit(1);
});
