import type { RequestHandler } from 'express';
import type { RateLimits } from '../storage/rate-limits.js';
import { strings } from '../strings.js';
import { principalOf } from './api-auth.js';
import { sendError } from './errors.js';

/** 429 with Retry-After once the caller (the authenticated principal) made `limit` requests of `scope` per window. */
export function rateLimit(limits: RateLimits, scope: string, limit: number, windowMs: number): RequestHandler {
  return async (_req, res, next) => {
    const decision = await limits.hit(`${scope}:${principalOf(res).id}`, limit, windowMs);
    if (decision.ok) return next();
    res.setHeader('retry-after', String(decision.retryAfterSeconds));
    sendError(res, 429, 'rate-limited', strings.api.rateLimited(decision.retryAfterSeconds));
  };
}
