import { UnverifiedSourceError, type InventoryStore } from '../admin/inventory/inventory-store.js';
import { sourceKeyFor } from '../admin/inventory/source-key.js';
import { strings as adminStrings } from '../admin/strings.js';
import { messageActionCard } from '../cards/message-action-card.js';
import { reportsCard } from '../cards/reports-card.js';
import { securityCard } from '../cards/security-card.js';
import { cardAttachment, shortId, verdictCard } from '../cards/verdict-card.js';
import { VERBS } from '../cards/card-types.js';
import type { Logger } from '../log/logger.js';
import type { ReportService } from '../reports/report-service.js';
import { stableUuid } from '../reports/stable-id.js';
import type { ReportStatus } from '../reports/report-types.js';
import type { TenantContextSource } from '../reports/tenant-context.js';
import type { CheckStore } from '../storage/checks.js';
import { strings } from '../strings.js';
import {
  ADMIN_COMMANDS,
  type ActionMessage,
  type AdminCardAction,
  type AdminCommand,
  type BotInput,
  type BotOutput,
  type BotReply,
  type BotUser,
  type FileAttachment,
  type TurnIo,
} from './bot-types.js';
import { isCsvAttachment } from './attachment-stream.js';
import type { Download } from './eml-download.js';
import { fileSubject, headerBlock } from './eml-headers.js';
import { isAdminIntent, type Intent } from './intents/intent-lexicon.js';
import { nextSteps } from './intents/next-steps.js';
import { routeMessage } from './intents/route-message.js';

export interface BotCoreDeps {
  reports: ReportService;
  checks: CheckStore;
  /** Where "add source to known senders" records its approval (the inventory decides what is trusted). */
  inventory: InventoryStore;
  tenantContext: TenantContextSource;
  download: (file: FileAttachment) => Promise<Download>;
  adminCommands?: ReadonlyMap<string, AdminCommand>;
  adminCardActions?: ReadonlyMap<string, AdminCardAction>;
  maxEmlBytes: number;
  logger: Logger;
}

const statusByVerb: Record<string, ReportStatus> = {
  [VERBS.confirm]: 'confirmed-spoof',
  [VERBS.falsePositive]: 'false-positive',
  [VERBS.resolve]: 'resolved',
};

const text = (t: string): BotReply => ({ text: t });
const NO_IO: TurnIo = { typing: async () => undefined, runLong: (work) => work(NO_IO) };
const replies = (...r: BotReply[]): BotOutput => ({ replies: r });
const cardInvoke = (card: unknown): { status: number; body: unknown } => ({
  status: 200,
  body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
});
const messageInvoke = (message: string): { status: number; body: unknown } => ({
  status: 200,
  body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message },
});

/** Everything the bot says and does, free of any bot framework: input in, replies out. */
export class BotCore {
  constructor(private readonly deps: BotCoreDeps) {}

  async handle(input: BotInput, user: BotUser, io: TurnIo = NO_IO): Promise<BotOutput> {
    switch (input.kind) {
      case 'message':
        if (input.value && typeof input.value.verb === 'string') {
          // Action.Submit fallback of a card button: same verbs as Action.Execute, answered with a message.
          const out = await this.cardAction(input.value.verb, input.value, user);
          return {
            replies: out.card ? [{ card: out.card }] : [text(out.message ?? strings.unknownInput)],
            intent: 'card-action',
            ...(out.updateCard ? { updateCard: out.updateCard } : {}),
          };
        }
        if (input.tooLong) return replies(text(strings.chatTextTooLong(input.tooLong.maxChars)));
        return this.message(input.text, input.files, user, io);
      case 'card-action': {
        const out = await this.cardAction(input.verb, input.data, user);
        return {
          replies: [],
          invoke: out.card ? cardInvoke(out.card) : messageInvoke(out.message ?? strings.unknownInput),
          ...(out.updateCard ? { updateCard: out.updateCard } : {}),
        };
      }
      case 'message-action-fetch':
        return { replies: [], invoke: await this.messageActionFetch(input.message) };
      case 'message-action-submit':
        return { replies: [], invoke: await this.messageActionSubmit(input.message, input.data, user) };
    }
  }

  /** A chat message: its intent, answered, with the intent and the next steps attached for the channel. */
  private async message(rawText: string, files: FileAttachment[], user: BotUser, io: TurnIo): Promise<BotOutput> {
    const { intent, output } = await this.answer(rawText, files, user, io);
    const suggestions = output.suggestions ?? nextSteps(intent, user.isAdmin);
    return { ...output, intent, suggestions };
  }

  private async answer(
    rawText: string,
    files: FileAttachment[],
    user: BotUser,
    io: TurnIo,
  ): Promise<{ intent: Intent | 'unknown' | 'admin-only'; output: BotOutput }> {
    const trimmed = rawText.trim();
    const first = trimmed.split(/\s+/)[0] ?? '';
    const command = first.toLowerCase();

    // A CSV attached without a command (or with words meaning import) is a message trace to import (admins; others get the refusal).
    if (
      files.length > 0 &&
      isCsvAttachment(files[0]!) &&
      (command === '' || routeMessage(trimmed).intent === 'import')
    ) {
      return this.adminCommand(
        'import',
        command === 'import' ? trimmed.slice(first.length).trim() : '',
        files,
        user,
        io,
      );
    }
    if (
      files.length > 0 &&
      (command === '' || command === 'check' || command === 'report' || !looksLikeCommand(command))
    ) {
      const intent = command === 'report' ? 'report' : 'check';
      return { intent, output: await this.checkFile(files[0]!, user, intent === 'report') };
    }
    const route = routeMessage(trimmed);
    if (!route.intent) {
      const offered = route.candidates.filter((c) => user.isAdmin || !isAdminIntent(c));
      const suggestions =
        offered.length >= 2 ? offered : [...new Set([...offered, ...nextSteps('unknown', user.isAdmin)])].slice(0, 3);
      return { intent: 'unknown', output: { replies: [text(strings.unsure(suggestions))], suggestions } };
    }
    const { intent, args } = route;
    switch (intent) {
      case 'help':
        return { intent, output: replies(text(strings.help(user.isAdmin))) };
      case 'reports':
        return { intent, output: await this.listReports(user, args) };
      case 'check':
        return { intent, output: args ? await this.checkText(args, user) : replies(text(strings.checkNeedsInput)) };
      case 'report':
        return { intent, output: args ? await this.reportText(args, user) : replies(text(strings.reportNeedsInput)) };
      default:
        return this.adminCommand(intent, args, files, user, io);
    }
  }

  private async adminCommand(
    command: Intent,
    args: string,
    files: FileAttachment[],
    user: BotUser,
    io: TurnIo,
  ): Promise<{ intent: Intent | 'admin-only'; output: BotOutput }> {
    if (!user.isAdmin) return { intent: 'admin-only', output: replies(text(strings.adminOnly(command))) };
    const handler = this.deps.adminCommands?.get(command);
    if (!handler)
      return {
        intent: command,
        output: replies(text(command === 'watch' ? strings.watch.off : strings.adminCommandUnavailable(command))),
      };
    // Replies posted after the turn carry the same intent and next steps as the turn's own.
    const meta = { intent: command, suggestions: nextSteps(command, user.isAdmin) };
    const found = await handler(args, {
      user,
      files,
      typing: () => io.typing(),
      runLong: (work) => io.runLong(work, meta),
    });
    return { intent: command, output: { replies: found } };
  }

  private async checkText(raw: string, user: BotUser, fromFile = false): Promise<BotOutput> {
    const outcome = await this.deps.reports.check(raw);
    if (!outcome.ok) return replies(text(strings.noHeadersFound(outcome.error.message)));
    const subject = fromFile ? fileSubject(outcome.verdict) : undefined;
    const checkId = await this.deps.checks.save(user.id, raw, subject);
    return replies({ card: verdictCard(outcome.verdict, { checkId, ...(subject ? { subject } : {}) }) });
  }

  private async checkFile(file: FileAttachment, user: BotUser, reportNow: boolean): Promise<BotOutput> {
    const download = await this.deps.download(file);
    if (!download.ok) {
      const message =
        download.reason === 'too-large'
          ? strings.attachmentTooLarge(this.deps.maxEmlBytes)
          : download.reason === 'not-eml'
            ? strings.attachmentNotEml(file.name)
            : strings.attachmentDownloadFailed;
      return replies(text(message));
    }
    const headers = headerBlock(download.text);
    this.deps.logger.info('bot.eml-checked', { bytes: download.text.length });
    return reportNow ? this.reportText(headers, user, true) : this.checkText(headers, user, true);
  }

  private async reportText(raw: string, user: BotUser, fromFile = false): Promise<BotOutput> {
    const outcome = await this.deps.reports.check(raw);
    if (!outcome.ok) return replies(text(strings.noHeadersFound(outcome.error.message)));
    const subject = fromFile ? fileSubject(outcome.verdict) : undefined;
    const filed = await this.deps.reports.file({
      clientReportId: stableUuid('chat', user.id, raw),
      reporter: user.name ? { id: user.id, name: user.name } : { id: user.id },
      source: 'teams',
      headers: raw,
      ...(subject ? { subject } : {}),
    });
    const id = shortId(filed.report.id);
    return replies(
      { card: verdictCard(filed.report.verdict, { reportedId: filed.report.id, ...(subject ? { subject } : {}) }) },
      text(filed.duplicate ? strings.reportDuplicate(id) : strings.reportFiled(id)),
    );
  }

  private async listReports(user: BotUser, args: string): Promise<BotOutput> {
    const all = user.isAdmin && /\ball\b/i.test(args);
    const list = await this.deps.reports.store.list({ ...(all ? {} : { reporterId: user.id }), limit: 20 });
    if (list.length === 0) return replies(text(strings.noReports));
    return replies({ card: reportsCard(list, all) });
  }

  private async cardAction(
    verb: string,
    data: Record<string, unknown>,
    user: BotUser,
  ): Promise<{ card?: ReturnType<typeof verdictCard>; message?: string; updateCard?: ReturnType<typeof verdictCard> }> {
    if (verb === VERBS.report) {
      const checkId = typeof data.checkId === 'string' ? data.checkId : '';
      const check = await this.deps.checks.get(checkId, user.id);
      if (!check) return { message: strings.checkExpired };
      const filed = await this.deps.reports.file({
        clientReportId: stableUuid('check', check.id),
        reporter: user.name ? { id: user.id, name: user.name } : { id: user.id },
        source: 'teams',
        headers: check.headers,
        ...(check.subject ? { subject: check.subject } : {}),
      });
      const card = verdictCard(filed.report.verdict, {
        reportedId: filed.report.id,
        ...(check.subject ? { subject: check.subject } : {}),
      });
      return { card, updateCard: card };
    }
    const adminAction = this.deps.adminCardActions?.get(verb);
    if (adminAction) {
      if (!user.isAdmin) return { message: strings.admin.actionDenied };
      const out = await adminAction(data, { user });
      return out.card ? { card: out.card, updateCard: out.card } : { message: out.message ?? strings.unknownInput };
    }
    const reportId = typeof data.reportId === 'string' ? data.reportId : '';
    const status = statusByVerb[verb];
    if (status || verb === VERBS.addKnownSender) {
      if (!user.isAdmin) return { message: strings.securityActionDenied };
      const existing = await this.deps.reports.store.get(reportId);
      if (!existing) return { message: strings.reportNotFound };
      const by = user.name ?? user.id;
      if (status) {
        const updated = (await this.deps.reports.store.setStatus(reportId, status, by)) ?? existing;
        this.deps.logger.info('report.status', { reportId, status });
        const card = securityCard(updated);
        return { card, updateCard: card };
      }
      // A report's headers may be pasted by anyone, so its source counts only once message trace or Defender shows it
      // (the inventory refuses to approve a source only reports name); its From address is never trusted.
      const source = sourceKeyFor(existing.verdict.facts.connectingIp);
      if (!source.ip) return { message: strings.knownSenderMissingSource };
      const name = `Report ${shortId(existing.id)}: ${source.ip}`;
      const known = await this.deps.inventory.getSource(source.key);
      if (!known?.verified) return { message: adminStrings.approveUnverified(source.key) };
      try {
        await this.deps.inventory.recordAction({
          sourceKey: source.key,
          action: 'approve',
          actor: by,
          at: Date.now(),
          name,
        });
      } catch (error) {
        if (error instanceof UnverifiedSourceError) return { message: adminStrings.approveUnverified(source.key) };
        throw error;
      }
      this.deps.tenantContext.invalidate();
      this.deps.logger.info('known-sender.added', { reportId });
      const card = securityCard(existing, strings.knownSenderAdded(name));
      return { card, updateCard: card };
    }
    return { message: strings.unknownInput };
  }

  private async messageActionFetch(message: ActionMessage): Promise<{ status: number; body: unknown }> {
    const verdict = await this.deps.reports.verdictFor(message.text);
    return {
      status: 200,
      body: {
        task: {
          type: 'continue',
          value: {
            title: strings.messageActionTitle,
            width: 'medium',
            height: 'medium',
            card: cardAttachment(messageActionCard(verdict)),
          },
        },
      },
    };
  }

  private async messageActionSubmit(
    message: ActionMessage,
    data: Record<string, unknown>,
    user: BotUser,
  ): Promise<{ status: number; body: unknown }> {
    const note = typeof data.note === 'string' && data.note.trim() ? data.note.trim().slice(0, 1000) : undefined;
    const context = [message.fromName ? `Teams message from ${message.fromName}` : 'Teams message', message.link]
      .filter(Boolean)
      .join(' ');
    const filed = await this.deps.reports.file({
      clientReportId: stableUuid('teams-message', user.id, message.id ?? message.text),
      reporter: user.name ? { id: user.id, name: user.name } : { id: user.id },
      source: 'teams',
      headers: message.text,
      subject: context.slice(0, 500),
      ...(note ? { note } : {}),
    });
    const id = shortId(filed.report.id);
    return {
      status: 200,
      body: {
        task: { type: 'message', value: filed.duplicate ? strings.reportDuplicate(id) : strings.reportFiled(id) },
      },
    };
  }
}

function looksLikeCommand(word: string): boolean {
  return ['help', 'check', 'report', 'reports', ...ADMIN_COMMANDS].includes(word);
}
