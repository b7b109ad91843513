import { existsSync } from 'node:fs';
import express, { Router } from 'express';
import { strings } from '../../strings.js';

/** The add-in build at /addin/; until it exists, a clear 503 instead of 404s or a crash. */
export function addinStatic(distDir: string): Router {
  const router = Router();
  const serve = express.static(distDir, { index: ['taskpane.html'], fallthrough: true, maxAge: '5m' });
  router.use('/addin', (req, res, next) => {
    if (!existsSync(distDir)) {
      res.status(503).type('text/plain').send(strings.addinMissing(distDir));
      return;
    }
    serve(req, res, next);
  });
  return router;
}

/** The well-known list Office reads before letting the spam-reporting handler make cross-origin calls. */
export function wellKnownAllowed(origin: () => string): Router {
  const router = Router();
  router.get('/.well-known/microsoft-officeaddins-allowed.json', (_req, res) => {
    res.json({ allowed: [`${origin()}/addin/report.js`, `${origin()}/addin/report.html`] });
  });
  return router;
}
