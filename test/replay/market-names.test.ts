// Which market a replay names: data.binance.vision's folder names, COIN-M symbols, the --market flag, or
// "Binance klines" when nothing tells; mark/index/premium index folders and daily file names are understood.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReplayData } from '../../src/app/replay.ts';
import { readSeriesFile, ReplayFileError, servingSymbol } from '../../src/simulator/kline-files.ts';
import { marketOfFile, replayMarket } from '../../src/simulator/replay-market.ts';

const root = mkdtempSync(join(tmpdir(), 'whybot-markets-'));
/** Write a small kline file at a relative path (two real-looking hourly rows, volume as given). */
function file(rel: string, volume = '12.5'): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  const t = Date.parse('2024-08-05T00:00:00Z');
  writeFileSync(
    path,
    `${t},100,110,90,105,${volume},${t + 3_599_999},0,0,0,0,0\n${t + 3_600_000},105,106,95,96,${volume},${t + 7_199_999},0,0,0,0,0\n`,
  );
  return path;
}

describe('the market of a kline file', () => {
  it.each([
    ['data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2024-08.csv', 'BTCUSDT', 'Binance spot'],
    ['data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-08-05.csv', 'BTCUSDT', 'Binance spot'],
    ['data/futures/um/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2024-08.csv', 'BTCUSDT', 'Binance USD-M futures'],
    [
      'data/futures/cm/monthly/klines/BTCUSD_PERP/1h/BTCUSD_PERP-1h-2024-08.csv',
      'BTCUSD_PERP',
      'Binance COIN-M futures',
    ],
    [
      'data/futures/um/monthly/markPriceKlines/BTCUSDT/1h/BTCUSDT-1h-2024-08.csv',
      'BTCUSDT',
      'Binance USD-M mark price',
    ],
    [
      'data/futures/um/daily/indexPriceKlines/BTCUSDT/5m/BTCUSDT-5m-2024-08-05.csv',
      'BTCUSDT',
      'Binance USD-M index price',
    ],
    [
      'data/futures/cm/monthly/markPriceKlines/BTCUSD_PERP/1h/BTCUSD_PERP-1h-2024-08.csv',
      'BTCUSD_PERP',
      'Binance COIN-M mark price',
    ],
    ['examples/binance/spot/BTCUSDT-1h-2024-08.csv', 'BTCUSDT', 'Binance spot'],
    ['examples/binance/futures/um/BTCUSDT-1h-2024-08.csv', 'BTCUSDT', 'Binance USD-M futures'],
    ['downloads/BTCUSD_PERP-1h-2024-08.csv', 'BTCUSD_PERP', 'Binance COIN-M futures'],
    ['markPriceKlines/BTCUSDT-1h-2024-08.csv', 'BTCUSDT', 'Binance futures mark price'],
    ['downloads/data/BTCUSDT-1h-2024-08.csv', 'BTCUSDT', 'Binance klines'],
    ['downloads/data/futures-1h-2024/BTCUSDT-1h-2024-08.csv', 'BTCUSDT', 'Binance klines'],
  ])('%s holds %s', (path, symbol, label) => {
    expect(marketOfFile(path, symbol).label).toBe(label);
  });

  it('refuses premium index klines: they are a funding premium, not a price', () => {
    expect(() =>
      readSeriesFile(file('data/futures/um/monthly/premiumIndexKlines/BTCUSDT/1h/BTCUSDT-1h-2024-08.csv')),
    ).toThrow(/premium index klines are a funding premium/);
  });

  it('reads mark price klines (volume 0), daily dump names and COIN-M symbols, served as BTCUSDT', () => {
    const mark = readSeriesFile(
      file('data/futures/um/daily/markPriceKlines/BTCUSDT/1h/BTCUSDT-1h-2024-08-05.csv', '0'),
    );
    expect(mark).toMatchObject({
      kind: 'klines',
      symbol: 'BTCUSDT',
      intervalMs: 3_600_000,
      market: { label: 'Binance USD-M mark price', price: 'mark' },
    });
    expect(mark.kind === 'klines' && mark.candles.map((c) => c.v)).toEqual([0, 0]);
    const coinm = readSeriesFile(file('data/futures/cm/daily/klines/BTCUSD_PERP/1m/BTCUSD_PERP-1m-2024-08-05.csv'));
    expect(coinm).toMatchObject({ kind: 'klines', symbol: 'BTCUSD_PERP', intervalMs: 60_000 });
    expect(servingSymbol('BTCUSD_PERP')).toBe('BTCUSDT');
    const replay = loadReplayData([coinm.file]);
    expect(replay.data.listedSymbols()).toEqual(['BTCUSDT']);
    expect(replay.info).toMatchObject({ market: { label: 'Binance COIN-M futures' }, finestIntervalMs: 60_000 });
    expect(servingSymbol('BTCUSD')).toBe('BTCUSDT');
    expect(servingSymbol('ETHUSDT')).toBe('ETHUSDT');
  });
});

describe('the market of a whole replay', () => {
  const spot = { file: 'data/spot/x.csv', market: marketOfFile('data/spot/x.csv', 'BTCUSDT') };
  const um = { file: 'data/futures/um/x.csv', market: marketOfFile('data/futures/um/x.csv', 'BTCUSDT') };
  const plain = { file: 'x.csv', market: marketOfFile('x.csv', 'BTCUSDT') };

  it('is the one market its files hold, or "Binance klines" when any file does not say', () => {
    expect(replayMarket([spot, spot]).label).toBe('Binance spot');
    expect(replayMarket([um]).label).toBe('Binance USD-M futures');
    expect(replayMarket([plain]).label).toBe('Binance klines');
    expect(replayMarket([spot, plain]).label).toBe('Binance klines');
  });

  it('takes --market when the folders do not say, and refuses one that contradicts them', () => {
    expect(replayMarket([plain], 'spot')).toMatchObject({ label: 'Binance spot', knownFrom: 'flag' });
    expect(replayMarket([plain], 'usdm').label).toBe('Binance USD-M futures');
    expect(replayMarket([plain], 'coinm').label).toBe('Binance COIN-M futures');
    expect(replayMarket([plain], 'mark').label).toBe('Binance futures mark price');
    expect(replayMarket([plain], 'index').label).toBe('Binance futures index price');
    expect(replayMarket([um], 'usdm').label).toBe('Binance USD-M futures');
    expect(() => replayMarket([um], 'spot')).toThrow(
      /--market spot contradicts data\/futures\/um\/x.csv, which the folders say holds Binance USD-M futures/,
    );
  });

  it('refuses files of two markets in one replay', () => {
    expect(() => replayMarket([spot, um])).toThrow(ReplayFileError);
    expect(() => replayMarket([spot, um])).toThrow(/different markets \(Binance spot, Binance USD-M futures\)/);
  });

  it('names the market of the files shipped in examples/binance', () => {
    const examples = new URL('../../examples/binance/', import.meta.url).pathname;
    expect(loadReplayData([`${examples}spot/BTCUSDT-1h-2024-08.csv`]).info.market!.label).toBe('Binance spot');
    expect(
      loadReplayData([`${examples}futures/um/BTCUSDT-1h-2024-07.csv`, `${examples}futures/um/BTCUSDT-1h-2024-08.csv`])
        .info,
    ).toMatchObject({
      market: { label: 'Binance USD-M futures', venue: 'usdm' },
      coverage: { from: Date.parse('2024-07-01T00:00:00Z'), to: Date.parse('2024-09-01T00:00:00Z') },
      finestIntervalMs: 3_600_000,
    });
  });
});
