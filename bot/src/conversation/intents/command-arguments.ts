import type { ExtractedArguments } from './extract-arguments.js';
import type { Intent } from './intent-lexicon.js';

/** The arguments of the typed command a sentence amounts to: "which printers are new?" -> `inventory device new`. */
export function commandArguments(intent: Intent, args: ExtractedArguments): string {
  switch (intent) {
    case 'inventory':
      return [args.count, args.category, args.status].filter((a) => a !== undefined).join(' ');
    case 'import':
      return args.origin ? [args.origin, args.days ?? args.numbers[0]].filter((a) => a !== undefined).join(' ') : '';
    case 'approve':
      return [args.addresses[0], args.addresses[0] ? args.name : undefined].filter(Boolean).join(' ');
    case 'migrate':
    case 'malicious':
    case 'retire':
      return args.addresses[0] ?? '';
    case 'probe':
      return args.mailboxes[0] ?? '';
    case 'reports':
      return args.all ? 'all' : '';
    default:
      return '';
  }
}
