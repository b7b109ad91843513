import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../config/config.js';
import { isAdmin, type AdminDirectory, type Principal } from './principal.js';

export type TokenCheck = { ok: true; principal: Principal } | { ok: false; reason: string };

export interface EntraTokenValidator {
  validate(token: string): Promise<TokenCheck>;
}

/**
 * Validates Entra ID access tokens (v1 and v2) for this API: signature against the tenant's published keys,
 * issuer, audience, expiry and not-before, with a small clock skew.
 */
export function createEntraTokenValidator(
  entra: NonNullable<Config['entra']>,
  admins: AdminDirectory,
): EntraTokenValidator {
  const jwks = createRemoteJWKSet(new URL(`${entra.authorityHost}/${entra.tenantId}/discovery/v2.0/keys`), {
    timeoutDuration: 5000,
    cooldownDuration: 30000,
  });
  const issuers = [`${entra.authorityHost}/${entra.tenantId}/v2.0`, `https://sts.windows.net/${entra.tenantId}/`];
  return {
    async validate(token: string): Promise<TokenCheck> {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: issuers,
          audience: entra.audiences,
          algorithms: ['RS256'],
          clockTolerance: 120,
          requiredClaims: ['exp', 'iat'],
        }));
      } catch (error) {
        return { ok: false, reason: describe(error) };
      }
      const oid = typeof payload.oid === 'string' ? payload.oid.toLowerCase() : undefined;
      const tid = typeof payload.tid === 'string' ? payload.tid.toLowerCase() : undefined;
      if (!oid) return { ok: false, reason: 'token has no oid claim' };
      // An app-only token (client credentials) carries roles, not scp: it names no signed-in user to act for.
      if (typeof payload.scp !== 'string' || payload.scp.trim() === '')
        return { ok: false, reason: 'app-only token (no scp claim): a user token is required' };
      if (tid && tid !== entra.tenantId) return { ok: false, reason: 'token is for another tenant' };
      const groups = Array.isArray(payload.groups)
        ? payload.groups.filter((g): g is string => typeof g === 'string')
        : [];
      const name =
        typeof payload.name === 'string'
          ? payload.name
          : typeof payload.preferred_username === 'string'
            ? payload.preferred_username
            : undefined;
      const principal: Principal = { id: oid, groups, isAdmin: isAdmin(admins, oid, groups), local: false };
      if (name) principal.name = name;
      if (tid) principal.tenantId = tid;
      return { ok: true, principal };
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim "${error.claim}" invalid`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'signing key unknown';
  if (error instanceof errors.JOSEError) return error.code;
  return 'token invalid';
}
