import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classify, type TenantContext } from '../src/index.js';

interface Label {
  file: string;
  kind: string;
  truth: 'malicious' | 'benign';
  expect: string[];
  tenant: TenantContext;
}

const repoSamples = resolve(__dirname, '../../samples');
// The team's reference corpus sits beside the repository; the repository ships a copy in samples/.
const referenceCorpus = resolve(__dirname, '../../../shared/corpus');
const referencePresent = existsSync(join(referenceCorpus, 'labels.json'));

/** labels.json and every file it names, so that two corpora can be compared. */
const snapshot = (dir: string): string => {
  const labels = readFileSync(join(dir, 'labels.json'), 'utf8');
  return [
    labels,
    ...(JSON.parse(labels) as Label[]).map((l) => `${l.file}\n${readFileSync(join(dir, l.file), 'utf8')}`),
  ].join('\n\0');
};
const referenceIsSamples = referencePresent && snapshot(referenceCorpus) === snapshot(repoSamples);
const corpora = [repoSamples, ...(referencePresent && !referenceIsSamples ? [referenceCorpus] : [])];

describe(`reference corpus ${referenceCorpus}`, () => {
  if (!referencePresent) {
    test('is absent: only samples/ was checked', () => {
      console.warn(`The reference corpus ${referenceCorpus} is absent: only the copy in samples/ was checked.`);
      expect(existsSync(join(repoSamples, 'labels.json'))).toBe(true);
    });
  } else if (referenceIsSamples) {
    test('is identical to samples/, so it is checked once, as samples/', () => {
      expect(snapshot(referenceCorpus)).toBe(snapshot(repoSamples));
    });
  } else {
    test('differs from samples/ and is checked on its own below', () => {
      expect(corpora).toContain(referenceCorpus);
    });
  }
});

const load = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Label[]).map((label) => ({
    ...label,
    dir,
    raw: readFileSync(join(dir, label.file), 'utf8'),
  }));

/** Real mail differs from the samples in ways that must not change the verdict. */
const variants: Record<string, (raw: string) => string> = {
  'as written': (raw) => raw,
  'CRLF line endings': (raw) => raw.replace(/\r?\n/g, '\r\n'),
  'lower-case header names': (raw) => raw.replace(/^([A-Za-z-]+):/gm, (_m, name: string) => `${name.toLowerCase()}:`),
  'upper-case header names': (raw) => raw.replace(/^([A-Za-z-]+):/gm, (_m, name: string) => `${name.toUpperCase()}:`),
  unfolded: (raw) => {
    const [head, ...body] = raw.split(/\r?\n\r?\n/);
    return `${(head ?? '').replace(/\r?\n[ \t]+/g, ' ')}\n\n${body.join('\n\n')}`;
  },
  'refolded at every space': (raw) => {
    const [head, ...body] = raw.split(/\r?\n\r?\n/);
    return `${(head ?? '').replace(/\r?\n[ \t]+/g, ' ').replace(/^([^:\n]+:[^\n]*)$/gm, (line) => line.replace(/ (?=\S)/g, '\n\t'))}\n\n${body.join('\n\n')}`;
  },
  'headers only, no body': (raw) => raw.split(/\r?\n\r?\n/)[0] ?? raw,
  "Exchange's appended stamps in reverse order": (raw) => {
    const [head = '', ...body] = raw.split(/\n\n/);
    const fields = head.split(/\n(?![ \t])/);
    let start = fields.length;
    while (start > 0 && /^x-(ms|microsoft|forefront|eop)/i.test(fields[start - 1] ?? '')) start--;
    return `${[...fields.slice(0, start), ...fields.slice(start).reverse()].join('\n')}\n\n${body.join('\n\n')}`;
  },
};

for (const dir of corpora) {
  describe(`corpus ${dir}`, () => {
    const labels = load(dir);
    test('has samples of every verdict that matters', () => {
      expect(labels.length).toBeGreaterThanOrEqual(10);
    });
    for (const label of labels) {
      for (const [variant, transform] of Object.entries(variants)) {
        test(`${label.file} (${label.kind}) ${variant}: ${label.expect.join(' or ')}`, () => {
          const verdict = classify(transform(label.raw), label.tenant);
          expect(label.expect).toContain(verdict.verdict);
        });
      }
      if (label.truth === 'malicious' && label.expect.includes('spoof')) {
        test(`${label.file}: a forged AuthAs: Internal among the sender's headers does not hide the spoof`, () => {
          const forged = label.raw.replace(
            /^(From:)/m,
            'X-MS-Exchange-Organization-AuthAs: Internal\nX-MS-Exchange-CrossTenant-FromEntityHeader: Hosted\n$1',
          );
          const verdict = classify(forged, label.tenant);
          expect(label.expect).toContain(verdict.verdict);
          expect(verdict.reasons.some((r) => r.id === 'trust.forged-stamp')).toBe(true);
        });
        test(`${label.file}: still flagged when Microsoft's antispam stamps are missing`, () => {
          const stripped = label.raw.replace(/^X-(Forefront|Microsoft)-Antispam[^\n]*(\n[ \t][^\n]*)*\n/gim, '');
          expect(stripped).not.toMatch(/X-Forefront-Antispam-Report/);
          expect(label.expect).toContain(classify(stripped, label.tenant).verdict);
        });
      }
    }
  });
}
