import type { RequestHandler, Response } from 'express';
import type { EntraTokenValidator } from '../auth/entra-token.js';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../log/logger.js';
import { strings } from '../strings.js';
import { sendError } from './errors.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export const LOCAL_PRINCIPAL: Principal = { id: 'local-user', name: 'Local user', groups: [], isAdmin: true, local: true };

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error('route mounted without apiAuth');
  return p;
}

/**
 * Entra bearer tokens when Entra is configured; otherwise local mode, which serves loopback callers only
 * (as one local admin user) and refuses everyone else.
 */
export function apiAuth(validator: EntraTokenValidator | undefined, logger: Logger): RequestHandler {
  return async (req, res, next) => {
    if (!validator) {
      if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) return sendError(res, 403, 'local-only', strings.api.localOnly);
      res.locals.principal = LOCAL_PRINCIPAL;
      return next();
    }
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header);
    if (!match) {
      res.setHeader('www-authenticate', 'Bearer');
      return sendError(res, 401, 'unauthorized', strings.api.unauthorized);
    }
    const check = await validator.validate(match[1]!);
    if (!check.ok) {
      logger.info('auth.token-refused', { requestId: res.locals.requestId, reason: check.reason });
      res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      return sendError(res, 401, 'invalid-token', `${strings.api.unauthorized} (${check.reason})`);
    }
    res.locals.principal = check.principal;
    next();
  };
}

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (!principalOf(res).isAdmin) return sendError(res, 403, 'forbidden', strings.api.forbidden);
  next();
};
