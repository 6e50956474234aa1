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

/** Longest coin text Discord lets a user type. */
const COIN_MAX_LENGTH = 32;

function optionJson(option: OptionSpec): APIApplicationCommandBasicOption {
  if (option.kind === 'flag') {
    return {
      type: ApplicationCommandOptionType.Boolean as const,
      name: option.name,
      description: option.description,
      required: false,
    };
  }
  if (option.kind === 'choice') {
    return {
      type: ApplicationCommandOptionType.String as const,
      name: option.name,
      description: option.description,
      required: false,
      choices: option.choices.map((c) => ({ name: c, value: c })),
    };
  }
  return {
    type: ApplicationCommandOptionType.String as const,
    name: option.name,
    description: option.description,
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
 * when run).
 */
export function discordCommandsJson(
  list: readonly CommandDefinition[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return list.map((command) => ({
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: command.description,
    options: command.options.map(optionJson),
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    default_member_permissions: command.access === 'moderators' ? PermissionFlagsBits.ManageGuild.toString() : null,
  }));
}
