import express, { Router } from 'express';
import {
  ADMIN_ACTIONS,
  UnknownSourceError,
  type AdminActionType,
  type InventoryStore,
} from '../../admin/inventory/inventory-store.js';
import { sourceJson } from '../../admin/inventory/source-json.js';
import type { Logger } from '../../log/logger.js';
import { principalOf, requireAdmin } from '../api-auth.js';
import { sendError } from '../errors.js';

const MAX_NAME = 100;

export interface InventoryDecisionDeps {
  inventory: InventoryStore;
  /** After a decision: approved sources are known senders, so the tenant context must be re-read. */
  onKnownSendersChanged(): void;
  logger: Logger;
  clock?: () => number;
}

/**
 * POST /api/inventory/<source>/decision with `{"action": "approve" | "mark-to-migrate" | "mark-malicious" | "retire",
 * "name"?: "..."}` (admins): the chat's decisions over HTTP, recorded by the store with who and when. The source is
 * its key, URL-encoded (`198.51.100.0%2F24`).
 */
export function inventoryDecisionRoute(deps: InventoryDecisionDeps): Router {
  const router = Router();
  const clock = deps.clock ?? Date.now;
  router.post('/api/inventory/:key/decision', requireAdmin, express.json({ limit: '4kb' }), async (req, res) => {
    const body = (req.body ?? {}) as { action?: unknown; name?: unknown };
    if (!req.is('application/json'))
      return sendError(res, 415, 'unsupported-media-type', 'Send the decision as application/json.');
    if (!(ADMIN_ACTIONS as readonly unknown[]).includes(body.action))
      return sendError(res, 400, 'bad-request', `action must be one of ${ADMIN_ACTIONS.join(', ')}`);
    if (
      body.name !== undefined &&
      (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > MAX_NAME)
    ) {
      return sendError(res, 400, 'bad-request', `name must be a text of 1-${MAX_NAME} characters`);
    }
    const key = String(req.params.key);
    const action = body.action as AdminActionType;
    const principal = principalOf(res);
    const name = action === 'approve' && typeof body.name === 'string' ? body.name.trim() : undefined;
    try {
      const updated = await deps.inventory.recordAction({
        sourceKey: key,
        action,
        actor: principal.name ? `${principal.name} (${principal.id})` : principal.id,
        at: clock(),
        ...(name ? { name } : {}),
      });
      deps.onKnownSendersChanged();
      deps.logger.info('inventory.action', { sourceKey: key, action, requestId: res.locals.requestId });
      res.json({ source: sourceJson(updated) });
    } catch (error) {
      if (error instanceof UnknownSourceError) return sendError(res, 404, 'unknown-source', error.message);
      throw error;
    }
  });
  return router;
}
