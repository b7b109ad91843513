import { createHmac } from 'node:crypto';
import type { Report } from '../reports/report-types.js';
import { alertRecord, DeliveryError, type AlertSink } from './alert-sink.js';
import { incidentAlertRecord } from './incident-alert.js';

/**
 * POSTs `{ event: "report.filed", report }`, `{ event: "watch.incident", incident }` or
 * `{ event: "watch.incident.updated", incident }` as JSON; with a secret,
 * `X-DSGuard-Signature: sha256=<hex HMAC of the body>`.
 */
export function webhookSink(
  options: { url: string; secret?: string; timeoutMs?: number },
  fetchImpl: typeof fetch = fetch,
): AlertSink {
  const post = async (body: string): Promise<void> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'DirectSendGuard/0.1' };
    if (options.secret)
      headers['x-dsguard-signature'] = `sha256=${createHmac('sha256', options.secret).update(body).digest('hex')}`;
    const response = await fetchImpl(options.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10000),
    });
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw new DeliveryError(`webhook answered ${response.status}`);
  };
  return {
    kind: 'webhook',
    deliver: (report: Report) => post(JSON.stringify({ event: 'report.filed', report: alertRecord(report) })),
    deliverIncident: (alert) => post(JSON.stringify({ event: 'watch.incident', incident: incidentAlertRecord(alert) })),
    deliverIncidentUpdate: (alert) =>
      post(
        JSON.stringify({
          event: 'watch.incident.updated',
          incident: incidentAlertRecord(alert, 'watch.incident.updated'),
        }),
      ),
  };
}
