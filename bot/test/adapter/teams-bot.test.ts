import { TestAdapter, type Activity } from 'botbuilder';
import { classify } from '@dsguard/classifier';
import { stripHtml } from '../../src/adapter/activity-input';
import { SECURITY_CHANNEL_KEY } from '../../src/adapter/security-channel';
import { createTeamsBot } from '../../src/adapter/teams-bot';
import { VERBS } from '../../src/cards/card-types';
import { silentLogger } from '../../src/log/logger';
import { ConversationRefStore } from '../../src/storage/conversation-refs';
import { strings } from '../../src/strings';
import { cardActions, coreHarness } from '../support/core-harness';
import { headerBlockOf, sample } from '../support/fixtures';
import { expectCardShowsVerdict } from '../support/verdict-card-assertions';

const spoof = sample('01-spoof-self.eml');
const headers = headerBlockOf(spoof.raw);
const ADMIN = '11111111-1111-4111-8111-111111111111';
const CHANNEL = '19:abc123@thread.tacv2';

async function setup() {
  const h = await coreHarness({ acceptedDomains: spoof.tenant.acceptedDomains });
  const refs = new ConversationRefStore(h.db);
  const logic = createTeamsBot({
    core: h.core,
    admins: { userIds: [ADMIN], groupIds: [] },
    conversationRefs: refs,
    securityChannelId: CHANNEL,
    logger: silentLogger,
  });
  const adapter = new TestAdapter(logic, {
    channelId: 'msteams',
    from: { id: '29:ann', name: 'Ann', aadObjectId: '22222222-2222-4222-8222-222222222222' } as Activity['from'],
  });
  return { h, refs, adapter, logic };
}

const adaptiveCardOf = (activity: Partial<Activity>): unknown => {
  expect(activity.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return activity.attachments![0]!.content;
};

test('pasted headers (as Teams HTML) get a verdict card', async () => {
  const { adapter } = await setup();
  const html = headers
    .split('\n')
    .map((l) => l.replace(/</g, '&lt;').replace(/>/g, '&gt;'))
    .join('<br>');
  await adapter
    .send({ type: 'message', text: `<p>${html}</p>`, textFormat: 'xml' } as Partial<Activity>)
    .assertReply((activity) => expectCardShowsVerdict(adaptiveCardOf(activity), classify(headers, spoof.tenant)));
});

test('help and unknown input get text answers, with the intent and suggested next steps', async () => {
  const { adapter } = await setup();
  await adapter
    .test('help', (a) => {
      expect(a.text).toBe(strings.help(false));
      expect(a.channelData).toEqual({ intent: 'help' });
      expect(a.suggestedActions?.actions.map((x) => [x.type, x.value])).toEqual([
        ['imBack', 'check'],
        ['imBack', 'reports'],
      ]);
    })
    .test('banana', (a) => {
      expect(a.text).toBe(strings.unsure(['help', 'check', 'reports']));
      expect(a.channelData).toEqual({ intent: 'unknown' });
      expect(a.suggestedActions?.actions.map((x) => x.title)).toEqual([
        strings.suggestion.help,
        strings.suggestion.check,
        strings.suggestion.reports,
      ]);
    });
});

test('the user is identified by Entra object id: admins by config, others refused admin commands', async () => {
  const { adapter, logic } = await setup();
  await adapter.test('inventory', (a) => expect(a.text).toBe(strings.adminOnly('inventory')));
  const adminAdapter = new TestAdapter(logic, {
    channelId: 'msteams',
    from: { id: '29:sec', name: 'Sec', aadObjectId: ADMIN } as Activity['from'],
  });
  await adminAdapter.test('inventory', (a) => expect(a.text).toBe(strings.adminCommandUnavailable('inventory')));
});

test('Action.Execute invoke answers with an invoke response carrying the updated card', async () => {
  const { adapter, h } = await setup();
  let checkData: Record<string, unknown> = {};
  await adapter.send(headers).assertReply((a) => {
    checkData = cardActions(adaptiveCardOf(a)).find((x) => x.verb === VERBS.report)!.data!;
  });
  await adapter
    .send({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: VERBS.report, data: checkData } },
    } as Partial<Activity>)
    .assertReply((a) => {
      expect(a.type).toBe('invokeResponse');
      expect(a.value).toMatchObject({
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' },
      });
    });
  expect(await h.reports.store.list({ reporterId: '22222222-2222-4222-8222-222222222222' })).toHaveLength(1);
});

test('message action invokes: fetchTask and submitAction', async () => {
  const { adapter, h } = await setup();
  const messagePayload = {
    id: '1700000000001',
    body: { contentType: 'html', content: '<p>Urgent: <b>payroll</b> update</p>' },
    from: { user: { displayName: 'Mallory' } },
    linkToMessage: 'https://teams.microsoft.com/l/message/1',
  };
  await adapter
    .send({
      type: 'invoke',
      name: 'composeExtension/fetchTask',
      value: { commandId: 'reportMessage', commandContext: 'message', messagePayload },
    } as Partial<Activity>)
    .assertReply((a) => expect(a.value).toMatchObject({ status: 200, body: { task: { type: 'continue' } } }));
  await adapter
    .send({
      type: 'invoke',
      name: 'composeExtension/submitAction',
      value: { commandId: 'reportMessage', commandContext: 'message', messagePayload, data: { note: 'phish?' } },
    } as Partial<Activity>)
    .assertReply((a) => expect(a.value).toMatchObject({ status: 200, body: { task: { type: 'message' } } }));
  const [report] = await h.reports.store.list();
  expect(report?.headers).toBe('Urgent: payroll update\n');
  expect(report?.note).toBe('phish?');
});

test('an activity from the security channel stores its conversation reference for proactive posts', async () => {
  const { adapter, refs } = await setup();
  await adapter
    .send({
      type: 'message',
      text: 'help',
      conversation: { id: `${CHANNEL};messageid=1700000000002`, conversationType: 'channel', isGroup: true },
      channelData: { channel: { id: CHANNEL }, team: { id: '19:team@thread.tacv2' } },
    } as Partial<Activity>)
    .assertReply((a) => expect(a.text).toBe(strings.help(false)));
  const reference = (await refs.get(SECURITY_CHANNEL_KEY)) as { conversation: { id: string }; serviceUrl?: string };
  expect(reference.conversation.id).toBe(CHANNEL);
});

test('unhandled invokes still get a 200 invoke response', async () => {
  const { adapter } = await setup();
  await adapter
    .send({ type: 'invoke', name: 'something/else', value: {} } as Partial<Activity>)
    .assertReply((a) => expect(a.type).toBe('invokeResponse'));
});

test('stripHtml keeps line breaks and decodes entities', () => {
  expect(stripHtml('<div>a&amp;b</div><div>c&lt;d&gt;</div>x<br/>y')).toBe('a&b\nc<d>\nx\ny');
});
