/** Sign-in: password, then a TOTP code for staff (with enrolment on first sign-in). */
import { api, ApiError, saveTokens } from '../api';
import { h, mount } from '../dom';

type LoginResponse =
  | { status: 'ok'; accessToken: string; refreshToken: string }
  | { status: 'mfa_required'; mfaToken: string }
  | { status: 'mfa_enrol'; mfaToken: string; secret: string; otpauthUrl: string };

export function showLogin(onSignedIn: () => void): void {
  const error = h('p', { class: 'error', 'data-testid': 'login-error' });
  const email = h('input', { type: 'email', name: 'email', placeholder: 'Email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', placeholder: 'Password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card', 'data-testid': 'login-form' }, h('h2', {}, 'Sign in'), email, ' ', password, ' ', h('button', { type: 'submit' }, 'Sign in'), error);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    try {
      const r = await api<LoginResponse>('POST', '/auth/login', { email: email.value, password: password.value });
      if (r.status === 'ok') {
        saveTokens(r);
        onSignedIn();
      } else showMfa(r.mfaToken, r.status === 'mfa_enrol' ? r.secret : null, onSignedIn);
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : 'Could not sign in';
    }
  });
  mount(form);
}

function showMfa(mfaToken: string, enrolSecret: string | null, onSignedIn: () => void): void {
  const error = h('p', { class: 'error' });
  const code = h('input', { name: 'code', inputmode: 'numeric', pattern: '\\d{6}', placeholder: '6-digit code', autocomplete: 'one-time-code', required: true });
  const form = h(
    'form',
    { class: 'card', 'data-testid': 'mfa-form' },
    h('h2', {}, 'Two-factor authentication'),
    enrolSecret ? h('p', {}, 'Staff accounts need a second factor. Add this secret to your authenticator app: ', h('code', {}, enrolSecret)) : h('p', {}, 'Enter the code from your authenticator app.'),
    code,
    ' ',
    h('button', { type: 'submit' }, 'Verify'),
    error,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await api<{ accessToken: string; refreshToken: string }>('POST', '/auth/mfa', { mfaToken, code: code.value });
      saveTokens(r);
      onSignedIn();
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : 'Could not verify the code';
    }
  });
  mount(form);
}
