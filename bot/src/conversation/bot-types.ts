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
  | { kind: 'message'; text: string; files: FileAttachment[]; value?: Record<string, unknown> }
  | { kind: 'card-action'; verb: string; data: Record<string, unknown> }
  | { kind: 'message-action-fetch'; message: ActionMessage }
  | { kind: 'message-action-submit'; message: ActionMessage; data: Record<string, unknown> };

export type BotReply = { text: string } | { card: AdaptiveCard };

export interface BotOutput {
  replies: BotReply[];
  /** The body of the invoke response (invokes only). */
  invoke?: { status: number; body: unknown };
  /** Replace the card the action came from, for everyone in the conversation. */
  updateCard?: AdaptiveCard;
}

/** Admin commands (inventory, import, ...) plug in here; the bot checks the caller is an admin first. */
export type AdminCommand = (args: string, context: { user: BotUser; files: FileAttachment[] }) => Promise<BotReply[]>;
export const ADMIN_COMMANDS = ['inventory', 'import', 'approve', 'retire', 'readiness', 'probe'] as const;
