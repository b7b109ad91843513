import { TurnContext, type Activity } from 'botbuilder';
import type { ActionMessage, BotInput, FileAttachment } from '../conversation/bot-types.js';

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** Teams activity -> the framework-free input the bot core understands; undefined for activities it ignores. */
export function toBotInput(activity: Activity): BotInput | undefined {
  if (activity.type === 'message') {
    const value = isRecord(activity.value) ? activity.value : undefined;
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    return { kind: 'message', text: isHtml(activity, text) ? stripHtml(text) : text, files: fileAttachments(activity), ...(value ? { value } : {}) };
  }
  if (activity.type !== 'invoke') return undefined;
  const value = isRecord(activity.value) ? activity.value : {};
  switch (activity.name) {
    case 'adaptiveCard/action': {
      const action = isRecord(value.action) ? value.action : {};
      return { kind: 'card-action', verb: typeof action.verb === 'string' ? action.verb : '', data: isRecord(action.data) ? action.data : {} };
    }
    case 'composeExtension/fetchTask':
      return { kind: 'message-action-fetch', message: actionMessage(value) };
    case 'composeExtension/submitAction':
      return { kind: 'message-action-submit', message: actionMessage(value), data: isRecord(value.data) ? value.data : {} };
    default:
      return undefined;
  }
}

function fileAttachments(activity: Activity): FileAttachment[] {
  return (activity.attachments ?? []).flatMap((a) => {
    if (a.contentType !== FILE_DOWNLOAD_INFO || !isRecord(a.content) || typeof a.content.downloadUrl !== 'string') return [];
    const file: FileAttachment = { name: a.name ?? 'attachment', downloadUrl: a.content.downloadUrl };
    if (typeof a.content.fileType === 'string') file.fileType = a.content.fileType;
    return [file];
  });
}

function actionMessage(value: Record<string, unknown>): ActionMessage {
  const payload = isRecord(value.messagePayload) ? value.messagePayload : {};
  const body = isRecord(payload.body) ? payload.body : {};
  const content = typeof body.content === 'string' ? body.content : '';
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

/** Teams sends pasted text as HTML: keep line breaks, drop tags, decode the common entities. */
export function stripHtml(html: string): string {
  if (!/[<&]/.test(html)) return html;
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|pre)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
