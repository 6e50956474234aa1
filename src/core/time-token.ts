// Times in neutral text: a command or the narrator writes `timeToken(epochMs, style)` where a time belongs, and
// each adapter replaces the tokens with its own form (Discord `<t:UNIX:f>`, Telegram the chat's zone, the
// terminal UTC). The token is made of private-use characters, which no escaper (HTML, Markdown) touches.

/** How a time is shown: `f` date and time, `t` time only, `R` relative ("5 minutes ago"). */
export type TimeStyle = 'f' | 't' | 'R';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const TOKEN = /\uE000(-?\d+)([ftR])\uE001/g;

/** A time placeholder for neutral text (epoch ms, rounded down to the second). */
export function timeToken(epochMs: number, style: TimeStyle = 'f'): string {
  return `${OPEN}${Math.floor(epochMs / 1000).toString()}${style}${CLOSE}`;
}

/** Replace every time token in `text` with `render(epochSeconds, style)`. */
export function replaceTimeTokens(text: string, render: (epochSeconds: number, style: TimeStyle) => string): string {
  return text.replace(TOKEN, (_m, seconds: string, style: string) => render(Number(seconds), style as TimeStyle));
}

/** Whether `text` holds a time token. */
export function hasTimeToken(text: string): boolean {
  return text.includes(OPEN);
}
