// /digest (moderators): a daily digest in this chat. `set 08:00 Europe/Paris` schedules it (zone default from
// configuration), `off` removes it, `show` says when it comes next and how the last one went, `now` posts it now.
import { timeToken } from '../src/core/time-token.ts';
import { articleButtons } from './article-buttons.ts';
import {
  formatTimeOfDay,
  localDateTime,
  nextOccurrence,
  parseTimeOfDay,
  resolveTimeZone,
  ScheduleInputError,
} from '../src/schedule/digest-time.ts';
import {
  claimAbandoned,
  type ChannelRef,
  type DigestPostRecord,
  type DigestSchedule,
  type DigestSettings,
} from '../src/store/schedules/types.ts';
import type { NoticeReply } from '../src/core/reply.ts';
import type { CommandDefinition, Invocation } from './types.ts';
import type { WhyServices } from './services.ts';
import type { Words } from '../src/narrate/words.ts';

/** Where a command's chat is, as a proactive post target. */
export function channelOf(invocation: Invocation): ChannelRef {
  return { platform: invocation.platform, channel: invocation.chat.id, kind: invocation.chat.kind };
}

/** A notice titled as the daily digest, in the invocation's language. */
const notice = (ui: Words, lines: string[], tone: 'info' | 'error' = 'info'): NoticeReply => ({
  kind: 'notice',
  tone,
  title: ui.t('digest.notice_title'),
  lines,
});

function nextLine(ui: Words, schedule: DigestSchedule, now: number): string {
  const next = nextOccurrence(schedule, now);
  if (next === undefined) return ui.t('digest.next_unknown');
  return ui.t('digest.next', {
    local: localDateTime(next, schedule.timeZone),
    zone: schedule.timeZone,
    when: timeToken(next, 'f'),
  });
}

function lastLine(ui: Words, record: DigestPostRecord | undefined, now: number): string | undefined {
  if (record === undefined) return undefined;
  // a claim its process stopped renewing: nothing is being posted now, whatever the record says
  const state = claimAbandoned(record, now)
    ? record.sendingAt === undefined
      ? 'interrupted_before'
      : 'interrupted_while'
    : record.status === 'sent' && record.late
      ? 'late'
      : record.status;
  return ui.t('digest.last', { day: record.day, state: ui.t(`digest.state.${state}`) });
}

async function setSchedule(store: DigestSettings, invocation: Invocation, services: WhyServices): Promise<NoticeReply> {
  const { ui } = invocation;
  const typed = invocation.options.time;
  if (typeof typed !== 'string')
    throw new ScheduleInputError(
      'Tell me when: /digest set 08:00 (and optionally a time zone, e.g. Europe/Paris).',
    ).keyed('digest.ask_time');
  const time = formatTimeOfDay(parseTimeOfDay(typed));
  const zoneText = invocation.options.zone;
  const zone = typeof zoneText === 'string' ? resolveTimeZone(zoneText) : store.defaultTimeZone;
  const schedule = await store.set(channelOf(invocation), time, zone, invocation.user.id);
  // the zone a moderator names is the chat's zone for every time whybot prints there, not only the digest's
  if (typeof zoneText === 'string')
    await services.chatSettings?.setTimeZone(
      { platform: invocation.platform, channel: invocation.chat.id },
      zone,
      invocation.user.id,
    );
  return notice(ui, [
    ui.t('digest.set', { time, zone }),
    nextLine(ui, schedule, store.now()),
    ui.t('digest.change_hint'),
  ]);
}

async function showSchedule(store: DigestSettings, invocation: Invocation): Promise<NoticeReply> {
  const { ui } = invocation;
  const where = channelOf(invocation);
  const schedule = await store.get(where);
  if (schedule === undefined) return notice(ui, [ui.t('digest.none')]);
  const last = lastLine(ui, await store.lastPost(where), store.now());
  return notice(ui, [
    ui.t('digest.every_day', { time: schedule.time, zone: schedule.timeZone }),
    nextLine(ui, schedule, store.now()),
    ...(last === undefined ? [] : [last]),
  ]);
}

/** The `digest` command. */
export const digestCommand: CommandDefinition = {
  name: 'digest',
  description: 'Schedule a daily market digest in this chat.',
  access: 'moderators',
  options: [
    {
      kind: 'choice',
      name: 'action',
      description: 'set a time, turn it off, show it, or post one now',
      choices: ['set', 'off', 'show', 'now'],
    },
    {
      kind: 'text',
      name: 'time',
      description: 'Time of day, HH:MM on a 24-hour clock, e.g. 08:00',
      maxLength: 8,
      accepts: /^\d{1,2}(?:[:.h]\d{2})?$/,
    },
    {
      kind: 'text',
      name: 'zone',
      description: 'IANA time zone, e.g. Europe/Paris (default from the bot settings)',
      maxLength: 64,
      accepts: /^[A-Za-z][A-Za-z0-9_+\-/]*$/,
      complete: 'timezone',
    },
  ],
  async run(invocation, services) {
    const store = services.schedules;
    if (store === undefined) {
      return notice(invocation.ui, [invocation.ui.t('digest.not_running')]);
    }
    const { options } = invocation;
    const action =
      typeof options.action === 'string' ? options.action : typeof options.time === 'string' ? 'set' : 'show';
    if (action === 'set') return setSchedule(store, invocation, services);
    if (action === 'off') {
      const cleared = await store.clear(channelOf(invocation));
      return notice(invocation.ui, [invocation.ui.t(cleared ? 'digest.off' : 'digest.was_off')]);
    }
    if (action === 'now') {
      const { document, snapshot } = await services.explain({ form: 'full', language: invocation.language });
      return {
        kind: 'article',
        document: { ...document, title: invocation.ui.t('digest.title', { title: document.title }) },
        buttons: articleButtons(undefined, 'full', services.trackedCoins(), snapshot.builtAt, invocation.ui),
      };
    }
    return showSchedule(store, invocation);
  },
};
