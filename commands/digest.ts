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

const TITLE = 'Daily digest';

/** Where a command's chat is, as a proactive post target. */
export function channelOf(invocation: Invocation): ChannelRef {
  return { platform: invocation.platform, channel: invocation.chat.id, kind: invocation.chat.kind };
}

const notice = (lines: string[], tone: 'info' | 'error' = 'info'): NoticeReply => ({
  kind: 'notice',
  tone,
  title: TITLE,
  lines,
});

function nextLine(schedule: DigestSchedule, now: number): string {
  const next = nextOccurrence(schedule, now);
  if (next === undefined) return 'Next: unknown.';
  return `Next: ${localDateTime(next, schedule.timeZone)} ${schedule.timeZone} (${timeToken(next, 'f')}).`;
}

function lastLine(record: DigestPostRecord | undefined, now: number): string | undefined {
  if (record === undefined) return undefined;
  if (claimAbandoned(record, now)) {
    // its process stopped renewing the claim: nothing is being posted now, whatever the record says
    const state =
      record.sendingAt === undefined
        ? 'interrupted before it was sent (whybot stopped); it is tried again within the grace period, or this chat is told it was missed'
        : 'interrupted while it was being sent (whybot stopped); it may have arrived in part and is not sent again';
    return `Last: ${record.day}, ${state}.`;
  }
  const what: Record<DigestPostRecord['status'], string> = {
    sent: record.late ? 'posted late' : 'posted',
    claimed: 'being posted',
    retry: 'could not be written yet; trying again',
    failed: 'could not be posted (see the logs)',
    skipped: 'skipped: whybot was not running within the grace period',
    gone: 'the chat could not be reached',
  };
  return `Last: ${record.day}, ${what[record.status]}.`;
}

async function setSchedule(store: DigestSettings, invocation: Invocation): Promise<NoticeReply> {
  const typed = invocation.options.time;
  if (typeof typed !== 'string')
    throw new ScheduleInputError('Tell me when: /digest set 08:00 (and optionally a time zone, e.g. Europe/Paris).');
  const time = formatTimeOfDay(parseTimeOfDay(typed));
  const zoneText = invocation.options.zone;
  const zone = typeof zoneText === 'string' ? resolveTimeZone(zoneText) : store.defaultTimeZone;
  const schedule = await store.set(channelOf(invocation), time, zone, invocation.user.id);
  return notice([
    `Daily digest set: every day at ${time} (${zone}) in this chat.`,
    nextLine(schedule, store.now()),
    'Change it with /digest set, stop it with /digest off.',
  ]);
}

async function showSchedule(store: DigestSettings, invocation: Invocation): Promise<NoticeReply> {
  const where = channelOf(invocation);
  const schedule = await store.get(where);
  if (schedule === undefined)
    return notice(['No daily digest in this chat. Schedule one with /digest set 08:00 Europe/Paris.']);
  const last = lastLine(await store.lastPost(where), store.now());
  return notice([
    `Every day at ${schedule.time} (${schedule.timeZone}).`,
    nextLine(schedule, store.now()),
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
      return notice(['Daily digests are not running on this bot. You can ask /why at any time.']);
    }
    const { options } = invocation;
    const action =
      typeof options.action === 'string' ? options.action : typeof options.time === 'string' ? 'set' : 'show';
    if (action === 'set') return setSchedule(store, invocation);
    if (action === 'off') {
      return notice([
        (await store.clear(channelOf(invocation)))
          ? 'Daily digest turned off in this chat.'
          : 'There was no daily digest in this chat.',
      ]);
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
