export { classify, tryClassify, type ClassifyOptions, type ClassifyResult } from './classify.js';
export type { InputError, InputErrorCode } from './errors.js';
export { DEFAULT_LIMITS } from './limits.js';
export { parseHeaderBlock, Headers, type HeaderBlock, type HeaderField } from './headers/header-block.js';
export { decodeEncodedWords } from './headers/encoded-words.js';
export { parseReceived, parseHops } from './fields/received.js';
export { parseAuthenticationResults } from './fields/auth-results.js';
export { parseReceivedSpf, type ReceivedSpf } from './fields/received-spf.js';
export { parseAddressList, parseFrom, parseMailbox, type FromHeader } from './fields/addresses.js';
export { parseColonList, parseAttributedConnectingIp } from './fields/stamps.js';
export { describeCompauthReason, type CompauthReason } from './fields/compauth.js';
export { parseMailDate } from './fields/dates.js';
export {
  parseIp,
  parseIpRange,
  ipInRange,
  formatIp,
  networkAddress,
  rangeSpan,
  parseIpSpan,
  ipSpanCovered,
  isNonRoutable,
} from './net/ip.js';
export type { IpAddress, IpRange, IpSpan } from './net/ip.js';
export { isAcceptedDomain, organizationalDomain, sameOrganization } from './net/domains.js';
export { REASON_TEXT, VERDICT_ADVICE, VERDICT_HEADLINE, reasonText } from './strings.js';
export * from './types.js';
export { parseTenantContext } from './tenant-context.js';
export type { Parsed } from './errors.js';
export { classifyMailEvent, type MailEvent } from './event/classify-event.js';
export { POLICY, decide, type Evidence, type PolicyRule, type Route } from './policy/rules.js';
export { REASON_WEIGHTS, SCORE_BANDS, BASELINE, weightOf, type ReasonId } from './policy/weights.js';
