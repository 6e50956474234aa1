// Trading sessions by the real market hours: the Tokyo, London and New York stock exchanges' opens and closes in
// their own time zones (Intl, so daylight saving is the zone's own), read at a moment in UTC. A time outside all
// three is named for what it is ("after the New York close", "before London opened", "over the weekend").
// Exchange holidays are not known here: a holiday reads as a normal weekday.

/** Where a moment falls against the three main stock markets' trading hours. */
export type Session =
  | 'Tokyo'
  | 'London'
  | 'London and New York'
  | 'New York'
  | 'after Tokyo'
  | 'after New York'
  | 'weekend';

/** A market's regular hours in its own time zone, in minutes after local midnight. */
interface MarketHours {
  zone: string;
  open: number;
  close: number;
}

/** Tokyo Stock Exchange 09:00-15:30, London Stock Exchange 08:00-16:30, NYSE 09:30-16:00, local times. */
export const MARKET_HOURS = {
  Tokyo: { zone: 'Asia/Tokyo', open: 9 * 60, close: 15 * 60 + 30 },
  London: { zone: 'Europe/London', open: 8 * 60, close: 16 * 60 + 30 },
  'New York': { zone: 'America/New_York', open: 9 * 60 + 30, close: 16 * 60 },
} as const satisfies Record<string, MarketHours>;

type MarketName = keyof typeof MARKET_HOURS;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The local weekday (0 = Sunday) and minute of the day of `t` in a time zone. */
export function localClock(t: number, zone: string): { weekday: number; minute: number } {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? '');
  return { weekday, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** True when the market is in its regular hours at `t` (weekdays only; holidays are not known here). */
export function isOpen(market: MarketName, t: number): boolean {
  const m = MARKET_HOURS[market];
  const { weekday, minute } = localClock(t, m.zone);
  return weekday >= 1 && weekday <= 5 && minute >= m.open && minute < m.close;
}

/** The session of a moment (epoch ms). */
export function sessionOf(t: number): Session {
  const london = isOpen('London', t);
  const newYork = isOpen('New York', t);
  if (london && newYork) return 'London and New York';
  if (newYork) return 'New York';
  if (london) return 'London';
  if (isOpen('Tokyo', t)) return 'Tokyo';
  // Saturday and Sunday in New York (to the Tokyo open on Monday): no main stock market trades.
  const ny = localClock(t, MARKET_HOURS['New York'].zone);
  const tokyo = localClock(t, MARKET_HOURS.Tokyo.zone);
  if (ny.weekday === 6 || ny.weekday === 0) return 'weekend';
  // Between the Tokyo close and the London open, or between the New York close and the Tokyo open.
  const ldn = localClock(t, MARKET_HOURS.London.zone);
  return ldn.minute < MARKET_HOURS.London.open && tokyo.minute >= MARKET_HOURS.Tokyo.close
    ? 'after Tokyo'
    : 'after New York';
}
