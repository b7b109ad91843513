// The one place the bot imports the classifier, so its contract is visible at a glance.
export { classify, classifyMailEvent, tryClassify, VERDICT_ADVICE, VERDICT_HEADLINE } from '@dsguard/classifier';
export type { TenantContext, Verdict, VerdictCode, Reason, KnownSender, MailEvent } from '@dsguard/classifier';
