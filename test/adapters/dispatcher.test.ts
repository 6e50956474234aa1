// The dispatcher every adapter uses: access checks, option errors, and friendly replies for every kind of failure.
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { Dispatcher, type InvocationContext } from '../../src/adapters/dispatcher.ts';
import { createRegistry } from '../../src/adapters/registry.ts';
import { DataUnavailableError } from '../../src/core/errors.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const context = (
  isModerator: () => Promise<boolean>,
  platform: InvocationContext['platform'] = 'telegram',
): InvocationContext => ({
  platform,
  user: { id: '7' },
  chat: { id: '-100', kind: 'group' },
  isModerator,
});
const member = context(async () => false);

function setup(explain?: NonNullable<Parameters<typeof fixedServices>[0]>['explain']) {
  const log = memoryLogger();
  const services = fixedServices(explain === undefined ? {} : { explain });
  return { log, dispatcher: new Dispatcher(createRegistry(commands), services, log.logger) };
}

describe('Dispatcher', () => {
  it('runs a command with parsed options', async () => {
    const { dispatcher } = setup();
    const reply = await dispatcher.handle('why', { text: 'eth' }, member);
    expect(reply.kind === 'article' && reply.document.title).toBe('ETH falls sharply');
  });

  it('refuses moderator commands to members, per platform, privately; allows moderators', async () => {
    const { dispatcher } = setup();
    expect(await dispatcher.handle('digest', { text: '' }, member)).toEqual({
      kind: 'notice',
      tone: 'error',
      private: true,
      lines: ['Only chat administrators can use /digest.'],
    });
    const discord = await dispatcher.handle(
      'alerts',
      { text: '' },
      context(async () => false, 'discord'),
    );
    expect(discord.kind === 'notice' && discord.lines[0]).toBe(
      'Only members with the Manage Server permission can use /alerts.',
    );
    const allowed = await dispatcher.handle(
      'digest',
      { text: '' },
      context(async () => true),
    );
    expect(allowed.kind === 'notice' && allowed.tone).toBe('info');
  });

  it('does not ask about permissions for commands open to everyone', async () => {
    const { dispatcher } = setup();
    let asked = 0;
    await dispatcher.handle(
      'help',
      { text: '' },
      context(async () => (asked++, false)),
    );
    expect(asked).toBe(0);
  });

  it('answers when the permission check itself fails, and logs it', async () => {
    const { dispatcher, log } = setup();
    const reply = await dispatcher.handle(
      'digest',
      { text: '' },
      context(async () => Promise.reject(new Error('403: bot is not a member'))),
    );
    expect(reply.kind === 'notice' && reply.lines[0]).toBe(
      "I couldn't check your permissions for /digest right now. Please try again later.",
    );
    expect(log.lines.find((l) => l.msg === 'moderator check failed')).toMatchObject({
      command: 'digest',
      chat: '-100',
    });
  });

  it('points unknown commands at /help without echoing markup raw', async () => {
    const { dispatcher } = setup();
    const reply = await dispatcher.handle('nope\u0000', { text: '' }, member);
    expect(reply).toEqual({ kind: 'notice', tone: 'error', private: true, lines: ["I don't know /nope. Try /help."] });
  });

  it('shows user-facing errors as they are: bad options, unknown coins, missing data', async () => {
    const { dispatcher } = setup(async () => {
      throw new DataUnavailableError(['prices (HTTP 500)']);
    });
    const bad = await dispatcher.handle('liqs', { text: '3d' }, member);
    expect(bad.kind === 'notice' && bad.lines[0]).toBe('“3d” is not a window I know; use one of 1h, 4h, 24h, 7d, 30d.');
    const unknown = await dispatcher.handle('why', { text: 'XYZ' }, member);
    expect(unknown.kind === 'notice' && unknown.lines[0]).toBe("I don't track XYZ; try one of BTC, ETH, SOL.");
    const missing = await dispatcher.handle('why', { text: '' }, member);
    expect(missing.kind === 'notice' && missing.lines[0]).toBe(
      "Sorry, I can't reach the market data right now (missing: prices (HTTP 500)). Please try again in a minute.",
    );
  });

  it('turns anything else into a short apology, logged with context and never shown as a stack trace', async () => {
    const { dispatcher, log } = setup(async () => {
      throw new RangeError('Invalid time value at Date.toISOString (/app/src/x.ts:12:3)');
    });
    const reply = await dispatcher.handle('why', { values: {} }, member);
    expect(reply).toEqual({
      kind: 'notice',
      tone: 'error',
      lines: ['Sorry, something went wrong while answering /why. Please try again in a minute.'],
    });
    const line = log.lines.find((l) => l.msg === 'command failed');
    expect(line).toMatchObject({ command: 'why', platform: 'telegram', chat: '-100', user: '7', level: 50 });
    expect((line?.err as { stack?: string } | undefined)?.stack).toContain('RangeError');
  });
});
