import type { BotUser } from '../../src/conversation/bot-types';
import { coreHarness } from '../support/core-harness';
import { sample } from '../support/fixtures';

const ann: BotUser = { id: 'aad-ann', name: 'Ann', isAdmin: false };
const spoof = sample('01-spoof-self.eml');

/** The sample with its Subject replaced (the value may be folded and RFC 2047-encoded, as mail clients write it). */
function withSubject(subject: string): string {
  return spoof.raw.replace(/^Subject:.*(\r?\n[ \t].*)*$/im, `Subject: ${subject}`);
}

async function reportedSubject(raw: string): Promise<string | undefined> {
  const h = await coreHarness({
    acceptedDomains: spoof.tenant.acceptedDomains,
    download: async () => ({ ok: true, text: raw }),
  });
  await h.core.handle(
    { kind: 'message', text: 'report', files: [{ name: 'msg.eml', downloadUrl: 'https://x/msg.eml' }] },
    ann,
  );
  const [report] = await h.reports.store.list();
  return report?.subject;
}

test('an uploaded .eml is reported with its decoded subject (from the classifier, not a second MIME parser)', async () => {
  expect(
    await reportedSubject(withSubject('=?UTF-8?B?UGF5cm9sbDog?=\r\n =?UTF-8?Q?v=C3=A9rifiez_votre_compte?=')),
  ).toBe('Payroll: vérifiez votre compte');
});

test('a subject is cut at 300 characters', async () => {
  expect(await reportedSubject(withSubject('x'.repeat(400)))).toBe('x'.repeat(300));
});
