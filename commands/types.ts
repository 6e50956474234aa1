// The shapes every command shares: its definition, the invocation it receives and the neutral reply it returns.
// Adapters (terminal, Discord, Telegram) turn platform events into an Invocation and a Reply into a message.
import type { WhyServices } from '../src/app/services.ts';
import type { ArticleDocument, Figure } from '../src/narrate/document.ts';
import type { ArticleButton } from './article-buttons.ts';

/** Who may run a command: anyone, or only moderators (Manage Server on Discord, chat admins on Telegram). */
export type Access = 'everyone' | 'moderators';

/** The platform an invocation came from. */
export type Platform = 'terminal' | 'discord' | 'telegram';

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
  /** Offer completions as the user types (Discord autocomplete): `timezone` for IANA zones. */
  complete?: 'timezone';
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
}

/** A file to attach to a reply (the price chart). */
export interface ReplyFile {
  name: string;
  contentType: string;
  data: Uint8Array;
  description?: string;
}

/** An article written from market data. */
export interface ArticleReply {
  kind: 'article';
  document: ArticleDocument;
  files?: ReplyFile[];
  /** Buttons under the article (commands/article-buttons.ts); each adapter renders them its own way. */
  buttons?: ArticleButton[];
  /** One line shown above the article (e.g. "That button is from 2 August; here is today's article"). */
  note?: string;
}

/** A short plain-text answer (help, status, liquidations, errors). Lines hold no markup; renderers escape them. */
export interface NoticeReply {
  kind: 'notice';
  title?: string;
  lines: string[];
  /** `error` for refusals and failures (renderers may colour it). */
  tone: 'info' | 'error';
  /** Show only to the person who asked, where the platform can (Discord ephemeral messages). */
  private?: boolean;
  /** Every market figure the lines state, with source and time. */
  figures?: Figure[];
  /** Images to show with the lines (the chart of /liqs). */
  files?: ReplyFile[];
}

/** What a command returns. It never calls a platform API itself. */
export type Reply = ArticleReply | NoticeReply;

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
