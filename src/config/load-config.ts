// Reads and validates the configuration from an environment object, with one clear line per problem:
// each setting is validated on its own (so every bad one is named at once), then the checks that involve
// several settings run on the ones that passed. The chat platforms' settings come from the platform table
// (src/adapters/platforms.ts), which the caller passes in.
import { z } from 'zod';
import { crossFieldProblems } from './checks.ts';
import type { PlatformSettings } from './platform-settings.ts';
import { describeIssue } from './problems.ts';
import { configSchema, type Config } from './schema.ts';

/** Thrown when the configuration is invalid; `problems` has one human line per problem (the message too). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** The schema of every setting: configSchema's and each platform's. */
export function fullSchema(platforms: readonly PlatformSettings[]) {
  return z.object({ ...configSchema.shape, ...Object.assign({}, ...platforms.map((p) => p.settings)) });
}

/**
 * Validate `env` with configSchema and the settings of `platforms` (the platform table) and return the
 * configuration, or throw ConfigError.
 */
export function loadConfig(env: Record<string, string | undefined>, platforms: readonly PlatformSettings[]): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  const schema = fullSchema(platforms);
  const secrets = new Set(platforms.flatMap((p) => p.secrets));
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(schema.shape) as Array<[string, z.ZodType]>) {
    const result = setting.safeParse(cleaned[key]);
    if (result.success) {
      if (result.data !== undefined) parsed[key] = result.data;
    } else {
      problems.push(describeIssue(result.error.issues[0]!, key, cleaned[key], secrets));
    }
  }
  problems.push(
    ...crossFieldProblems(
      { config: parsed as Partial<Config>, env: cleaned, known: Object.keys(schema.shape) },
      platforms,
    ),
  );
  if (problems.length > 0) throw new ConfigError(problems);
  // Parse the whole object once more so the result is exactly the schemas' output.
  return schema.parse(cleaned) as Config;
}
