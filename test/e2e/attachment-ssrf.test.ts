import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fetchAttachment, isPublicAddress, TEAMS_DOWNLOAD_POLICY } from '../../bot/src/conversation/attachment-fetch';
import { strings } from '../../bot/src/strings';
import { localDownloadPolicy } from '../../bot/test/support/download-policy';
import { repoRoot } from '../../bot/test/support/fixtures';
import { localActivity, localChat, type ReplyActivity } from '../../bot/test/support/local-chat';
import { localServer, startServer, type LocalServer, type RunningServer } from '../../bot/test/support/server-harness';
import { startFileServer, type FileServer } from './support/file-server';

// An attacker posts a file attachment whose downloadUrl leads the server to an internal address.
const eml = readFileSync(path.join(repoRoot, 'samples', '01-spoof-self.eml'));
let internal: LocalServer;
let files: FileServer;
let server: RunningServer;
let strict: RunningServer;

beforeAll(async () => {
  // Stands for an internal service (cloud metadata, an admin console) that must never be fetched.
  internal = await localServer((_req, res) => void res.writeHead(200, { 'content-type': 'message/rfc822' }).end(eml));
  files = await startFileServer({
    'ok.eml': { type: 'message/rfc822', body: eml },
    'redirect.eml': (res) => void res.writeHead(302, { location: `${internal.url}/secret.eml` }).end(),
    'hop.eml': (res) => void res.writeHead(307, { location: '/files/ok.eml' }).end(),
    'away.eml': (res) => void res.writeHead(301, { location: 'https://evil.example/x.eml' }).end(),
  });
  // The test-only allowance: the file server's origin, nothing else on this machine.
  server = await startServer({}, { startOutbox: false, downloadPolicy: localDownloadPolicy([files.url]) });
  // The production policy, exactly as composeServer uses it without an override.
  strict = await startServer({}, { startOutbox: false, downloadPolicy: TEAMS_DOWNLOAD_POLICY });
});
afterAll(async () => {
  await server?.close();
  await strict?.close();
  await files?.close();
  await internal?.close();
});

async function sendFile(target: RunningServer, downloadUrl: string): Promise<ReplyActivity[]> {
  const file = {
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    name: 'voicemail.eml',
    content: { downloadUrl, fileType: 'eml' },
  };
  return localChat(target.url, localActivity('', { attachments: [file] }));
}

test('an allowed file, and a redirect inside the allowed origin, are read', async () => {
  expect((await sendFile(server, files.fileUrl('ok.eml')))[0]?.attachments).toHaveLength(1);
  expect((await sendFile(server, files.fileUrl('hop.eml')))[0]?.attachments).toHaveLength(1);
});

test('a redirect to an internal address is not followed', async () => {
  const [reply] = await sendFile(server, files.fileUrl('redirect.eml'));
  expect(reply?.text).toBe(strings.attachmentDownloadFailed);
  const [away] = await sendFile(server, files.fileUrl('away.eml'));
  expect(away?.text).toBe(strings.attachmentDownloadFailed);
  expect(internal.requests).toHaveLength(0);
});

test('a downloadUrl outside the allowed hosts is never contacted', async () => {
  expect((await sendFile(server, `${internal.url}/secret.eml`))[0]?.text).toBe(strings.attachmentDownloadFailed);
  for (const url of [
    `${internal.url}/secret.eml`,
    `${internal.url.replace('http:', 'https:')}/secret.eml`,
    'https://contoso-my.sharepoint.com.evil.example/x.eml',
    'file:///etc/passwd',
  ]) {
    expect((await sendFile(strict, url))[0]?.text).toBe(strings.attachmentDownloadFailed);
  }
  expect(internal.requests).toHaveLength(0);
});

test('production policy: https to the Teams file hosts, public addresses only after DNS resolution', async () => {
  const allowed = (u: string): boolean => TEAMS_DOWNLOAD_POLICY.urlAllowed(new URL(u));
  expect(allowed('https://contoso-my.sharepoint.com/personal/ann/_layouts/15/download.aspx?UniqueId=1')).toBe(true);
  expect(allowed('https://contoso.sharepoint.us/x')).toBe(true);
  expect(allowed('https://smba.trafficmanager.net/amer/v3/attachments/1/views/original')).toBe(true);
  for (const u of [
    'http://contoso-my.sharepoint.com/x',
    'https://sharepoint.com.evil.example/x',
    'https://evilsharepoint.com/x',
    'https://contoso.sharepoint.com:8443/x',
    'https://u:p@contoso.sharepoint.com/x',
    'https://127.0.0.1/x',
  ]) {
    expect(allowed(u)).toBe(false);
  }
  for (const a of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '::1',
    'fe80::1',
    'fd00::2',
    '::ffff:127.0.0.1',
    '0.0.0.0',
    '224.0.0.1',
  ]) {
    expect(isPublicAddress(a)).toBe(false);
  }
  expect(isPublicAddress('20.190.128.1')).toBe(true);
  expect(isPublicAddress('2603:1030::1')).toBe(true);
  // A host name allowed by the URL check that resolves to loopback (as a rebinding DNS answer would) is refused
  // at connect time, and nothing reaches the address.
  const byName = {
    urlAllowed: (u: URL) => u.hostname === 'localhost',
    addressAllowed: TEAMS_DOWNLOAD_POLICY.addressAllowed,
  };
  const fetched = await fetchAttachment(
    `${internal.url.replace('127.0.0.1', 'localhost')}/secret.eml`,
    byName,
    AbortSignal.timeout(5000),
  );
  expect(fetched).toEqual({ ok: false, reason: 'refused' });
  expect(internal.requests).toHaveLength(0);
});
