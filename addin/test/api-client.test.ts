import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiClient } from '../src/api-client';

let server: Server;
let base: string;
const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
let respond: (
  req: IncomingMessage,
  body: string,
) => { status: number; headers?: Record<string, string>; body?: string; hang?: boolean };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
      const answer = respond(req, body);
      if (answer.hang) return;
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => void (seen.length = 0));

describe('api client (against a local HTTP server)', () => {
  test('POST /api/reports sends JSON with the bearer token and reads the acknowledgement', async () => {
    respond = () => ({ status: 201, body: JSON.stringify({ id: 'R1', status: 'new', duplicate: false }) });
    const api = createApiClient({ baseUrl: base, getToken: async () => 'tok-123' });
    const result = await api.postReport({
      clientReportId: '7d4e3a52-2c1b-4b6e-9a43-2f3a6a1c9e10',
      headers: 'From: a@b.c',
      verdict: { verdict: 'unknown', score: 0, reasons: [], facts: {} },
      source: 'addin',
    });
    expect(result).toEqual({ ok: true, status: 201, body: { id: 'R1', status: 'new', duplicate: false } });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/reports', auth: 'Bearer tok-123' });
    expect(JSON.parse(seen[0]!.body)).toMatchObject({
      clientReportId: '7d4e3a52-2c1b-4b6e-9a43-2f3a6a1c9e10',
      source: 'addin',
    });
  });

  test('local mode sends no Authorization header', async () => {
    respond = () => ({
      status: 200,
      body: JSON.stringify({ acceptedDomains: ['contoso.com'], notifyDirectSend: false }),
    });
    const api = createApiClient({ baseUrl: base, getToken: async () => null });
    expect(await api.getTenantContext()).toMatchObject({ ok: true, body: { acceptedDomains: ['contoso.com'] } });
    expect(seen[0]!.auth).toBeUndefined();
  });

  test('server errors keep their code, message and Retry-After', async () => {
    respond = () => ({
      status: 503,
      headers: { 'Retry-After': '7' },
      body: JSON.stringify({ error: { code: 'storage-unavailable', message: 'database is down' } }),
    });
    const api = createApiClient({ baseUrl: base });
    expect(await api.getTenantContext()).toEqual({
      ok: false,
      status: 503,
      code: 'storage-unavailable',
      message: 'database is down',
      retryAfterMs: 7000,
    });
  });

  test('an unreachable server and a hanging one are failures without a status', async () => {
    const closed = createApiClient({ baseUrl: 'http://127.0.0.1:1' });
    expect(await closed.getTenantContext()).toMatchObject({ ok: false, code: 'network' });
    respond = () => ({ status: 0, hang: true });
    const slow = createApiClient({ baseUrl: base, timeoutMs: 100 });
    expect(await slow.getTenantContext()).toMatchObject({ ok: false, code: 'timeout' });
  });

  test('a token failure is reported as an auth failure without calling the server', async () => {
    const api = createApiClient({ baseUrl: base, getToken: async () => Promise.reject(new Error('consent required')) });
    expect(await api.getTenantContext()).toEqual({ ok: false, code: 'auth', message: 'consent required' });
    expect(seen).toHaveLength(0);
  });
});
