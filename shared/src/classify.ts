import { deriveFacts } from './analysis/facts.js';
import { buildMessage } from './analysis/message.js';
import { isAccepted, isGatewayIp, matchKnownSender, resolveTenant } from './analysis/tenant.js';
import type { InputError } from './errors.js';
import { parseHeaderBlock } from './headers/header-block.js';
import { DEFAULT_LIMITS } from './limits.js';
import { runSignals, type Hit, type SignalInput } from './signals/index.js';
import { reasonText } from './strings.js';
import type { ParseLimits, TenantContext, Verdict } from './types.js';
import { buildVerdict } from './verdict.js';

export interface ClassifyOptions {
  limits?: Partial<ParseLimits>;
}

export type ClassifyResult = { ok: true; verdict: Verdict } | { ok: false; error: InputError };

/** Runs every signal over the input (plus hits its source found itself) and walks the policy table. */
export function judge(input: SignalInput, extraHits: Hit[] = [], authAvailable = true): Verdict {
  const { facts } = input;
  const known = input.knownSender;
  if (known) facts.knownSender = known.sender.name;
  const { verdict, score, reasons, rule } = buildVerdict(input, [...runSignals(input), ...extraHits], authAvailable);
  facts.policyRule = rule.id;
  return { verdict, score, reasons, facts };
}

/** Classifies, or returns a typed error when the input is not a readable header block (empty, too large, ...). */
export function tryClassify(raw: string, context?: TenantContext, options?: ClassifyOptions): ClassifyResult {
  const limits: ParseLimits = { ...DEFAULT_LIMITS, ...options?.limits };
  if (context !== undefined && (context === null || typeof context !== 'object' || Array.isArray(context))) {
    return { ok: false, error: { code: 'bad-context', message: 'The tenant context must be a JSON object.' } };
  }
  const block = parseHeaderBlock(raw, limits);
  if (!block.ok) return block;
  const tenantId =
    typeof context?.tenantId === 'string' && context.tenantId.trim() ? context.tenantId.trim() : undefined;
  const message = buildMessage(block.value, limits, tenantId);
  const tenant = resolveTenant(message, context);
  const derived = deriveFacts(message, tenant);
  const { facts } = derived;
  const returnPath = message.returnPath?.address.toLowerCase();
  const known = matchKnownSender(tenant, facts.connectingIp, [facts.fromAddress, returnPath]);
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
  if (known) input.knownSender = known;
  return { ok: true, verdict: judge(input) };
}

/** A bug, not bad input: still answer, and say so (`internal.error`) rather than crash the add-in or the bot. */
export function internalErrorVerdict(error: unknown): Verdict {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    verdict: 'unknown',
    score: 0,
    reasons: [{ id: 'internal.error', severity: 'medium', summary: reasonText('internal.error', { detail }) }],
    facts: { internalError: detail },
  };
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
      reasons: [
        { id: 'input.limit', severity: 'medium', summary: reasonText('input.limit', { detail: result.error.message }) },
      ],
      facts: { inputError: result.error },
    };
  } catch (error) {
    return internalErrorVerdict(error);
  }
}
