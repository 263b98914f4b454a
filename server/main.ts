/** `npm start`: migrate, seed the demo school, serve, and print the demo logins. */
import { createChaperone } from './app';
import { loadConfig } from './config';
import { currentTotp } from './auth/totp';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoSchool } from './seed';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createChaperone(config);
  await seedDemoSchool(app.directory);
  const port = await app.listen();
  const lines = [
    '',
    `Chaperone is running on http://localhost:${port}`,
    `Demo logins (password for all: ${DEMO_PASSWORD}):`,
    ...DEMO_USERS.map((u) => {
      const totp = u.totpSecret ? `  TOTP secret ${u.totpSecret} (code now ${currentTotp(u.totpSecret)}; later: npm run totp -- ${u.totpSecret})` : '';
      return `  ${u.role.padEnd(8)} ${u.email.padEnd(30)} ${u.note ?? ''}${totp}`;
    }),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const stop = async (): Promise<void> => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
