// The article buttons' ids: every state round-trips, every id fits Telegram's 64 bytes and Discord's 100
// characters, anything else (another app's ids, tampered ids) decodes to nothing; many coins become a menu.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleButtons, decodeButton, encodeButton, type ButtonState } from '../../commands/article-buttons.ts';
import { COIN_MENU_ID, discordComponents } from '../../src/adapters/discord/components.ts';
import { telegramKeyboard } from '../../src/adapters/telegram/keyboard.ts';
import { loadLanguages } from '../../src/app/languages.ts';

const ui = loadLanguages().pack('en').ui;

const coin = fc.stringMatching(/^[A-Z0-9]{1,20}$/);
const state: fc.Arbitrary<ButtonState> = fc.record(
  {
    action: fc.constantFrom('full' as const, 'refresh' as const, 'coin' as const),
    coin,
    form: fc.constantFrom('short' as const, 'full' as const),
    dataAt: fc.integer({ min: 0, max: 4_102_444_800 }).map((s) => s * 1000),
  },
  { requiredKeys: ['action', 'form', 'dataAt'] },
);

describe('article button ids', () => {
  it('round-trip every state within 64 bytes', () => {
    fc.assert(
      fc.property(state, (s) => {
        const id = encodeButton(s);
        expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
        expect(decodeButton(id)).toEqual(s);
      }),
    );
  });

  it('decode nothing that is not a whybot id', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!text.startsWith('wb1:'));
        expect(decodeButton(text)).toBeUndefined();
      }),
    );
    for (const bad of [
      'wb1:x:BTC:s:1',
      'wb1:f:btc:s:1',
      'wb1:f:BTC:s:',
      'wb1:f:BTC:q:1',
      'wb1:f:BTC:s:1:extra',
      'wb1:f:<b>:s:1',
    ]) {
      expect(decodeButton(bad)).toBeUndefined();
    }
  });

  it('shows Full story only under the short form, and no button for the coin shown', () => {
    expect(articleButtons('ETH', 'short', ['BTC', 'ETH'], 0, ui).map((b) => b.label)).toEqual([
      'Full story',
      'Refresh',
      'Market',
      'BTC',
    ]);
    expect(articleButtons(undefined, 'full', ['BTC', 'ETH'], 0, ui).map((b) => b.label)).toEqual([
      'Refresh',
      'BTC',
      'ETH',
    ]);
  });

  it('renders up to ten coins as Discord buttons and more as one select menu; Telegram rows of four', () => {
    const many = Array.from({ length: 14 }, (_, i) => `C${i.toString()}`);
    const rows = discordComponents(articleButtons(undefined, 'short', many, 0, ui));
    expect(rows).toHaveLength(2);
    const menu = rows[1]!.components[0] as {
      type: number;
      custom_id: string;
      options: Array<{ label: string; value: string }>;
    };
    expect(menu).toMatchObject({ type: 3, custom_id: COIN_MENU_ID });
    expect(menu.options.map((o) => decodeButton(o.value)?.coin)).toEqual(many);
    expect(
      discordComponents(articleButtons(undefined, 'short', many.slice(0, 10), 0, ui)).map((r) => r.components.length),
    ).toEqual([2, 5, 5]);
    expect(
      telegramKeyboard(articleButtons(undefined, 'short', many.slice(0, 6), 0, ui))?.inline_keyboard.map(
        (r) => r.length,
      ),
    ).toEqual([2, 4, 2]);
  });
});
