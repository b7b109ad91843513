import express, { type Express, type Request, type Response } from 'express';
import type { EntraTokenValidator } from '../auth/entra-token.js';
import type { Logger } from '../log/logger.js';
import type { ReportService } from '../reports/report-service.js';
import type { TenantContextSource } from '../reports/tenant-context.js';
import { storedEmlBytes } from '../storage/eml-quota.js';
import type { RateLimits } from '../storage/rate-limits.js';
import type { SqlClient } from '../storage/sql-client.js';
import { strings } from '../strings.js';
import { apiAuth, refuseNonLocal } from './api-auth.js';
import { errorHandler, sendError } from './errors.js';
import { rateLimit } from './quotas.js';
import { requestLog } from './request-log.js';
import { addinStatic, wellKnownAllowed } from './routes/addin-static.js';
import { classifyRoute } from './routes/classify-route.js';
import { reportsRoute } from './routes/reports-route.js';
import { tenantContextRoute } from './routes/tenant-context-route.js';

export interface AppDeps {
  db: SqlClient;
  reports: ReportService;
  tenantContext: TenantContextSource;
  /** Bot Framework endpoint (CloudAdapter.process); absent = no bot on this server. */
  botHandler?: (req: Request, res: Response) => Promise<void>;
  /**
   * Who may reach the bot endpoint: `bot-framework` = the adapter checks every request's Bot Framework token;
   * `local` = no Bot Framework authentication, local mode: this computer only (like the API); `closed` = no
   * Bot Framework authentication outside local mode: 401 for everyone.
   */
  botAccess: 'bot-framework' | 'local' | 'closed';
  entraValidator?: EntraTokenValidator;
  addinDist: string;
  /** The https origin the add-in is served from, for the well-known file. */
  publicOrigin: () => string;
  limits: { maxBodyBytes: number; maxEmlBytes: number };
  /** Per-user request rates (counted in the database) and the .eml storage each user's reports may keep. */
  quotas: { rateLimits: RateLimits; reportsPerHour: number; classifyPerMinute: number; emlBytesPerUser: number };
  logger: Logger;
  /** Called after a new report was committed (wakes the alert outbox). */
  onReportFiled?: () => void;
  /** Extra routers (admin APIs) mounted behind API auth. */
  apiRouters?: express.Router[];
  /** Routers outside /api that carry their own permission (download links). */
  publicRouters?: express.Router[];
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestLog(deps.logger));
  app.use((_req, res, next) => {
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await deps.db.query('SELECT 1 AS ok');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', error: { code: 'storage', message: 'storage is unreachable' } });
    }
  });

  if (deps.botHandler) {
    const handler = deps.botHandler;
    app.post(
      '/api/messages',
      (req, res, next) => {
        if (deps.botAccess === 'bot-framework') return next();
        if (deps.botAccess === 'local') return refuseNonLocal(req, res, 401) ? undefined : next();
        res.setHeader('www-authenticate', 'Bearer');
        sendError(res, 401, 'unauthorized', strings.api.botUnauthenticated);
      },
      express.json({ limit: '1mb' }),
      async (req, res) => {
        await handler(req, res);
      },
    );
  }

  app.use('/api', apiAuth(deps.entraValidator, deps.logger));
  app.post('/api/classify', rateLimit(deps.quotas.rateLimits, 'classify', deps.quotas.classifyPerMinute, 60_000));
  app.post('/api/reports', rateLimit(deps.quotas.rateLimits, 'report', deps.quotas.reportsPerHour, 3_600_000));
  app.use(classifyRoute(deps.reports, deps.limits.maxBodyBytes));
  app.use(
    reportsRoute(
      deps.reports,
      { ...deps.limits, emlBytesPerUser: deps.quotas.emlBytesPerUser },
      deps.onReportFiled ?? (() => undefined),
      (reporterId) => storedEmlBytes(deps.db, reporterId),
    ),
  );
  app.use(tenantContextRoute(deps.tenantContext));
  for (const router of deps.apiRouters ?? []) app.use(router);
  app.use('/api', (_req, res) => sendError(res, 404, 'not-found', strings.api.notFound));

  for (const router of deps.publicRouters ?? []) app.use(router);
  app.use(wellKnownAllowed(deps.publicOrigin));
  app.use(addinStatic(deps.addinDist));
  app.get('/', (_req, res) => res.redirect('/addin/demo.html'));
  app.use((_req, res) => sendError(res, 404, 'not-found', strings.api.notFound));
  app.use(errorHandler(deps.logger));
  return app;
}
