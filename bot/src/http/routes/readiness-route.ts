import express, { Router, type Response } from 'express';
import { readinessCardModel } from '../../admin/readiness/card-model.js';
import { postureOf } from '../../admin/readiness/collect-snapshot.js';
import { evaluateReadiness, type ReadinessResult } from '../../admin/readiness/evaluate-readiness.js';
import { renderReadinessCsv } from '../../admin/readiness/render-csv.js';
import { renderReadinessMarkdown } from '../../admin/readiness/render-markdown.js';
import { SnapshotError, parseSnapshot } from '../../admin/readiness/snapshot.js';
import type { ReadinessOutcome } from '../../admin/readiness/tenant-readiness.js';
import { strings } from '../../strings.js';
import { requireAdmin } from '../api-auth.js';
import { sendError } from '../errors.js';

type Format = 'json' | 'md' | 'csv';

function formatOf(value: unknown): Format | undefined {
  if (value === undefined) return 'json';
  return value === 'json' || value === 'md' || value === 'csv' ? value : undefined;
}

function send(res: Response, result: ReadinessResult, format: Format): void {
  if (format === 'md') {
    res
      .type('text/markdown; charset=utf-8')
      .attachment('rejectdirectsend-readiness.md')
      .send(renderReadinessMarkdown(result));
  } else if (format === 'csv') {
    res.type('text/csv; charset=utf-8').attachment('rejectdirectsend-readiness.csv').send(renderReadinessCsv(result));
  } else {
    res.json({ ...result, card: readinessCardModel(result) });
  }
}

/**
 * GET /api/readiness[?format=json|md|csv]: the configured tenant (the answer the bot's card showed, if recent).
 * POST /api/readiness[?format=...] with a tenant snapshot as JSON: offline, from the snapshot's own DNS answers.
 * Admins only.
 */
export function readinessRoute(evaluate: (fresh: boolean) => Promise<ReadinessOutcome>, maxBodyBytes: number): Router {
  const router = Router();
  router.get('/api/readiness', requireAdmin, async (req, res) => {
    const format = formatOf(req.query.format);
    if (!format) return sendError(res, 400, 'bad-request', 'format must be json, md or csv');
    const outcome = await evaluate(req.query.fresh === '1');
    if (!outcome.ok) {
      return outcome.reason === 'not-configured'
        ? sendError(res, 409, 'tenant-not-configured', strings.api.tenantNotConfigured)
        : sendError(res, 502, 'tenant-unreachable', outcome.message);
    }
    send(res, outcome.result, format);
  });
  router.post('/api/readiness', requireAdmin, express.json({ limit: maxBodyBytes }), async (req, res) => {
    const format = formatOf(req.query.format);
    if (!format) return sendError(res, 400, 'bad-request', 'format must be json, md or csv');
    if (!req.is('application/json'))
      return sendError(res, 415, 'unsupported-media-type', 'Send the tenant snapshot as application/json.');
    let snapshot;
    try {
      snapshot = parseSnapshot(req.body, 'snapshot');
    } catch (error) {
      if (error instanceof SnapshotError) return sendError(res, 400, 'bad-snapshot', error.message);
      throw error;
    }
    send(res, evaluateReadiness(snapshot, await postureOf(snapshot)), format);
  });
  return router;
}
