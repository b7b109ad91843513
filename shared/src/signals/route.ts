import type { Signal } from './types.js';

export const routeSignal: Signal = ({ route, derived, message, fromAccepted }) => {
  switch (route) {
    case 'anonymous-inbound':
      return { id: 'route.anonymous-inbound', severity: fromAccepted ? 'medium' : 'info', weight: 10, evidence: derived.routeEvidence || message.trust.firstTenantHop?.raw };
    case 'internal':
      return { id: 'route.internal', severity: 'info', weight: -30, evidence: derived.routeEvidence };
    case 'connector':
      return { id: 'route.connector', severity: 'info', weight: -25, evidence: derived.routeEvidence };
    default:
      return { id: 'route.unknown', severity: 'info', weight: 0 };
  }
};
