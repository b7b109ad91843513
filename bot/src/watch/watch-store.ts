import type { IncidentAlert, IncidentAlertSource, IncidentRevisions } from '../alerts/incident-alert.js';
import type { Verdict } from '../classifier.js';
import { sourceKeyFor } from '../admin/inventory/source-key.js';
import type { TraceRow } from '../admin/trace/trace-row.js';
import type { ReportStatus } from '../reports/report-types.js';
import { timeOrderedUuid } from '../reports/time-ordered-id.js';
import { enqueue } from '../storage/outbox.js';
import type { SqlClient } from '../storage/sql-client.js';
import { ALERTING_VERDICTS, type Incident, type WatchSourceName, type WatchState } from './incident-types.js';
import { inventoryRow, type WatchedDelivery } from './mail-events.js';

export interface JudgedDelivery {
  delivery: WatchedDelivery;
  verdict: Verdict;
}

export interface PageOutcome {
  /** Deliveries (message, recipient) not recorded before. */
  newDeliveries: number;
  /** Messages (NetworkMessageId) not recorded before. */
  newMessages: number;
  newIncidents: Incident[];
  /** Incidents that gained messages or recipients. */
  grownIncidents: string[];
  /** New messages from approved sources (verdict direct-send), one row per message, for the inventory. */
  approvedRows: TraceRow[];
}

/** Messages of one source range and sender this close to an incident's last message join it. */
export const INCIDENT_WINDOW_MS = 60 * 60_000;
const CHUNK = 400;

interface IncidentRow {
  id: string;
  group_key: string;
  source_key: string;
  sender: string;
  origin: string;
  verdict: string;
  subject: string | null;
  messages: number | string;
  recipients: number | string;
  first_seen: number | string;
  last_seen: number | string;
  status: string;
  status_by: string | null;
  revision: number | string;
  security_conversation_id: string | null;
  security_activity_id: string | null;
  created_at: number | string;
  updated_at: number | string;
}

const INCIDENT_COLUMNS = `id, group_key, source_key, sender, origin, verdict, subject, messages, recipients, first_seen, last_seen,
  status, status_by, revision, security_conversation_id, security_activity_id, created_at, updated_at`;

function toIncident(row: IncidentRow): Incident {
  const incident: Incident = {
    id: row.id,
    groupKey: row.group_key,
    sourceKey: row.source_key,
    sender: row.sender,
    origin: row.origin as WatchSourceName,
    verdict: JSON.parse(row.verdict) as Verdict,
    messages: Number(row.messages),
    recipients: Number(row.recipients),
    firstSeen: Number(row.first_seen),
    lastSeen: Number(row.last_seen),
    status: row.status as ReportStatus,
    revision: Number(row.revision),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (row.subject) incident.subject = row.subject;
  if (row.status_by) incident.statusBy = row.status_by;
  if (row.security_conversation_id && row.security_activity_id) {
    incident.securityMessage = { conversationId: row.security_conversation_id, activityId: row.security_activity_id };
  }
  return incident;
}

/** The sender an incident is about: the From the user sees, else the envelope sender. */
export function incidentSender(delivery: WatchedDelivery): string {
  return delivery.event.senderFromAddress ?? delivery.event.senderMailFromAddress ?? '';
}

export function incidentGroupKey(delivery: WatchedDelivery): { groupKey: string; sourceKey: string; sender: string } {
  const sourceKey = sourceKeyFor(delivery.event.senderIp).key;
  const sender = incidentSender(delivery);
  return { groupKey: `${sourceKey}|${sender}`, sourceKey, sender };
}

const placeholderCache = new Map<string, string>();

/** `($1, $2), ($3, $4), ...` for a multi-row INSERT (cached: a poll uses the same few shapes thousands of times). */
function placeholders(rows: number, columns: number): string {
  const key = `${rows}x${columns}`;
  let text = placeholderCache.get(key);
  if (!text) {
    const out: string[] = [];
    for (let r = 0; r < rows; r += 1)
      out.push(`(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`);
    text = out.join(', ');
    if (placeholderCache.size < 64) placeholderCache.set(key, text);
  }
  return text;
}

/**
 * The watcher's state in the server's database. A page of events is recorded in one transaction: messages and
 * deliveries (each counted once, by NetworkMessageId and recipient), incidents, their queued alerts and the
 * watermark land together or not at all, so a crash or a second instance never loses or repeats an alert.
 */
export class WatchStore implements IncidentAlertSource, IncidentRevisions {
  constructor(
    private readonly db: SqlClient,
    /** Outbox kinds every new incident is queued for (webhook, sentinel, syslog, teams-channel). */
    private readonly alertKinds: () => readonly string[] = () => [],
    private readonly windowMs = INCIDENT_WINDOW_MS,
  ) {}

  async states(): Promise<WatchState[]> {
    const rows = await this.db.query<Record<string, unknown>>('SELECT * FROM watch_state ORDER BY source');
    return rows.map((r) => {
      const state: WatchState = { source: r.source as WatchSourceName, lastEvents: Number(r.last_events ?? 0) };
      if (r.watermark !== null) state.watermark = Number(r.watermark);
      if (r.last_poll_at !== null) state.lastPollAt = Number(r.last_poll_at);
      if (r.last_ok_at !== null) state.lastOkAt = Number(r.last_ok_at);
      if (r.last_error) state.lastError = String(r.last_error);
      if (r.polled_by) state.polledBy = String(r.polled_by);
      return state;
    });
  }

  async watermark(source: WatchSourceName): Promise<number | undefined> {
    const rows = await this.db.query<{ watermark: number | string | null }>(
      'SELECT watermark FROM watch_state WHERE source = $1',
      [source],
    );
    const value = rows[0]?.watermark;
    return value === null || value === undefined ? undefined : Number(value);
  }

  /** Records one page of judged deliveries, their incidents and alerts, and moves the watermark, atomically. */
  async recordPage(source: WatchSourceName, page: readonly JudgedDelivery[], now = Date.now()): Promise<PageOutcome> {
    const kinds = [...this.alertKinds()];
    return this.db.transaction(async (tx) => {
      await tx.execute(
        'INSERT INTO watch_state (source, last_events, updated_at) VALUES ($1, 0, $2) ON CONFLICT (source) DO NOTHING',
        [source, now],
      );
      // PostgreSQL: one writer per source at a time (SQLite's transaction already holds the write lock).
      if (tx.dialect === 'postgres')
        await tx.query('SELECT source FROM watch_state WHERE source = $1 FOR UPDATE', [source]);
      const outcome: PageOutcome = {
        newDeliveries: 0,
        newMessages: 0,
        newIncidents: [],
        grownIncidents: [],
        approvedRows: [],
      };
      if (page.length === 0) return outcome;

      const newDeliveryKeys = new Set<string>();
      for (let i = 0; i < page.length; i += CHUNK) {
        const chunk = page.slice(i, i + CHUNK);
        const unique = [
          ...new Map(chunk.map((j) => [`${j.delivery.networkMessageId}\n${j.delivery.recipient}`, j])).values(),
        ];
        const inserted = await tx.query<{ network_message_id: string; recipient: string }>(
          `INSERT INTO watch_deliveries (network_message_id, recipient, internet_message_id) VALUES ${placeholders(unique.length, 3)}
           ON CONFLICT DO NOTHING RETURNING network_message_id, recipient`,
          unique.flatMap((j) => [
            j.delivery.networkMessageId,
            j.delivery.recipient,
            j.delivery.internetMessageId ?? null,
          ]),
        );
        for (const row of inserted) newDeliveryKeys.add(`${row.network_message_id}\n${row.recipient}`);
      }
      outcome.newDeliveries = newDeliveryKeys.size;
      if (newDeliveryKeys.size === 0) {
        await this.advance(tx, source, page, now);
        return outcome;
      }

      // One entry per message, with the recipients this page added.
      const messages = new Map<string, { first: JudgedDelivery; recipients: string[] }>();
      for (const judged of page) {
        const key = `${judged.delivery.networkMessageId}\n${judged.delivery.recipient}`;
        if (!newDeliveryKeys.has(key)) continue;
        newDeliveryKeys.delete(key);
        const entry = messages.get(judged.delivery.networkMessageId);
        if (entry) entry.recipients.push(judged.delivery.recipient);
        else messages.set(judged.delivery.networkMessageId, { first: judged, recipients: [judged.delivery.recipient] });
      }
      const ids = [...messages.keys()];
      const fresh = new Set<string>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK).map((id) => messages.get(id)!.first);
        const inserted = await tx.query<{ network_message_id: string }>(
          `INSERT INTO watch_messages (network_message_id, source, verdict, received_at, recorded_at) VALUES ${placeholders(chunk.length, 5)}
           ON CONFLICT DO NOTHING RETURNING network_message_id`,
          chunk.flatMap((j) => [j.delivery.networkMessageId, source, j.verdict.verdict, j.delivery.receivedAt, now]),
        );
        for (const row of inserted) fresh.add(row.network_message_id);
      }
      outcome.newMessages = fresh.size;

      // What each incident gains in this page: messages, recipients (counted once each), first and last seen.
      const gains = new Map<string, { messageIds: string[]; recipients: string[]; first: number; last: number }>();
      const gain = (
        incidentId: string,
        at: number,
      ): { messageIds: string[]; recipients: string[]; first: number; last: number } => {
        let entry = gains.get(incidentId);
        if (!entry) gains.set(incidentId, (entry = { messageIds: [], recipients: [], first: at, last: at }));
        entry.first = Math.min(entry.first, at);
        entry.last = Math.max(entry.last, at);
        return entry;
      };

      // Recipients added to messages recorded by an earlier page: their incident grows.
      const older = ids.filter((id) => !fresh.has(id));
      for (let i = 0; i < older.length; i += CHUNK) {
        const chunk = older.slice(i, i + CHUNK);
        const rows = await tx.query<{ network_message_id: string; incident_id: string }>(
          `SELECT network_message_id, incident_id FROM watch_messages WHERE network_message_id IN (${chunk.map((_, n) => `$${n + 1}`).join(', ')})
             AND incident_id IS NOT NULL`,
          chunk,
        );
        for (const row of rows) {
          const entry = messages.get(row.network_message_id)!;
          gain(row.incident_id, entry.first.delivery.receivedAt).recipients.push(...entry.recipients);
        }
      }

      const groups = new Map<
        string,
        { key: ReturnType<typeof incidentGroupKey>; items: { first: JudgedDelivery; recipients: string[] }[] }
      >();
      for (const id of fresh) {
        const entry = messages.get(id)!;
        const verdict = entry.first.verdict.verdict;
        if (verdict === 'direct-send') {
          outcome.approvedRows.push(inventoryRow(entry.first.delivery, entry.recipients));
          continue;
        }
        if (!ALERTING_VERDICTS.includes(verdict)) continue;
        const key = incidentGroupKey(entry.first.delivery);
        const group = groups.get(key.groupKey) ?? { key, items: [] };
        group.items.push(entry);
        groups.set(key.groupKey, group);
      }

      for (const group of groups.values()) {
        group.items.sort((a, b) => a.first.delivery.receivedAt - b.first.delivery.receivedAt);
        let current: { id: string; lastSeen: number } | undefined;
        for (const item of group.items) {
          const at = item.first.delivery.receivedAt;
          if (!current || at - current.lastSeen > this.windowMs) {
            const [open] = await tx.query<{ id: string; last_seen: number | string }>(
              `SELECT id, last_seen FROM watch_incidents WHERE group_key = $1 AND last_seen >= $2 AND first_seen <= $3
               ORDER BY last_seen DESC LIMIT 1`,
              [group.key.groupKey, at - this.windowMs, at + this.windowMs],
            );
            if (open) current = { id: open.id, lastSeen: Number(open.last_seen) };
            else {
              const incident = await this.createIncident(tx, source, group.key, item.first, now, kinds);
              outcome.newIncidents.push(incident);
              current = { id: incident.id, lastSeen: at };
            }
          }
          const entry = gain(current.id, at);
          entry.messageIds.push(item.first.delivery.networkMessageId);
          entry.recipients.push(...item.recipients);
          current.lastSeen = Math.max(current.lastSeen, at);
        }
      }

      const created = new Set(outcome.newIncidents.map((i) => i.id));
      for (const [incidentId, entry] of gains) {
        for (let i = 0; i < entry.messageIds.length; i += CHUNK) {
          const chunk = entry.messageIds.slice(i, i + CHUNK);
          await tx.execute(
            `UPDATE watch_messages SET incident_id = $1 WHERE network_message_id IN (${chunk.map((_, n) => `$${n + 2}`).join(', ')})`,
            [incidentId, ...chunk],
          );
        }
        let newRecipients = 0;
        const recipients = [...new Set(entry.recipients)];
        for (let i = 0; i < recipients.length; i += CHUNK) {
          const chunk = recipients.slice(i, i + CHUNK);
          const inserted = await tx.query<{ recipient: string }>(
            `INSERT INTO watch_incident_recipients (incident_id, recipient) VALUES ${placeholders(chunk.length, 2)} ON CONFLICT DO NOTHING RETURNING recipient`,
            chunk.flatMap((recipient) => [incidentId, recipient]),
          );
          newRecipients += inserted.length;
        }
        // A new revision when what the card shows changed for an incident recorded before this page (a late row of a
        // known message to a known recipient changes nothing): the end of the poll queues its update.
        await tx.execute(
          `UPDATE watch_incidents SET messages = messages + $2, recipients = recipients + $3,
             first_seen = CASE WHEN first_seen < $4 THEN first_seen ELSE $4 END,
             last_seen = CASE WHEN last_seen > $5 THEN last_seen ELSE $5 END, updated_at = $6,
             revision = revision + CASE WHEN $2 > 0 OR $3 > 0 OR first_seen > $4 OR last_seen < $5 THEN $7 ELSE 0 END
           WHERE id = $1`,
          [
            incidentId,
            entry.messageIds.length,
            newRecipients,
            entry.first,
            entry.last,
            now,
            created.has(incidentId) ? 0 : 1,
          ],
        );
      }
      const grown = new Set(gains.keys());
      outcome.grownIncidents = [...grown].filter((id) => !created.has(id));
      for (const incident of outcome.newIncidents) {
        const [row] = await tx.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM watch_incidents WHERE id = $1`, [
          incident.id,
        ]);
        Object.assign(incident, toIncident(row!));
      }
      await this.advance(tx, source, page, now);
      return outcome;
    });
  }

  private async createIncident(
    tx: SqlClient,
    source: WatchSourceName,
    key: ReturnType<typeof incidentGroupKey>,
    first: JudgedDelivery,
    now: number,
    kinds: readonly string[],
  ): Promise<Incident> {
    const id = timeOrderedUuid(now);
    const at = first.delivery.receivedAt;
    const subject = first.delivery.event.subject ?? null;
    await tx.execute(
      `INSERT INTO watch_incidents (id, group_key, source_key, sender, origin, verdict, verdict_code, subject, messages, recipients,
         first_seen, last_seen, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, $9, $9, 'new', $10, $10)`,
      [
        id,
        key.groupKey,
        key.sourceKey,
        key.sender,
        source,
        JSON.stringify(first.verdict),
        first.verdict.verdict,
        subject,
        at,
        now,
      ],
    );
    for (const kind of kinds) await enqueue(tx, kind, { incidentId: id }, now);
    return {
      id,
      groupKey: key.groupKey,
      sourceKey: key.sourceKey,
      sender: key.sender,
      origin: source,
      verdict: first.verdict,
      messages: 0,
      recipients: 0,
      firstSeen: at,
      lastSeen: at,
      status: 'new',
      revision: 0,
      createdAt: now,
      updatedAt: now,
      ...(subject ? { subject } : {}),
    };
  }

  private async advance(
    tx: SqlClient,
    source: WatchSourceName,
    page: readonly JudgedDelivery[],
    now: number,
  ): Promise<void> {
    const newest = page.reduce((max, j) => Math.max(max, j.delivery.receivedAt), -Infinity);
    if (!Number.isFinite(newest)) return;
    await tx.execute(
      `UPDATE watch_state SET watermark = CASE WHEN watermark IS NULL OR watermark < $2 THEN $2 ELSE watermark END, updated_at = $3
       WHERE source = $1`,
      [source, newest, now],
    );
  }

  /** The end of a poll of one source: when, by whom, how many events, and the error if it failed. */
  async recordPoll(
    source: WatchSourceName,
    outcome: { ok: boolean; events: number; error?: string; by: string },
    now = Date.now(),
  ): Promise<void> {
    await this.db.execute(
      `INSERT INTO watch_state (source, last_poll_at, last_ok_at, last_error, last_events, polled_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $2)
       ON CONFLICT (source) DO UPDATE SET last_poll_at = $2, last_ok_at = COALESCE($3, watch_state.last_ok_at), last_error = $4,
         last_events = $5, polled_by = $6, updated_at = $2`,
      [source, now, outcome.ok ? now : null, outcome.error?.slice(0, 500) ?? null, outcome.events, outcome.by],
    );
  }

  /**
   * The end of a poll: one update per destination for each incident that grew since its last queued update, in one
   * transaction. Growth is recorded (as a new revision) with its page, so updates a crash kept from being queued are
   * queued by the next poll; a campaign that grows over many pages of one poll is one update.
   */
  async queueIncidentUpdates(now = Date.now()): Promise<string[]> {
    const kinds = [...this.alertKinds()];
    return this.db.transaction(async (tx) => {
      const due = await tx.query<{ id: string; revision: number | string }>(
        'SELECT id, revision FROM watch_incidents WHERE revision > queued_revision ORDER BY id',
      );
      for (const { id, revision } of due) {
        for (const kind of kinds) {
          if (await this.alertWaiting(tx, kind, id, now)) continue;
          await enqueue(tx, kind, { incidentId: id, revision: Number(revision) }, now);
        }
        await tx.execute('UPDATE watch_incidents SET queued_revision = $2 WHERE id = $1 AND queued_revision < $2', [
          id,
          Number(revision),
        ]);
      }
      return due.map((d) => d.id);
    });
  }

  /**
   * An alert of the incident for `kind` is queued and no worker holds it: it loads the incident when delivered, so it
   * will carry the new counts too (a new incident whose alert is still queued, or an outage's backlog, gets no more).
   */
  private async alertWaiting(tx: SqlClient, kind: string, incidentId: string, now: number): Promise<boolean> {
    const created = JSON.stringify({ incidentId });
    const rows = await tx.query(
      `SELECT id FROM outbox WHERE delivered_at IS NULL AND kind = $1 AND (payload = $2 OR payload LIKE $3)
         AND (locked_until IS NULL OR locked_until <= $4) LIMIT 1`,
      [kind, created, `${created.slice(0, -1)},%`, now],
    );
    return rows.length > 0;
  }

  async deliveredRevision(incidentId: string, kind: string): Promise<number | undefined> {
    const [row] = await this.db.query<{ revision: number | string }>(
      'SELECT revision FROM watch_alert_revisions WHERE incident_id = $1 AND kind = $2',
      [incidentId, kind],
    );
    return row ? Number(row.revision) : undefined;
  }

  /** Records that `kind` got the incident as of `revision` (never lowers what it already got). */
  async setDeliveredRevision(incidentId: string, kind: string, revision: number): Promise<void> {
    await this.db.execute(
      `INSERT INTO watch_alert_revisions (incident_id, kind, revision) VALUES ($1, $2, $3)
       ON CONFLICT (incident_id, kind) DO UPDATE SET revision = $3 WHERE watch_alert_revisions.revision < $3`,
      [incidentId, kind, revision],
    );
  }

  async getIncident(id: string): Promise<Incident | undefined> {
    const [row] = await this.db.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM watch_incidents WHERE id = $1`, [
      id,
    ]);
    return row ? toIncident(row) : undefined;
  }

  async alertFor(incidentId: string): Promise<IncidentAlert | undefined> {
    const incident = await this.getIncident(incidentId);
    return incident ? { incident, networkMessageIds: await this.messageIds(incidentId) } : undefined;
  }

  /** Newest first. */
  async listIncidents(options: { since?: number; limit?: number } = {}): Promise<Incident[]> {
    const rows = await this.db.query<IncidentRow>(
      `SELECT ${INCIDENT_COLUMNS} FROM watch_incidents WHERE created_at >= $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [options.since ?? 0, options.limit ?? 50],
    );
    return rows.map(toIncident);
  }

  async countIncidents(since: number): Promise<number> {
    const [row] = await this.db.query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM watch_incidents WHERE created_at >= $1',
      [since],
    );
    return Number(row?.n ?? 0);
  }

  /** The incident's messages' NetworkMessageIds, oldest first (at most `limit`). */
  async messageIds(incidentId: string, limit = 1000): Promise<string[]> {
    const rows = await this.db.query<{ network_message_id: string }>(
      'SELECT network_message_id FROM watch_messages WHERE incident_id = $1 ORDER BY received_at, network_message_id LIMIT $2',
      [incidentId, limit],
    );
    return rows.map((r) => r.network_message_id);
  }

  /** Each (message, mailbox) of the incident, for tagging. */
  async deliveries(
    incidentId: string,
  ): Promise<{ networkMessageId: string; recipient: string; internetMessageId?: string; taggedAt?: number }[]> {
    const rows = await this.db.query<{
      network_message_id: string;
      recipient: string;
      internet_message_id: string | null;
      tagged_at: number | string | null;
    }>(
      `SELECT d.network_message_id, d.recipient, d.internet_message_id, d.tagged_at FROM watch_deliveries d
       JOIN watch_messages m ON m.network_message_id = d.network_message_id
       WHERE m.incident_id = $1 ORDER BY d.network_message_id, d.recipient`,
      [incidentId],
    );
    return rows.map((r) => ({
      networkMessageId: r.network_message_id,
      recipient: r.recipient,
      ...(r.internet_message_id ? { internetMessageId: r.internet_message_id } : {}),
      ...(r.tagged_at !== null ? { taggedAt: Number(r.tagged_at) } : {}),
    }));
  }

  async setTagged(networkMessageId: string, recipient: string, at: number | null): Promise<void> {
    await this.db.execute(
      'UPDATE watch_deliveries SET tagged_at = $3 WHERE network_message_id = $1 AND recipient = $2',
      [networkMessageId, recipient, at],
    );
  }

  async setStatus(id: string, status: ReportStatus, by: string, now = Date.now()): Promise<Incident | undefined> {
    await this.db.execute('UPDATE watch_incidents SET status = $2, status_by = $3, updated_at = $4 WHERE id = $1', [
      id,
      status,
      by,
      now,
    ]);
    return this.getIncident(id);
  }

  async setSecurityMessage(id: string, conversationId: string, activityId: string): Promise<void> {
    await this.db.execute(
      'UPDATE watch_incidents SET security_conversation_id = $2, security_activity_id = $3 WHERE id = $1',
      [id, conversationId, activityId],
    );
  }
}
