import { Router } from 'express';
import { SOURCE_CATEGORIES, type SourceCategory } from '../../admin/inventory/categorize.js';
import { SOURCE_STATUSES, type InventoryStore, type SourceStatus } from '../../admin/inventory/inventory-store.js';
import { renderInventoryCsv, sourceJson } from '../../admin/inventory/source-json.js';
import { requireAdmin } from '../api-auth.js';
import { sendError } from '../errors.js';

const MAX_LIMIT = 100_000;

/** GET /api/inventory[?category&status&limit&offset&format=csv] (admins): the sources, most messages first. */
export function inventoryRoute(inventory: InventoryStore): Router {
  const router = Router();
  router.get('/api/inventory', requireAdmin, async (req, res) => {
    const { category, status, format } = req.query;
    const limit = req.query.limit === undefined ? undefined : Number(req.query.limit);
    const offset = Number(req.query.offset ?? 0);
    if (category !== undefined && !(SOURCE_CATEGORIES as readonly unknown[]).includes(category)) {
      return sendError(res, 400, 'bad-request', `category must be one of ${SOURCE_CATEGORIES.join(', ')}`);
    }
    if (status !== undefined && !(SOURCE_STATUSES as readonly unknown[]).includes(status))
      return sendError(res, 400, 'bad-request', `status must be one of ${SOURCE_STATUSES.join(', ')}`);
    if (
      (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)) ||
      !Number.isInteger(offset) ||
      offset < 0
    ) {
      return sendError(res, 400, 'bad-request', `limit must be 1-${MAX_LIMIT} and offset >= 0`);
    }
    if (format !== undefined && format !== 'json' && format !== 'csv')
      return sendError(res, 400, 'bad-request', 'format must be json or csv');
    const sources = await inventory.listSources({
      ...(category ? { category: category as SourceCategory } : {}),
      ...(status ? { status: status as SourceStatus } : {}),
      ...(limit !== undefined ? { limit } : {}),
      offset,
    });
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment('direct-send-inventory.csv').send(renderInventoryCsv(sources));
      return;
    }
    res.json({ sources: sources.map(sourceJson) });
  });
  return router;
}
