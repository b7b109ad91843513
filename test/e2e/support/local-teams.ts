/**
 * Teams around the server under test: the local Bot Framework token service (the server authenticates turns against
 * it, as in production with a BOT_ID) and the one faithful local Bot Framework connector that receives what the bot
 * posts and updates after a turn (`bot/test/support/bot-connector.ts`: activities are created by POST, only those
 * can be replaced by PUT; it refuses calls without the bot's connector token).
 */
import type { ComposeOptions } from '../../../bot/src/compose';
import { startLocalConnector, type LocalConnector } from '../../../bot/test/support/bot-connector';
import { startServer, type RunningServer } from '../../../bot/test/support/server-harness';
import {
  LOCAL_CONNECTOR_TOKEN,
  startLocalBotFramework,
  type LocalBotFramework,
} from '../../../bot/test/support/bot-framework';
import type { TeamsEndpoint } from './teams-turn';

export interface LocalTeams {
  botFramework: LocalBotFramework;
  connector: LocalConnector;
  /** BOT_ID and BOT_PASSWORD for the server under test. */
  vars: Record<string, string>;
  /** The compose options of an in-process server (its Bot Framework authentication). */
  compose: Pick<ComposeOptions, 'botAuthentication'>;
  /** Where a user's turns go: the server at `url`, replying through this connector. */
  endpoint(url: string, tenantId?: string): TeamsEndpoint;
  close(): Promise<void>;
}

export async function startLocalTeams(): Promise<LocalTeams> {
  const botFramework = await startLocalBotFramework();
  const connector = await startLocalConnector({ token: LOCAL_CONNECTOR_TOKEN });
  return {
    botFramework,
    connector,
    vars: botFramework.vars,
    compose: { botAuthentication: botFramework.authentication },
    endpoint: (url, tenantId) => ({ url, serviceUrl: connector.url, botFramework, ...(tenantId ? { tenantId } : {}) }),
    async close() {
      await connector.close();
      await botFramework.close();
    },
  };
}

/** The in-process server (`startServer` with `vars` and `options`) as the bot of a fresh local Teams. */
export interface ServerInTeams extends RunningServer {
  teams: LocalTeams;
  /** Where a user's turns go: this server, replying through the Teams connector. */
  endpoint(tenantId?: string): TeamsEndpoint;
}

export async function startServerInTeams(
  vars: Record<string, string>,
  options: Partial<ComposeOptions> = {},
): Promise<ServerInTeams> {
  const teams = await startLocalTeams();
  const running = await startServer({ ...teams.vars, ...vars }, { ...teams.compose, ...options }).catch(
    async (error: unknown) => {
      await teams.close();
      throw error;
    },
  );
  return {
    ...running,
    teams,
    endpoint: (tenantId) => teams.endpoint(running.url, tenantId),
    async close() {
      await running.close();
      await teams.close();
    },
  };
}
