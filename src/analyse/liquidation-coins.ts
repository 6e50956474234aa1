// Liquidations by coin in a market article, where one stands out: an alt whose forced closures over the past day
// outweigh the focus coin's (BTC) and make up a quarter of the day's total or more. Lower bounds, like every total.
import type { LiquidationSummary, Part } from '../gather/types.ts';
import type { CoinLiquidation } from './facts.ts';
import { fact } from './fact.ts';
import { isFresh, isNum } from './fresh.ts';

/** An alt stands out from this share (percent) of the day's total up, when it also outweighs the focus coin. */
export const STANDOUT_SHARE_PCT = 25;

/** Inputs: the snapshot's liquidation part and the focus coin. */
export interface LiquidationCoinInputs {
  part: Part<LiquidationSummary> | undefined;
  /** The tracked coins: only they are named. */
  coins: string[];
  focusCoin: string;
  now: number;
  maxAgeMs: number;
}

const sum = (s: { longsUsd?: number; shortsUsd?: number } | undefined) =>
  (isNum(s?.longsUsd) ? s.longsUsd : 0) + (isNum(s?.shortsUsd) ? s.shortsUsd : 0);

/** The alts whose 24h liquidations stand out, largest first (at most two); empty when none does. */
export function liquidationStandouts(inp: LiquidationCoinInputs): CoinLiquidation[] {
  if (!inp.part?.ok) return [];
  const w = inp.part.value.windows?.['24h'];
  if (!w || !isFresh(w.to, inp.now, inp.maxAgeMs) || !(w.totalUsd > 0)) return [];
  const focus = sum(w.byCoin?.[inp.focusCoin]);
  const source = `computed from ${inp.part.source}`;
  return Object.entries(w.byCoin ?? {})
    .filter(([coin]) => coin !== inp.focusCoin && inp.coins.includes(coin))
    .map(([coin, sides]) => ({ coin, usd: sum(sides) }))
    .filter((c) => c.usd > focus && (c.usd / w.totalUsd) * 100 >= STANDOUT_SHARE_PCT && c.usd <= w.totalUsd)
    .sort((a, b) => b.usd - a.usd)
    .slice(0, 2)
    .flatMap((c) => {
      const usd = fact(`liq.24h.${c.coin}`, `${c.coin} liquidations 24h`, c.usd, 'usd', inp.part!.source, w.to);
      const share = fact(
        `liq.24h.${c.coin}.share`,
        `${c.coin} share of 24h liquidations`,
        (c.usd / w.totalUsd) * 100,
        'share',
        source,
        w.to,
      );
      return usd && share ? [{ coin: c.coin, usd, share }] : [];
    });
}
