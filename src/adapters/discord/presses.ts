// Presses of article buttons (and the coin select menu) on Discord: acknowledged at once with a deferred update
// (type 6, well within Discord's 3 s), then the article replaces the message (Refresh with newer data), follows
// it as a new message (Full story, another coin), or a note goes only to the person who pressed.
import { MessageFlags, type ButtonInteraction, type StringSelectMenuInteraction } from 'discord.js';
import type { Dispatcher } from '../dispatcher.ts';
import { COIN_MENU_ID } from './components.ts';
import { renderDiscordReply } from './render-discord.ts';
import { discordTimeText } from './times.ts';

/** A component interaction whybot may own. */
export type PressInteraction = ButtonInteraction | StringSelectMenuInteraction;

/** The button id a component interaction stands for (the chosen option of the coin menu). */
export function pressedId(interaction: PressInteraction): string | undefined {
  if (interaction.isStringSelectMenu())
    return interaction.customId === COIN_MENU_ID ? interaction.values[0] : undefined;
  return interaction.customId;
}

/** Answer one press. Ids that are not whybot's are left alone (another app's components never reach us anyway). */
export async function servePress(interaction: PressInteraction, dispatcher: Dispatcher): Promise<void> {
  const id = pressedId(interaction);
  if (id === undefined || !id.startsWith('wb1:')) return;
  await interaction.deferUpdate();
  const inGuild = interaction.inGuild();
  const answer = await dispatcher.press(id, {
    platform: 'discord',
    user: { id: interaction.user.id, name: interaction.user.username },
    chat: { id: interaction.channelId, kind: inGuild ? 'group' : 'direct' },
    locale: inGuild ? (interaction.guildLocale ?? undefined) : interaction.locale,
  });
  if (answer === undefined) {
    const content = await dispatcher.goneButtonNote({
      platform: 'discord',
      chat: { id: interaction.channelId, kind: inGuild ? 'group' : 'direct' },
      locale: inGuild ? (interaction.guildLocale ?? undefined) : interaction.locale,
    });
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
    return;
  }
  if (answer.mode === 'note') {
    await interaction.followUp({ content: discordTimeText(answer.text).slice(0, 2000), flags: MessageFlags.Ephemeral });
    return;
  }
  const [first, ...rest] = renderDiscordReply(answer.reply).messages;
  if (answer.mode === 'replace' && rest.length === 0) {
    await interaction.editReply({
      content: first.content ?? '',
      embeds: first.embeds,
      files: first.files,
      attachments: [],
      components: first.components,
    });
    return;
  }
  for (const message of [first, ...rest]) {
    await interaction.followUp({
      ...(message.content === undefined ? {} : { content: message.content }),
      embeds: message.embeds,
      files: message.files,
      components: message.components,
    });
  }
}
