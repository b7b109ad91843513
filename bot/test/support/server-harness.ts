import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServer, type ComposeOptions, type Server } from '../../src/compose';
import { configFromVariables } from '../../src/config/load-config';
import { silentLogger } from '../../src/log/logger';
import { localDownloadPolicy } from './download-policy';
import { repoRoot } from './fixtures';

export interface RunningServer {
  url: string;
  server: Server;
  /** The temporary DATA_DIR (removed on close) unless the variables name another. */
  dataDir: string;
  close(): Promise<void>;
}

/** The real composed server (HTTP, port 0) in a temp data directory, with its SQLite file unless DATABASE_URL is given. */
export async function startServer(
  vars: Record<string, string> = {},
  options: Partial<ComposeOptions> = {},
): Promise<RunningServer> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dsguard-srv-'));
  const config = configFromVariables(
    {
      DSGUARD_HTTP: '1',
      PORT: '0',
      DATA_DIR: tmp,
      SQLITE_PATH: path.join(tmp, 'db.sqlite'),
      ADDIN_DIST: path.join(tmp, 'no-addin'),
      ...vars,
    },
    repoRoot,
  );
  const server = await composeServer(config, {
    rootDir: repoRoot,
    logger: silentLogger,
    outbox: { pollMs: 50, baseBackoffMs: 50, maxBackoffMs: 200 },
    downloadPolicy: localDownloadPolicy(),
    ...options,
  });
  const listener = http.createServer(server.app);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  return {
    url,
    server,
    dataDir: vars.DATA_DIR ? path.resolve(repoRoot, vars.DATA_DIR) : tmp,
    async close() {
      listener.closeAllConnections();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A tiny local HTTP server whose handler the test supplies; records every request. */
export interface LocalServer {
  url: string;
  requests: { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

export async function localServer(
  handler: (
    req: { method: string; path: string; body: string; headers: http.IncomingHttpHeaders },
    res: http.ServerResponse,
  ) => void,
): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
