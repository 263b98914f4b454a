/** `npm run totp -- SECRET`: prints the current TOTP code for a demo staff account. */
import { currentTotp } from '../server/auth/totp';

const secret = process.argv[2];
if (!secret || !/^[A-Z2-7]+=*$/.test(secret)) {
  process.stderr.write('usage: npm run totp -- BASE32SECRET\n');
  process.exit(2);
}
process.stdout.write(currentTotp(secret) + '\n');
