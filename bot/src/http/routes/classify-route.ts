import express, { Router } from 'express';
import { z } from 'zod';
import type { ReportService } from '../../reports/report-service.js';
import type { TenantContext } from '../../classifier.js';
import { tryClassify } from '../../classifier.js';
import { strings } from '../../strings.js';
import { sendError } from '../errors.js';

const tenantSchema = z.object({
  acceptedDomains: z.array(z.string()).optional(),
  knownSenders: z
    .array(
      z.object({ name: z.string(), ips: z.array(z.string()).optional(), addresses: z.array(z.string()).optional() }),
    )
    .optional(),
  gatewayIps: z.array(z.string()).optional(),
  tenantId: z.string().optional(),
});
const jsonBody = z.object({ headers: z.string(), tenant: tenantSchema.optional() });

/** POST /api/classify: text/plain (headers or .eml) or JSON `{ headers, tenant? }`; answers the Verdict. */
export function classifyRoute(reports: ReportService, maxBytes: number): Router {
  const router = Router();
  router.post(
    '/api/classify',
    express.text({ type: ['text/plain', 'message/rfc822'], limit: maxBytes }),
    express.json({ limit: maxBytes }),
    async (req, res) => {
      let raw: string;
      let tenant: TenantContext | undefined;
      if (typeof req.body === 'string') {
        raw = req.body;
      } else if (req.is('application/json')) {
        const parsed = jsonBody.safeParse(req.body);
        if (!parsed.success)
          return sendError(
            res,
            400,
            'bad-request',
            `${strings.api.badRequest} ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        raw = parsed.data.headers;
        tenant = parsed.data.tenant as TenantContext | undefined;
      } else {
        return sendError(res, 415, 'unsupported-media-type', 'Send text/plain (headers or .eml) or application/json.');
      }
      if (tenant) {
        const result = tryClassify(raw, tenant);
        if (!result.ok) return sendError(res, 400, result.error.code, result.error.message);
        return res.json(result.verdict);
      }
      const result = await reports.check(raw);
      if (!result.ok) return sendError(res, 400, result.error.code, result.error.message);
      res.json(result.verdict);
    },
  );
  return router;
}
