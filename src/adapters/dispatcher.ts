// Runs a command for any adapter: access check, option parsing, the command itself, and friendly errors.
// It never throws: user-facing errors are shown as they are, anything else is logged and becomes an apology.
import type { Logger } from 'pino';
import { OptionError, parseStructuredOptions, parseTextOptions, quoteForUser } from '../../commands/options.ts';
import type { NoticeReply, Reply } from '../core/reply.ts';
import type { CommandDefinition, Invocation } from '../../commands/types.ts';
import type { WhyServices } from '../../commands/services.ts';
import { UserFacingError } from '../core/errors.ts';
import type { CommandRegistry } from './registry.ts';
import { commandsServed, startCommand } from '../observability/metrics.ts';

/** Where a command came from, as the adapter knows it. */
export interface InvocationContext {
  platform: Invocation['platform'];
  user: Invocation['user'];
  chat: Invocation['chat'];
  /** Whether the user may run moderator-only commands here; only called for such commands. */
  isModerator(): Promise<boolean>;
}

/** The options as the platform delivered them: the text after the command, or typed values (Discord). */
export type RawOptions = { text: string } | { values: Record<string, unknown> };

/** A notice for errors and refusals. */
export function errorNotice(message: string, isPrivate = false): NoticeReply {
  return { kind: 'notice', tone: 'error', lines: [message], ...(isPrivate ? { private: true } : {}) };
}

/** Runs commands from a registry with the bot's services. */
export class Dispatcher {
  constructor(
    readonly registry: CommandRegistry,
    private readonly services: WhyServices,
    private readonly logger: Logger,
  ) {}

  /** The refusal to show when the user may not run this command here, or undefined when they may. */
  async refusal(command: CommandDefinition, context: InvocationContext): Promise<NoticeReply | undefined> {
    if (command.access === 'everyone') return undefined;
    let allowed = false;
    try {
      allowed = await context.isModerator();
    } catch (err) {
      this.logger.warn({ err, command: command.name, platform: context.platform, chat: context.chat.id }, 'moderator check failed');
      return errorNotice(`I couldn't check your permissions for /${command.name} right now. Please try again later.`, true);
    }
    if (allowed) return undefined;
    commandsServed.inc({ command: command.name, platform: context.platform, outcome: 'refused' });
    const who =
      context.platform === 'discord' ? 'members with the Manage Server permission' : 'chat administrators';
    return errorNotice(`Only ${who} can use /${command.name}.`, true);
  }

  /** Parse the options and run the command (access must be checked first). Never throws. */
  async execute(command: CommandDefinition, raw: RawOptions, context: InvocationContext): Promise<Reply> {
    const served = startCommand(command.name, context.platform);
    try {
      const options = 'text' in raw ? parseTextOptions(command, raw.text) : parseStructuredOptions(command, raw.values);
      const invocation: Invocation = {
        command: command.name,
        options,
        platform: context.platform,
        user: context.user,
        chat: context.chat,
        catalog: this.registry.list,
      };
      const reply = await command.run(invocation, this.services);
      served('ok');
      return reply;
    } catch (err) {
      served(err instanceof UserFacingError ? 'user_error' : 'error');
      return this.failure(err, command.name, context);
    }
  }

  /** Find, check and run a command by name (terminal and Telegram). Unknown names get a pointer to /help. */
  async handle(name: string, raw: RawOptions, context: InvocationContext): Promise<Reply> {
    const command = this.registry.find(name.toLowerCase());
    if (command === undefined) {
      commandsServed.inc({ command: 'unknown', platform: context.platform, outcome: 'unknown' });
      return errorNotice(`I don't know /${quoteForUser(name, 32)}. Try /help.`, true);
    }
    return (await this.refusal(command, context)) ?? (await this.execute(command, raw, context));
  }

  /** Turn any error into a reply: user-facing messages as they are, anything else an apology (and a log line). */
  failure(err: unknown, command: string, context: Pick<InvocationContext, 'platform' | 'chat' | 'user'>): NoticeReply {
    if (err instanceof UserFacingError) {
      if (!(err instanceof OptionError)) this.logger.info({ command, platform: context.platform, reason: err.message }, 'user-facing error');
      return errorNotice(err.message);
    }
    this.logger.error(
      { err, command, platform: context.platform, chat: context.chat.id, user: context.user.id },
      'command failed',
    );
    return errorNotice(`Sorry, something went wrong while answering /${command}. Please try again in a minute.`);
  }
}
