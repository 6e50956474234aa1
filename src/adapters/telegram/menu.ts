// The Telegram command menu (setMyCommands), generated from the one command list.
import type { CommandDefinition } from '../../../commands/types.ts';

/** One menu entry as Telegram's setMyCommands takes it. */
export interface TelegramMenuEntry {
  command: string;
  description: string;
}

/** Where a menu is shown: `default` (everyone), chat administrators, and private chats. */
export type TelegramMenuScope = 'default' | 'all_chat_administrators' | 'all_private_chats';

/**
 * The menus to register: everyone sees the commands open to everyone; chat administrators and private chats
 * (where the user is in charge) also see the moderator commands.
 */
export function telegramMenus(
  list: readonly CommandDefinition[],
): Array<{ scope: TelegramMenuScope; commands: TelegramMenuEntry[] }> {
  const entry = (c: CommandDefinition): TelegramMenuEntry => ({ command: c.name, description: c.description });
  const all = list.map(entry);
  return [
    { scope: 'default', commands: list.filter((c) => c.access === 'everyone').map(entry) },
    { scope: 'all_chat_administrators', commands: all },
    { scope: 'all_private_chats', commands: all },
  ];
}
