// Discord slash command registration JSON, generated from the one command list.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, OptionSpec } from '../../../commands/types.ts';
import type { LanguageCatalog } from '../../narrate/language-catalog.ts';

/** What Discord accepts as a command name in any script: lower case letters, digits, - and _, 1 to 32 long. */
const NAME = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;

/** Discord's localizations of one message key: its text in each language other than English, under each locale tag. */
function localized(
  languages: LanguageCatalog | undefined,
  key: string,
  fits: (text: string) => boolean,
): Record<string, string> | undefined {
  if (!languages) return undefined;
  const out: Record<string, string> = {};
  for (const info of languages.list) {
    if (info.code === languages.list[0]!.code) continue;
    const ui = languages.pack(info.code).ui;
    if (!ui.has(key)) continue;
    const text = ui.t(key);
    if (!fits(text)) continue;
    for (const tag of info.platformTags.discord ?? []) out[tag] = text;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const description = (text: string) => text.length >= 1 && text.length <= 100;

/** Longest coin text Discord lets a user type. */
const COIN_MAX_LENGTH = 32;

function optionJson(
  command: string,
  option: OptionSpec,
  languages?: LanguageCatalog,
): APIApplicationCommandBasicOption {
  const l10n = localized(languages, `command.${command}.option.${option.name}`, description);
  const described = l10n ? { description_localizations: l10n } : {};
  if (option.kind === 'flag') {
    return {
      type: ApplicationCommandOptionType.Boolean as const,
      name: option.name,
      description: option.description,
      ...described,
      required: false,
    };
  }
  if (option.kind === 'choice') {
    return {
      type: ApplicationCommandOptionType.String as const,
      name: option.name,
      description: option.description,
      ...described,
      required: false,
      choices: option.choices.map((c) => ({ name: c, value: c })),
    };
  }
  return {
    type: ApplicationCommandOptionType.String as const,
    name: option.name,
    description: option.description,
    ...described,
    required: false,
    max_length: option.kind === 'text' ? option.maxLength : COIN_MAX_LENGTH,
    // Coins and zones are offered as the user types (commands/complete.ts); any other text is still accepted.
    ...(option.kind === 'coin' || (option.kind === 'text' && option.complete !== undefined)
      ? { autocomplete: true }
      : {}),
  };
}

/**
 * The body of `PUT /applications/{app}/commands` (or the guild route). Commands work in servers and in DMs with
 * the bot; moderator-only commands are hidden by default from members without Manage Server (still checked
 * when run). With `languages`, every name and description carries its localizations (Discord shows each user
 * their own).
 */
export function discordCommandsJson(
  list: readonly CommandDefinition[],
  languages?: LanguageCatalog,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return list.map((command) => ({
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    ...optional(
      'name_localizations',
      localized(languages, `command.${command.name}.name`, (t) => NAME.test(t)),
    ),
    description: command.description,
    ...optional('description_localizations', localized(languages, `command.${command.name}.description`, description)),
    options: command.options.map((o) => optionJson(command.name, o, languages)),
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    default_member_permissions: command.access === 'moderators' ? PermissionFlagsBits.ManageGuild.toString() : null,
  }));
}

/** `{ [key]: value }`, or nothing when the value is undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
