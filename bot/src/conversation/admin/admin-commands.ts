import type { InventoryStore } from '../../admin/inventory/inventory-store.js';
import type { Logger } from '../../log/logger.js';
import type { AdminCardAction, AdminCommand } from '../bot-types.js';
import { importCommand, type ImportCommandDeps } from './import-command.js';
import { inventoryCommands } from './inventory-commands.js';

export interface AdminCommandsDeps {
  inventory: InventoryStore;
  onKnownSendersChanged(): void;
  importTrace: Omit<ImportCommandDeps, 'inventory' | 'logger'>;
  /** `readiness` (absent = the bot says it is unavailable). */
  readiness?: AdminCommand;
  /** `probe` and its card buttons (absent = the bot says it is unavailable). */
  probe?: { command: AdminCommand; cardActions: ReadonlyMap<string, AdminCardAction> };
  /** `watch` and the incident card's buttons. */
  watch?: { command: AdminCommand; cardActions: ReadonlyMap<string, AdminCardAction> };
  logger: Logger;
}

/** Every admin command the server offers, and the buttons of their cards. */
export function adminCommands(deps: AdminCommandsDeps): {
  commands: Map<string, AdminCommand>;
  cardActions: Map<string, AdminCardAction>;
} {
  const inventory = inventoryCommands({
    inventory: deps.inventory,
    onKnownSendersChanged: deps.onKnownSendersChanged,
    logger: deps.logger,
  });
  const commands = new Map(inventory.commands);
  commands.set('import', importCommand({ ...deps.importTrace, inventory: deps.inventory, logger: deps.logger }));
  if (deps.readiness) commands.set('readiness', deps.readiness);
  const cardActions = new Map(inventory.cardActions);
  if (deps.probe) {
    commands.set('probe', deps.probe.command);
    for (const [verb, action] of deps.probe.cardActions) cardActions.set(verb, action);
  }
  if (deps.watch) {
    commands.set('watch', deps.watch.command);
    for (const [verb, action] of deps.watch.cardActions) cardActions.set(verb, action);
  }
  return { commands, cardActions };
}
