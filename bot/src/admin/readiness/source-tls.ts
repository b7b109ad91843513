import { certificateMatches, isEnabledInbound } from './evaluate-readiness.js';
import type { InboundConnector, SnapshotSource } from './snapshot.js';

/**
 * Certificate coverage read live from Get-InboundConnector: a source whose HELO name matches an enabled connector's
 * TlsSenderCertificateName presents that certificate (a device's HELO is the name on its certificate), so it sends
 * over TLS and the connector covers it by certificate. Values set by hand in a snapshot are kept.
 */
export function withCertificates(
  sources: readonly SnapshotSource[],
  connectors: readonly InboundConnector[],
): SnapshotSource[] {
  const byCertificate = connectors.filter((c) => isEnabledInbound(c) && !!c.TlsSenderCertificateName);
  return sources.map((source) => {
    if (source.certificateName) return source;
    for (const helo of source.helos) {
      const connector = byCertificate.find((c) => certificateMatches(c.TlsSenderCertificateName!, helo));
      if (connector) return { ...source, certificateName: helo.toLowerCase(), tls: 'yes' };
    }
    return source;
  });
}
