/** TOTP second factor for staff (RFC 6238, 30 s steps, one step of clock drift allowed, no code reused). */
import { authenticator } from 'otplib';

authenticator.options = { window: 1, step: 30, digits: 6 };

export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

export function otpauthUrl(email: string, secret: string): string {
  return authenticator.keyuri(email, 'Chaperone', secret);
}

export function currentTotp(secret: string): string {
  return authenticator.generate(secret);
}

/** The code of the step `steps` away from now (tests and demos that sign in more than once a step). */
export function totpAtStep(secret: string, steps: number): string {
  const a = authenticator.clone({ epoch: Date.now() + steps * 30_000 });
  return a.generate(secret);
}

/** Remembers recently accepted (user, code) pairs so a code cannot be replayed within its window. */
export class TotpVerifier {
  private readonly used = new Map<string, number>();

  verify(userId: string, secret: string, code: string): boolean {
    const now = Date.now();
    for (const [k, exp] of this.used) if (exp < now) this.used.delete(k);
    const key = `${userId}:${code}`;
    if (this.used.has(key)) return false;
    if (!authenticator.check(code, secret)) return false;
    this.used.set(key, now + 90_000);
    return true;
  }
}
