import { routeMessage } from '../../../src/conversation/intents/route-message';
import { headerBlockOf, sample } from '../../support/fixtures';

test('typed commands with their own arguments are taken as typed', () => {
  expect(routeMessage('inventory 20 device new')).toEqual({ intent: 'inventory', args: '20 device new' });
  expect(routeMessage('approve 198.51.100.0/24 Scanner 3rd floor')).toEqual({
    intent: 'approve',
    args: '198.51.100.0/24 Scanner 3rd floor',
  });
  expect(routeMessage('retire no-ip')).toEqual({ intent: 'retire', args: 'no-ip' });
  expect(routeMessage('import defender 14')).toEqual({ intent: 'import', args: 'defender 14' });
  expect(routeMessage('probe frontdesk@contoso.com confirm')).toEqual({
    intent: 'probe',
    args: 'frontdesk@contoso.com confirm',
  });
  expect(routeMessage('reports all')).toEqual({ intent: 'reports', args: 'all' });
  expect(routeMessage('hello')).toEqual({ intent: 'help', args: '' });
});

test('a command word followed by a sentence is read as the sentence', () => {
  expect(routeMessage('inventory of the printers please')).toEqual({ intent: 'inventory', args: 'device' });
  expect(routeMessage('check readiness')).toEqual({ intent: 'readiness', args: '' });
  expect(routeMessage('retire the old copier')).toEqual({ intent: 'retire', args: '' });
  // Not headers and nothing else meant: still a check, so the answer says what was wrong.
  expect(routeMessage('check hello there')).toEqual({ intent: 'check', args: 'hello there' });
});

test('pasted headers are a check, whatever words they contain', () => {
  const headers = headerBlockOf(sample('01-spoof-self.eml').raw);
  expect(routeMessage(headers)).toEqual({ intent: 'check', args: headers.trim() });
  expect(routeMessage(`report ${headers}`)).toMatchObject({ intent: 'report' });
});

test('a question about a source never changes it; an explicit request does', () => {
  expect(routeMessage('can you check if 203.0.113.0/24 is approved?')).toEqual({
    candidates: ['inventory', 'approve'],
  });
  expect(routeMessage('is 198.51.100.7 malicious?')).toEqual({ candidates: ['inventory', 'malicious'] });
  expect(routeMessage('can you approve 203.0.113.0/24?')).toEqual({ intent: 'approve', args: '203.0.113.0/24' });
  expect(routeMessage('show me approved sources')).toEqual({ intent: 'inventory', args: 'approved' });
  expect(routeMessage('list retired sources')).toEqual({ intent: 'inventory', args: 'retired' });
});
