// The table of chat platforms: one module per adapter folder. app, cli, config and deliver read this table and
// name no platform; adding a platform is a folder under src/adapters/ with its platform.ts, a line here, its name
// in core/reply.ts's Platform, and its settings in .env.example and the README (docs/DESIGN.md, 4d "Platforms as one table").
import type { Config } from '../config/schema.ts';
import { discordPlatform } from './discord/platform.ts';
import type { ChatPlatform, ChatPlatformName } from './platform.ts';
import { telegramPlatform } from './telegram/platform.ts';

/** Every chat platform whybot can serve, in the order they start and are listed. */
export const PLATFORMS: readonly ChatPlatform[] = [discordPlatform, telegramPlatform];

/** The platforms `config` turns on (their tokens are set). */
export function enabledPlatforms(config: Config): ChatPlatform[] {
  return PLATFORMS.filter((platform) => platform.enabled(config));
}

/** The platform called `name`, if it is a chat platform. */
export function platformNamed(name: string): ChatPlatform | undefined {
  return PLATFORMS.find((platform) => platform.name === name);
}

/** The values of every platform's secret settings in `settings` (the configuration or the raw environment). */
export function secretValues(settings: Readonly<Record<string, unknown>>): Array<string | undefined> {
  return PLATFORMS.flatMap((platform) =>
    platform.secrets.map((key) => (typeof settings[key] === 'string' ? (settings[key] as string) : undefined)),
  );
}

/** The platforms' names in a sentence: "Discord and Telegram" (`joiner` between the last two). */
export function platformList(names: readonly string[], joiner = 'and'): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} ${joiner} ${names.at(-1)!}`;
}

export type { ChatPlatform, ChatPlatformName };
