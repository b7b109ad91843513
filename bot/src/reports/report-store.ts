import type { SqlClient } from '../storage/sql-client.js';
import { enqueue } from '../storage/outbox.js';
import type { FiledReport, NewReport, Report, ReportStatus, ReportSummary } from './report-types.js';
import { timeOrderedUuid } from './time-ordered-id.js';

interface ReportRow {
  id: string;
  client_report_id: string;
  reporter_id: string;
  reporter_name: string | null;
  source: string;
  network_message_id: string | null;
  subject: string | null;
  note: string | null;
  headers: string;
  has_eml: number | boolean;
  verdict: string;
  verdict_code: string;
  score: number;
  status: string;
  status_by: string | null;
  created_at: number;
  updated_at: number;
  security_conversation_id: string | null;
  security_activity_id: string | null;
}

const COLUMNS = `id, client_report_id, reporter_id, reporter_name, source, network_message_id, subject, note, headers,
  CASE WHEN eml IS NULL THEN 0 ELSE 1 END AS has_eml, verdict, verdict_code, score, status, status_by, created_at, updated_at,
  security_conversation_id, security_activity_id`;

function toReport(row: ReportRow): Report {
  const report: Report = {
    id: row.id,
    clientReportId: row.client_report_id,
    reporterId: row.reporter_id,
    source: row.source as Report['source'],
    headers: row.headers,
    hasEml: Number(row.has_eml) === 1,
    verdict: JSON.parse(row.verdict) as Report['verdict'],
    status: row.status as ReportStatus,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
  if (row.reporter_name) report.reporterName = row.reporter_name;
  if (row.network_message_id) report.networkMessageId = row.network_message_id;
  if (row.subject) report.subject = row.subject;
  if (row.note) report.note = row.note;
  if (row.status_by) report.statusBy = row.status_by;
  if (row.security_conversation_id && row.security_activity_id) {
    report.securityMessage = { conversationId: row.security_conversation_id, activityId: row.security_activity_id };
  }
  return report;
}

export function summarize(report: Report): ReportSummary {
  const { headers: _headers, verdict, ...rest } = report;
  return { ...rest, verdict: verdict.verdict, score: verdict.score };
}

/** Reports: filed exactly once per clientReportId and per (Network-Message-Id, reporter), alerts queued with them. */
export class ReportStore {
  constructor(
    private readonly db: SqlClient,
    /** Outbox kinds every new report is queued for (webhook, sentinel, syslog, teams-channel). */
    private readonly alertKinds: () => readonly string[] = () => [],
  ) {}

  /** Committed (and its alerts queued) before it resolves: an acknowledged report survives a crash. */
  async file(input: NewReport): Promise<FiledReport> {
    const networkMessageId = normalizeMessageId(input.verdict.facts.networkMessageId);
    return this.db.transaction(async (tx) => {
      const now = Date.now();
      const id = timeOrderedUuid(now);
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO reports (id, client_report_id, reporter_id, reporter_name, source, network_message_id, subject, note,
           headers, eml, verdict, client_verdict, verdict_code, score, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'new', $15, $15)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          id,
          input.clientReportId,
          input.reporter.id,
          input.reporter.name ?? null,
          input.source,
          networkMessageId ?? null,
          input.subject ?? null,
          input.note ?? null,
          input.headers,
          input.emlBase64 ?? null,
          JSON.stringify(input.verdict),
          input.clientVerdict === undefined ? null : JSON.stringify(input.clientVerdict),
          input.verdict.verdict,
          Math.round(input.verdict.score),
          now,
        ],
      );
      if (inserted.length === 1) {
        for (const kind of this.alertKinds()) await enqueue(tx, kind, { reportId: id }, now);
        const rows = await tx.query<ReportRow>(`SELECT ${COLUMNS} FROM reports WHERE id = $1`, [id]);
        return { report: toReport(rows[0]!), duplicate: false };
      }
      const existing = await tx.query<ReportRow>(
        `SELECT ${COLUMNS} FROM reports WHERE client_report_id = $1
           OR (network_message_id = $2 AND reporter_id = $3) ORDER BY created_at LIMIT 1`,
        [input.clientReportId, networkMessageId ?? null, input.reporter.id],
      );
      if (!existing[0]) throw new Error('report insert conflicted but no existing report was found');
      return { report: toReport(existing[0]), duplicate: true };
    });
  }

  async get(id: string): Promise<Report | undefined> {
    const rows = await this.db.query<ReportRow>(`SELECT ${COLUMNS} FROM reports WHERE id = $1`, [id]);
    return rows[0] ? toReport(rows[0]) : undefined;
  }

  async emlBase64(id: string): Promise<string | undefined> {
    const rows = await this.db.query<{ eml: string | null }>('SELECT eml FROM reports WHERE id = $1', [id]);
    return rows[0]?.eml ?? undefined;
  }

  /** Newest first; `reporterId` limits the list to one user's reports. */
  async list(options: { reporterId?: string; limit?: number; offset?: number } = {}): Promise<Report[]> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const offset = Math.max(options.offset ?? 0, 0);
    const rows = options.reporterId
      ? await this.db.query<ReportRow>(
          `SELECT ${COLUMNS} FROM reports WHERE reporter_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
          [options.reporterId, limit, offset],
        )
      : await this.db.query<ReportRow>(
          `SELECT ${COLUMNS} FROM reports ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
          [limit, offset],
        );
    return rows.map(toReport);
  }

  async count(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM reports');
    return Number(rows[0]?.n ?? 0);
  }

  async setStatus(id: string, status: ReportStatus, by: string): Promise<Report | undefined> {
    const changed = await this.db.execute(
      'UPDATE reports SET status = $1, status_by = $2, updated_at = $3 WHERE id = $4',
      [status, by, Date.now(), id],
    );
    return changed ? this.get(id) : undefined;
  }

  async setSecurityMessage(id: string, conversationId: string, activityId: string): Promise<void> {
    await this.db.execute('UPDATE reports SET security_conversation_id = $1, security_activity_id = $2 WHERE id = $3', [
      conversationId,
      activityId,
      id,
    ]);
  }
}

/** Network-Message-Id is a GUID; compare it case- and brace-insensitively. */
export function normalizeMessageId(id: string | undefined): string | undefined {
  const trimmed = id
    ?.trim()
    .replace(/^[{<]|[}>]$/g, '')
    .toLowerCase();
  return trimmed ? trimmed : undefined;
}
