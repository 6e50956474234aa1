// Article buttons as Discord message components: "Full story" and "Refresh" in the first row, then one button
// per other coin (rows of five), or one select menu when there are too many coins for buttons.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
} from 'discord.js';
import type { ArticleButton } from '../../../commands/article-buttons.ts';

/** custom_id of the coin select menu; each option's value is the id of the button it stands for. */
export const COIN_MENU_ID = 'wb1:menu';
/** Coin buttons shown as buttons up to this many (two rows); more become a select menu. */
const MAX_COIN_BUTTONS = 10;

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

const button = (b: ArticleButton, style: ButtonStyle.Primary | ButtonStyle.Secondary) => ({
  type: ComponentType.Button as const,
  style,
  label: b.label,
  custom_id: b.id,
});

/** The action rows for an article's buttons (none for none). */
export function discordComponents(buttons: readonly ArticleButton[] = []): Row[] {
  if (buttons.length === 0) return [];
  const main = buttons.filter((b) => b.action !== 'coin');
  const coins = buttons.filter((b) => b.action === 'coin');
  const rows: Row[] = [];
  if (main.length > 0)
    rows.push({
      type: ComponentType.ActionRow,
      components: main.map((b) => button(b, b.action === 'full' ? ButtonStyle.Primary : ButtonStyle.Secondary)),
    });
  if (coins.length <= MAX_COIN_BUTTONS) {
    for (let i = 0; i < coins.length; i += 5) {
      rows.push({
        type: ComponentType.ActionRow,
        components: coins.slice(i, i + 5).map((b) => button(b, ButtonStyle.Secondary)),
      });
    }
  } else {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: COIN_MENU_ID,
          placeholder: 'Another coin…',
          options: coins.slice(0, 25).map((b) => ({ label: b.label, value: b.id })),
        },
      ],
    });
  }
  return rows;
}
