// /language [code]: the language whybot writes in for this chat (articles, digests, alerts, replies). Moderators
// only. Without a code it says what the chat reads now and which languages exist; `auto` clears the setting, so
// each reader's app language (Discord) or the user's (Telegram private chats) applies again.
import { OptionError, quoteForUser } from './options.ts';
import type { NoticeReply } from '../src/core/reply.ts';
import type { WhyServices } from './services.ts';
import type { CommandDefinition, Invocation } from './types.ts';

/** The languages as "English (en), Español (es), ...". */
function languageList(services: WhyServices): string {
  return services.languages.list.map((l) => `${l.name} (${l.code})`).join(', ');
}

/** The language a typed value names: a code or a name, any case; undefined when none. */
function findLanguage(services: WhyServices, typed: string): string | undefined {
  const t = typed.trim().toLowerCase();
  return services.languages.list.find((l) => l.code === t || l.name.toLowerCase() === t)?.code;
}

const info = (lines: string[]): NoticeReply => ({ kind: 'notice', tone: 'info', lines });

/** What the chat reads now, and the languages there are. */
async function current(invocation: Invocation, services: WhyServices): Promise<NoticeReply> {
  const { ui } = invocation;
  const where = { platform: invocation.platform, channel: invocation.chat.id };
  const set = (await services.chatSettings?.get(where))?.language;
  const name = services.languages.pack(set ?? invocation.language).info.name;
  return info([
    ui.t(set === undefined ? 'language.current_auto' : 'language.current_set', { name }),
    ui.t('language.available', { list: languageList(services) }),
  ]);
}

/** The `language` command. */
export const languageCommand: CommandDefinition = {
  name: 'language',
  description: 'The language I write in for this chat.',
  access: 'moderators',
  options: [
    {
      kind: 'text',
      name: 'language',
      description: 'A language code such as es, ru or zh; "auto" follows each reader\'s app',
      maxLength: 40,
      complete: 'language',
    },
  ],
  async run(invocation, services) {
    const typed = invocation.options.language;
    if (typeof typed !== 'string') return current(invocation, services);
    const store = services.chatSettings;
    if (store === undefined) return { kind: 'notice', tone: 'error', lines: [invocation.ui.t('language.no_store')] };
    const where = { platform: invocation.platform, channel: invocation.chat.id };
    if (typed.trim().toLowerCase() === 'auto') {
      await store.setLanguage(where, null, invocation.user.id);
      return info([invocation.ui.t('language.cleared')]);
    }
    const code = findLanguage(services, typed);
    if (code === undefined) {
      const list = languageList(services);
      throw new OptionError(`I don't speak “${quoteForUser(typed)}”. Languages: ${list}.`).keyed('language.unknown', {
        typed: quoteForUser(typed),
        list,
      });
    }
    await store.setLanguage(where, code, invocation.user.id);
    // answered in the language just chosen
    const pack = services.languages.pack(code);
    return info([pack.ui.t('language.set', { name: pack.info.name })]);
  },
};
