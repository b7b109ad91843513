import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServer } from './compose.js';
import type { Config } from './config/config.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { localhostTls } from './https-options.js';
import { createLogger } from './log/logger.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Who the bot endpoint serves, as the banner says it. */
function botNote(config: Config): string {
  if (config.bot.appId) return ' (Bot Framework authentication)';
  return config.entra
    ? ' (no BOT_ID: closed, 401 for everyone)'
    : ' (no BOT_ID: this computer only, as the local admin)';
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(path.join(rootDir, 'env'));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`dsguard: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const server = await composeServer(config, { rootDir, logger });
  const listener = config.https
    ? https.createServer(await localhostTls(config.certsDir ?? path.join(rootDir, 'certs')), server.app)
    : http.createServer(server.app);
  listener.keepAliveTimeout = 65000;
  listener.headersTimeout = 66000;
  listener.requestTimeout = 120000;
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(config.port, config.host, resolve);
  });
  const port = (listener.address() as AddressInfo).port;
  const scheme = config.https ? 'https' : 'http';
  const local = `${scheme}://localhost:${port}`;
  const lines = [
    `Direct Send Guard server (${config.env}, storage: ${config.storage.kind}${config.entra ? '' : ', local mode: loopback callers only'})`,
    ...(config.demo && config.storage.kind === 'sqlite'
      ? [`  DEMO MODE:    sample data of a fictitious tenant in ${config.storage.path}`]
      : []),
    `  API:          ${local}/api/classify, ${local}/api/reports, ${local}/api/tenant-context`,
    `  Bot:          ${local}/api/messages${botNote(config)}`,
    `  Add-in:       ${local}/addin/taskpane.html  demo: ${local}/addin/demo.html`,
    `  Health:       ${local}/healthz`,
  ];
  if (config.publicUrl) lines.push(`  Public URL:   ${config.publicUrl}`);
  process.stdout.write(lines.join('\n') + '\n');
  logger.info('server.started', { port, https: config.https, storage: config.storage.kind });

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.info('server.stopping', { signal });
    listener.close();
    listener.closeIdleConnections();
    void server.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(1), 10000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`dsguard: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
