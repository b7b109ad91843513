import type { Request, RequestHandler, Response } from 'express';
import type { EntraTokenValidator } from '../auth/entra-token.js';
import { LOCAL_PRINCIPAL, type Principal } from '../auth/principal.js';
import type { Logger } from '../log/logger.js';
import { strings } from '../strings.js';
import { sendError } from './errors.js';
import { localRefusal } from './local-mode.js';

export { LOCAL_PRINCIPAL };

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
      if (refuseNonLocal(req, res, 403)) return;
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

/**
 * Answers the refusal when local mode may not serve this request (see `localRefusal`); true when it answered.
 * `notLoopbackStatus`: 403 for the API, 401 for the bot endpoint (it has no authentication of its own there).
 */
export function refuseNonLocal(req: Request, res: Response, notLoopbackStatus: 401 | 403): boolean {
  const refusal = localRefusal(req);
  if (!refusal) return false;
  if (refusal === 'not-loopback') sendError(res, notLoopbackStatus, 'local-only', strings.api.localOnly);
  else if (refusal === 'forwarded') sendError(res, 403, 'local-forwarded', strings.api.localForwarded);
  else sendError(res, 403, 'local-host', strings.api.localHost);
  return true;
}
