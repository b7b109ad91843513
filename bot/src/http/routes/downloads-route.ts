import { Router } from 'express';
import { strings } from '../../strings.js';
import type { DownloadLinks } from '../download-links.js';
import { sendError } from '../errors.js';

/** GET /downloads/<token>: a file the bot offered, while its link lives (no bearer token: the link is the permission). */
export function downloadsRoute(links: DownloadLinks): Router {
  const router = Router();
  router.get('/downloads/:token', async (req, res) => {
    const file = await links.get(req.params.token);
    if (!file) return sendError(res, 404, 'link-expired', strings.api.linkExpired);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    res.type(file.contentType).attachment(file.filename).send(file.body);
  });
  return router;
}
