import type { Verdict } from '@dsguard/classifier';
import type { TraceRow } from '../trace/trace-row.js';
import { normalizeAddress } from '../trace/trace-row.js';

/** A stored report or add-in classification as an inventory row (the verdict's facts carry IP, HELO, auth). */
export function rowFromVerdict(verdict: Verdict, receivedAt?: number): TraceRow {
  const facts = verdict.facts;
  const row: TraceRow = {
    origin: 'verdict',
    recipients: (facts.toAddresses ?? []).map((a) => a.toLowerCase()),
    verdict: verdict.verdict,
  };
  if (receivedAt !== undefined) row.receivedAt = receivedAt;
  const from = normalizeAddress(facts.fromAddress);
  if (from) row.fromAddress = from;
  if (facts.connectingIp) row.clientIp = facts.connectingIp;
  if (facts.helo) row.helo = facts.helo;
  if (facts.subject) row.subject = facts.subject;
  if (facts.directionality) row.directionality = facts.directionality;
  if (facts.networkMessageId) row.networkMessageId = facts.networkMessageId;
  const auth: Record<string, string> = {};
  if (facts.spf) auth.spf = facts.spf;
  if (facts.dkim) auth.dkim = facts.dkim;
  if (facts.dmarc) auth.dmarc = facts.dmarc;
  if (facts.compauth) auth.compauth = facts.compauth;
  if (Object.keys(auth).length) row.auth = auth;
  return row;
}
