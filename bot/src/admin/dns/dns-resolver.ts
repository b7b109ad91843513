import { promises as dnsPromises } from 'node:dns';

/** The resolver shape mailauth takes: answers as node:dns returns them; errors carry ENOTFOUND / ENODATA codes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers differ per record type, as mailauth types them
export type DnsResolve = (name: string, rrtype: string) => Promise<any[]>;

/** Recorded answers: name (lower-case, no trailing dot) -> record type -> answers. A name without a type = ENODATA. */
export type DnsRecords = Record<string, Record<string, unknown[]>>;

function dnsError(code: 'ENOTFOUND' | 'ENODATA', name: string, rrtype: string): Error {
  return Object.assign(new Error(`query${rrtype} ${code} ${name}`), { code, hostname: name });
}

const normalize = (name: string): string => name.toLowerCase().replace(/\.$/, '');

export interface NetworkResolverOptions {
  /** "127.0.0.1:5353"-style servers; the system's when absent. */
  servers?: string[];
  timeoutMs?: number;
  tries?: number;
}

/** Real DNS through node:dns, optionally against given servers (tests start one on 127.0.0.1). */
export function networkResolver(options: NetworkResolverOptions = {}): DnsResolve {
  const resolver = new dnsPromises.Resolver({ timeout: options.timeoutMs ?? 3000, tries: options.tries ?? 2 });
  if (options.servers?.length) resolver.setServers(options.servers);
  return (name, rrtype) => resolver.resolve(name, rrtype) as ReturnType<DnsResolve>;
}

/** Answers from a saved snapshot, for offline review. */
export function recordsResolver(records: DnsRecords): DnsResolve {
  return async (name, rrtype) => {
    const byType = records[normalize(name)];
    if (!byType) throw dnsError('ENOTFOUND', name, rrtype);
    const answers = byType[rrtype.toUpperCase()];
    if (!answers || answers.length === 0) throw dnsError('ENODATA', name, rrtype);
    return structuredClone(answers);
  };
}

/** Passes queries through and keeps every answer, so a live check can be saved as a snapshot. */
export function recordingResolver(inner: DnsResolve, into: DnsRecords): DnsResolve {
  return async (name, rrtype) => {
    const key = normalize(name);
    try {
      const answers = await inner(name, rrtype);
      (into[key] ??= {})[rrtype.toUpperCase()] = structuredClone(answers);
      return answers;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENODATA') into[key] ??= {};
      throw error;
    }
  };
}
