// Discord autocomplete (interaction type 4): the option being typed gets completions from commands/complete.ts
// (tracked coins, IANA zones with the channel's or server's likely zone first). Answered directly (type 8):
// completions cannot be deferred, and computing them touches no network.
import type { AutocompleteInteraction } from 'discord.js';
import type { Dispatcher } from '../dispatcher.ts';

/** Answer one autocomplete interaction. */
export async function serveAutocomplete(interaction: AutocompleteInteraction, dispatcher: Dispatcher): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const inGuild = interaction.inGuild();
  const choices = await dispatcher.complete(
    interaction.commandName,
    focused.name,
    String(focused.value),
    { platform: 'discord', channel: interaction.channelId ?? '', kind: inGuild ? 'group' : 'direct' },
    interaction.guildLocale ?? interaction.locale,
  );
  await interaction.respond(choices);
}
