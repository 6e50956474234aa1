// Alts in the market article, from a replay of several coins' klines: the article names the coin hit hardest and
// ETH against BTC, and a day on which the alts fell two to three times as far as Bitcoin leads with that.
// BTC is the real August 2024 spot file; the alts' files are generated for this test (written to a temp folder,
// never shipped): each alt's hourly returns are BTC's real ones times a known factor, so the order is known.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const BTC = fileURLToPath(new URL('../../examples/binance/spot/BTCUSDT-1h-2024-08.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'whybot-worst-hit-'));
const env = { WHYBOT_SENTIMENT: 'off', WHYBOT_DB_PATH: join(dir, 'whybot.sqlite'), LOG_LEVEL: 'silent' };

/** A generated kline file for `coin` in folder `set`: BTC's real candles with every move scaled by `factor`. */
function scaled(set: string, coin: string, start: number, factor: number): string {
  const rows = readFileSync(BTC, 'utf8').trim().split('\n');
  const first = Number(rows[0]!.split(',')[1]);
  const scale = (p: number) => start * (p / first) ** factor; // log returns times `factor`
  const out = rows.map((row) => {
    const c = row.split(',');
    const [o, h, l, cl] = [1, 2, 3, 4].map((i) => scale(Number(c[i])));
    // a factor below 1 keeps high above low; factors here are all >= 1
    return [c[0], o, h, l, cl, ...c.slice(5)].join(',');
  });
  const folder = join(dir, set, 'spot');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${coin}USDT-1h-2024-08.csv`);
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

async function article(files: string[], at: string): Promise<string> {
  const { code, out, err } = await runCli(['why', '--full', '--replay', files.join(','), '--at', at], env);
  expect(err).toBe('');
  expect(code).toBe(0);
  return out;
}

describe('alts in the market article (replay of several coins)', () => {
  it('GIVEN alts falling 1.5-2.7x as far as BTC on 5 August 2024 THEN SOL is named the hardest hit and the alts lead', async () => {
    const files = [
      BTC,
      // BTC fell 15.2%: these factors on its log returns give ETH -30%, BNB -23%, SOL -41%, XRP -35% (2.0x, 1.5x,
      // 2.7x, 2.3x BTC's move; median above 2)
      scaled('crash', 'ETH', 3200, 2.2),
      scaled('crash', 'BNB', 560, 1.6),
      scaled('crash', 'SOL', 180, 3.2),
      scaled('crash', 'XRP', 0.6, 2.6),
    ];
    const out = await article(files, '2024-08-05T07:00:00Z');
    const lede = out.split('\n').slice(0, 6).join(' ');
    expect(lede).toMatch(/The altcoins took the worst of it: the typical tracked alt fell [\d.]+x as far as Bitcoin/);
    expect(lede).toMatch(/and Solana was hit hardest, down 41\.\d%/);
    expect(lede).not.toContain('The hardest hit of the tracked coins'); // said once
    expect(out).toMatch(/Against Bitcoin, Ether lost \d+\.\d% \(the ETH\/BTC price\)/);
  });

  it('GIVEN alts close to BTC, one a little worse THEN it is named without calling the alts the story', async () => {
    const files = [
      BTC,
      scaled('mild', 'ETH', 3200, 1.0),
      scaled('mild', 'BNB', 560, 1.05),
      scaled('mild', 'SOL', 180, 1.0),
      scaled('mild', 'XRP', 0.6, 1.3),
    ];
    const out = await article(files, '2024-08-05T07:00:00Z');
    expect(out).not.toContain('The altcoins took the worst of it');
    expect(out).toMatch(/The hardest hit of the tracked coins is XRP, down \d+\.\d%\./);
    expect(out).toMatch(/Against Bitcoin, Ether held level \(the ETH\/BTC price\)/);
  });
});
