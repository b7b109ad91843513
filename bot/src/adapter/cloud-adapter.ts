import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';

/**
 * The Bot Framework adapter. With an app id, every request to /api/messages must carry a valid Bot Framework
 * token (else 401) and replies are sent with the app's credentials; without one authentication is skipped, so the
 * HTTP app only lets this computer reach it, in local mode (see `botAccess` in http/app.ts).
 */
/** How the adapter authenticates requests and replies (botbuilder's BotFrameworkAuthentication). */
export type BotAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

/**
 * `auth` replaces the authentication built from the config: tests inject one that trusts a local token issuer;
 * no configuration variable can.
 */
export function createCloudAdapter(bot: Config['bot'], logger: Logger, auth?: BotAuthentication): CloudAdapter {
  const settings = {
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.password ?? '',
    MicrosoftAppType: bot.tenantId ? 'SingleTenant' : 'MultiTenant',
    MicrosoftAppTenantId: bot.tenantId ?? '',
  };
  const adapter = new CloudAdapter(
    auth ??
      new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings)),
  );
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error('bot.turn-failed', {
      error,
      activityType: context.activity.type,
      activityName: context.activity.name,
    });
    if (context.activity.type === 'invoke') {
      await context.sendActivity({
        type: 'invokeResponse',
        value: { status: 500, body: { error: { code: 'internal', message: 'The bot failed to handle this action.' } } },
      });
    } else {
      await context.sendActivity('Sorry, something went wrong on my side. Please try again.').catch(() => undefined);
    }
  };
  return adapter;
}
