import { deriveFacts } from './analysis/facts.js';
import { buildMessage } from './analysis/message.js';
import { isAccepted, isGatewayIp, matchKnownSender, resolveTenant } from './analysis/tenant.js';
import type { InputError } from './errors.js';
import { parseHeaderBlock } from './headers/header-block.js';
import { DEFAULT_LIMITS } from './limits.js';
import { runSignals, type SignalInput } from './signals/index.js';
import { reasonText } from './strings.js';
import type { ParseLimits, TenantContext, Verdict } from './types.js';
import { buildVerdict } from './verdict.js';

export interface ClassifyOptions {
  limits?: Partial<ParseLimits>;
}

export type ClassifyResult = { ok: true; verdict: Verdict } | { ok: false; error: InputError };

/** Classifies, or returns a typed error when the input is not a readable header block (empty, too large, ...). */
export function tryClassify(raw: string, context?: TenantContext, options?: ClassifyOptions): ClassifyResult {
  const limits: ParseLimits = { ...DEFAULT_LIMITS, ...options?.limits };
  if (context !== undefined && (context === null || typeof context !== 'object' || Array.isArray(context))) {
    return { ok: false, error: { code: 'bad-context', message: 'The tenant context must be a JSON object.' } };
  }
  const block = parseHeaderBlock(raw, limits);
  if (!block.ok) return block;
  const message = buildMessage(block.value, limits);
  const tenant = resolveTenant(message, context);
  const derived = deriveFacts(message, tenant);
  const { facts } = derived;
  const known = matchKnownSender(tenant, facts.connectingIp, [facts.fromAddress, message.returnPath?.address.toLowerCase()]);
  const input: SignalInput = {
    message,
    tenant,
    facts,
    route: derived.route,
    derived,
    fromAccepted: isAccepted(tenant, facts.fromDomain),
    mailFromAccepted: isAccepted(tenant, facts.mailFromDomain),
    viaGateway: isGatewayIp(tenant, facts.connectingIp),
  };
  if (known) {
    input.knownSender = known;
    facts.knownSender = known.sender.name;
  }
  const { verdict, score, reasons } = buildVerdict(input, runSignals(input));
  return { ok: true, verdict: { verdict, score, reasons, facts } };
}

/**
 * The contract: never throws. Input that cannot be read as headers yields `unknown` with a reason saying why.
 */
export function classify(raw: string, context?: TenantContext, options?: ClassifyOptions): Verdict {
  try {
    const result = tryClassify(raw, context, options);
    if (result.ok) return result.verdict;
    return {
      verdict: 'unknown',
      score: 0,
      reasons: [{ id: 'input.limit', severity: 'medium', summary: reasonText('input.limit', { detail: result.error.message }) }],
      facts: { inputError: result.error },
    };
  } catch (error) {
    // A bug, not bad input: still answer, and say so rather than crash the add-in or the bot.
    return {
      verdict: 'unknown',
      score: 0,
      reasons: [{ id: 'input.limit', severity: 'medium', summary: reasonText('input.limit', { detail: `internal error: ${String(error)}` }) }],
      facts: {},
    };
  }
}
