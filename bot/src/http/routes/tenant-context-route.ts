import { Router } from 'express';
import type { TenantContextSource } from '../../reports/tenant-context.js';

export function tenantContextRoute(source: TenantContextSource): Router {
  const router = Router();
  router.get('/api/tenant-context', async (_req, res) => {
    res.json(await source.answer());
  });
  return router;
}
