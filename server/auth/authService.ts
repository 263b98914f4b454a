/**
 * Sign-in: password, then (for staff) TOTP. Staff without TOTP enrol on first sign-in.
 * Failures are rate-limited per email and per address; messages never say which part was wrong.
 */
import { AppError } from '../../shared/errors';
import { STAFF_ROLES } from '../../shared/levels';
import type { Directory } from '../store/directory';
import { DECOY_HASH, verifyPassword } from './passwords';
import type { IssuedTokens, TokenService } from './tokens';
import { newTotpSecret, otpauthUrl, TotpVerifier } from './totp';
import { FailureLimiter } from './rateLimit';

export type LoginResult =
  | ({ status: 'ok' } & IssuedTokens)
  | { status: 'mfa_required'; mfaToken: string }
  | { status: 'mfa_enrol'; mfaToken: string; secret: string; otpauthUrl: string };

export class AuthService {
  private readonly totp = new TotpVerifier();
  private readonly byEmail = new FailureLimiter(8, 15 * 60_000);
  private readonly byAddress = new FailureLimiter(50, 15 * 60_000);

  constructor(
    private readonly directory: Directory,
    private readonly tokens: TokenService,
  ) {}

  async login(email: string, password: string, address: string): Promise<LoginResult> {
    const emailKey = email.toLowerCase();
    if (this.byEmail.isBlocked(emailKey) || this.byAddress.isBlocked(address)) {
      throw new AppError('RATE_LIMITED', 'too many failed sign-ins; try again later');
    }
    const user = this.directory.userByEmail(emailKey);
    const ok = await verifyPassword(password, user?.password_hash ?? DECOY_HASH);
    if (!user || !ok) {
      this.byEmail.fail(emailKey);
      this.byAddress.fail(address);
      throw new AppError('UNAUTHENTICATED', 'wrong email or password');
    }
    this.byEmail.succeed(emailKey);
    if (!STAFF_ROLES.includes(user.role)) return { status: 'ok', ...this.tokens.issue(user) };
    const mfaToken = this.tokens.signMfa(user.id);
    if (user.totp_enabled && user.totp_secret) return { status: 'mfa_required', mfaToken };
    // First sign-in of a staff member: propose a secret, enabled once a code from it verifies.
    const secret = user.totp_secret ?? newTotpSecret();
    if (!user.totp_secret) this.directory.setTotp(user.id, secret, false);
    return { status: 'mfa_enrol', mfaToken, secret, otpauthUrl: otpauthUrl(user.email, secret) };
  }

  /** Second step for staff: verifies the TOTP code (enabling TOTP on first success). */
  verifyMfa(mfaToken: string, code: string, address: string): IssuedTokens {
    const userId = this.tokens.verifyMfa(mfaToken);
    const key = `mfa:${userId}`;
    if (this.byEmail.isBlocked(key) || this.byAddress.isBlocked(address)) {
      throw new AppError('RATE_LIMITED', 'too many failed codes; try again later');
    }
    const user = this.directory.userById(userId);
    if (!user || !user.totp_secret || !this.totp.verify(user.id, user.totp_secret, code)) {
      this.byEmail.fail(key);
      this.byAddress.fail(address);
      throw new AppError('UNAUTHENTICATED', 'wrong or expired code');
    }
    this.byEmail.succeed(key);
    if (!user.totp_enabled) this.directory.setTotp(user.id, user.totp_secret, true);
    return this.tokens.issue(user);
  }
}
