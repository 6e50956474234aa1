// Text a hostile user types to get a link, a mention or a tag echoed back by the bot: arbitrary strings, masked
// links, bare URLs and domains, mentions, Discord's <@id> forms, hashtags, cashtags and HTML. Shared by the tests
// that check nothing typed comes back live (replies, inline results).
import fc from 'fast-check';

const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
/** Text a hostile user types to get a link or a ping echoed back. */
export const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.tuple(word, word).map(([label, host]) => `[${label}](https://${host}.com/gift)`),
  fc.tuple(word, word).map(([a, b]) => `[${a}](<https://${b}.gg>) [${b}](http://${a}.io)`),
  word.map((w) => `https://${w}.com`),
  word.map((w) => `${w}.com/free`),
  word.map((w) => `t.me/${w}`),
  word.map((w) => `@${w}`),
  fc.constantFrom(
    '@everyone',
    '@here',
    '<@123456789012345678>',
    '<@&123456789012345678>',
    '<#123456789012345678>',
    '<:gift:123456789012345678>',
    '</why:1>',
  ),
  word.map((w) => `#${w} $${w.toUpperCase()}`),
  word.map((w) => `<a href="https://${w}.com">x</a>`),
  word.map((w) => `\\[${w}](https://${w}.com)`),
);
/** What a hostile user types: one to three hostile pieces joined by spaces. */
export const hostileText = fc.array(hostile, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(' '));
