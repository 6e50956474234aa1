// /help: the list of commands, generated from the same definitions the adapters register.
import { usage } from './options.ts';
import type { NoticeReply } from '../src/core/reply.ts';
import type { CommandDefinition } from './types.ts';

/** One help line per command, e.g. `/why [coin] [full]: Why is crypto moving today? ...`. */
export function helpLines(catalog: readonly CommandDefinition[]): string[] {
  return catalog.map((c) => `${usage(c)}: ${c.description}${c.access === 'moderators' ? ' (moderators only)' : ''}`);
}

/** The help reply for a catalogue of commands and the tracked coins. */
export function helpReply(catalog: readonly CommandDefinition[], trackedCoins: readonly string[]): NoticeReply {
  const lines = helpLines(catalog);
  if (trackedCoins.length > 0) lines.push(`Coins I track: ${trackedCoins.join(', ')}.`);
  lines.push('Figures come from public market data, with their source and time. Not financial advice.');
  return { kind: 'notice', tone: 'info', title: 'whybot commands', lines };
}

/** The `help` command. */
export const helpCommand: CommandDefinition = {
  name: 'help',
  description: 'What I can do and how to ask.',
  access: 'everyone',
  options: [],
  async run(invocation, services) {
    return helpReply(invocation.catalog, services.trackedCoins());
  },
};
