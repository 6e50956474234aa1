// The shapes every command shares: its definition, the invocation it receives and the neutral reply it returns.
// Adapters (terminal, Discord, Telegram) turn platform events into an Invocation and a Reply into a message.
import type { WhyServices } from './services.ts';
import type { Platform, Reply } from '../src/core/reply.ts';
import type { Words } from '../src/narrate/words.ts';

/** Who may run a command: anyone, or only moderators (Manage Server on Discord, chat admins on Telegram). */
export type Access = 'everyone' | 'moderators';

/** A coin symbol option, e.g. `eth`; checked against the tracked coins by the command. */
export interface CoinOptionSpec {
  kind: 'coin';
  name: string;
  description: string;
  /** Words accepted besides the tracked coins (offered as completions too), e.g. `basket`. */
  also?: readonly string[];
}

/** A yes/no switch, given as its bare name in text (`full`) and as a boolean on Discord. */
export interface FlagOptionSpec {
  kind: 'flag';
  name: string;
  description: string;
}

/** One value out of a fixed list, e.g. a window `24h`. */
export interface ChoiceOptionSpec {
  kind: 'choice';
  name: string;
  description: string;
  choices: readonly string[];
}

/**
 * Free text, e.g. a time `08:00` or a zone `Europe/Paris`. In typed text a bare word fills the first free text
 * (or coin) option whose `accepts` pattern it matches; the command validates the value itself.
 */
export interface TextOptionSpec {
  kind: 'text';
  name: string;
  description: string;
  /** Longest value, characters (Discord enforces it too). */
  maxLength: number;
  /** Which bare words this option takes in typed text (absent: any word). */
  accepts?: RegExp;
  /** Offer completions as the user types (Discord autocomplete): `timezone` for IANA zones, `language` for languages. */
  complete?: 'timezone' | 'language';
}

/** An option a command accepts. Every option is optional. */
export type OptionSpec = CoinOptionSpec | FlagOptionSpec | ChoiceOptionSpec | TextOptionSpec;

/** Parsed, validated option values: coin and choice options are strings, flags are `true` when given. */
export type OptionValues = Record<string, string | boolean>;

/** A command as it was typed, with everything the command may know about who asked and where. */
export interface Invocation {
  /** The command name, e.g. "why". */
  command: string;
  /** Validated option values; an option that was not given is absent. */
  options: OptionValues;
  platform: Platform;
  user: { id: string; name?: string };
  /** `direct` is a DM or private chat, `group` a server channel or group, `terminal` the local console. */
  chat: { id: string; kind: 'direct' | 'group' | 'terminal' };
  /** Every command the bot serves, in order (help is generated from it). */
  catalog: readonly CommandDefinition[];
  /** The language to answer in (a code of templates/languages.yaml). */
  language: string;
  /** That language's command words (commands.yaml). */
  ui: Words;
}

/** The language a reply is written in: its code and its command words. */
export type Speaker = Pick<Invocation, 'language' | 'ui'>;

/** One command, defined once and served by every adapter. */
export interface CommandDefinition {
  /** Lower-case name, `[a-z][a-z0-9_]*`, at most 32 characters (valid on Discord and Telegram). */
  name: string;
  /** One line, 3 to 100 characters (Discord's limit). */
  description: string;
  options: readonly OptionSpec[];
  access: Access;
  run(invocation: Invocation, services: WhyServices): Promise<Reply>;
}
