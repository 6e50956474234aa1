// The one list of commands whybot serves. Every adapter, the Discord registration, the Telegram menu and
// /help are generated from it; the registry (src/adapters/registry.ts) rejects duplicates at start-up.
import { alertsCommand } from './alerts.ts';
import { digestCommand } from './digest.ts';
import { helpCommand } from './help.ts';
import { languageCommand } from './language.ts';
import { levelsCommand } from './levels.ts';
import { liqsCommand } from './liqs.ts';
import { statusCommand } from './status.ts';
import type { CommandDefinition } from './types.ts';
import { whyCommand } from './why.ts';

/** Every command, in the order menus and /help list them. */
export const commands: readonly CommandDefinition[] = [
  whyCommand,
  levelsCommand,
  liqsCommand,
  statusCommand,
  helpCommand,
  digestCommand,
  alertsCommand,
  languageCommand,
];

export type * from './types.ts';
