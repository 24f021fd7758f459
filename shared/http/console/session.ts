/**
 * The console's session and its protections. The session cookie holds the
 * user's token (HttpOnly, SameSite=Lax, Secure over HTTPS, scoped to
 * /console); every form carries a CSRF token derived from the session, and
 * every console request to the API carries the same token, so the console
 * never sees more than its user may.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sameSecret } from '../../kernel/keys.ts';

const SESSION_COOKIE = 'onestop_session';
const PKCE_COOKIE = 'onestop_pkce';
const LANG_COOKIE = 'onestop_lang';

const secure = (c: Context) => new URL(c.req.url).protocol === 'https:';

export function session(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function startSession(c: Context, token: string, maxAgeSeconds = 8 * 3600): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: secure(c), path: '/console', maxAge: maxAgeSeconds });
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/console' });
}

export function language(c: Context): 'zh' | 'en' {
  const asked = c.req.query('lang');
  if (asked === 'zh' || asked === 'en') {
    setCookie(c, LANG_COOKIE, asked, { sameSite: 'Lax', path: '/console', maxAge: 365 * 86400, secure: secure(c) });
    return asked;
  }
  return getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'zh';
}

export function csrfToken(secret: string, sessionToken: string): string {
  return createHmac('sha256', `csrf\n${secret}`).update(sessionToken).digest('base64url').slice(0, 32);
}

export function csrfValid(secret: string, sessionToken: string | undefined, given: unknown): boolean {
  if (!sessionToken || typeof given !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret, sessionToken));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Authorization code + PKCE against the Cognito hosted UI: the redirect, with state and verifier kept in a short-lived cookie. */
export function hostedUiRedirect(c: Context, domain: string, clientId: string): string {
  const verifier = randomBytes(48).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  setCookie(c, PKCE_COOKIE, `${state}.${verifier}`, { httpOnly: true, sameSite: 'Lax', secure: secure(c), path: '/console/auth', maxAge: 600 });
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = new URL('/console/auth/callback', c.req.url).toString();
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${domain}/oauth2/authorize?${params}`;
}

/** Completes the hosted-UI sign-in: checks the state, exchanges the code (with the verifier) for tokens. */
export async function hostedUiCallback(c: Context, domain: string, clientId: string): Promise<string | undefined> {
  const [state, verifier] = (getCookie(c, PKCE_COOKIE) ?? '').split('.');
  deleteCookie(c, PKCE_COOKIE, { path: '/console/auth' });
  const code = c.req.query('code');
  if (!state || !verifier || !code || !sameSecret(c.req.query('state'), state)) return undefined;
  const res = await fetch(`${domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: new URL('/console/auth/callback', c.req.url).toString(),
    }),
  });
  if (!res.ok) return undefined;
  return ((await res.json()) as { id_token?: string }).id_token;
}
