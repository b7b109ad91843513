import { parseArgs } from 'node:util';
import type { CliIo } from '../admin/cli.js';
import { strings } from '../admin/strings.js';
import type { FetchLike } from '../admin/clients/api-client.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { knownSenderSource } from '../admin/inventory/known-sender-source.js';
import { openInventory } from '../admin/inventory/open-server-inventory.js';
import { silentLogger } from '../log/logger.js';
import { TenantContextSource } from '../reports/tenant-context.js';
import { KnownSenderStore } from '../storage/known-senders.js';
import { openStorage } from '../storage/open-storage.js';
import type { Incident } from './incident-types.js';
import type { PollResult } from './watch-poller.js';
import { configuredAlertKinds, tagPolledIncidents, watchPoller, watchTagger } from './watch-setup.js';
import { WatchStore } from './watch-store.js';

/** The CLI's io; tests may skip the Retry-After waits. */
export type WatchIo = CliIo & { sleep?: (ms: number) => Promise<void>; fetch?: FetchLike };

class UsageError extends Error {}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function incidentJson(incident: Incident, networkMessageIds: string[]): Record<string, unknown> {
  return {
    id: incident.id,
    verdict: incident.verdict.verdict,
    score: incident.verdict.score,
    reasons: incident.verdict.reasons.map((r) => r.id),
    source: incident.origin,
    sender: incident.sender,
    sourceRange: incident.sourceKey,
    connectingIp: incident.verdict.facts.connectingIp ?? null,
    subject: incident.subject ?? null,
    messages: incident.messages,
    recipients: incident.recipients,
    firstSeen: iso(incident.firstSeen),
    lastSeen: iso(incident.lastSeen),
    networkMessageIds,
  };
}

/**
 * `dsguard watch --once [--json] [--db <path>]`: one poll of the configured sources (the server's configuration: env/
 * files and the environment), into the server's database. New incidents' alerts wait in its outbox for the server.
 */
export async function watch(argv: string[], given: WatchIo): Promise<number> {
  const io = given.env ? given : { ...given, env: process.env };
  try {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { once: { type: 'boolean' }, json: { type: 'boolean' }, db: { type: 'string' } },
        strict: true,
      }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (!values.once) throw new UsageError(strings.watchNeedsOnce);
    const env = { ...io.env, ...(values.db ? { SQLITE_PATH: values.db, DATABASE_URL: '' } : {}) };
    const config = loadConfig(`${io.cwd}/env`, env);
    if (!config.watch) {
      io.stderr.write(`dsguard: ${strings.watchOff}\n`);
      return 2;
    }
    const db = await openStorage(config.storage);
    try {
      const inventory = await openInventory(config.storage, db);
      try {
        const store = new WatchStore(db, () => configuredAlertKinds(config));
        const tenant = new TenantContextSource(config.tenant, knownSenderSource(new KnownSenderStore(db), inventory));
        const poller = watchPoller({
          config,
          store,
          inventory,
          tenantContext: () => tenant.forClassifier(),
          logger: silentLogger,
          ...(io.fetch ? { fetch: io.fetch } : {}),
          ...(io.sleep ? { sleep: io.sleep } : {}),
        });
        const result = await poller.poll();
        const tagger = watchTagger({ config, store, logger: silentLogger, ...(io.fetch ? { fetch: io.fetch } : {}) });
        if (tagger) await tagPolledIncidents(tagger, store, result);
        await print(io, result, store, !!values.json);
        return result.sources.some((s) => s.error) ? 1 : 0;
      } finally {
        await inventory.close();
      }
    } finally {
      await db.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`dsguard: ${error.message} (${strings.watchUsage})\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`dsguard: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`dsguard: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function print(io: CliIo, result: PollResult, store: WatchStore, json: boolean): Promise<void> {
  if (json) {
    const sources = [];
    for (const s of result.sources) {
      const incidents = [];
      for (const incident of s.incidents) incidents.push(incidentJson(incident, await store.messageIds(incident.id)));
      sources.push({
        source: s.source,
        events: s.events,
        newMessages: s.newMessages,
        approved: s.approved,
        error: s.error ?? null,
        incidents,
      });
    }
    io.stdout.write(
      `${JSON.stringify({ startedAt: iso(result.startedAt), finishedAt: iso(result.finishedAt), sources })}\n`,
    );
    return;
  }
  for (const s of result.sources) {
    const line = strings.watchSource({ ...s, incidents: s.incidents.length });
    if (s.error) io.stderr.write(`dsguard: ${line}\n`);
    else io.stdout.write(`${line}\n`);
    for (const incident of s.incidents) {
      io.stdout.write(
        `${strings.watchIncident({
          id: incident.id,
          verdict: incident.verdict.verdict,
          sender: incident.sender,
          source: incident.sourceKey,
          messages: incident.messages,
          recipients: incident.recipients,
          first: iso(incident.firstSeen),
          last: iso(incident.lastSeen),
        })}\n`,
      );
    }
  }
}
