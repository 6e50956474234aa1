// Reads back the liquidations a store recorded between two times, one by one (from the liq_events keys and
// their series), for `whybot export liquidations`. One series at a time, so every read is a primary-key range.
import type Database from 'better-sqlite3';
import type { LiquidationEvent, LiquidationSide } from './types.ts';

interface SeriesRow {
  id: number;
  exchange: string;
  symbol: string;
  coin: string;
  side: LiquidationSide;
}

/** A recorded liquidation: its series' names and its key (time, amount in coins, price); USD = amount x price. */
export function recordedEvent(
  series: Omit<SeriesRow, 'id'>,
  at: number,
  amount: number,
  price: number,
): LiquidationEvent {
  return {
    exchange: series.exchange,
    symbol: series.symbol,
    coin: series.coin,
    side: series.side,
    amount,
    price,
    usd: amount * price,
    at,
  };
}

/** Time order, then a fixed order inside one millisecond (so an export is byte-for-byte repeatable). */
export function byTime(a: LiquidationEvent, b: LiquidationEvent): number {
  return (
    a.at - b.at ||
    a.exchange.localeCompare(b.exchange) ||
    a.symbol.localeCompare(b.symbol) ||
    a.side.localeCompare(b.side) ||
    a.amount - b.amount ||
    a.price - b.price
  );
}

/** Every liquidation recorded with from <= at < to (epoch ms), oldest first. */
export function recordedEvents(db: Database.Database, from: number, to: number): LiquidationEvent[] {
  const series = db.prepare('SELECT id, exchange, symbol, coin, side FROM liq_series').all() as SeriesRow[];
  const events = db.prepare(
    'SELECT at, amount, price FROM liq_events WHERE series = ? AND at >= ? AND at < ? ORDER BY at',
  );
  const out: LiquidationEvent[] = [];
  for (const s of series) {
    for (const row of events.all(s.id, from, to) as Array<{ at: number; amount: number; price: number }>)
      out.push(recordedEvent(s, row.at, row.amount, row.price));
  }
  return out.sort(byTime);
}
