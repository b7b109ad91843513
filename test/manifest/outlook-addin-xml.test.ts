import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ciIds, fixturesDir, repoRoot, runBuild, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

// Structural checks of the XML add-in manifest, written independently of the build's own checks
// (office-addin-manifest validates XML manifests only through an online service).

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Elements that may repeat are always arrays, so lookups do not depend on the count.
  isArray: (name) =>
    [
      'ExtensionPoint',
      'bt:Image',
      'bt:Url',
      'bt:String',
      'Control',
      'Group',
      'Option',
      'Runtime',
      'Set',
      'bt:Set',
      'Rule',
      'AppDomain',
    ].includes(name),
});
const orderedParser = new XMLParser({ ignoreAttributes: false, preserveOrder: true });

const child = (node: unknown, name: string): Node => {
  const value = (node as Node)[name];
  if (value === undefined) throw new Error(`missing <${name}>`);
  return (Array.isArray(value) ? value[0] : value) as Node;
};
const children = (node: unknown, name: string): Node[] => ((node as Node)[name] as Node[] | undefined) ?? [];
const attr = (node: Node, name: string): string => String(node[`@${name}`]);
const text = (node: unknown): string =>
  typeof node === 'object' && node ? String((node as Node)['#text']) : String(node);

let xml: string;
let app: Node;
let v10: Node;
let v11: Node;

function resources(overrides: Node): Map<string, string> {
  const res = child(overrides, 'Resources');
  const map = new Map<string, string>();
  for (const [group, item] of [
    ['bt:Images', 'bt:Image'],
    ['bt:Urls', 'bt:Url'],
    ['bt:ShortStrings', 'bt:String'],
    ['bt:LongStrings', 'bt:String'],
  ] as const) {
    for (const entry of children(child(res, group), item)) map.set(attr(entry, 'id'), attr(entry, 'DefaultValue'));
  }
  return map;
}

function extensionPoint(overrides: Node, type: string): Node | undefined {
  const formFactor = child(child(child(overrides, 'Hosts'), 'Host'), 'DesktopFormFactor');
  return children(formFactor, 'ExtensionPoint').find((point) => attr(point, 'xsi:type') === type);
}

/** Every resid used anywhere under `node`. */
function resids(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => resids(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '@resid') found.push(String(value));
      else if (key !== 'VersionOverrides') resids(value, found);
    }
  }
  return found;
}

beforeAll(() => {
  const run = runBuild(['--env', 'ci', '--env-dir', fixturesDir]);
  if (run.status !== 0) throw new Error(`build failed: ${run.stderr}`);
  xml = readFileSync(join(run.outDir, 'outlook-addin.ci.xml'), 'utf8');
  app = child(parser.parse(xml), 'OfficeApp');
  v10 = child(app, 'VersionOverrides');
  v11 = child(v10, 'VersionOverrides');
});

test('is well-formed XML with every placeholder filled', () => {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(/\$\{\{/);
});

test('is a MailApp with the base elements in schema order', () => {
  expect(attr(app, 'xsi:type')).toBe('MailApp');
  expect(attr(app, 'xmlns')).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
  const root = (orderedParser.parse(xml) as Node[]).find((n) => 'OfficeApp' in n)!;
  const order = (root.OfficeApp as Node[]).map((n) => Object.keys(n)[0]).filter((k) => k !== '#comment');
  expect(order).toEqual([
    'Id',
    'Version',
    'ProviderName',
    'DefaultLocale',
    'DisplayName',
    'Description',
    'IconUrl',
    'HighResolutionIconUrl',
    'SupportUrl',
    'AppDomains',
    'Hosts',
    'Requirements',
    'FormSettings',
    'Permissions',
    'Rule',
    'DisableEntityHighlighting',
    'VersionOverrides',
  ]);
});

test('carries ADDIN_ID, a four-part version and the suffixed display name', () => {
  expect(text(app.Id)).toBe(ciIds.addinId);
  const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version as string;
  expect(text(app.Version)).toBe(`${version}.0`);
  expect(attr(child(app, 'DisplayName'), 'DefaultValue')).toBe('Direct Send Guard (local)');
});

test('asks only for ReadItem and activates on messages in read mode', () => {
  expect(text(app.Permissions)).toBe('ReadItem');
  expect(text(child(child(app, 'Hosts'), 'Host')['@Name'])).toBe('Mailbox');
  const rule = child(app, 'Rule');
  expect(attr(rule, 'xsi:type')).toBe('RuleCollection');
  const inner = children(rule, 'Rule');
  expect(inner.map((r) => [attr(r, 'xsi:type'), attr(r, 'ItemType'), attr(r, 'FormType')])).toEqual([
    ['ItemIs', 'Message', 'Read'],
  ]);
  expect(
    attr(child(child(child(app, 'FormSettings'), 'Form'), 'DesktopSettings').SourceLocation as Node, 'DefaultValue'),
  ).toBe(`${ciIds.publicUrl}/addin/taskpane.html`);
});

test('requires Mailbox 1.8 in the base manifest and VersionOverrides 1.0, and 1.14 in the nested 1.1', () => {
  const base = children(child(child(app, 'Requirements'), 'Sets'), 'Set');
  expect(base.map((s) => [attr(s, 'Name'), attr(s, 'MinVersion')])).toEqual([['Mailbox', '1.8']]);
  for (const [overrides, version] of [
    [v10, '1.8'],
    [v11, '1.14'],
  ] as const) {
    const sets = child(child(overrides, 'Requirements'), 'bt:Sets');
    expect(attr(sets, 'DefaultMinVersion')).toBe(version);
    expect(children(sets, 'bt:Set').map((s) => attr(s, 'Name'))).toEqual(['Mailbox']);
  }
});

test('VersionOverrides 1.0 wraps VersionOverrides 1.1', () => {
  expect(attr(v10, 'xsi:type')).toBe('VersionOverridesV1_0');
  expect(attr(v10, 'xmlns')).toBe('http://schemas.microsoft.com/office/mailappversionoverrides');
  expect(attr(v11, 'xsi:type')).toBe('VersionOverridesV1_1');
  expect(attr(v11, 'xmlns')).toBe('http://schemas.microsoft.com/office/mailappversionoverrides/1.1');
});

test('the message-read button opens the task pane, pinnable in 1.1', () => {
  for (const overrides of [v10, v11]) {
    const point = extensionPoint(overrides, 'MessageReadCommandSurface');
    const control = child(child(child(point, 'OfficeTab'), 'Group'), 'Control');
    const action = child(control, 'Action');
    expect(attr(action, 'xsi:type')).toBe('ShowTaskpane');
    expect(resources(overrides).get(attr(child(action, 'SourceLocation'), 'resid'))).toBe(
      `${ciIds.publicUrl}/addin/taskpane.html`,
    );
    // SupportsPinning exists only in the 1.1 schema.
    expect(action.SupportsPinning === undefined ? undefined : String(action.SupportsPinning)).toBe(
      overrides === v11 ? 'true' : undefined,
    );
  }
});

test('ReportPhishingCommandSurface runs the report handler with a pre-processing dialog', () => {
  expect(extensionPoint(v10, 'ReportPhishingCommandSurface')).toBeUndefined();
  const custom = child(extensionPoint(v11, 'ReportPhishingCommandSurface'), 'ReportPhishingCustomization');
  const res = resources(v11);
  const control = child(custom, 'Control');
  expect(attr(control, 'xsi:type')).toBe('Button');
  const action = child(control, 'Action');
  expect(attr(action, 'xsi:type')).toBe('ExecuteFunction');
  const functionName = text(action.FunctionName);

  const dialog = child(custom, 'PreProcessingDialog');
  expect(res.get(attr(child(dialog, 'Title'), 'resid'))).toBeTruthy();
  expect(res.get(attr(child(dialog, 'Description'), 'resid'))).toBeTruthy();
  const options = children(child(dialog, 'ReportingOptions'), 'Option');
  expect(options.length).toBeGreaterThanOrEqual(1);
  expect(options.length).toBeLessThanOrEqual(5);

  // The SourceLocation must name the runtime; classic Windows loads the JavaScript override.
  const runtime = child(child(child(child(v11, 'Hosts'), 'Host'), 'Runtimes'), 'Runtime');
  const source = attr(child(custom, 'SourceLocation'), 'resid');
  expect(attr(runtime, 'resid')).toBe(source);
  expect(res.get(source)).toBe(`${ciIds.publicUrl}/addin/report.html`);
  const override = child(runtime, 'Override');
  expect(attr(override, 'type')).toBe('javascript');
  expect(res.get(attr(override, 'resid'))).toBe(`${ciIds.publicUrl}/addin/report.js`);

  // The same handler name as the unified manifest's spam-reporting action.
  const unified = JSON.parse(readFileSync(join(repoRoot, 'manifest/manifest.json'), 'utf8'));
  const unifiedActions = unified.extensions[0].runtimes.flatMap(
    (r: { actions?: { id: string; type: string }[] }) => r.actions ?? [],
  );
  expect(unifiedActions).toContainEqual({ id: functionName, type: 'executeFunction' });
});

test('every resid resolves within its own VersionOverrides and respects the length limits', () => {
  for (const overrides of [v10, v11]) {
    const res = resources(overrides);
    for (const resid of resids(child(overrides, 'Hosts')))
      expect(res.has(resid) ? resid : `undefined resid ${resid}`).toBe(resid);
    for (const id of res.keys()) expect(id.length).toBeLessThanOrEqual(32);
    const strings = child(overrides, 'Resources');
    for (const s of children(child(strings, 'bt:ShortStrings'), 'bt:String'))
      expect(attr(s, 'DefaultValue').length).toBeLessThanOrEqual(125);
    for (const s of children(child(strings, 'bt:LongStrings'), 'bt:String'))
      expect(attr(s, 'DefaultValue').length).toBeLessThanOrEqual(250);
  }
});

test('every URL is https on PUBLIC_URL, including the app domain and icons', () => {
  const urls = [...xml.matchAll(/(?:DefaultValue="|<AppDomain>)([a-z]+:[^"<]*)/gi)].map((m) => m[1]!);
  expect(urls.length).toBeGreaterThan(10);
  for (const url of urls) expect(url === ciIds.publicUrl || url.startsWith(`${ciIds.publicUrl}/`)).toBe(true);
  expect(children(child(app, 'AppDomains'), 'AppDomain').map(text)).toEqual([ciIds.publicUrl]);
  expect(attr(child(app, 'IconUrl'), 'DefaultValue')).toBe(`${ciIds.publicUrl}/addin/assets/icon-64.png`);
  expect(attr(child(app, 'HighResolutionIconUrl'), 'DefaultValue')).toBe(
    `${ciIds.publicUrl}/addin/assets/icon-128.png`,
  );
});

test('escapes env values that are special in XML', () => {
  const run = runBuild(['--env', 'hosted', '--env-dir', fixturesDir]);
  expect(run.status).toBe(0);
  const hosted = readFileSync(join(run.outDir, 'outlook-addin.hosted.xml'), 'utf8');
  expect(XMLValidator.validate(hosted)).toBe(true);
  const parsed = child(new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(hosted), 'OfficeApp');
  expect(text(parsed.ProviderName)).toBe('Contoso "Security" & IT');
  expect(hosted).toContain('<ProviderName>Contoso &quot;Security&quot; &amp; IT</ProviderName>');
  expect(text(parsed.Version)).toBe('2.4.1.0');
});
