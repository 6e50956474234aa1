// /alerts (moderators): turn automatic sharp-move alerts on or off. Not available in this version; it says so.
import type { CommandDefinition } from './types.ts';

/** The `alerts` command; the alerts issue fills in its options and run. */
export const alertsCommand: CommandDefinition = {
  name: 'alerts',
  description: 'Automatic posts when the market moves sharply.',
  access: 'moderators',
  options: [],
  async run() {
    return {
      kind: 'notice',
      tone: 'info',
      title: 'Alerts',
      lines: ['Automatic alerts are not available in this version of whybot yet. You can ask /why at any time.'],
    };
  },
};
