import { strings } from '../../bot/src/strings';
import { MAX_CHAT_TEXT_CHARS } from '../../bot/src/adapter/activity-input';
import { localActivity } from '../../bot/test/support/local-chat';
import { startServer, type RunningServer } from '../../bot/test/support/server-harness';

// Local mode server (loopback caller): one chat message must not hold the event loop.
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({}, { startOutbox: false });
});
afterAll(() => server?.close());

const activity = (text: string) => localActivity(text, { textFormat: 'xml' });

test('300 KB of "<" as xml text: answered with a clear refusal while /healthz stays responsive', async () => {
  const started = Date.now();
  const chat = fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity('<'.repeat(300_000))),
  });
  await new Promise((r) => setTimeout(r, 20));
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  const res = await chat;
  expect(res.status).toBe(200);
  const replies = ((await res.json()) as { activities: { text?: string }[] }).activities;
  expect(replies[0]?.text).toBe(strings.chatTextTooLong(MAX_CHAT_TEXT_CHARS));
  expect(Date.now() - started).toBeLessThan(2000);
});

test('text just under the cap is read (stripped in one pass) and answered quickly', async () => {
  const started = Date.now();
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity(`help${'<'.repeat(MAX_CHAT_TEXT_CHARS - 10)}`)),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { activities: unknown[] }).activities.length).toBeGreaterThan(0);
  expect(Date.now() - started).toBeLessThan(2000);
});
