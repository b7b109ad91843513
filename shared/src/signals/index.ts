import {
  compauthSignal,
  connectorAuthFailSignal,
  dkimSignal,
  dmarcSignal,
  missingAuthSignal,
  spfSignal,
} from './authentication.js';
import { directSendStampSignal, filterBypassSignal, junkSignal, spoofDetectedSignal } from './filters.js';
import { contextSignal, forgedStampSignal, malformedSignal, noTenantHopSignal } from './integrity.js';
import { routeSignal } from './route.js';
import {
  fromDomainSignal,
  fromEqualsToSignal,
  gatewaySignal,
  heloSignal,
  knownSenderSignal,
  mailFromSignal,
  mailingListSignal,
  malformedFromSignal,
  multipleFromSignal,
  ptrSignal,
  replyToSignal,
} from './sender.js';
import type { Hit, Signal, SignalInput } from './types.js';

/** Every signal, in the order their reasons are listed when severities tie. */
export const SIGNALS: readonly Signal[] = [
  forgedStampSignal,
  routeSignal,
  fromDomainSignal,
  malformedFromSignal,
  multipleFromSignal,
  fromEqualsToSignal,
  knownSenderSignal,
  compauthSignal,
  connectorAuthFailSignal,
  dmarcSignal,
  spfSignal,
  dkimSignal,
  missingAuthSignal,
  spoofDetectedSignal,
  directSendStampSignal,
  mailFromSignal,
  replyToSignal,
  heloSignal,
  ptrSignal,
  gatewaySignal,
  mailingListSignal,
  filterBypassSignal,
  junkSignal,
  noTenantHopSignal,
  malformedSignal,
  contextSignal,
];

export function runSignals(input: SignalInput): Hit[] {
  const hits: Hit[] = [];
  for (const signal of SIGNALS) {
    const result = signal(input);
    if (Array.isArray(result)) hits.push(...result);
    else if (result) hits.push(result);
  }
  return hits;
}

export type { Hit, Signal, SignalInput } from './types.js';
