import { parseAddressList, parseFrom, parseMailbox } from '../src/index.js';

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
    expect(parseMailbox('=?utf-8?B?UGF5cm9sbCBUZWFt?= <payroll@contoso.com>')).toMatchObject({
      name: 'Payroll Team',
      address: 'payroll@contoso.com',
    });
    expect(parseMailbox('payroll@contoso.com (Payroll Team)')).toMatchObject({
      name: 'Payroll Team',
      address: 'payroll@contoso.com',
    });
  });

  test('a quoted local part and an obsolete route', () => {
    expect(parseMailbox('<"john..doe"@contoso.com>')?.domain).toBe('contoso.com');
    expect(parseMailbox('<@relay.example:user@contoso.com>')?.address).toBe('user@contoso.com');
  });

  test('a display name that looks like an address does not replace the real address', () => {
    expect(parseMailbox('"ceo@contoso.com" <attacker@evil.example>')).toMatchObject({
      address: 'attacker@evil.example',
      domain: 'evil.example',
    });
  });

  test('the null sender and garbage yield nothing rather than throwing', () => {
    expect(parseMailbox('<>')).toBeUndefined();
    expect(parseAddressList(',,,;;:')).toEqual([]);
  });
});

describe('parseFrom: the address Outlook shows, and what is malformed', () => {
  test.each<[string, string, RegExp]>([
    ['AARP Department ,_<wd7uo@yeo14h8uvy.example>', 'wd7uo@yeo14h8uvy.example', /unquoted comma/],
    ['"Paypal", "Paypal", <message@my.shop.example>', 'message@my.shop.example', /unquoted comma/],
    [
      'Bespaar, <postbode@emv.shop.example.>, Office, <postbode@emv.shop.example>',
      'postbode@emv.shop.example.',
      /repeats the address/,
    ],
    ['Aldi <p2lq8d0.example>, Aldi <reply@telco.example>', 'reply@telco.example', /unquoted comma/],
    ['A <a@one.example>, B <b@two.example>', 'a@one.example', /lists 2 addresses/],
    ['Du bist geeignet!,(<noreply@parcel.example>)', 'noreply@parcel.example', /hidden in a comment/],
    ['Payroll Team payroll@contoso.example', 'payroll@contoso.example', /no angle brackets/],
    ['"" <ceo@contoso.example>', 'ceo@contoso.example', /empty quoted string/],
    ['=?UTF-8?B?RmVkZXg=?=Paket <track@parcel.example>', 'track@parcel.example', /encoded word is glued/],
    ['"Transport@parcel.example", <service@friends.example>', 'service@friends.example', /unquoted comma/],
  ])('%s -> %s', (value, address, malformation) => {
    const from = parseFrom(value);
    expect(from.mailbox?.address).toBe(address);
    expect(from.malformations.join('; ')).toMatch(malformation);
  });

  test.each([
    'Alex Wilber <alex.wilber@contoso.com>',
    '"Wilber, Alex" <alex.wilber@contoso.com>',
    'alex.wilber@contoso.com',
    '<alex.wilber@contoso.com>',
    'alex.wilber@contoso.com (Alex Wilber)',
    '=?utf-8?B?UGF5cm9sbCBUZWFt?= <payroll@contoso.com>',
    '"=?utf-8?B?UGF5cm9sbCBUZWFt?=" <payroll@contoso.com>',
    '=?utf-8?B?UGF5?==?utf-8?B?cm9sbA==?= <payroll@contoso.com>',
  ])('a well-formed From is not reported: %s', (value) => {
    expect(parseFrom(value)).toMatchObject({ malformations: [], mailbox: { domain: 'contoso.com' } });
  });

  test('no address at all yields no mailbox', () => {
    expect(parseFrom('"Facebook" <>').mailbox).toBeUndefined();
    expect(parseFrom('"Welkomstpakket"').mailbox).toBeUndefined();
  });
});
