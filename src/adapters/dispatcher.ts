// Runs a command for any adapter: access check, option parsing, the command itself, and friendly errors.
// It never throws: user-facing errors are shown as they are, anything else is logged and becomes an apology.
import type { Logger } from 'pino';
import { OptionError, parseStructuredOptions, parseTextOptions, quoteForUser } from '../../commands/options.ts';
import type { ArticleReply, NoticeReply, Reply } from '../core/reply.ts';
import type { CommandDefinition, Invocation } from '../../commands/types.ts';
import type { WhyServices } from '../../commands/services.ts';
import { inlineArticle } from '../../commands/inline.ts';
import { completeOption, LOCALE_ZONES, type Completion } from '../../commands/complete.ts';
import { decodeButton, pressButton, type PressAnswer } from '../../commands/article-buttons.ts';
import { UserFacingError } from '../core/errors.ts';
import type { Words } from '../narrate/words.ts';
import { LRUCache } from 'lru-cache';
import type { CommandRegistry } from './registry.ts';
import { commandsServed, startCommand } from '../observability/metrics.ts';

/** A chat as the schedule store knows it (platform, id, direct or group). */
export type ChannelRef = Parameters<NonNullable<WhyServices['schedules']>['get']>[0];

/** Where a command came from, as the adapter knows it. */
export interface InvocationContext {
  platform: Invocation['platform'];
  user: Invocation['user'];
  chat: Invocation['chat'];
  /** Whether the user may run moderator-only commands here; only called for such commands. */
  isModerator(): Promise<boolean>;
  /**
   * The platform's language tag for this reader, used until the chat sets one with /language: on Discord the
   * server's preferred locale in a channel and the user's locale in a DM; on Telegram the user's code in a private chat.
   */
  locale?: string | undefined;
}

/** The language a reply is written in, and whether the reader's own was unsupported (English instead). */
export interface ReplyLanguage {
  code: string;
  fallback: boolean;
}

/** The options as the platform delivered them: the text after the command, or typed values (Discord). */
export type RawOptions = { text: string } | { values: Record<string, unknown> };

/** A notice for errors and refusals. */
export function errorNotice(message: string, isPrivate = false): NoticeReply {
  return { kind: 'notice', tone: 'error', lines: [message], ...(isPrivate ? { private: true } : {}) };
}

/** A user-facing error in the reader's language: its message key when the language has it, else its English text. */
export function userMessage(err: UserFacingError, ui: Words): string {
  return err.key !== undefined && ui.has(err.key) ? ui.t(err.key, err.args) : err.message;
}

/** Runs commands from a registry with the bot's services. */
export class Dispatcher {
  /** Readers already told that their language falls back to English (told once each). */
  private readonly toldFallback = new LRUCache<string, true>({ max: 50_000 });

  constructor(
    readonly registry: CommandRegistry,
    private readonly services: WhyServices,
    private readonly logger: Logger,
  ) {}

  /** The chat's language: its /language setting, else the platform's tag for the reader, else English. Never throws. */
  async languageOf(context: Pick<InvocationContext, 'platform' | 'chat' | 'locale'>): Promise<ReplyLanguage> {
    const where = { platform: context.platform, channel: context.chat.id };
    try {
      const settings = await this.services.chatSettings?.get(where);
      // a group's platform tag (a Discord server's preferred locale) is what its digests and alerts follow
      if (context.chat.kind === 'group' && context.locale && settings?.seenLocale !== context.locale)
        void this.services.chatSettings
          ?.noteLocale(where, context.locale)
          .catch((err: unknown) => this.logger.warn({ err, platform: where.platform }, 'could not note a chat locale'));
      const set = settings?.language;
      if (set !== undefined && this.services.languages.codes.includes(set)) return { code: set, fallback: false };
    } catch (err) {
      this.logger.warn({ err, platform: context.platform, chat: context.chat.id }, 'could not read the chat language');
    }
    return this.services.languages.match(context.locale);
  }

  /** The languages whybot writes in (command menus are registered in each). */
  get languages(): WhyServices['languages'] {
    return this.services.languages;
  }

  /** `{ locale }` of a language other than English, else nothing. */
  private localeOf(code: string): { locale?: string } {
    return code === this.services.languages.codes[0] ? {} : { locale: this.services.languages.pack(code).info.locale };
  }

  /** What to say when a button of an old or foreign format is pressed, in the reader's language. */
  async goneButtonNote(context: Pick<InvocationContext, 'platform' | 'chat' | 'locale'>): Promise<string> {
    return this.ui((await this.languageOf(context)).code).t('button.gone');
  }

  /** A notice marked with its language's locale (its time tokens are written out in it). */
  private inLocale<R extends Reply>(reply: R, code: string): R {
    return reply.kind === 'notice' ? { ...reply, ...this.localeOf(code) } : reply;
  }

  /**
   * The command words for a reader from the platform's tag alone (no store read): for refusals under load or while
   * stopping, when a database round trip is the last thing to add.
   */
  uiForTag(tag: string | undefined): Words {
    return this.ui(this.services.languages.match(tag).code);
  }

  /** The command words of a language. */
  ui(code: string): Words {
    return this.services.languages.pack(code).ui;
  }

  /** The one-time note for a reader whose language whybot does not speak, or undefined (already told, or spoken). */
  fallbackNote(
    language: ReplyLanguage,
    context: Pick<InvocationContext, 'platform' | 'chat' | 'user'>,
  ): string | undefined {
    if (!language.fallback) return undefined;
    const key = `${context.platform}:${context.chat.id}:${context.user.id}`;
    if (this.toldFallback.has(key)) return undefined;
    this.toldFallback.set(key, true);
    return this.ui(language.code).t('language.fallback_note');
  }

  /** The refusal to show when the user may not run this command here, or undefined when they may. */
  async refusal(command: CommandDefinition, context: InvocationContext): Promise<NoticeReply | undefined> {
    if (command.access === 'everyone') return undefined;
    const ui = this.ui((await this.languageOf(context)).code);
    let allowed = false;
    try {
      allowed = await context.isModerator();
    } catch (err) {
      this.logger.warn(
        { err, command: command.name, platform: context.platform, chat: context.chat.id },
        'moderator check failed',
      );
      return errorNotice(ui.t('error.permission_check', { command: command.name }), true);
    }
    if (allowed) return undefined;
    commandsServed.inc({ command: command.name, platform: context.platform, outcome: 'refused' });
    const key = context.platform === 'discord' ? 'error.moderators_only_discord' : 'error.moderators_only_telegram';
    return errorNotice(ui.t(key, { command: command.name }), true);
  }

  /** Parse the options and run the command (access must be checked first). Never throws. */
  async execute(command: CommandDefinition, raw: RawOptions, context: InvocationContext): Promise<Reply> {
    const served = startCommand(command.name, context.platform);
    const language = await this.languageOf(context);
    const ui = this.ui(language.code);
    try {
      const options = 'text' in raw ? parseTextOptions(command, raw.text) : parseStructuredOptions(command, raw.values);
      const invocation: Invocation = {
        command: command.name,
        options,
        platform: context.platform,
        user: context.user,
        chat: context.chat,
        catalog: this.registry.list,
        language: language.code,
        ui,
      };
      const reply = await command.run(invocation, this.services);
      served('ok');
      return this.inLocale(withNote(reply, this.fallbackNote(language, context)), language.code);
    } catch (err) {
      served(err instanceof UserFacingError ? 'user_error' : 'error');
      return this.inLocale(this.failure(err, command.name, context, ui), language.code);
    }
  }

  /** Find, check and run a command by name (terminal and Telegram). Unknown names get a pointer to /help. */
  async handle(name: string, raw: RawOptions, context: InvocationContext): Promise<Reply> {
    const command = this.registry.find(name.toLowerCase());
    if (command === undefined) {
      commandsServed.inc({ command: 'unknown', platform: context.platform, outcome: 'unknown' });
      const ui = this.ui((await this.languageOf(context)).code);
      return errorNotice(ui.t('error.unknown_command', { name: quoteForUser(name, 32) }), true);
    }
    return (await this.refusal(command, context)) ?? (await this.execute(command, raw, context));
  }

  /**
   * Run a press of an article button (its id from the platform). Undefined when the id is not a whybot button;
   * errors become a note. Never throws.
   */
  async press(
    id: string,
    context: Pick<InvocationContext, 'platform' | 'chat' | 'user' | 'locale'>,
  ): Promise<PressAnswer | undefined> {
    const state = decodeButton(id);
    if (state === undefined) return undefined;
    const served = startCommand('button', context.platform);
    const language = await this.languageOf(context);
    const ui = this.ui(language.code);
    try {
      const answer = await pressButton(state, this.services, { language: language.code, ui });
      served('ok');
      return answer.mode === 'note' ? { ...answer, ...this.localeOf(language.code) } : answer;
    } catch (err) {
      served(err instanceof UserFacingError ? 'user_error' : 'error');
      const text = this.failure(err, 'why', context, ui).lines.join(' ');
      return { mode: 'note', text, ...this.localeOf(language.code) };
    }
  }

  /**
   * Completions for an option of a command as typed so far (Discord autocomplete). `locale` is the server's
   * preferred locale, which suggests a zone. Never throws: nothing to offer is an empty list.
   */
  async complete(
    commandName: string,
    optionName: string,
    typed: string,
    where: ChannelRef,
    locale?: string,
  ): Promise<Completion[]> {
    const spec = this.registry.find(commandName)?.options.find((o) => o.name === optionName);
    if (spec === undefined) return [];
    try {
      const digestZone = (await this.services.schedules?.get(where))?.timeZone;
      const likelyZones = [
        digestZone,
        locale === undefined ? undefined : (LOCALE_ZONES[locale] ?? LOCALE_ZONES[locale.split('-')[0]!]),
        this.services.schedules?.defaultTimeZone,
      ].filter((z): z is string => z !== undefined);
      return completeOption(spec, typed, {
        trackedCoins: this.services.trackedCoins(),
        likelyZones,
        languages: this.services.languages.list,
      });
    } catch (err) {
      this.logger.warn({ err, command: commandName, option: optionName }, 'could not complete an option');
      return [];
    }
  }

  /** The article an inline query offers, or a user-facing message saying why there is none. Never throws. */
  async inline(
    query: string,
    context: Pick<InvocationContext, 'platform' | 'chat' | 'user' | 'locale'>,
  ): Promise<ArticleReply | NoticeReply> {
    const served = startCommand('inline', context.platform);
    const language = await this.languageOf(context);
    const ui = this.ui(language.code);
    try {
      const reply = await inlineArticle(query, this.services, { language: language.code, ui });
      served('ok');
      return reply;
    } catch (err) {
      served(err instanceof UserFacingError ? 'user_error' : 'error');
      return this.failure(err, 'why', context, ui);
    }
  }

  /** The zone a chat reads times in: its chat setting, else its daily digest's zone, else UTC. Never throws. */
  async timeZoneOf(where: ChannelRef): Promise<string> {
    try {
      const own = (await this.services.chatSettings?.get({ platform: where.platform, channel: where.channel }))
        ?.timeZone;
      return own ?? (await this.services.schedules?.get(where))?.timeZone ?? 'UTC';
    } catch (err) {
      this.logger.warn({ err, platform: where.platform, chat: where.channel }, 'could not read the chat time zone');
      return 'UTC';
    }
  }

  /** Turn any error into a reply: user-facing messages as they are, anything else an apology (and a log line). */
  failure(
    err: unknown,
    command: string,
    context: Pick<InvocationContext, 'platform' | 'chat' | 'user'>,
    ui: Words = this.ui('en'),
  ): NoticeReply {
    if (err instanceof UserFacingError) {
      if (!(err instanceof OptionError))
        this.logger.info({ command, platform: context.platform, reason: err.message }, 'user-facing error');
      return errorNotice(userMessage(err, ui));
    }
    this.logger.error(
      { err, command, platform: context.platform, chat: context.chat.id, user: context.user.id },
      'command failed',
    );
    return errorNotice(ui.t('error.something_wrong', { command }));
  }
}

/** The reply with a one-time note added (an article's note, or a notice's last line). */
function withNote(reply: Reply, note: string | undefined): Reply {
  if (note === undefined) return reply;
  if (reply.kind === 'article') return { ...reply, note: reply.note ? `${reply.note} ${note}` : note };
  if (reply.kind === 'notice') return { ...reply, lines: [...reply.lines, note] };
  return reply;
}
