import express, { Router } from 'express';
import { z } from 'zod';
import { tryClassify } from '../../classifier.js';
import { summarize } from '../../reports/report-store.js';
import type { ReportService } from '../../reports/report-service.js';
import { REPORT_SOURCES } from '../../reports/report-types.js';
import { principalOf } from '../api-auth.js';
import { strings } from '../../strings.js';
import { sendError } from '../errors.js';

const reportBody = z.object({
  clientReportId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID'),
  headers: z.string().min(1),
  verdict: z.record(z.string(), z.unknown()).optional(),
  note: z.string().max(2000).optional(),
  eml: z
    .string()
    .regex(/^[A-Za-z0-9+/=\r\n]*$/, 'must be base64')
    .optional(),
  source: z.enum(REPORT_SOURCES),
  subject: z.string().max(500).optional(),
});

/** `storedEml` answers the .eml bytes a reporter's reports already keep (checked against `emlBytesPerUser`). */
export function reportsRoute(
  reports: ReportService,
  limits: { maxBodyBytes: number; maxEmlBytes: number; emlBytesPerUser: number },
  onFiled: () => void,
  storedEml: (reporterId: string) => Promise<number>,
): Router {
  const router = Router();

  router.post('/api/reports', express.json({ limit: limits.maxBodyBytes }), async (req, res) => {
    const parsed = reportBody.safeParse(req.body);
    if (!parsed.success) {
      return sendError(
        res,
        400,
        'bad-request',
        parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    }
    const body = parsed.data;
    const eml = body.eml?.replace(/\s+/g, '');
    if (eml && Math.floor((eml.length * 3) / 4) > limits.maxEmlBytes)
      return sendError(res, 413, 'too-large', `eml: larger than ${limits.maxEmlBytes} bytes`);
    const check = tryClassify(body.headers);
    if (!check.ok) return sendError(res, 400, check.error.code, `headers: ${check.error.message}`);
    const principal = principalOf(res);
    if (eml && (await storedEml(principal.id)) + eml.length > limits.emlBytesPerUser) {
      return sendError(
        res,
        413,
        'storage-full',
        strings.api.storageFull(Math.round(limits.emlBytesPerUser / 1024 / 1024)),
      );
    }
    const filed = await reports.file({
      clientReportId: body.clientReportId.toLowerCase(),
      reporter: principal.name ? { id: principal.id, name: principal.name } : { id: principal.id },
      source: body.source,
      headers: body.headers,
      ...(body.verdict ? { clientVerdict: body.verdict } : {}),
      ...(body.subject ? { subject: body.subject } : {}),
      ...(body.note ? { note: body.note } : {}),
      ...(eml ? { emlBase64: eml } : {}),
    });
    if (!filed.duplicate) onFiled();
    res
      .status(filed.duplicate ? 200 : 201)
      .json({ id: filed.report.id, status: filed.report.status, duplicate: filed.duplicate });
  });

  router.get('/api/reports', async (req, res) => {
    const principal = principalOf(res);
    const limit = Number(req.query.limit ?? 50);
    const offset = Number(req.query.offset ?? 0);
    if (!Number.isInteger(limit) || !Number.isInteger(offset) || limit < 1 || limit > 500 || offset < 0) {
      return sendError(res, 400, 'bad-request', 'limit must be 1-500 and offset >= 0');
    }
    const mine = !principal.isAdmin || req.query.mine === '1' || req.query.mine === 'true';
    const list = await reports.store.list({ ...(mine ? { reporterId: principal.id } : {}), limit, offset });
    res.json({ reports: list.map(summarize), scope: mine ? 'own' : 'all' });
  });

  router.get('/api/reports/:id', async (req, res) => {
    const principal = principalOf(res);
    const report = await reports.store.get(req.params.id);
    if (!report || (!principal.isAdmin && report.reporterId !== principal.id))
      return sendError(res, 404, 'not-found', 'No such report.');
    res.json(report);
  });

  return router;
}
