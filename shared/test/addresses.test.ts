import { parseAddressList, parseMailbox } from '../src/index.js';

describe('parseAddressList', () => {
  test('display names, quoting and angle addresses', () => {
    expect(parseAddressList('"Wilber, Alex" <Alex.Wilber@Contoso.com>, bob@contoso.com')).toEqual([
      { name: 'Wilber, Alex', address: 'Alex.Wilber@Contoso.com', domain: 'contoso.com' },
      { address: 'bob@contoso.com', domain: 'contoso.com' },
    ]);
  });

  test('groups keep their members and an empty group yields none', () => {
    expect(parseAddressList('Finance: a@contoso.com, b@contoso.com;, c@fabrikam.com')).toEqual([
      { address: 'a@contoso.com', domain: 'contoso.com', group: 'Finance' },
      { address: 'b@contoso.com', domain: 'contoso.com', group: 'Finance' },
      { address: 'c@fabrikam.com', domain: 'fabrikam.com' },
    ]);
    expect(parseAddressList('Undisclosed recipients:;')).toEqual([]);
  });

  test('encoded-word display names and old-style comment names', () => {
    expect(parseMailbox('=?utf-8?B?UGF5cm9sbCBUZWFt?= <payroll@contoso.com>')).toMatchObject({ name: 'Payroll Team', address: 'payroll@contoso.com' });
    expect(parseMailbox('payroll@contoso.com (Payroll Team)')).toMatchObject({ name: 'Payroll Team', address: 'payroll@contoso.com' });
  });

  test('a quoted local part and an obsolete route', () => {
    expect(parseMailbox('<"john..doe"@contoso.com>')?.domain).toBe('contoso.com');
    expect(parseMailbox('<@relay.example:user@contoso.com>')?.address).toBe('user@contoso.com');
  });

  test('a display name that looks like an address does not replace the real address', () => {
    expect(parseMailbox('"ceo@contoso.com" <attacker@evil.example>')).toMatchObject({ address: 'attacker@evil.example', domain: 'evil.example' });
  });

  test('the null sender and garbage yield nothing rather than throwing', () => {
    expect(parseMailbox('<>')).toBeUndefined();
    expect(parseAddressList(',,,;;:')).toEqual([]);
  });
});
