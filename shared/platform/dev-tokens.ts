/** The local development issuer: HS256 tokens carrying tenant, roles and scopes. */
import { SignJWT } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from './config.ts';

export interface DevTokenClaims {
  sub: string;
  tenant: string;
  roles: string[];
  scopes?: Record<string, string[]>;
}

export async function signDevToken(secret: string, claims: DevTokenClaims, ttlSeconds = 12 * 3600): Promise<string> {
  return new SignJWT({ tenant: claims.tenant, roles: claims.roles, ...(claims.scopes ? { scopes: claims.scopes } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(secret));
}
