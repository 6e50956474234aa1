// The Telegram command menu (setMyCommands), generated from the one command list.
import type { CommandDefinition } from '../../../commands/types.ts';
import { describe } from '../../../commands/help.ts';
import type { LanguageCatalog } from '../../narrate/language-catalog.ts';

/** One menu entry as Telegram's setMyCommands takes it. */
export interface TelegramMenuEntry {
  command: string;
  description: string;
}

/** Where a menu is shown: `default` (everyone), chat administrators, and private chats. */
export type TelegramMenuScope = 'default' | 'all_chat_administrators' | 'all_private_chats';

/** Telegram's limit on a menu description. */
const DESCRIPTION_MAX = 256;

/**
 * The menus to register: everyone sees the commands open to everyone; chat administrators and private chats
 * (where the user is in charge) also see the moderator commands. With `languages`, each scope is registered again
 * for each other language's Telegram codes with the descriptions in that language (names stay a-z, as Telegram
 * requires); users whose app language has no menu of its own see the English one.
 */
export function telegramMenus(
  list: readonly CommandDefinition[],
  languages?: LanguageCatalog,
): Array<{ scope: TelegramMenuScope; languageCode?: string; commands: TelegramMenuEntry[] }> {
  const menus = (describeIn: (c: CommandDefinition) => string, languageCode?: string) => {
    const entry = (c: CommandDefinition): TelegramMenuEntry => ({
      command: c.name,
      description: describeIn(c).slice(0, DESCRIPTION_MAX),
    });
    const all = list.map(entry);
    const code = languageCode === undefined ? {} : { languageCode };
    return [
      { scope: 'default' as const, ...code, commands: list.filter((c) => c.access === 'everyone').map(entry) },
      { scope: 'all_chat_administrators' as const, ...code, commands: all },
      { scope: 'all_private_chats' as const, ...code, commands: all },
    ];
  };
  const out = menus((c) => c.description);
  for (const info of languages?.list.slice(1) ?? []) {
    const ui = languages!.pack(info.code).ui;
    for (const code of info.platformTags.telegram ?? []) out.push(...menus((c) => describe(c, ui), code));
  }
  return out;
}
