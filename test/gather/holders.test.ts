// The holders file: JSON and YAML are read into positions; a malformed file gives a reason naming the file
// and line (syntax) or the entry and field (schema), is logged, and never throws; edits are picked up.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { holderPnl } from '../../src/gather/holder-pnl.ts';
import { HoldersSource, jsonErrorOffset, loadHoldersFile, parseHoldersText } from '../../src/gather/holders.ts';

const dir = mkdtempSync(join(tmpdir(), 'whybot-holders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function logger() {
  const warnings: Array<{ details: object; message: string }> = [];
  return { warnings, warn: (details: object, message: string) => warnings.push({ details, message }) };
}

const good = {
  holders: [
    {
      name: 'Strategy',
      coin: 'btc',
      amount: 478_740,
      averageCostUsd: 65_033,
      asOf: '2025-02-09',
      source: 'announcement',
    },
    { name: 'Example Fund', coin: 'ETH', amount: 1000, averageCostUsd: 3000, asOf: '2025-03-01T12:00:00Z' },
  ],
};

describe('loadHoldersFile', () => {
  it('reads a JSON file into positions with their as-of times', async () => {
    const part = await loadHoldersFile(file('holders.json', JSON.stringify(good, null, 2)));
    expect(part).toEqual({
      ok: true,
      source: 'holders file holders.json',
      asOf: Date.parse('2025-03-01T12:00:00Z'),
      value: [
        {
          name: 'Strategy',
          coin: 'BTC',
          amount: 478_740,
          costBasis: 65_033,
          asOf: Date.parse('2025-02-09T00:00:00Z'),
          source: 'announcement',
        },
        { name: 'Example Fund', coin: 'ETH', amount: 1000, costBasis: 3000, asOf: Date.parse('2025-03-01T12:00:00Z') },
      ],
    });
  });

  it('reads the same from YAML', async () => {
    const yaml = [
      'holders:',
      '  - name: Strategy',
      '    coin: BTC',
      '    amount: 478740',
      '    averageCostUsd: 65033',
      '    asOf: "2025-02-09"',
      '',
    ].join('\n');
    const part = await loadHoldersFile(file('holders.yaml', yaml));
    expect(part).toMatchObject({
      ok: true,
      value: [{ name: 'Strategy', coin: 'BTC', amount: 478_740, costBasis: 65_033 }],
    });
  });

  it('reads the shipped example file', async () => {
    const part = await loadHoldersFile(new URL('../../holders.example.json', import.meta.url).pathname);
    expect(part.ok).toBe(true);
    if (part.ok) expect(part.value[0]).toMatchObject({ name: 'Strategy', coin: 'BTC' });
    if (part.ok) expect(part.value[0]!.note).toMatch(/EXAMPLE ONLY/);
  });

  it('names the file and line of a JSON syntax error, logs it, and does not throw', async () => {
    const log = logger();
    const text = [
      '{',
      '  "holders": [',
      '    { "name": "Strategy", "coin": "BTC", "amount": 478740,',
      '      "averageCostUsd": 65033 "asOf": "2025-02-09" }',
      '  ]',
      '}',
    ].join('\n');
    const path = file('broken.json', text);
    const part = await loadHoldersFile(path, log);
    expect(part.ok).toBe(false);
    if (!part.ok) expect(part.reason).toBe(`${path} line 4: not valid JSON (Expected ',' or '}' after property value)`);
    expect(log.warnings).toEqual([
      { details: { file: path, reason: !part.ok && part.reason }, message: 'holders file not loaded' },
    ]);
  });

  it('finds the line of JSON errors whose message has no position', () => {
    const text = '{\n  "holders": [\n    { "name": "A", "amount": tru }\n  ]\n}';
    const part = parseHoldersText('h.json', text);
    expect(!part.ok && part.reason).toMatch(/^h\.json line 3: not valid JSON \(Unexpected token/);
    expect(jsonErrorOffset('{"a": tru}', `Unexpected token '}', "{"a": tru}" is not valid JSON`)).toBe(9);
    expect(!parseHoldersText('h.json', '').ok && (parseHoldersText('h.json', '') as { reason: string }).reason).toBe(
      'h.json line 1: not valid JSON (Unexpected end of JSON input)',
    );
  });

  it('names the line of a YAML syntax error', () => {
    const part = parseHoldersText('h.yaml', 'holders:\n  - name: A\n    amount: [1,\n');
    expect(!part.ok && part.reason).toMatch(/^h\.yaml line 4: not valid YAML/);
  });

  it('names the entry, field and line of a schema error', () => {
    const bad = JSON.stringify({ holders: [good.holders[0], { ...good.holders[1], amount: -5 }] }, null, 2);
    const part = parseHoldersText('h.json', bad);
    const line = bad.split('\n').findIndex((l) => l.includes('-5')) + 1;
    expect(!part.ok && part.reason).toBe(
      `h.json line ${line}: holders[1].amount ("Example Fund") must be a positive number of coins`,
    );
  });

  it('names a missing field and a bad date', () => {
    const { averageCostUsd: _, ...noCost } = good.holders[0]!;
    expect((parseHoldersText('h.json', JSON.stringify({ holders: [noCost] })) as { reason: string }).reason).toBe(
      'h.json line 1: holders[0].averageCostUsd ("Strategy") is missing',
    );
    expect(
      (
        parseHoldersText('h.json', JSON.stringify({ holders: [{ ...good.holders[0], asOf: '9 Feb 2025' }] })) as {
          reason: string;
        }
      ).reason,
    ).toMatch(/holders\[0\]\.asOf \("Strategy"\) must be a date like 2025-02-09/);
    expect((parseHoldersText('h.json', JSON.stringify([good.holders[0]])) as { reason: string }).reason).toBe(
      'h.json: the file must be an object with a "holders" list',
    );
    expect(
      (
        parseHoldersText('h.json', JSON.stringify({ holders: [{ ...good.holders[0], amount: '12' }] })) as {
          reason: string;
        }
      ).reason,
    ).toMatch(/holders\[0\]\.amount \("Strategy"\) Invalid input: expected number/);
  });

  it('reports a file that does not exist', async () => {
    const path = join(dir, 'nope.json');
    expect(await loadHoldersFile(path)).toEqual({
      ok: false,
      source: 'holders file nope.json',
      reason: `cannot read holders file ${path} (ENOENT)`,
    });
  });
});

describe('HoldersSource', () => {
  it('re-reads the file only when it changes', async () => {
    const path = file('live.json', JSON.stringify(good));
    const source = new HoldersSource(path);
    const first = await source.get();
    expect(await source.get()).toBe(first);
    writeFileSync(path, JSON.stringify({ holders: [{ ...good.holders[0], amount: 500_000 }] }));
    utimesSync(path, new Date(Date.parse('2030-01-01T00:00:00Z')), new Date(Date.parse('2030-01-01T00:00:00Z')));
    const second = await source.get();
    expect(second).toMatchObject({ ok: true, value: [{ amount: 500_000 }] });
  });
});

describe('holderPnl', () => {
  it('is amount x (price - cost), and the percentage of cost', () => {
    expect(holderPnl({ amount: 700_000, costBasis: 76_000 }, 74_700)).toEqual({
      usd: -910_000_000,
      pct: ((74_700 - 76_000) / 76_000) * 100,
    });
    expect(holderPnl({ amount: 10, costBasis: 100 }, 150)).toEqual({ usd: 500, pct: 50 });
  });

  it('gives nothing for a broken entry or price, never NaN or 0', () => {
    expect(holderPnl({ amount: 10, costBasis: 0 }, 150)).toBeUndefined();
    expect(holderPnl({ amount: Number.NaN, costBasis: 100 }, 150)).toBeUndefined();
    expect(holderPnl({ amount: 10, costBasis: 100 }, Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
