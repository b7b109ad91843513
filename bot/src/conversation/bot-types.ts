import type { AdaptiveCard } from '../cards/card-types.js';

export interface BotUser {
  /** Entra object id when the channel gives one (Teams does), else the channel's user id. */
  id: string;
  name?: string;
  isAdmin: boolean;
}

export interface FileAttachment {
  name: string;
  downloadUrl: string;
  fileType?: string;
}

/** A Teams message as the message action sees it (messagePayload), reduced to what we use. */
export interface ActionMessage {
  id?: string;
  /** Plain text of the message body (HTML already stripped). */
  text: string;
  fromName?: string;
  link?: string;
}

export type BotInput =
  | {
      kind: 'message';
      text: string;
      files: FileAttachment[];
      value?: Record<string, unknown>;
      tooLong?: { maxChars: number };
    }
  | { kind: 'card-action'; verb: string; data: Record<string, unknown> }
  | { kind: 'message-action-fetch'; message: ActionMessage }
  | { kind: 'message-action-submit'; message: ActionMessage; data: Record<string, unknown> };

export type BotReply = { text: string } | { card: AdaptiveCard };

/** What every reply of a turn carries besides its content: the intent handled, and the buttons for the next step. */
export interface ReplyMeta {
  /** The intent the turn handled (`channelData.intent` on every reply activity), e.g. "inventory", "unknown". */
  intent?: string;
  /** Commands offered as suggested actions on the last reply (each button sends its command word). */
  suggestions?: readonly string[];
}

export interface BotOutput extends ReplyMeta {
  replies: BotReply[];
  /** The body of the invoke response (invokes only). */
  invoke?: { status: number; body: unknown };
  /** Replace the card the action came from, for everyone in the conversation. */
  updateCard?: AdaptiveCard;
}

/** A message posted while work runs, replaced in place as the work advances (Teams: updateActivity). */
export interface ProgressMessage {
  /** Replaces the message; false when the channel refused (the caller then posts its answer instead). */
  update(reply: BotReply): Promise<boolean>;
}

/** Progress while work runs (Teams: a typing indicator, shown for a few seconds). */
export interface WorkIo {
  typing(): Promise<void>;
  /** Posts a message that can be updated later; absent (or undefined) where the answer is all the channel gets. */
  progress?(reply: BotReply): Promise<ProgressMessage | undefined>;
}

/** Work that may outlast the channel's 15-second answer window (downloads, tenant reads). */
export type LongWork = (io: WorkIo) => Promise<BotReply[]>;

/** What an admin command may do while it works. */
export interface AdminCommandContext extends WorkIo {
  user: BotUser;
  files: FileAttachment[];
  /**
   * Runs `work` so that the turn is not held open: where replies can be posted later, the turn answers at once and
   * the work's replies follow in the same conversation (answering []); otherwise it answers the work's replies.
   */
  runLong(work: LongWork): Promise<BotReply[]>;
}

/** Admin commands (inventory, import, ...) plug in here; the bot checks the caller is an admin first. */
export type AdminCommand = (args: string, context: AdminCommandContext) => Promise<BotReply[]>;
export { ADMIN_INTENTS as ADMIN_COMMANDS } from './intents/intent-lexicon.js';

/** Card buttons of admin commands (by verb); the bot checks the caller is an admin first. The card replaces the one pressed. */
export type AdminCardAction = (
  data: Record<string, unknown>,
  context: { user: BotUser },
) => Promise<{ card?: AdaptiveCard; message?: string }>;

/** Side channel of a turn: progress before the answer, and long work after it. */
export interface TurnIo extends WorkIo {
  /** `meta` goes with the replies the work posts after the turn (and its progress messages). */
  runLong(work: LongWork, meta?: ReplyMeta): Promise<BotReply[]>;
}
