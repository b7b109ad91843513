import { stripHtml } from '../../src/adapter/activity-input';

test('stripHtml is linear: 200 000 unclosed "<" (quadratic for a tag regex) take well under a second', () => {
  for (const attack of ['<'.repeat(200_000), '<a'.repeat(100_000), `${'<'.repeat(100_000)}>`, '<br'.repeat(70_000)]) {
    const started = performance.now();
    stripHtml(attack);
    expect(performance.now() - started).toBeLessThan(1000);
  }
});

test('stripHtml reads tags, line breaks and entities as before', () => {
  expect(stripHtml('<p>Received: from a</p><p>From: &lt;x@contoso.com&gt;</p>')).toBe(
    'Received: from a\nFrom: <x@contoso.com>\n',
  );
  expect(stripHtml('a <> b < c')).toBe('a <> b < c');
  expect(stripHtml('&amp;lt; &nbsp;&quot;&#39;')).toBe('&lt;  "\'');
  expect(stripHtml('x<br>y<BR />z<span class="a">w</span>')).toBe('x\ny\nzw');
});
