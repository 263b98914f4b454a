/**
 * `node --import tsx scripts/audit-verify.ts [dbFile]`: verify the audit log's hash chain.
 * Last stdout line: {"ok":true,"entries":N} (exit 0) or {"ok":false,"firstBrokenSeq":N,"reason":"..."} (exit 1).
 * Exit 2 when the database cannot be read at all. Default database: loadConfig().dbFile.
 */
import { existsSync } from 'node:fs';
import { AuditLog } from '../server/audit/auditLog';
import { loadConfig } from '../server/config';
import { openSqlite } from '../server/store/db';

function main(argv: readonly string[]): number {
  const file = argv[0] ?? loadConfig().dbFile;
  if (!existsSync(file)) {
    // Opening would create an empty database and report a vacuous "ok".
    console.log(JSON.stringify({ ok: false, error: `database ${file} does not exist` }));
    return 2;
  }
  const db = openSqlite(file);
  try {
    const result = new AuditLog(db).verify();
    console.log(JSON.stringify(result));
    return result.ok ? 0 : 1;
  } catch (err) {
    console.log(JSON.stringify({ ok: false, error: (err as Error).message }));
    return 2;
  } finally {
    db.close();
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
