import { editDistance, typoBudget } from './edit-distance.js';
import { extractArguments, type ExtractedArguments } from './extract-arguments.js';
import { INTENT_CUES, INTENTS, type Intent } from './intent-lexicon.js';

export interface IntentMatch {
  /** The intent understood, when one is clearly ahead; absent when unsure. */
  intent?: Intent;
  /** The likeliest intents, best first (at most three): the buttons offered when unsure. */
  candidates: Intent[];
  scores: Partial<Record<Intent, number>>;
  args: ExtractedArguments;
}

/** Below this nothing was really understood; ahead of the runner-up by this share it is no longer a guess. */
const MIN_SCORE = 2;
const LEAD_SHARE = 0.6;
const LEAD_POINTS = 2;

const cues = Object.entries(INTENT_CUES).map(([intent, table]) => ({
  intent: intent as Intent,
  phrases: Object.entries(table).map(([phrase, weight]) => ({ words: phrase.split(' '), weight })),
}));
const vocabulary = new Set(cues.flatMap((c) => c.phrases.flatMap((p) => p.words)));
const fuzzyVocabulary = [...vocabulary].filter((word) => word.length >= 4);
const sorted = (word: string): string => [...word].sort().join('');
/** Four- and five-letter cue words by their letters: too short for a typo budget, but "hlep" is still "help". */
const shortWordSwaps = new Map<string, string[]>();
for (const word of vocabulary)
  if (word.length === 4 || word.length === 5)
    shortWordSwaps.set(sorted(word), [...(shortWordSwaps.get(sorted(word)) ?? []), word]);

/** The word and its likely base forms: "reports" -> report, "decommissioned" -> decommission, "retiring" -> retire. */
function forms(word: string): string[] {
  const out = [word];
  const add = (form: string): void => void (form.length >= 2 && out.push(form));
  if (word.endsWith("'s")) add(word.slice(0, -2));
  if (word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) add(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) add(word.slice(0, -1));
  if (word.endsWith('ied')) add(`${word.slice(0, -3)}y`);
  if (word.endsWith('ed')) {
    add(word.slice(0, -2));
    add(word.slice(0, -1));
  }
  if (word.endsWith('ing')) {
    add(word.slice(0, -3));
    add(`${word.slice(0, -3)}e`);
  }
  if (/(.)\1(?:ed|ing)$/.test(word)) add(word.replace(/(.)\1(?:ed|ing)$/, '$1'));
  return out;
}

/** The cue words a typed word stands for: its base forms when they are cue words, else the closest within its typo budget. */
function canonical(word: string): Set<string> {
  // A cue word as typed is taken as is: "reports" is not "report".
  if (vocabulary.has(word)) return new Set([word]);
  const known = forms(word).filter((form) => vocabulary.has(form));
  if (known.length) return new Set(known);
  // The word as typed first, then its base forms: "reprots" is "reports", not "report".
  let best: string[] = [];
  for (const form of forms(word)) {
    let bestDistance = Infinity;
    for (const candidate of fuzzyVocabulary) {
      const budget = typoBudget(Math.max(candidate.length, form.length));
      if (budget === 0) continue;
      const distance = editDistance(form, candidate, budget);
      if (distance > budget || distance > bestDistance) continue;
      if (distance < bestDistance) best = [];
      bestDistance = distance;
      best.push(candidate);
    }
    if (best.length) break;
  }
  if (best.length === 0 && (word.length === 4 || word.length === 5)) best = shortWordSwaps.get(sorted(word)) ?? [];
  // Two equally close cue words: the typo is ambiguous, so it counts for neither.
  return new Set(new Set(best).size === 1 ? best.slice(0, 1) : []);
}

function tokens(rest: string): Set<string>[] {
  return rest
    .replace(/-/g, ' ')
    .split(/[^a-z0-9']+/)
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter(Boolean)
    .map(canonical);
}

function contains(words: Set<string>[], phrase: string[]): boolean {
  for (let start = 0; start + phrase.length <= words.length; start += 1) {
    if (phrase.every((word, offset) => words[start + offset]!.has(word))) return true;
  }
  return false;
}

function argumentBonus(intent: Intent, args: ExtractedArguments): number {
  switch (intent) {
    case 'approve':
    case 'migrate':
    case 'malicious':
    case 'retire':
      // "show me approved sources" filters the list: with no source named, a status word is not a decision.
      if (!args.addresses.length) return args.status ? -2 : 0;
      return 1;
    case 'probe':
      return args.mailboxes.length ? 1.5 : 0;
    case 'import':
      return (args.origin ? 1.5 : 0) + (args.days !== undefined ? 0.5 : 0);
    case 'check':
      // A check is about an email; a sentence naming an IP address is about a source.
      return args.addresses.length ? -1.5 : 0;
    case 'inventory':
      // "the scanner at 192.0.2.20 is gone" names a source; it does not ask for the list.
      if (args.addresses.length) return -1.5;
      return args.category || args.status ? 1.5 : 0;
    default:
      return 0;
  }
}

/**
 * What an admin or user means, from keywords and phrases (typos forgiven), with the arguments in the sentence.
 * No language model and no network: a scored lexicon, so the same sentence always means the same thing.
 */
export function matchIntent(text: string): IntentMatch {
  const args = extractArguments(text);
  const words = tokens(args.rest);
  const scores: Partial<Record<Intent, number>> = {};
  for (const { intent, phrases } of cues) {
    let score = 0;
    for (const phrase of phrases) if (contains(words, phrase.words)) score += phrase.weight;
    if (score > 0) score += argumentBonus(intent, args);
    if (score > 0) scores[intent] = score;
  }
  const ranked = INTENTS.filter((i) => scores[i] !== undefined).sort((a, b) => scores[b]! - scores[a]!);
  const top = ranked[0];
  const topScore = top ? scores[top]! : 0;
  const second = ranked[1] ? scores[ranked[1]]! : 0;
  const candidates = ranked.filter((i) => scores[i]! >= Math.max(1, topScore * 0.4)).slice(0, 3);
  const clear = topScore >= MIN_SCORE && (second <= topScore * LEAD_SHARE || topScore - second >= LEAD_POINTS);
  return { ...(clear && top ? { intent: top } : {}), candidates, scores, args };
}
