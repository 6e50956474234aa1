// /help: the list of commands, generated from the same definitions the adapters register.
import { usage } from './options.ts';
import type { NoticeReply } from '../src/core/reply.ts';
import type { CommandDefinition } from './types.ts';
import type { Words } from '../src/narrate/words.ts';

/** A command's description in a language (its English definition when the language lacks it). */
export function describe(command: Pick<CommandDefinition, 'name' | 'description'>, ui: Words): string {
  const key = `command.${command.name}.description`;
  return ui.has(key) ? ui.t(key) : command.description;
}

/** One help line per command, e.g. `/why [coin] [full]: Why is crypto moving today? ...`. */
export function helpLines(catalog: readonly CommandDefinition[], ui: Words): string[] {
  return catalog.map((c) =>
    ui.t(c.access === 'moderators' ? 'help.line_moderators' : 'help.line', {
      usage: usage(c),
      description: describe(c, ui),
    }),
  );
}

/** The help reply for a catalogue of commands and the tracked coins. */
export function helpReply(
  catalog: readonly CommandDefinition[],
  trackedCoins: readonly string[],
  ui: Words,
): NoticeReply {
  const lines = helpLines(catalog, ui);
  if (trackedCoins.length > 0) lines.push(ui.t('help.coins', { coins: trackedCoins.join(', ') }));
  lines.push(ui.t('help.footer'));
  return { kind: 'notice', tone: 'info', title: ui.t('help.title'), lines };
}

/** The `help` command. */
export const helpCommand: CommandDefinition = {
  name: 'help',
  description: 'What I can do and how to ask.',
  access: 'everyone',
  options: [],
  async run(invocation, services) {
    return helpReply(invocation.catalog, services.trackedCoins(), invocation.ui);
  },
};
