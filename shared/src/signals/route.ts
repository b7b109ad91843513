import { weightOf } from '../policy/weights.js';
import type { Signal } from './types.js';

export const routeSignal: Signal = ({ route, derived, message, fromAccepted }) => {
  switch (route) {
    case 'anonymous-inbound':
      return {
        id: 'route.anonymous-inbound',
        severity: fromAccepted ? 'medium' : 'info',
        weight: weightOf('route.anonymous-inbound'),
        evidence: derived.routeEvidence || message.trust.firstTenantHop?.raw,
      };
    case 'internal':
      return {
        id: 'route.internal',
        severity: 'info',
        weight: weightOf('route.internal'),
        evidence: derived.routeEvidence,
      };
    case 'connector':
      return {
        id: 'route.connector',
        severity: 'info',
        weight: weightOf('route.connector'),
        evidence: derived.routeEvidence,
      };
    default:
      return { id: 'route.unknown', severity: 'info', weight: weightOf('route.unknown') };
  }
};
