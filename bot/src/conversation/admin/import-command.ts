import { importTraceStream } from '../../admin/inventory/import-into-store.js';
import type { InventoryStore } from '../../admin/inventory/inventory-store.js';
import { TraceImportError } from '../../admin/trace/import-trace-csv.js';
import { importSummaryCard } from '../../cards/import-summary-card.js';
import type { Logger } from '../../log/logger.js';
import { strings } from '../../strings.js';
import {
  AttachmentReadError,
  AttachmentTooLargeError,
  isCsvAttachment,
  type AttachmentStream,
} from '../attachment-stream.js';
import type { AdminCommand, BotReply, FileAttachment } from '../bot-types.js';
import { ImportProgress, type ImportProgressOptions } from './import-progress.js';
import { actorOf } from './inventory-commands.js';
import { isPullRequest, pullCommand, type PullCommandDeps } from './pull-command.js';

export interface ImportCommandDeps {
  inventory: InventoryStore;
  open(file: FileAttachment, maxBytes: number, signal: AbortSignal): Promise<AttachmentStream>;
  /** The tenant's accepted domains: when set, only rows with a sender in them are kept. */
  acceptedDomains: readonly string[];
  maxBytes: number;
  timeoutMs: number;
  logger: Logger;
  /** Teams shows a typing indicator for a few seconds; it is renewed this often while the import runs. */
  typingEveryMs?: number;
  /** `import graph|defender|reports [days]` (absent = the bot says pulls are unavailable). */
  pull?: Omit<PullCommandDeps, 'inventory' | 'logger' | 'acceptedDomains'>;
  /** How often the progress card is updated. */
  progress?: Omit<ImportProgressOptions, 'logger'>;
}

/**
 * `import` with a message trace CSV attached: streamed from Teams into the inventory (size-limited, one
 * transaction at the end), with a typing indicator while it runs and a summary card when it is done. It runs as
 * long work: in Teams the turn answers at once and the summary follows.
 */
export function importCommand(deps: ImportCommandDeps): AdminCommand {
  const typingEvery = deps.typingEveryMs ?? 3000;
  return async (args, context): Promise<BotReply[]> => {
    const { user, files, runLong } = context;
    if (files.length === 0 && isPullRequest(args)) {
      if (!deps.pull)
        return [{ text: strings.adminCommandUnavailable(`import ${args.trim().split(/\s+/)[0]!.toLowerCase()}`) }];
      return pullCommand(
        { ...deps.pull, inventory: deps.inventory, acceptedDomains: deps.acceptedDomains, logger: deps.logger },
        args,
        context,
      );
    }
    const file = files[0];
    if (!file) return [{ text: args.trim() ? strings.admin.pullUsage : strings.admin.importNeedsFile }];
    if (!isCsvAttachment(file)) return [{ text: strings.admin.importNotCsv(file.name) }];
    const store = deps.inventory;
    return runLong(async (io) => {
      const { typing } = io;
      await typing();
      const signal = AbortSignal.timeout(deps.timeoutMs);
      const stream = await deps.open(file, deps.maxBytes, signal);
      if (!stream.ok) {
        const message = {
          'too-large': strings.admin.importTooLarge(deps.maxBytes),
          timeout: strings.admin.importTimedOut(deps.timeoutMs),
          failed: strings.admin.importDownloadFailed,
        };
        return [{ text: message[stream.reason] }];
      }
      let lastTyping = Date.now();
      const started = lastTyping;
      const progress = await ImportProgress.start(io, file.name, { ...deps.progress, logger: deps.logger });
      const declared = stream.declaredBytes;
      try {
        const result = await importTraceStream(stream.body, file.name, store, {
          actor: actorOf(user),
          ...(deps.acceptedDomains.length ? { acceptedDomains: deps.acceptedDomains } : {}),
          ...(stream.declaredBytes !== undefined ? { totalBytes: stream.declaredBytes } : {}),
          progressEveryRows: 10_000,
          onProgress: ({ rows, bytes }) => {
            progress.report({ rows, ...(declared ? { share: Math.min(1, bytes / declared) } : {}) });
            if (Date.now() - lastTyping < typingEvery) return;
            lastTyping = Date.now();
            void typing();
          },
        });
        deps.logger.info('inventory.imported', {
          rows: result.trace.rows,
          badRows: result.trace.badRows,
          sources: result.record.sources,
          bytes: result.trace.bytes,
          duplicate: !!result.duplicateOf,
          ms: Date.now() - started,
        });
        if (result.duplicateOf)
          return progress.finish([{ text: strings.admin.importDuplicate(result.record.label, result.duplicateOf.at) }]);
        return progress.finish([{ card: importSummaryCard(result) }]);
      } catch (error) {
        if (error instanceof AttachmentTooLargeError)
          return progress.finish([{ text: strings.admin.importTooLarge(deps.maxBytes) }]);
        if (error instanceof TraceImportError)
          return progress.finish([{ text: strings.admin.importRefused(error.message) }]);
        if (error instanceof AttachmentReadError) {
          deps.logger.warn('inventory.import-download-failed', { reason: error.reason });
          return progress.finish([
            {
              text:
                error.reason === 'timeout'
                  ? strings.admin.importTimedOut(deps.timeoutMs)
                  : strings.admin.importDownloadFailed,
            },
          ]);
        }
        deps.logger.error('inventory.import-failed', { error });
        return progress.finish([{ text: strings.longWorkFailed }]);
      }
    });
  };
}
