// The registry of commands an adapter serves: checks the one list at start-up (duplicate or invalid names fail
// loudly) and finds a command by name.
import type { CommandDefinition } from '../../commands/types.ts';

/** Raised at start-up when the command list is not valid for every platform. */
export class CommandRegistryError extends Error {
  override readonly name = 'CommandRegistryError';
}

/** The checked command list. */
export interface CommandRegistry {
  /** Every command, in definition order. */
  readonly list: readonly CommandDefinition[];
  /** The command with this exact name, if any. */
  find(name: string): CommandDefinition | undefined;
}

/** Names valid on both Discord (lower case, max 32) and Telegram (a-z, 0-9, _). */
const NAME = /^[a-z][a-z0-9_]{0,31}$/;

function check(definition: CommandDefinition): void {
  const where = `command "${definition.name}"`;
  if (!NAME.test(definition.name)) throw new CommandRegistryError(`${where}: name must match ${NAME.source}`);
  const desc = definition.description.length;
  if (desc < 3 || desc > 100) throw new CommandRegistryError(`${where}: description must be 3 to 100 characters`);
  const seen = new Set<string>();
  for (const option of definition.options) {
    if (!NAME.test(option.name)) throw new CommandRegistryError(`${where}: option name "${option.name}" is invalid`);
    if (seen.has(option.name)) throw new CommandRegistryError(`${where}: option "${option.name}" is defined twice`);
    seen.add(option.name);
    if (option.description.length < 1 || option.description.length > 100) {
      throw new CommandRegistryError(`${where}: option "${option.name}" needs a description of 1 to 100 characters`);
    }
    if (option.kind === 'choice' && (option.choices.length === 0 || option.choices.length > 25)) {
      throw new CommandRegistryError(`${where}: option "${option.name}" needs 1 to 25 choices`);
    }
  }
}

/** Check a command list and index it. Throws CommandRegistryError on a duplicate or invalid name. */
export function createRegistry(definitions: readonly CommandDefinition[]): CommandRegistry {
  const byName = new Map<string, CommandDefinition>();
  for (const definition of definitions) {
    check(definition);
    if (byName.has(definition.name)) {
      throw new CommandRegistryError(
        `command "${definition.name}" is defined twice; each command must be defined once`,
      );
    }
    byName.set(definition.name, definition);
  }
  const list = Object.freeze([...definitions]);
  return { list, find: (name) => byName.get(name) };
}
