import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../log/logger.js';
import { strings } from '../strings.js';

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** Body-parser and unexpected errors as the API's error JSON; never a stack trace, never a crash. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const e = error as { type?: string; status?: number; message?: string };
    if (res.headersSent) return;
    if (e.type === 'entity.too.large') return sendError(res, 413, 'too-large', strings.api.tooLarge);
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'bad-json', strings.api.badJson);
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
      return sendError(res, 415, 'unsupported-encoding', e.message ?? strings.api.badRequest);
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
      return sendError(res, e.status, 'bad-request', strings.api.badRequest);
    logger.error('http.unhandled', { error, path: req.path, requestId: res.locals.requestId });
    sendError(res, 500, 'internal', strings.api.internal);
  };
}
