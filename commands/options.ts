// Option parsing and validation for every command: free text (terminal, Telegram) and structured values (Discord).
// Pure: it only reads the command's option specs. Anything it cannot understand becomes an OptionError for the user.
import { UserFacingError } from '../src/core/errors.ts';
import type { CommandDefinition, OptionSpec, OptionValues } from './types.ts';

/** Longest argument text accepted after a command name. */
export const MAX_ARGUMENT_TEXT = 200;

/** Bad option input; the message says what was wrong and how to use the command. */
export class OptionError extends UserFacingError {
  override readonly name = 'OptionError';
}

/**
 * Make user text safe to quote back in a message: no control or invisible format characters, whitespace
 * collapsed, at most `max` characters. Markup is left as text; every renderer escapes it.
 */
export function quoteForUser(text: string, max = 24): string {
  const clean = text
    .replace(/\s+/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, '')
    .trim();
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : clean;
}

/** The usage line of a command, e.g. `/why [coin] [full]`. */
export function usage(command: Pick<CommandDefinition, 'name' | 'options'>): string {
  const parts = command.options.map((o) => (o.kind === 'choice' ? `[${o.choices.join('|')}]` : `[${o.name}]`));
  return [`/${command.name}`, ...parts].join(' ');
}

function normalise(text: string): string {
  return text.normalize('NFKC').replace(/[\p{Cc}\p{Cf}]/gu, (c) => (/\s/u.test(c) ? ' ' : ''));
}

function setOnce(values: OptionValues, spec: OptionSpec, value: string | boolean, command: CommandDefinition): void {
  if (spec.name in values && values[spec.name] !== value) {
    throw new OptionError(`${spec.name} was given twice. Usage: ${usage(command)}`).keyed('error.option.twice', {
      option: spec.name,
      usage: usage(command),
    });
  }
  values[spec.name] = value;
}

function checkChoice(spec: Extract<OptionSpec, { kind: 'choice' }>, raw: string): string {
  const value = raw.toLowerCase();
  const match = spec.choices.find((c) => c.toLowerCase() === value);
  if (match === undefined) {
    throw new OptionError(
      `“${quoteForUser(raw)}” is not a ${spec.name} I know; use one of ${spec.choices.join(', ')}.`,
    ).keyed('error.option.choice', { typed: quoteForUser(raw), option: spec.name, choices: spec.choices.join(', ') });
  }
  return match;
}

function checkText(spec: Extract<OptionSpec, { kind: 'text' }>, raw: string): string {
  if (Array.from(raw).length > spec.maxLength)
    throw new OptionError(`${spec.name} is too long (at most ${spec.maxLength.toString()} characters).`).keyed(
      'error.option.too_long_max',
      { option: spec.name, max: spec.maxLength },
    );
  return raw;
}

function checkFlagWord(spec: OptionSpec, raw: string): boolean {
  const value = raw.toLowerCase();
  if (['yes', 'true', 'on', '1'].includes(value)) return true;
  if (['no', 'false', 'off', '0'].includes(value)) return false;
  throw new OptionError(`${spec.name} takes yes or no, not “${quoteForUser(raw)}”.`).keyed('error.option.yes_no', {
    option: spec.name,
  });
}

function assign(command: CommandDefinition, values: OptionValues, spec: OptionSpec, raw: string): void {
  if (spec.kind === 'flag') setOnce(values, spec, checkFlagWord(spec, raw), command);
  else if (spec.kind === 'choice') setOnce(values, spec, checkChoice(spec, raw), command);
  else if (spec.kind === 'text') setOnce(values, spec, checkText(spec, raw), command);
  else setOnce(values, spec, raw, command);
}

const DURATION = /^\d+[mhdw]$/i;

/**
 * Parse the text after a command name, e.g. `eth full` for `/why`. Accepts bare flag names (`full`, `--full`),
 * choice values (`7d`), `name=value` (or `name:value`) pairs, and one free word for a coin option. Unknown words, repeated
 * options and over-long input throw OptionError with the usage line. Flags that are off are left out.
 */
export function parseTextOptions(command: CommandDefinition, text: string): OptionValues {
  const cleaned = normalise(text).trim();
  if (Array.from(cleaned).length > MAX_ARGUMENT_TEXT) {
    throw new OptionError(`That is too long for /${command.name}. Usage: ${usage(command)}`).keyed(
      'error.option.line_too_long',
      { command: command.name, usage: usage(command) },
    );
  }
  const values: OptionValues = {};
  const tokens = cleaned === '' ? [] : cleaned.split(/\s+/u);
  for (const token of tokens) {
    const lower = token.toLowerCase();
    // `date=2025-10-10` or, as Discord shows options, `date:2025-10-10`
    const eq = token.search(/[=:]/);
    const named = eq > 0 ? command.options.find((o) => o.name === lower.slice(0, eq).replace(/^--?/, '')) : undefined;
    if (named !== undefined) {
      assign(command, values, named, token.slice(eq + 1));
      continue;
    }
    const flag = command.options.find((o) => o.kind === 'flag' && o.name === lower.replace(/^--?/, ''));
    if (flag !== undefined) {
      setOnce(values, flag, true, command);
      continue;
    }
    const choice = command.options.find(
      (o) => o.kind === 'choice' && !(o.name in values) && o.choices.some((c) => c.toLowerCase() === lower),
    );
    if (choice !== undefined) {
      assign(command, values, choice, token);
      continue;
    }
    // A duration that is not one of the offered windows ("2h") gets the list, rather than being taken for a coin.
    const window = command.options.find(
      (o): o is Extract<OptionSpec, { kind: 'choice' }> =>
        o.kind === 'choice' && !(o.name in values) && o.choices.every((c) => DURATION.test(c)),
    );
    if (window !== undefined && DURATION.test(token)) checkChoice(window, token); // throws "use one of"
    // A word a text option's pattern claims (a date) goes there first, before a coin option takes any word.
    const free =
      command.options.find(
        (o) => o.kind === 'text' && o.accepts !== undefined && o.accepts.test(token) && !(o.name in values),
      ) ??
      command.options.find(
        (o) =>
          (o.kind === 'coin' || (o.kind === 'text' && (o.accepts === undefined || o.accepts.test(token)))) &&
          !(o.name in values),
      );
    if (free !== undefined && !token.includes('=')) {
      values[free.name] = free.kind === 'text' ? checkText(free, token) : token;
      continue;
    }
    const onlyChoice = command.options.filter((o) => o.kind === 'choice');
    if (onlyChoice.length === 1 && onlyChoice[0] !== undefined && !(onlyChoice[0].name in values)) {
      checkChoice(onlyChoice[0], token); // throws the helpful "use one of" message
    }
    throw new OptionError(`I don't understand “${quoteForUser(token)}”. Usage: ${usage(command)}`).keyed(
      'error.option.not_understood',
      { typed: quoteForUser(token), usage: usage(command) },
    );
  }
  return dropOffFlags(command, values);
}

function dropOffFlags(command: CommandDefinition, values: OptionValues): OptionValues {
  for (const spec of command.options) if (spec.kind === 'flag' && values[spec.name] === false) delete values[spec.name];
  return values;
}

/**
 * Validate structured option values (Discord sends them typed). Unknown names, wrong types and values outside
 * a choice list throw OptionError. `undefined` and `null` mean "not given".
 */
export function parseStructuredOptions(command: CommandDefinition, raw: Record<string, unknown>): OptionValues {
  const values: OptionValues = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    const spec = command.options.find((o) => o.name === name);
    if (spec === undefined) {
      throw new OptionError(`/${command.name} has no option “${quoteForUser(name)}”. Usage: ${usage(command)}`).keyed(
        'error.option.unknown',
        { command: command.name, typed: quoteForUser(name), usage: usage(command) },
      );
    }
    if (spec.kind === 'flag') {
      if (typeof value !== 'boolean')
        throw new OptionError(`${spec.name} takes yes or no.`).keyed('error.option.yes_no', { option: spec.name });
      values[spec.name] = value;
      continue;
    }
    if (typeof value !== 'string')
      throw new OptionError(`${spec.name} takes text.`).keyed('error.option.text', { option: spec.name });
    const text = normalise(value).trim();
    if (Array.from(text).length > MAX_ARGUMENT_TEXT)
      throw new OptionError(`${spec.name} is too long.`).keyed('error.option.too_long', { option: spec.name });
    if (text === '') continue;
    values[spec.name] =
      spec.kind === 'choice' ? checkChoice(spec, text) : spec.kind === 'text' ? checkText(spec, text) : text;
  }
  return dropOffFlags(command, values);
}
