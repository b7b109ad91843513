import { randomUUID } from 'node:crypto';
import type { KnownSender } from '../classifier.js';
import type { SqlClient } from './sql-client.js';

export interface StoredKnownSender extends KnownSender {
  id: string;
  addedBy?: string;
  reportId?: string;
  createdAt: string;
}

interface Row {
  id: string;
  name: string;
  ips: string;
  addresses: string;
  added_by: string | null;
  report_id: string | null;
  created_at: number;
}

export class KnownSenderStore {
  constructor(private readonly db: SqlClient) {}

  async add(sender: KnownSender, addedBy?: string, reportId?: string): Promise<StoredKnownSender> {
    const id = randomUUID();
    const now = Date.now();
    const ips = [...new Set(sender.ips ?? [])];
    const addresses = [...new Set((sender.addresses ?? []).map((a) => a.toLowerCase()))];
    await this.db.execute(
      'INSERT INTO known_senders (id, name, ips, addresses, added_by, report_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [id, sender.name, JSON.stringify(ips), JSON.stringify(addresses), addedBy ?? null, reportId ?? null, now],
    );
    return { id, name: sender.name, ips, addresses, addedBy, reportId, createdAt: new Date(now).toISOString() };
  }

  async list(): Promise<StoredKnownSender[]> {
    const rows = await this.db.query<Row>('SELECT * FROM known_senders ORDER BY created_at, id');
    return rows.map((r) => {
      const s: StoredKnownSender = {
        id: r.id,
        name: r.name,
        ips: JSON.parse(r.ips) as string[],
        addresses: JSON.parse(r.addresses) as string[],
        createdAt: new Date(Number(r.created_at)).toISOString(),
      };
      if (r.added_by) s.addedBy = r.added_by;
      if (r.report_id) s.reportId = r.report_id;
      return s;
    });
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.execute('DELETE FROM known_senders WHERE id = $1', [id])) > 0;
  }
}
