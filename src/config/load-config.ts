// Reads and validates the configuration from an environment object, with one clear line per problem:
// each setting is validated on its own (so every bad one is named at once), then the checks that involve
// several settings run on the ones that passed.
import { crossFieldProblems } from './checks.ts';
import { describeIssue } from './problems.ts';
import { configSchema, type Config } from './schema.ts';

/** Thrown when the configuration is invalid; `problems` has one human line per problem (the message too). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Validate `env` (process.env by default) and return the typed configuration, or throw ConfigError. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(configSchema.shape)) {
    const result = schema.safeParse(cleaned[key]);
    if (result.success) {
      if (result.data !== undefined) parsed[key] = result.data;
    } else {
      problems.push(describeIssue(result.error.issues[0]!, key, cleaned[key]));
    }
  }
  problems.push(
    ...crossFieldProblems({ config: parsed as Partial<Config>, env: cleaned, known: Object.keys(configSchema.shape) }),
  );
  if (problems.length > 0) throw new ConfigError(problems);
  // Parse the whole object once more so the result is exactly the schema's output type.
  return configSchema.parse(cleaned);
}
