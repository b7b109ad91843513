/**
 * One name for one verdict: the add-in's banner, its Outlook notification and the bot's card take their headline
 * (and the card its advice) from the classifier's VERDICT_HEADLINE / VERDICT_ADVICE (the CLI: shared/test/cli.test.ts),
 * no surface keeps a copy of its own, and the user-facing strings modules speak US English, as Microsoft 365 does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { classify, VERDICT_ADVICE, VERDICT_HEADLINE, type Verdict, type VerdictCode } from '@dsguard/classifier';
import { strings as addinStrings } from '../../addin/src/strings';
import { viewOf } from '../../addin/src/verdict-view';
import { verdictCard } from '../../bot/src/cards/verdict-card';
import { strings as botStrings } from '../../bot/src/strings';

const root = join(__dirname, '..', '..');
const codes = Object.keys(VERDICT_HEADLINE) as VerdictCode[];
const labels = JSON.parse(readFileSync(join(root, 'samples', 'labels.json'), 'utf8')) as {
  file: string;
  tenant: Parameters<typeof classify>[1];
}[];
const spoof = labels.find((l) => l.file === '01-spoof-self.eml')!;
const base = classify(readFileSync(join(root, 'samples', spoof.file), 'utf8'), spoof.tenant);
const as = (verdict: VerdictCode): Verdict => ({ ...base, verdict });

/** Every TextBlock text of a card, however deeply nested. */
function cardTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(cardTexts);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own = record.type === 'TextBlock' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(cardTexts)];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

test.each(codes)('every surface names the verdict %s with the classifier headline', (code) => {
  const headline = VERDICT_HEADLINE[code];
  expect(viewOf(as(code)).title).toBe(headline);
  expect(botStrings.verdictTitle[code]).toBe(headline);
  const card = cardTexts(verdictCard(as(code)));
  expect(card).toContain(headline);
  expect(card).toContain(VERDICT_ADVICE[code]);
});

test('the Outlook notifications quote the classifier headlines', () => {
  expect(addinStrings.notification.spoof).toContain(VERDICT_HEADLINE.spoof);
  expect(addinStrings.notification.directSend).toContain(VERDICT_HEADLINE['direct-send']);
});

test('no surface writes a verdict headline of its own', () => {
  const home = join(root, 'shared', 'src', 'strings.ts');
  const files = ['shared/src', 'addin/src', 'bot/src'].flatMap((dir) => sourceFiles(join(root, dir)));
  const copies = files
    .filter((file) => file !== home)
    .flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return codes
        .filter((code) => text.includes(VERDICT_HEADLINE[code]))
        .map((code) => `${relative(root, file)}: ${code}`);
    });
  expect(copies).toEqual([]);
});

/** British spellings (and the US form a reader expects); "analysis" and "analyses" are US English too. */
const british =
  /\b\w*(organis|recognis|authoris|prioritis|summaris|normalis|customis|minimis|optimis|behaviour|colour|favour|honour|licence|judgement|catalogue|centre|artefact|cancelled|cancelling|labelled|modelled|travelled)\w*|\banalys(e|ed|ing)\b/gi;

test('the user-facing strings modules speak US English', () => {
  const modules = [
    'shared/src/strings.ts',
    'addin/src/strings.ts',
    'bot/src/strings.ts',
    'bot/src/admin/strings.ts',
    'addin/src/office/notifications.ts',
  ];
  const found = modules.flatMap((module) =>
    (readFileSync(join(root, module), 'utf8').match(british) ?? []).map((word) => `${module}: ${word}`),
  );
  expect(found).toEqual([]);
});

test('the spelling check catches what it is meant to catch', () => {
  const sample = 'Your organisation recognised the behaviour; we analysed it. An analysis; two analyses.';
  expect(sample.match(british)).toEqual(['organisation', 'recognised', 'behaviour', 'analysed']);
});
