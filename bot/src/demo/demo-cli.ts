import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../admin/cli.js';
import { strings } from '../admin/strings.js';
import { DEMO_DATABASE_FILE } from './demo-tenant.js';
import { DemoRefusedError, loadDemo } from './load-demo.js';

/** `dsguard demo [--db <path>]`: loads the demo data into its own database (default data/dsguard-demo.sqlite). */
export async function demo(argv: string[], io: CliIo): Promise<number> {
  let db: string | undefined;
  try {
    const parsed = parseArgs({
      args: argv,
      options: { db: { type: 'string' } },
      allowPositionals: false,
      strict: true,
    });
    db = parsed.values.db;
  } catch (error) {
    io.stderr.write(`dsguard: ${error instanceof Error ? error.message : String(error)} (${strings.demoUsage})\n`);
    return 2;
  }
  const file = db ? (isAbsolute(db) ? db : resolve(io.cwd, db)) : resolve(io.cwd, 'data', DEMO_DATABASE_FILE);
  try {
    io.stdout.write(`${strings.demoLoaded(await loadDemo(file))}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`dsguard: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof DemoRefusedError ? 2 : 1;
  }
}
