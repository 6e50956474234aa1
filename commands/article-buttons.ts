// The buttons under every article ("Full story", "Refresh", one per other tracked coin), defined once for every
// platform, and what a press does. All state lives in the button's id (`wb1:<action>:<coin>:<form>:<data time>`),
// so a press works for anyone in the chat, after a restart, and on a message from days ago. Adapters render
// the buttons (Discord components, Telegram inline keyboards) and answer presses within their deadlines.
import { articleChart, CHART_DAYS } from '../src/chart/reply-chart.ts';
import type { ArticleButton, ArticleReply, ButtonAction } from '../src/core/reply.ts';
import { timeToken } from '../src/core/time-token.ts';
import type { WhyServices } from './services.ts';
import type { Speaker } from './types.ts';
import type { Words } from '../src/narrate/words.ts';

export type { ArticleButton, ButtonAction };

/** The state a button carries. */
export interface ButtonState {
  action: ButtonAction;
  /** Upper-case coin, or undefined for the whole market. */
  coin?: string;
  form: 'short' | 'full';
  /** Epoch ms of the snapshot the article under the button was written from (whole seconds). */
  dataAt: number;
}

/** Prefix of every whybot button id (the version: ids from older releases decode or are ignored). */
export const BUTTON_PREFIX = 'wb1';
/** Longest id: Telegram's callback_data limit, in bytes. */
export const MAX_BUTTON_ID_BYTES = 64;
/** A button older than this answers with today's article and says so. */
export const OLD_BUTTON_MS = 24 * 3_600_000;

const ACTIONS: Record<string, ButtonAction> = { f: 'full', r: 'refresh', c: 'coin' };

/** The id of a button. */
export function encodeButton(state: ButtonState): string {
  const action = state.action[0]!;
  return [BUTTON_PREFIX, action, state.coin ?? '*', state.form[0], Math.floor(state.dataAt / 1000).toString(36)].join(
    ':',
  );
}

/** The state of a button id, or undefined when it is not a whybot button (or is malformed). */
export function decodeButton(id: string): ButtonState | undefined {
  const m = /^wb1:([frc]):(\*|[A-Z0-9]{1,20}):([sf]):([0-9a-z]{1,10})$/.exec(id);
  if (m === null) return undefined;
  const [, a, coin, form, at] = m;
  const dataAt = Number.parseInt(at!, 36) * 1000;
  if (!Number.isSafeInteger(dataAt)) return undefined;
  return { action: ACTIONS[a!]!, ...(coin === '*' ? {} : { coin }), form: form === 'f' ? 'full' : 'short', dataAt };
}

/** The buttons under an article about `coin` (undefined: the market) in `form`, written from data of `dataAt`. */
export function articleButtons(
  coin: string | undefined,
  form: 'short' | 'full',
  tracked: readonly string[],
  dataAt: number,
  ui: Words,
): ArticleButton[] {
  const base = { form, dataAt };
  const buttons: ArticleButton[] = [];
  if (form === 'short')
    buttons.push({
      id: encodeButton({ ...base, action: 'full', ...(coin ? { coin } : {}) }),
      label: ui.t('button.full'),
      action: 'full',
      ...(coin ? { coin } : {}),
    });
  buttons.push({
    id: encodeButton({ ...base, action: 'refresh', ...(coin ? { coin } : {}) }),
    label: ui.t('button.refresh'),
    action: 'refresh',
    ...(coin ? { coin } : {}),
  });
  if (coin !== undefined)
    buttons.push({
      id: encodeButton({ ...base, form: 'short', action: 'coin' }),
      label: ui.t('button.market'),
      action: 'coin',
    });
  for (const other of tracked) {
    if (other === coin) continue;
    buttons.push({
      id: encodeButton({ ...base, form: 'short', action: 'coin', coin: other }),
      label: other,
      action: 'coin',
      coin: other,
    });
  }
  return buttons.filter((b) => Buffer.byteLength(b.id) <= MAX_BUTTON_ID_BYTES);
}

/** The /why reply: the article, its chart and its buttons. Throws what `services.explain` throws. */
export async function articleReply(
  services: WhyServices,
  coin: string | undefined,
  form: 'short' | 'full',
  speaker: Speaker,
  note?: string,
): Promise<ArticleReply> {
  const language = speaker.language;
  const explanation = await services.explain(coin === undefined ? { form, language } : { coin, form, language });
  const files = await articleChart(services, explanation, CHART_DAYS[form]);
  return {
    kind: 'article',
    document: explanation.document,
    ...(files.length > 0 ? { files } : {}),
    buttons: articleButtons(coin, form, services.trackedCoins(), explanation.snapshot.builtAt, speaker.ui),
    ...(note === undefined ? {} : { note }),
  };
}

/** What to do after a press: show a new message, replace the article the button is on, or just say something. */
export type PressAnswer =
  | { mode: 'new' | 'replace'; reply: ArticleReply }
  | { mode: 'note'; text: string /** the locale its words are in */; locale?: string };

/** Run a button press. `state` comes from decodeButton. Throws what `services.explain` throws (user-facing errors). */
export async function pressButton(state: ButtonState, services: WhyServices, speaker: Speaker): Promise<PressAnswer> {
  const { ui } = speaker;
  const tracked = services.trackedCoins();
  let coin = state.coin;
  const notes: string[] = [];
  if (coin !== undefined && !tracked.includes(coin)) {
    notes.push(ui.t('button.untracked', { coin }));
    coin = undefined;
  }
  const snapshot = await services.snapshot();
  const old = snapshot.builtAt - state.dataAt > OLD_BUTTON_MS;
  if (old) notes.push(ui.t('button.old', { when: timeToken(state.dataAt, 'f') }));
  const note = notes.length > 0 ? notes.join(' ') : undefined;
  if (state.action === 'refresh') {
    if (snapshot.builtAt <= state.dataAt) {
      const expires = services.snapshotExpiresAt?.();
      const newest = ui.t('button.newest', {
        when: timeToken(snapshot.builtAt, 'f'),
        ago: timeToken(snapshot.builtAt, 'R'),
      });
      const next = expires === undefined ? '' : ` ${ui.t('button.next', { when: timeToken(expires, 'R') })}`;
      return { mode: 'note', text: `${newest}${next}` };
    }
    return {
      mode: old || note !== undefined ? 'new' : 'replace',
      reply: await articleReply(services, coin, state.form, speaker, note),
    };
  }
  if (state.action === 'full') return { mode: 'new', reply: await articleReply(services, coin, 'full', speaker, note) };
  return { mode: 'new', reply: await articleReply(services, coin, 'short', speaker, note) };
}
