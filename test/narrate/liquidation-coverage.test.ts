// The coverage line under liquidation totals: exactly the venues given, Binance marked as a sample, and the major
// venues without a public liquidation feed named, never a venue that is not there.
import { expect, it } from 'vitest';
import { liquidationCoverageLine } from '../../src/narrate/liquidation-coverage.ts';
import { loadLanguages } from '../../src/app/languages.ts';

const words = loadLanguages().pack('en').words;

it('names exactly the venues counted, flags a sampling feed, and names the venues that publish none', () => {
  expect(liquidationCoverageLine(['binanceusdm', 'bybit', 'okx', 'gate'], words)).toBe(
    'Counted on Binance USD-M (a sample: at most one per symbol per second), Bybit, OKX and Gate; Hyperliquid publishes no liquidation feed.',
  );
  expect(liquidationCoverageLine(['okx', 'okx'], words)).toBe(
    'Counted on OKX; Hyperliquid publishes no liquidation feed.',
  );
  expect(liquidationCoverageLine([], words)).toBeNull();
  // a venue present is never also called silent
  expect(liquidationCoverageLine(['bybit', 'hyperliquid'], words)).toBe('Counted on Bybit and Hyperliquid.');
});
