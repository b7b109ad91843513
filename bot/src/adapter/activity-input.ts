import { TurnContext, type Activity } from 'botbuilder';
import type { ActionMessage, BotInput, FileAttachment } from '../conversation/bot-types.js';

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
/** Far above what Teams lets a message carry (about 28 KB); longer text is refused unread. */
export const MAX_CHAT_TEXT_CHARS = 64 * 1024;

/** Teams activity -> the framework-free input the bot core understands; undefined for activities it ignores. */
export function toBotInput(activity: Activity): BotInput | undefined {
  if (activity.type === 'message') {
    const value = isRecord(activity.value) ? activity.value : undefined;
    const files = fileAttachments(activity);
    if ((activity.text ?? '').length > MAX_CHAT_TEXT_CHARS)
      return { kind: 'message', text: '', files, tooLong: { maxChars: MAX_CHAT_TEXT_CHARS } };
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    return {
      kind: 'message',
      text: isHtml(activity, text) ? stripHtml(text) : text,
      files,
      ...(value ? { value } : {}),
    };
  }
  if (activity.type !== 'invoke') return undefined;
  const value = isRecord(activity.value) ? activity.value : {};
  switch (activity.name) {
    case 'adaptiveCard/action': {
      const action = isRecord(value.action) ? value.action : {};
      return {
        kind: 'card-action',
        verb: typeof action.verb === 'string' ? action.verb : '',
        data: isRecord(action.data) ? action.data : {},
      };
    }
    case 'composeExtension/fetchTask':
      return { kind: 'message-action-fetch', message: actionMessage(value) };
    case 'composeExtension/submitAction':
      return {
        kind: 'message-action-submit',
        message: actionMessage(value),
        data: isRecord(value.data) ? value.data : {},
      };
    default:
      return undefined;
  }
}

function fileAttachments(activity: Activity): FileAttachment[] {
  return (activity.attachments ?? []).flatMap((a) => {
    if (a.contentType !== FILE_DOWNLOAD_INFO || !isRecord(a.content) || typeof a.content.downloadUrl !== 'string')
      return [];
    const file: FileAttachment = { name: a.name ?? 'attachment', downloadUrl: a.content.downloadUrl };
    if (typeof a.content.fileType === 'string') file.fileType = a.content.fileType;
    return [file];
  });
}

function actionMessage(value: Record<string, unknown>): ActionMessage {
  const payload = isRecord(value.messagePayload) ? value.messagePayload : {};
  const body = isRecord(payload.body) ? payload.body : {};
  // The message action reads someone else's message: past the cap only its start counts (the headers, if any).
  const content = typeof body.content === 'string' ? body.content.slice(0, MAX_CHAT_TEXT_CHARS) : '';
  const from = isRecord(payload.from) && isRecord(payload.from.user) ? payload.from.user : undefined;
  const message: ActionMessage = { text: body.contentType === 'html' ? stripHtml(content) : content };
  if (typeof payload.id === 'string') message.id = payload.id;
  if (from && typeof from.displayName === 'string') message.fromName = from.displayName;
  if (typeof payload.linkToMessage === 'string') message.link = payload.linkToMessage;
  return message;
}

/** Headers hold "<a@b>" addresses, so only markup Teams itself produces counts as HTML. */
function isHtml(activity: Activity, text: string): boolean {
  return activity.textFormat === 'xml' || /^\s*<(p|div|span|pre|code|br)\b[^>]*>/i.test(text);
}

const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };

/**
 * Teams sends pasted text as HTML: keep line breaks, drop tags, decode the common entities. One pass, linear in the
 * length whatever the input (a regular expression over unclosed `<` runs was quadratic).
 */
export function stripHtml(html: string): string {
  if (!/[<&]/.test(html)) return html;
  let out = '';
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open === -1) {
      out += html.slice(at);
      break;
    }
    out += html.slice(at, open);
    const close = html.indexOf('>', open + 1);
    if (close === -1) {
      // No tag ends after this point: the rest is text.
      out += html.slice(open);
      break;
    }
    if (close === open + 1) {
      out += '<';
      at = open + 1;
      continue;
    }
    const tag = html.slice(open + 1, close);
    if (/^br\s*\/?$/i.test(tag) || /^\/(p|div|li|tr|pre)$/i.test(tag)) out += '\n';
    at = close + 1;
  }
  return out.replace(/&(nbsp|lt|gt|quot|#39|amp);/g, (_m, name: string) => ENTITIES[name]!);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
