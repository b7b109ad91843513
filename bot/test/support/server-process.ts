import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './postgres-cluster';
import { repoRoot } from './fixtures';

/** The server as `npm start` runs it: a `node bot/dist/main.js` process (build it first: `npx tsc -b bot`). */
export interface ServerProcess {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/** Spawns the server with `env` over the test's environment (plain HTTP on a free port, local env); does not wait. */
export async function spawnServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, 'bot', 'dist', 'main.js')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DSGUARD_HTTP: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DSGUARD_ENV: 'local',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { port, url: `http://127.0.0.1:${port}`, child, output: () => output };
}

/** Spawns the server and waits until /healthz answers. */
export async function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const instance = await spawnServerProcess(env);
  const deadline = Date.now() + 30000;
  for (;;) {
    if (instance.child.exitCode !== null) throw new Error(`server exited: ${instance.output()}`);
    try {
      if ((await fetch(`${instance.url}/healthz`)).ok) return instance;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${instance.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const stopServerProcess = (i: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> =>
  new Promise((resolve) => {
    if (i.child.exitCode !== null || i.child.signalCode !== null) return resolve();
    i.child.once('exit', () => resolve());
    i.child.kill(signal);
  });
