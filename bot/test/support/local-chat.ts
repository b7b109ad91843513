/** A personal-chat message as the local-mode bot endpoint takes it (no token), answered in the HTTP response. */
export function localActivity(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `in-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:x' },
    recipient: { id: '28:dsguard' },
    conversation: { id: 'a:personal' },
    deliveryMode: 'expectReplies',
    text,
    ...extra,
  };
}

export interface ReplyActivity {
  type: string;
  text?: string;
  attachments?: { contentType: string; content: unknown }[];
}

/** Posts `activity` to `<url>/api/messages` and answers the replies (expects 200). */
export async function localChat(url: string, activity: Record<string, unknown>): Promise<ReplyActivity[]> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  if (res.status !== 200) throw new Error(`/api/messages answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { activities: ReplyActivity[] }).activities;
}
