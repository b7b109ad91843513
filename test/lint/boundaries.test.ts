/**
 * The import boundaries of docs/architecture.md, as `npm test` enforces them: the repository's own ESLint config
 * (eslint.config.js) lints small pieces of code placed at real paths, in a child process (ESLint's config is ESM).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

interface Problem {
  ruleId: string | null;
  message: string;
}

const cases: [string, string][] = [
  ['shared/src/net/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;"],
  ['shared/src/net/probe.ts', "import { join } from 'path';\nexport const a = join;"],
  ['shared/src/cli/probe.ts', "import { join } from 'node:path';\nexport const a = join;"],
  ['shared/src/probe.ts', "export { strings } from '../../bot/src/strings.js';"],
  ['shared/src/probe.ts', "export { x } from '@dsguard/addin';"],
  ['shared/src/cli/probe.ts', "export const load = () => import('@dsguard/bot/admin-cli');"],
  ['shared/src/cli/probe.ts', "const ADMIN = '@dsguard/bot/admin-cli';\nexport const load = () => import(ADMIN);"],
  ['bot/src/http/routes/probe.ts', "export { BotCore } from '../../conversation/bot-core.js';"],
  ['bot/src/http/probe.ts', "export { strings } from '../strings.js';"],
  ['bot/src/cards/probe.ts', "export { TurnContext } from 'botbuilder';"],
  ['addin/src/probe.ts', "export const load = () => import('botframework-connector');"],
  ['bot/src/adapter/probe.ts', "export { TurnContext } from 'botbuilder';"],
];

const script = `
import { ESLint } from 'eslint';
const eslint = new ESLint({ cwd: process.cwd() });
const cases = JSON.parse(process.argv[1]);
const out = [];
for (const [filePath, code] of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  out.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(out));
`;

let problems: Problem[][];
beforeAll(() => {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], {
    cwd: root,
    encoding: 'utf8',
  });
  problems = JSON.parse(output) as Problem[][];
}, 60_000);

const boundaryOf = (index: number): string[] =>
  problems[index]!.map((p) => `${p.ruleId}: ${/^.*?\[boundary: ([a-z-]+)\]/.exec(p.message)?.[1] ?? p.message}`);

test('shared/src is browser-safe: Node built-ins (node:* and bare names) only under shared/src/cli', () => {
  expect(boundaryOf(0)).toEqual(['no-restricted-imports: shared-browser-safe']);
  expect(boundaryOf(1)).toEqual(['no-restricted-imports: shared-browser-safe']);
  expect(boundaryOf(2)).toEqual([]);
});

test('shared/ imports nothing of ours: relative escapes, package names, dynamic imports, names held in strings', () => {
  expect(boundaryOf(3)).toEqual(['no-restricted-imports: shared-imports-nothing-of-ours']);
  expect(boundaryOf(4)).toEqual(['no-restricted-imports: shared-imports-nothing-of-ours']);
  expect(boundaryOf(5)).toEqual(['no-restricted-syntax: shared-imports-nothing-of-ours']);
  expect(boundaryOf(6)).toEqual(['no-restricted-syntax: shared-imports-nothing-of-ours']);
});

test('bot/src/http does not import bot/src/conversation', () => {
  expect(boundaryOf(7)).toEqual(['no-restricted-imports: http-not-conversation']);
  expect(boundaryOf(8)).toEqual([]);
});

test('Bot Framework packages only in bot/src/adapter, static or dynamic', () => {
  expect(boundaryOf(9)).toEqual(['no-restricted-imports: botbuilder-in-adapter']);
  expect(boundaryOf(10)).toEqual(['no-restricted-syntax: botbuilder-in-adapter']);
  expect(boundaryOf(11)).toEqual([]);
});
