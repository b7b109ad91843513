import { classify, VERDICT_HEADLINE } from '@dsguard/classifier';
import { orderReasons, toneOf, viewOf } from '../src/verdict-view';
import { headersOf, labels } from './support/corpus';

describe('verdict view', () => {
  test.each(labels.map((l) => [l.file, l] as const))('%s renders a complete view', (file, l) => {
    const verdict = classify(headersOf(file), l.tenant);
    const view = viewOf(verdict);
    expect(view.code).toBe(verdict.verdict);
    expect(view.title).toBe(VERDICT_HEADLINE[verdict.verdict]);
    expect(view.nextSteps.length).toBeGreaterThan(0);
    expect(view.score).toBeGreaterThanOrEqual(0);
    expect(view.score).toBeLessThanOrEqual(100);
    expect(view.reasons).toHaveLength(verdict.reasons.length);
  });

  test('a spoof is red with the headline the issue asks for, and its evidence is laid out', () => {
    const view = viewOf(classify(headersOf('01-spoof-self.eml'), labels[0]!.tenant));
    expect(view.tone).toBe('danger');
    expect(view.title).toBe('Probable Direct Send spoof');
    expect(view.hops.length).toBeGreaterThan(1);
    expect(view.hops.filter((h) => h.isFirstTenantHop)).toHaveLength(1);
    expect(view.hops.some((h) => /\d+ s$/.test(h.delay))).toBe(true);
    expect(view.authFacts.map((f) => f.label)).toEqual(
      expect.arrayContaining(['SPF', 'DMARC', 'Composite authentication']),
    );
    expect(view.trustedAuthResults).toMatch(/compauth=fail/);
    expect(view.tenantStamps.length).toBeGreaterThan(0);
    expect(view.senderFacts.find((f) => f.label === 'Connecting IP')?.value).toBe('91.243.58.162');
  });

  test('tones: spoof red, suspicious amber, direct send informational, the rest neutral', () => {
    expect(toneOf).toEqual({
      spoof: 'danger',
      suspicious: 'warning',
      'direct-send': 'info',
      internal: 'neutral',
      connector: 'neutral',
      external: 'neutral',
      unknown: 'neutral',
    });
  });

  test('reasons are ordered by severity, keeping the classifier order within one severity', () => {
    const r = (id: string, severity: 'high' | 'medium' | 'low' | 'info') => ({ id, severity, summary: id });
    expect(orderReasons([r('a', 'info'), r('b', 'high'), r('c', 'low'), r('d', 'high')]).map((x) => x.id)).toEqual([
      'b',
      'd',
      'c',
      'a',
    ]);
  });
});
