// /digest (moderators): schedule a daily digest in this chat. Not available in this version; it says so plainly.
import type { CommandDefinition } from './types.ts';

/** The `digest` command; the scheduling issue fills in its options and run. */
export const digestCommand: CommandDefinition = {
  name: 'digest',
  description: 'Schedule a daily market digest in this chat.',
  access: 'moderators',
  options: [],
  async run() {
    return {
      kind: 'notice',
      tone: 'info',
      title: 'Daily digest',
      lines: ['Scheduled digests are not available in this version of whybot yet. You can ask /why at any time.'],
    };
  },
};
