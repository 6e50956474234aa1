// Times on Discord: every time token in neutral text becomes a Discord timestamp (`<t:UNIX:f>`, `<t:UNIX:R>`),
// which each reader's client shows in their own zone. Discord renders them in descriptions, field values and
// message content, not in titles or footers, so a token there becomes plain UTC.
import type { APIEmbed } from 'discord.js';
import { replaceTimeTokens } from '../../core/time-token.ts';
import { utcTime } from '../times.ts';

/** Text with time tokens as Discord timestamps. */
export function discordTimeText(text: string): string {
  return replaceTimeTokens(text, (seconds, style) => `<t:${seconds.toString()}:${style}>`);
}

/** An embed with its time tokens rendered: timestamps where Discord shows them, UTC in title and footer. */
export function discordTimes(embed: APIEmbed): APIEmbed {
  const plain = (text: string) => replaceTimeTokens(text, (seconds, style) => utcTime(seconds, style));
  return {
    ...embed,
    ...(embed.title === undefined ? {} : { title: plain(embed.title) }),
    ...(embed.description === undefined ? {} : { description: discordTimeText(embed.description) }),
    ...(embed.footer === undefined ? {} : { footer: { ...embed.footer, text: plain(embed.footer.text) } }),
    ...(embed.fields === undefined
      ? {}
      : { fields: embed.fields.map((f) => ({ ...f, name: plain(f.name), value: discordTimeText(f.value) })) }),
    // to the nearest minute, as the text prints it (a close stamped 06:59:59.999 is the 07:00 close)
    ...(embed.timestamp === undefined
      ? {}
      : { timestamp: new Date(Math.round(Date.parse(embed.timestamp) / 60_000) * 60_000).toISOString() }),
  };
}
