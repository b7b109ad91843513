export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** One JSON object per line. Callers pass ids and counts, never tokens, headers or message bodies. */
export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  base: Record<string, unknown> = {},
): Logger {
  const emit = (lvl: LogLevel, event: string, fields?: Record<string, unknown>): void => {
    if (rank[lvl] < rank[level]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: lvl, event, ...base, ...fields };
    if (entry.error instanceof Error) entry.error = { name: entry.error.name, message: entry.error.message };
    write(JSON.stringify(entry));
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
    child: (fields) => createLogger(level, write, { ...base, ...fields }),
  };
}

export const silentLogger: Logger = createLogger('error', () => undefined);
