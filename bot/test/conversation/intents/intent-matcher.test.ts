import { commandArguments } from '../../../src/conversation/intents/command-arguments';
import { editDistance } from '../../../src/conversation/intents/edit-distance';
import { extractArguments } from '../../../src/conversation/intents/extract-arguments';
import { INTENTS, type Intent } from '../../../src/conversation/intents/intent-lexicon';
import { matchIntent } from '../../../src/conversation/intents/match-intent';
import { PHRASINGS, UNCLEAR } from './phrasings';

const cases = Object.entries(PHRASINGS).flatMap(([intent, list]) =>
  list.map((entry) =>
    typeof entry === 'string'
      ? { intent: intent as Intent, text: entry }
      : { intent: intent as Intent, text: entry[0], args: entry[1] },
  ),
);

test('the phrasing table covers every intent with several phrasings', () => {
  for (const intent of INTENTS) expect(PHRASINGS[intent].length).toBeGreaterThanOrEqual(6);
});

test.each(cases)('"$text" -> $intent', ({ intent, text, args }) => {
  const match = matchIntent(text);
  expect({ text, intent: match.intent }).toEqual({ text, intent });
  if (args !== undefined) expect(commandArguments(intent, match.args)).toBe(args);
});

test.each(UNCLEAR)('"%s" is not understood with confidence', (text) => {
  expect(matchIntent(text).intent).toBeUndefined();
});

test('close calls answer with the likeliest intents, best first', () => {
  const match = matchIntent('sources plan');
  expect(match.intent).toBeUndefined();
  expect(match.candidates.slice(0, 2).sort()).toEqual(['inventory', 'readiness']);
});

test('edit distance: substitutions, insertions, deletions and transpositions, with a cut-off', () => {
  expect(editDistance('inventroy', 'inventory')).toBe(1);
  expect(editDistance('readyness', 'readiness')).toBe(1);
  expect(editDistance('kitten', 'sitting')).toBe(3);
  expect(editDistance('abc', 'abc')).toBe(0);
  expect(editDistance('approve', 'a', 2)).toBe(3);
});

test('arguments: addresses, ranges, IPv6, mailboxes, days, counts; nothing invented', () => {
  expect(extractArguments('approve 203.0.113.0/24, then 2001:db8::1 and 192.0.2.1-192.0.2.9.').addresses).toEqual([
    '192.0.2.1',
    '203.0.113.0/24',
    '2001:db8::1',
  ]);
  expect(extractArguments('probe Front.Desk@Contoso.com now').mailboxes).toEqual(['front.desk@contoso.com']);
  expect(extractArguments('meet at 10:30 on 1.2').addresses).toEqual([]);
  expect(extractArguments('999.1.1.1 and 10.0.0.0/33').addresses).toEqual([]);
  expect(extractArguments('the last 3 weeks').days).toBe(21);
  expect(extractArguments('last month').days).toBe(30);
  expect(extractArguments('import graph').days).toBeUndefined();
  expect(extractArguments('top 5 printers').count).toBe(5);
  expect(extractArguments('203.0.113.0/24 is our copier, approve it').name).toBe('copier');
  expect(extractArguments('approve it').name).toBeUndefined();
});
