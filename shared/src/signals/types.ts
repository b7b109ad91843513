import type { Derived, Route } from '../analysis/facts.js';
import type { ParsedMessage } from '../analysis/message.js';
import type { ResolvedSender, ResolvedTenant } from '../analysis/tenant.js';
import type { Severity, VerdictFacts } from '../types.js';

export interface SignalInput {
  message: ParsedMessage;
  tenant: ResolvedTenant;
  facts: VerdictFacts;
  route: Route;
  derived: Derived;
  fromAccepted: boolean;
  mailFromAccepted: boolean;
  knownSender?: { sender: ResolvedSender; byIp: boolean; byAddress: boolean };
  viaGateway: boolean;
  /** Where authentication results came from when not from headers (a mail-flow log), quoted as evidence. */
  authEvidence?: string;
}

/** A signal that fired. `weight` moves the spoof score: positive towards spoof, negative towards legitimate. */
export interface Hit {
  id: string;
  severity: Severity;
  weight: number;
  params?: Record<string, string>;
  evidence?: string;
}

/** A small pure function with a stable id prefix; returns the hits it found (usually zero or one). */
export type Signal = (input: SignalInput) => Hit | Hit[] | null;

/** Anonymous inbound mail claiming an internal From: the case most Direct Send signals speak to. */
export function claimsInternal(input: SignalInput): boolean {
  return input.route === 'anonymous-inbound' && input.fromAccepted;
}
