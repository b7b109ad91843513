import { NO_IP_KEY } from '../../admin/inventory/source-key.js';
import { parseListArgs } from '../admin/inventory-commands.js';
import { isPullRequest } from '../admin/pull-command.js';
import { looksLikeHeaders } from '../eml-headers.js';
import { commandArguments } from './command-arguments.js';
import { DECISION_INTENTS, INTENTS, type Intent } from './intent-lexicon.js';
import { matchIntent } from './match-intent.js';

export type Route = { intent: Intent; args: string } | { intent?: undefined; candidates: Intent[] };

const GREETINGS = new Set(['?', 'hi', 'hello', 'hey']);
const ADDRESS_LIKE = /^[0-9a-f.:]+(?:\/\d{1,3})?$/i;

/** Does the rest of a line that starts with a command word read as that command's own arguments? */
function typedArgumentsFit(command: Intent, args: string): boolean {
  if (args === '') return true;
  const first = args.split(/\s+/)[0]!;
  switch (command) {
    case 'check':
    case 'report':
      return looksLikeHeaders(args);
    case 'reports':
      return /^all$/i.test(args);
    case 'inventory':
      return parseListArgs(args).ok;
    case 'import':
      return isPullRequest(args);
    case 'approve':
    case 'migrate':
    case 'malicious':
    case 'retire':
      return first.toLowerCase() === NO_IP_KEY || (ADDRESS_LIKE.test(first) && /\d/.test(first));
    case 'help':
      return false;
    default:
      // readiness, probe and watch read their own arguments (or none).
      return true;
  }
}

const REQUEST =
  /\b(?:(?:can|could|would|will) you|please|pls|go ahead and|let's)\s+(?:please\s+)?(?:approve|allow|trust|whitelist|migrate|move|mark|retire|remove|delete|decommission|block|flag)\b/i;

/** A question ("is X approved?", "did we retire X?") rather than a request ("can you approve X?"). */
function isQuestionAboutState(text: string): boolean {
  return /\?\s*$/.test(text) && !REQUEST.test(text);
}

/**
 * What a chat message asks for. Pasted headers are a check; a typed command with its own arguments is taken as
 * typed (`inventory 20 device new`, `approve 198.51.100.0/24 Scanner`); anything else goes to the intent matcher,
 * whose arguments are turned into the command's.
 */
export function routeMessage(text: string): Route {
  const trimmed = text.trim();
  const first = trimmed.split(/\s+/)[0] ?? '';
  const word = first.toLowerCase();
  const args = trimmed.slice(first.length).trim();
  if (GREETINGS.has(word) && args === '') return { intent: 'help', args: '' };
  const command = (INTENTS as readonly string[]).includes(word) ? (word as Intent) : undefined;
  if (command && typedArgumentsFit(command, args)) return { intent: command, args };
  if (!command && looksLikeHeaders(trimmed)) return { intent: 'check', args: trimmed };
  const match = matchIntent(trimmed);
  if (command && (!match.intent || match.intent === command)) {
    // "check hello there" still answers as a check (what was wrong); "retire the old copier" asks which source.
    return {
      intent: command,
      args: command === 'check' || command === 'report' ? args : commandArguments(command, match.args),
    };
  }
  if (match.intent && DECISION_INTENTS.includes(match.intent) && !match.args.addresses.length && match.args.status) {
    // "what's left to migrate?", "list retired sources": a status with no source named filters the list.
    return { intent: 'inventory', args: commandArguments('inventory', match.args) };
  }
  if (match.intent && DECISION_INTENTS.includes(match.intent) && isQuestionAboutState(trimmed)) {
    // "is 203.0.113.0/24 approved?" asks; it must not approve. Offer the list and the decision instead.
    return { candidates: ['inventory', match.intent] };
  }
  if (match.intent) return { intent: match.intent, args: commandArguments(match.intent, match.args) };
  return { candidates: match.candidates };
}
