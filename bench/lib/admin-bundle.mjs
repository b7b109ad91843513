// For benchmarks: the admin tools' trace import and SQLite inventory store, bundled from the TypeScript sources with
// esbuild (no bot build needed) into `<dir>/admin.mjs`, which exports importTraceFile and SqliteInventoryStore.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

export async function bundleAdminTools(root, dir) {
  const requireFromBot = createRequire(join(root, 'bot/package.json'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `export { importTraceFile } from ${JSON.stringify(join(root, 'bot/src/admin/inventory/import-into-store.ts'))};\n` +
      `export { SqliteInventoryStore } from ${JSON.stringify(join(root, 'bot/src/admin/inventory/sqlite-inventory-store.ts'))};\n`,
  );
  const outfile = join(dir, 'admin.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The native module stays outside the bundle, imported by absolute path (the bundle lives in a temp dir).
    plugins: [
      {
        name: 'native-external',
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({
            path: requireFromBot.resolve('better-sqlite3'),
            external: true,
          }));
        },
      },
    ],
    logLevel: 'error',
  });
  return outfile;
}
