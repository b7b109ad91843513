#!/usr/bin/env node
/**
 * Builds the add-in into addin/dist/:
 *   taskpane.html + taskpane.js   read-mode task pane (Office.js from Microsoft's CDN), ES modules + its own chunks
 *   demo.html + demo.js           demo page, no Office.js, the samples bundled in
 *   report.html + report.js       spam-reporting runtime page and its single-file classic script (IIFE)
 *   tab.html + tab.js             Teams personal tab ("My reports"; Teams SSO inside Teams, no token in local mode)
 *   dashboard.html + dashboard.js admin dashboard tab (charts and the sources' decisions; same auth as the tab)
 *   assets/icon-*.png             copied from manifest/icons/ when present
 *   build-info.json               input hash (staleness check) and each page's files (size benchmark)
 * Usage: node addin/build.mjs [--if-stale] [--dev]
 * Environment: ADDIN_AUTH_CLIENT_ID, ADDIN_AUTH_SCOPES (comma/space separated), ADDIN_AUTH_AUTHORITY bake an
 * Entra configuration into the pages; without them the add-in runs in local mode (no token).
 * ADDIN_API_BASE (or PUBLIC_URL) gives the spam-report handler the server's origin: classic Outlook runs it
 * with no page, so relative URLs cannot be resolved there.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
export const distDir = join(here, 'dist');
const samplesDir = join(root, 'samples');
const iconsDir = join(root, 'manifest', 'icons');
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const BUILD_INFO = 'build-info.json';

function listFiles(dir, filter = () => true) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...listFiles(path, filter));
    } else if (filter(path)) out.push(path);
  }
  return out.sort();
}

function authConfig() {
  const clientId = process.env.ADDIN_AUTH_CLIENT_ID?.trim();
  if (!clientId) return null;
  const scopes = (process.env.ADDIN_AUTH_SCOPES ?? `api://${clientId}/access_as_user`).split(/[\s,]+/).filter(Boolean);
  const authority = process.env.ADDIN_AUTH_AUTHORITY?.trim();
  return { clientId, scopes, ...(authority ? { authority } : {}) };
}

/** The server's origin for the spam-report handler, which may run with no page to resolve URLs against. */
function apiBase() {
  const value = (process.env.ADDIN_API_BASE ?? process.env.PUBLIC_URL ?? '').trim();
  return /^https?:\/\//.test(value) && !value.includes('${{') ? value.replace(/\/+$/, '') : '';
}

/** Everything the output depends on; a change in any of these makes dist/ stale. */
function inputFiles() {
  return [
    join(here, 'build.mjs'),
    join(here, 'package.json'),
    ...listFiles(join(here, 'src')),
    ...listFiles(join(root, 'shared', 'src')),
    ...listFiles(samplesDir, (p) => p.endsWith('.eml') || p.endsWith('labels.json')),
    ...listFiles(iconsDir, (p) => /icon-\d+\.png$/.test(p)),
  ];
}

export function inputHash() {
  const hash = createHash('sha256');
  for (const file of inputFiles()) {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  hash.update(JSON.stringify({ auth: authConfig(), apiBase: apiBase() }));
  return hash.digest('hex');
}

export function isStale() {
  const infoPath = join(distDir, BUILD_INFO);
  if (!existsSync(infoPath)) return true;
  try {
    const info = JSON.parse(readFileSync(infoPath, 'utf8'));
    return info.inputHash !== inputHash() || !info.files?.every((f) => existsSync(join(distDir, f)));
  } catch {
    return true;
  }
}

/** The bundled samples, as a virtual module `dsguard:samples`. */
function samplesPlugin() {
  return {
    name: 'dsguard-samples',
    setup(build) {
      build.onResolve({ filter: /^dsguard:samples$/ }, () => ({ path: 'samples', namespace: 'dsguard-samples' }));
      build.onLoad({ filter: /.*/, namespace: 'dsguard-samples' }, () => {
        const labelsPath = join(samplesDir, 'labels.json');
        const labels = existsSync(labelsPath) ? JSON.parse(readFileSync(labelsPath, 'utf8')) : [];
        const byFile = new Map(labels.map((l) => [l.file, l]));
        const files = existsSync(samplesDir)
          ? readdirSync(samplesDir)
              .filter((f) => f.endsWith('.eml'))
              .sort()
          : [];
        const samples = files.map((file) => {
          const label = byFile.get(file) ?? {};
          return {
            file,
            kind: label.kind ?? file.replace(/\.eml$/, ''),
            ...(label.truth ? { truth: label.truth } : {}),
            expect: label.expect ?? [],
            ...(label.tenant ? { tenant: label.tenant } : {}),
            text: readFileSync(join(samplesDir, file), 'utf8'),
          };
        });
        return {
          contents: `export const samples = ${JSON.stringify(samples)};`,
          loader: 'js',
          watchFiles: [labelsPath, ...files.map((f) => join(samplesDir, f))],
        };
      });
    },
  };
}

const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function page({ title, head = '', scripts, bodyClass = '' }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${head}<style>
html, body { margin: 0; padding: 0; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
</style>
${scripts}
</head>
<body${bodyClass ? ` class="${bodyClass}"` : ''}>
<div id="root"></div>
<noscript>Direct Send Guard needs JavaScript.</noscript>
</body>
</html>
`;
}

function authMeta(auth) {
  if (!auth) return '';
  return (
    `<meta name="dsguard-auth-client-id" content="${escapeAttr(auth.clientId)}">\n` +
    `<meta name="dsguard-auth-scopes" content="${escapeAttr(auth.scopes.join(' '))}">\n` +
    (auth.authority ? `<meta name="dsguard-auth-authority" content="${escapeAttr(auth.authority)}">\n` : '')
  );
}

/** Files a page can load: its entry and every chunk it imports, statically only or also dynamically. */
function closure(metafile, entry, outdirRel, kinds = ['import-statement', 'dynamic-import']) {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imp of metafile.outputs[path]?.imports ?? []) {
      if (kinds.includes(imp.kind) && !imp.external) visit(imp.path);
    }
  };
  visit(entry);
  return [...seen].map((p) => relative(outdirRel, p).split('\\').join('/'));
}

/** Files a page loads before it can run: its entry and every chunk it imports statically. */
const staticClosure = (metafile, entry, outdirRel) => closure(metafile, entry, outdirRel, ['import-statement']);

export async function build({ dev = false, log = console.log } = {}) {
  const started = Date.now();
  const hash = inputHash();
  const auth = authConfig();
  const tmp = `${distDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const common = {
    bundle: true,
    minify: !dev,
    sourcemap: dev ? 'inline' : 'linked',
    target: ['es2020', 'chrome100', 'edge100', 'safari15', 'firefox100'],
    alias: { '@dsguard/classifier': join(root, 'shared', 'src', 'index.ts') },
    define: {
      'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production'),
      __DSGUARD_AUTH__: JSON.stringify(auth),
      __DSGUARD_API_BASE__: JSON.stringify(apiBase()),
    },
    legalComments: 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
    tsconfig: join(here, 'tsconfig.src.json'),
    jsx: 'automatic',
  };
  try {
    // The task pane is built on its own: esbuild's code splitting shares a module between the entries that reach
    // it, and through the Fluent UI barrel the pane reached (and downloaded) the tab's and dashboard's components.
    const [pane, pages] = await Promise.all([
      esbuild.build({
        ...common,
        entryPoints: { taskpane: join(here, 'src/taskpane/main.tsx') },
        outdir: tmp,
        format: 'esm',
        splitting: true,
        chunkNames: 'chunks/pane-[name]-[hash]',
        metafile: true,
        // V8's explicit compile hint: nearly every function of the pane's files runs as the pane opens, so compile
        // them while the file streams in (a background thread) rather than one by one on the main thread.
        banner: { js: '//# allFunctionsCalledOnLoad' },
      }),
      esbuild.build({
        ...common,
        entryPoints: {
          demo: join(here, 'src/demo/main.tsx'),
          tab: join(here, 'src/tab/main.tsx'),
          dashboard: join(here, 'src/dashboard/main.tsx'),
        },
        outdir: tmp,
        format: 'esm',
        splitting: true,
        chunkNames: 'chunks/[name]-[hash]',
        metafile: true,
        plugins: [samplesPlugin()],
      }),
      esbuild.build({
        ...common,
        entryPoints: { report: join(here, 'src/report/main.ts') },
        outdir: tmp,
        format: 'iife',
        splitting: false,
      }),
    ]);

    const outRel = relative(root, tmp);
    const taskpaneEntry = `${outRel}/taskpane.js`.split('\\').join('/');
    const taskpaneFiles = staticClosure(pane.metafile, taskpaneEntry, outRel);
    const taskpaneLazyFiles = closure(pane.metafile, taskpaneEntry, outRel).filter((f) => !taskpaneFiles.includes(f));
    // MSAL, imported on demand by the pane's own code, is reported apart: it loads only with Entra configured.
    const msalEntries = taskpaneFiles
      .flatMap((f) => pane.metafile.outputs[`${outRel}/${f}`.split('\\').join('/')]?.imports ?? [])
      .filter((imp) => imp.kind === 'dynamic-import')
      .map((imp) => imp.path)
      .filter((o) => pane.metafile.outputs[o]?.entryPoint?.includes('node_modules/@azure/msal-browser/'));
    const taskpaneMsalFiles = [...new Set(msalEntries.flatMap((o) => closure(pane.metafile, o, outRel)))].filter(
      (f) => !taskpaneFiles.includes(f),
    );
    const demoFiles = staticClosure(pages.metafile, `${outRel}/demo.js`.split('\\').join('/'), outRel);
    const tabFiles = staticClosure(pages.metafile, `${outRel}/tab.js`.split('\\').join('/'), outRel);
    // The dashboard imports its view dynamically so that its data calls start first: preload that view too.
    const dashboardView = Object.keys(pages.metafile.outputs).find((o) =>
      pages.metafile.outputs[o].entryPoint?.endsWith('src/dashboard/dashboard-view.tsx'),
    );
    const dashboardFiles = [
      ...new Set([
        ...staticClosure(pages.metafile, `${outRel}/dashboard.js`.split('\\').join('/'), outRel),
        ...(dashboardView ? staticClosure(pages.metafile, dashboardView, outRel) : []),
      ]),
    ];

    const officeScript = `<script src="${OFFICE_JS}"></script>\n`;
    // Fetch the shared chunks in parallel with the entry instead of after parsing it.
    const preload = (files) =>
      files
        .slice(1)
        .map((f) => `<link rel="modulepreload" href="./${f}">\n`)
        .join('');
    writeFileSync(
      join(tmp, 'taskpane.html'),
      page({
        title: 'Direct Send Guard',
        head: authMeta(auth),
        scripts: `${preload(taskpaneFiles)}${officeScript}<script type="module" src="./taskpane.js"></script>`,
      }),
    );
    writeFileSync(
      join(tmp, 'demo.html'),
      page({
        title: 'Direct Send Guard demo',
        scripts: `${preload(demoFiles)}<script type="module" src="./demo.js"></script>`,
      }),
    );
    writeFileSync(
      join(tmp, 'tab.html'),
      page({
        title: 'Direct Send Guard reports',
        scripts: `${preload(tabFiles)}<script type="module" src="./tab.js"></script>`,
      }),
    );
    writeFileSync(
      join(tmp, 'dashboard.html'),
      page({
        title: 'Direct Send Guard dashboard',
        scripts: `${preload(dashboardFiles)}<script type="module" src="./dashboard.js"></script>`,
      }),
    );
    writeFileSync(
      join(tmp, 'report.html'),
      page({
        title: 'Direct Send Guard report handler',
        scripts: `${officeScript}<script src="./report.js"></script>`,
      }),
    );

    const assets = [];
    if (existsSync(iconsDir)) {
      mkdirSync(join(tmp, 'assets'), { recursive: true });
      for (const name of readdirSync(iconsDir).filter((f) => /^icon-\d+\.png$/.test(f))) {
        copyFileSync(join(iconsDir, name), join(tmp, 'assets', name));
        assets.push(`assets/${name}`);
      }
    }

    const files = [
      'taskpane.html',
      'demo.html',
      'tab.html',
      'dashboard.html',
      'report.html',
      'report.js',
      ...new Set([...taskpaneFiles, ...taskpaneLazyFiles, ...demoFiles, ...tabFiles, ...dashboardFiles]),
      ...assets,
    ];
    writeFileSync(
      join(tmp, BUILD_INFO),
      JSON.stringify(
        {
          inputHash: hash,
          builtAt: new Date().toISOString(),
          dev,
          auth: !!auth,
          files,
          taskpaneFiles,
          taskpaneLazyFiles,
          taskpaneMsalFiles,
          demoFiles,
          tabFiles,
          dashboardFiles,
        },
        null,
        2,
      ),
    );
    // Swap in the finished output in one step, so a failed build never leaves a half-written dist/.
    rmSync(distDir, { recursive: true, force: true });
    renameSync(tmp, distDir);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  const size = (f) => statSync(join(distDir, f)).size;
  log(
    JSON.stringify({
      event: 'addin.build',
      ms: Date.now() - started,
      taskpaneBytes: JSON.parse(readFileSync(join(distDir, BUILD_INFO), 'utf8')).taskpaneFiles.reduce(
        (n, f) => n + size(f),
        0,
      ),
      reportBytes: size('report.js'),
    }),
  );
}

/** Builds only when an input changed since the last build. One caller at a time: jest's globalSetup builds once. */
export async function ensureBuilt(options) {
  if (isStale()) await build(options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = new Set(process.argv.slice(2));
  const run = args.has('--if-stale') ? ensureBuilt : build;
  run({ dev: args.has('--dev') }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
