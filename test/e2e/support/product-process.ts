/**
 * The product as `npm start` runs it: `node bot/dist/main.js` (built by jest's global setup), plain HTTP on a free
 * port of 127.0.0.1, local env, in a fresh temporary data directory. `useProductProcesses()` registers the clean-up:
 * every process it started is killed and every data directory removed, even when a test fails half-way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../../bot/test/support/fixtures';
import { freePort } from '../../../bot/test/support/postgres-cluster';

export interface ProductProcess {
  /** http://127.0.0.1:<port> of the current run (a restart takes a new port). */
  readonly url: string;
  readonly port: number;
  /** The temporary data directory (DATA_DIR), kept across restarts. */
  readonly dataDir: string;
  /** The SQLite file the server uses (unless the env names a DATABASE_URL). */
  readonly sqlitePath: string;
  /** The process's own variables (without PORT), e.g. to run the `dsguard` CLI on the same database. */
  readonly env: Record<string, string>;
  /** The current run's child process (undefined before the first start). */
  readonly child: ChildProcess | undefined;
  /** Everything the current run printed so far (stdout and stderr). */
  output(): string;
  /** Starts the process and waits until /healthz answers (throws with its output if it exits or never answers). */
  start(): Promise<void>;
  /** Starts the process without waiting (for a process expected to refuse to start). */
  spawn(): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) once the current run has ended. */
  exited(): Promise<number | null>;
  /** SIGTERM and waits for the exit (a graceful stop). */
  stop(): Promise<void>;
  /** Sends `signal` (default SIGKILL: a crash) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops (SIGTERM) and starts again on the same data and variables. */
  restart(): Promise<void>;
}

export interface ProductProcessOptions {
  /** Variables over the defaults (HTTP, 127.0.0.1, LOG_LEVEL=warn, DSGUARD_ENV=local, DATA_DIR=<temp dir>). */
  env?: Record<string, string>;
}

export interface ProductProcesses {
  /** A process ready to start (its data directory and variables exist; nothing runs yet). */
  create(options?: ProductProcessOptions): ProductProcess;
  /** `create`, then `start`. */
  start(options?: ProductProcessOptions): Promise<ProductProcess>;
}

const isRunning = (child: ChildProcess | undefined): child is ChildProcess =>
  child !== undefined && child.exitCode === null && child.signalCode === null;

function productProcess(options: ProductProcessOptions, onCreate: (p: ProductProcess) => void): ProductProcess {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-product-'));
  const env: Record<string, string> = {
    DSGUARD_HTTP: '1',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DSGUARD_ENV: 'local',
    DATA_DIR: dataDir,
    ...(options.env?.DATABASE_URL ? {} : { SQLITE_PATH: path.join(dataDir, 'db.sqlite') }),
    ...options.env,
  };
  let child: ChildProcess | undefined;
  let exit: Promise<number | null> = Promise.resolve(null);
  let port = 0;
  let output = '';

  const launch = async (): Promise<void> => {
    if (isRunning(child)) throw new Error('the product process is already running');
    port = await freePort();
    output = '';
    const run = spawn(process.execPath, [path.join(repoRoot, 'bot', 'dist', 'main.js')], {
      cwd: repoRoot,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    run.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    run.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    exit = new Promise((resolve) => run.once('exit', (code) => resolve(code)));
    child = run;
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (isRunning(child)) child.kill(signal);
    await exit;
  };

  const instance: ProductProcess = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dataDir,
    sqlitePath: env.SQLITE_PATH ?? '',
    env,
    get child() {
      return child;
    },
    output: () => output,
    spawn: launch,
    async start() {
      await launch();
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (!isRunning(child)) throw new Error(`the product process exited: ${output}`);
        try {
          if ((await fetch(`${instance.url}/healthz`)).ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`the product process did not start: ${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    exited: () => exit,
    stop: () => end('SIGTERM'),
    kill: (signal = 'SIGKILL') => end(signal),
    async restart() {
      await end('SIGTERM');
      await instance.start();
    },
  };
  onCreate(instance);
  return instance;
}

/**
 * Product processes for the calling test file, cleaned up after each test (`per: 'test'`, the default) or after the
 * file's last test (`per: 'file'`, for processes a `beforeAll` starts).
 */
export function useProductProcesses(per: 'test' | 'file' = 'test'): ProductProcesses {
  const created: ProductProcess[] = [];
  const cleanUp = async (): Promise<void> => {
    const all = created.splice(0);
    await Promise.all(all.map((p) => p.kill()));
    for (const p of all) rmSync(p.dataDir, { recursive: true, force: true });
  };
  if (per === 'test') afterEach(cleanUp);
  else afterAll(cleanUp);
  const create = (options: ProductProcessOptions = {}): ProductProcess =>
    productProcess(options, (p) => created.push(p));
  return {
    create,
    async start(options = {}) {
      const p = create(options);
      await p.start();
      return p;
    },
  };
}
