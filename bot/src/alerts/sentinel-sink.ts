import { tenantTokenProvider } from '../admin/clients/token-provider.js';
import type { Config } from '../config/config.js';
import type { Report } from '../reports/report-types.js';
import { alertRecord, DeliveryError, type AlertSink } from './alert-sink.js';
import { incidentAlertRecord } from './incident-alert.js';

/** Microsoft Sentinel through the Logs Ingestion API (a data collection rule's custom stream). */
export function sentinelSink(
  options: NonNullable<Config['alerts']['sentinel']>,
  fetchImpl: typeof fetch = fetch,
): AlertSink {
  const tokens = tenantTokenProvider(options, fetchImpl);
  const url = `${options.endpoint}/dataCollectionRules/${encodeURIComponent(options.dcrId)}/streams/${encodeURIComponent(options.stream)}?api-version=2023-01-01`;
  const post = async (records: Record<string, unknown>[]): Promise<void> => {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokens.getToken('https://monitor.azure.com/.default')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(records),
      signal: AbortSignal.timeout(15000),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status !== 204 && !response.ok) throw new DeliveryError(`Logs Ingestion answered ${response.status}`);
  };
  return {
    kind: 'sentinel',
    deliver: (report: Report) => post([alertRecord(report)]),
    deliverIncident: (alert) => post([incidentAlertRecord(alert)]),
    deliverIncidentUpdate: (alert) => post([incidentAlertRecord(alert, 'watch.incident.updated')]),
  };
}
