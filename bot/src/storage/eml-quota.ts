import type { SqlClient } from './sql-client.js';

/** The .eml bytes (as stored, base64) a reporter's reports keep. */
export async function storedEmlBytes(db: SqlClient, reporterId: string): Promise<number> {
  const rows = await db.query<{ bytes: number | string | null }>(
    'SELECT SUM(LENGTH(eml)) AS bytes FROM reports WHERE reporter_id = $1 AND eml IS NOT NULL',
    [reporterId],
  );
  return Number(rows[0]?.bytes ?? 0);
}

/** Deletes the .eml of reports filed before `before` (ms); the reports themselves stay. Answers how many. */
export async function deleteEmlBefore(db: SqlClient, before: number): Promise<number> {
  return db.execute('UPDATE reports SET eml = NULL WHERE eml IS NOT NULL AND created_at < $1', [before]);
}
