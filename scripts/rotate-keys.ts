/**
 * `npm run keys:rotate -- NEW_KEK_FILE`: re-wrap every data key (recordings, evidence and sealed text) under a new
 * key-encryption key (created 0600 if missing). No ciphertext is touched.
 * Then start the server with CHAPERONE_KEK_FILE=NEW_KEK_FILE; the old key file can be destroyed.
 */
import { AuditLog } from '../server/audit/auditLog';
import { loadConfig } from '../server/config';
import { KeyRing } from '../server/recording/keys';
import { rewrapAllDataKeys } from '../server/recording/keyRotation';
import { openSqlite } from '../server/store/db';
import { migrate } from '../server/store/migrations';

const next = process.argv[2];
if (!next) {
  process.stderr.write('usage: npm run keys:rotate -- NEW_KEK_FILE\n');
  process.exit(2);
}
const config = loadConfig();
const db = openSqlite(config.dbFile);
migrate(db);
const keys = KeyRing.fromFiles(next, [config.kekFile, ...config.retiredKekFiles]);
const counts = rewrapAllDataKeys(db, keys, new AuditLog(db));
db.close();
process.stdout.write(JSON.stringify({ ...counts, kekId: keys.currentKekId }) + '\n');
