// The terminal adapter over real streams: commands typed at the prompt are answered in order; exit and EOF end it.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { Dispatcher } from '../../src/adapters/dispatcher.ts';
import { createRegistry } from '../../src/adapters/registry.ts';
import { parseTerminalLine, startTerminalAdapter } from '../../src/adapters/terminal/terminal-adapter.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { memoryLogger } from '../helpers/testkit.ts';

function start(interactive = true) {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  const dispatcher = new Dispatcher(createRegistry(commands), fixedServices(), memoryLogger().logger);
  const adapter = startTerminalAdapter({ dispatcher, logger: memoryLogger().logger, input, output, interactive });
  return { input, adapter, output: () => written };
}

describe('parseTerminalLine', () => {
  it('splits the command from its options, with or without the slash', () => {
    expect(parseTerminalLine('/why eth full')).toEqual({ name: 'why', text: 'eth full' });
    expect(parseTerminalLine('  help ')).toEqual({ name: 'help', text: '' });
    expect(parseTerminalLine('/why@whybot btc')).toEqual({ name: 'why', text: 'btc' });
    expect(parseTerminalLine('   ')).toBeUndefined();
  });
});

describe('terminal adapter', () => {
  it('answers /help, /why and a hostile coin in order, then ends on exit', async () => {
    const t = start();
    t.input.write('/help\n/why eth\n\n/why <b>x</b>\n/digest\nexit\n/status\n');
    await t.adapter.finished;
    const out = t.output();
    expect(out.startsWith('whybot: type /why, /help or another command; exit to quit.\nwhybot> ')).toBe(true);
    const help = out.indexOf('/why [coin] [full] [date]: Why is crypto moving today?');
    const why = out.indexOf('ETH falls sharply');
    const hostile = out.indexOf("I don't track <b>x</b>; try one of BTC, ETH, SOL.");
    const digest = out.indexOf('Daily digests are not running on this bot');
    expect(help).toBeGreaterThan(0);
    expect(why).toBeGreaterThan(help);
    expect(hostile).toBeGreaterThan(why);
    expect(digest).toBeGreaterThan(hostile);
    expect(out).toContain('ETH trades at $2,233.5 (-21.4% in 24h).');
    expect(out).not.toContain('Exchange: Binance USD-M'); // /status came after exit
  });

  it('ends when the input ends, and prints no prompts for piped input', async () => {
    const t = start(false);
    t.input.end('/nope\n');
    await t.adapter.finished;
    expect(t.output()).toBe(
      "whybot: type /why, /help or another command; exit to quit.\nI don't know /nope. Try /help.\n",
    );
    await t.adapter.stop();
  });
});
