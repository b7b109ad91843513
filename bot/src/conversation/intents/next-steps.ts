import type { Intent } from './intent-lexicon.js';

/** The natural next step after each answer, offered as buttons (admins get the admin steps). */
export function nextSteps(intent: Intent | 'unknown' | 'admin-only' | 'card-action', isAdmin: boolean): Intent[] {
  switch (intent) {
    case 'help':
      return isAdmin ? ['inventory', 'readiness', 'import'] : ['check', 'reports'];
    case 'check':
      return ['report', 'help'];
    case 'report':
      return ['reports', 'help'];
    case 'reports':
      return isAdmin ? ['inventory', 'help'] : ['check', 'help'];
    case 'inventory':
      return ['readiness', 'import'];
    case 'import':
      return ['inventory', 'readiness'];
    case 'approve':
    case 'migrate':
    case 'malicious':
    case 'retire':
      return ['inventory', 'readiness'];
    case 'readiness':
      return ['inventory', 'import', 'probe'];
    case 'probe':
      return ['readiness', 'inventory'];
    case 'watch':
      return ['inventory', 'readiness'];
    case 'admin-only':
      return ['help', 'check', 'reports'];
    default:
      return isAdmin ? ['help', 'inventory', 'readiness'] : ['help', 'check', 'reports'];
  }
}
