import type { Verdict } from '@dsguard/classifier';
import { strings } from '../../src/strings';
import { cardTexts } from './core-harness';

/** The same assertions for a verdict from /api/classify and the bot's card: what the card must show. */
export function expectCardShowsVerdict(card: unknown, verdict: Verdict): void {
  const texts = cardTexts(card);
  expect(texts).toContain(strings.verdictTitle[verdict.verdict]);
  expect(texts).toContain(strings.scoreLabel(verdict.score));
  for (const reason of verdict.reasons.slice(0, 8)) expect(texts).toContain(reason.summary);
  if (verdict.facts.connectingIp)
    expect(texts).toContain(`${strings.factLabels.connectingIp}: ${verdict.facts.connectingIp}`);
  const c = card as { type: string; version: string };
  expect(c).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
}
