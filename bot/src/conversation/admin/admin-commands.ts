import type { InventoryAccess } from '../../inventory/open-inventory.js';
import type { Logger } from '../../log/logger.js';
import type { AdminCardAction, AdminCommand } from '../bot-types.js';
import { importCommand, type ImportCommandDeps } from './import-command.js';
import { inventoryCommands } from './inventory-commands.js';

export interface AdminCommandsDeps {
  inventory: InventoryAccess;
  onKnownSendersChanged(): void;
  importTrace: Omit<ImportCommandDeps, 'inventory' | 'logger'>;
  /** `readiness` (absent = the bot says it is unavailable). */
  readiness?: AdminCommand;
  logger: Logger;
}

/** Every admin command the server offers, and the buttons of their cards. */
export function adminCommands(deps: AdminCommandsDeps): { commands: Map<string, AdminCommand>; cardActions: Map<string, AdminCardAction> } {
  const inventory = inventoryCommands({ inventory: deps.inventory, onKnownSendersChanged: deps.onKnownSendersChanged, logger: deps.logger });
  const commands = new Map(inventory.commands);
  commands.set('import', importCommand({ ...deps.importTrace, inventory: deps.inventory, logger: deps.logger }));
  if (deps.readiness) commands.set('readiness', deps.readiness);
  return { commands, cardActions: inventory.cardActions };
}
