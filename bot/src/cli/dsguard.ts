import { main as classifierMain, type CliCommand, type CliIo } from '@dsguard/classifier/cli';
import {
  demo,
  inventoryApprove,
  inventoryImport,
  inventoryList,
  inventoryMalicious,
  inventoryMigrate,
  inventoryPull,
  inventoryRetire,
  readiness,
  watch,
  type CliIo as AdminIo,
} from '../admin/cli.js';

type AdminCommand = (argv: string[], io: AdminIo) => Promise<number>;

const INVENTORY: Record<string, AdminCommand> = {
  import: inventoryImport,
  list: inventoryList,
  pull: inventoryPull,
  approve: inventoryApprove,
  migrate: inventoryMigrate,
  malicious: inventoryMalicious,
  retire: inventoryRetire,
};

const adminIo = (io: CliIo): AdminIo => ({ stdout: io.stdout, stderr: io.stderr, cwd: io.cwd, env: io.env ?? {} });

function command(usage: string, run: AdminCommand): CliCommand {
  return { usage, run: (argv, io) => run(argv, adminIo(io)) };
}

/** The server's admin verbs, added to the classifier's `dsguard` binary. */
export const ADMIN_COMMANDS: Record<string, CliCommand> = {
  inventory: command(
    `  dsguard inventory import <file> [--db <path>]
      Add a message trace export (EAC summary, extended, NoConnector report) to the Direct Send inventory.
  dsguard inventory pull --from graph|defender|reports [--days N] [--domain d]... [--db <path>]
      Add Graph message trace, Defender hunting results or filed reports (credentials in DSGUARD_*).
  dsguard inventory list [--json] [--db <path>]
  dsguard inventory approve|migrate|malicious|retire <source> [--name n] [--by who] [--db <path>]`,
    async (argv, io) => {
      const [sub, ...rest] = argv;
      const run = sub && Object.hasOwn(INVENTORY, sub) ? INVENTORY[sub] : undefined;
      if (!run) {
        io.stderr.write(`dsguard: inventory needs one of: ${Object.keys(INVENTORY).join(', ')}\n`);
        return 2;
      }
      return run(rest, io);
    },
  ),
  readiness: command(
    `  dsguard readiness [--json|--csv] [--snapshot <file>]
      Can RejectDirectSend be switched on? Live with DSGUARD_* credentials, or from a saved snapshot.`,
    readiness,
  ),
  demo: command(
    `  dsguard demo [--db <path>]
      Load demo data of a fictitious tenant into data/dsguard-demo.sqlite; then run DSGUARD_DEMO=1 npm start.`,
    demo,
  ),
  watch: command(
    `  dsguard watch --once [--json] [--db <path>]
      One poll of the tenant watcher's sources (WATCH_SOURCES, DSGUARD_*): prints the new incidents.`,
    watch,
  ),
};

/** `dsguard ...`: classify (the classifier package) and the admin tools (this package). */
export function main(argv: string[], io: CliIo): Promise<number> {
  return classifierMain(argv, io, ADMIN_COMMANDS);
}
