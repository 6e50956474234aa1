// The terminal prompt shows short human lines (never JSON, never a stack) and the log file keeps the JSON lines.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.ts';
import { humanLine, NoticeBoard } from '../../src/app/notice-board.ts';
import { LinkState } from '../../src/observability/link-state.ts';

describe('humanLine', () => {
  it('GIVEN an info line THEN a person does not see it; a notice or a warning they do, without the stack', () => {
    expect(humanLine(JSON.stringify({ level: 30, msg: 'whybot is serving' }))).toBeUndefined();
    expect(humanLine(JSON.stringify({ level: 30, msg: 'back online: OKX', notice: true }))).toBe(
      'whybot: back online: OKX',
    );
    const err = {
      type: 'Error',
      message: 'database is locked\nmore',
      stack: 'Error: database is locked\n    at x (y.ts:1:1)',
    };
    expect(humanLine(JSON.stringify({ level: 50, msg: 'digest failed', err }))).toBe(
      'whybot: digest failed: database is locked',
    );
    expect(humanLine('not json')).toBeUndefined();
  });
});

describe('a terminal logger', () => {
  it('GIVEN an exchange that stays down THEN the terminal shows one short line and the file keeps every JSON line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'whybot-log-'));
    const file = join(dir, 'whybot.log');
    const before: string[] = [];
    const shown: string[] = [];
    const board = new NoticeBoard((line) => before.push(line));
    const logger = createLogger('debug', { destination: pino.destination({ dest: file, sync: true }), notices: board });
    board.write('whybot: logs go to data/whybot.log');
    board.attach((line) => shown.push(line));
    const link = new LinkState(logger, 'Binance USD-M markets');
    for (let i = 0; i < 5; i += 1)
      link.failed(new Error('fetch failed: getaddrinfo ENOTFOUND fapi.binance.com'), 30_000);
    logger.info('whybot is serving');
    link.succeeded();

    expect(before).toEqual(['whybot: logs go to data/whybot.log']);
    expect(shown).toEqual([
      'whybot: offline: cannot reach Binance USD-M markets (fetch failed: getaddrinfo ENOTFOUND fapi.binance.com); retrying every 30 s',
      'whybot: back online: Binance USD-M markets',
    ]);
    for (const line of shown) expect(line.startsWith('{')).toBe(false);
    const logged = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(logged.map((l) => l.msg)).toContain('whybot is serving');
    expect(logged).toHaveLength(7);
  });
});
