// What the settings code needs of a chat platform: the settings it reads from the environment, which of them
// are secrets, and its own cross-setting checks. Each platform module (src/adapters/<platform>/platform.ts)
// is one of these; the table of them (src/adapters/platforms.ts) is handed to loadConfig, so no setting of a
// platform is named here.
import type { z } from 'zod';
import type { CheckInput } from './checks.ts';

/** A chat platform's settings, as loadConfig reads them. */
export interface PlatformSettings {
  /** The platform's name, e.g. "discord". */
  readonly name: string;
  /** Its environment settings, keyed by variable name (each optional or with a default). */
  readonly settings: Readonly<Record<string, z.ZodType>>;
  /** Settings whose values are never repeated in messages or logs (its tokens). */
  readonly secrets: readonly string[];
  /** Problems among its settings (and with the others), one line each, saying what to do. */
  problems(input: CheckInput): string[];
}
