// The alert as posted: a first paragraph stating the move (every number a Figure with its source and time),
// followed by the explainer article when it could be written, or a short notice when it could not. Pure.
import { formatUtc } from './time-format.ts';
import type { Reply } from '../core/reply.ts';
import type { ArticleDocument, Figure } from '../core/document.ts';
import type { Words } from './words.ts';
import type { RuleReading } from '../alerts/engine.ts';
import { BASKET, formatDrop } from '../core/alert-rule.ts';
import { windowText } from '../alerts/rules.ts';
import { timeToken } from '../core/time-token.ts';

/** What the alert says: the move, whether it is a new drop or a deeper one, and the band it passed. */
export interface AlertMove {
  kind: 'new' | 'deeper';
  reading: RuleReading;
  /** The band level passed, percent (5 for "past -5%"). */
  bandPct: number;
}

const hhmm = (ms: number) => formatUtc(ms).slice(11, 16);

function priceFigure(
  words: Words,
  id: string,
  label: string,
  p: { price: number; at: number; source: string },
): Figure {
  return { id, label, value: p.price, text: words.formats.price(p.price), source: p.source, asOf: p.at };
}

function timeFigure(id: string, label: string, p: { at: number; source: string }): Figure {
  return { id, label, value: p.at, text: hhmm(p.at), source: p.source, asOf: p.at };
}

/** The alert's opening paragraph and the figures it states, in the language of `words`. */
export function alertParagraph(move: AlertMove, words: Words): { text: string; figures: Figure[] } {
  const { reading } = move;
  const first = reading.coins[0]!;
  const to = reading.to[first]!;
  const from = reading.from[first]!;
  const sources = words.list([...new Set(reading.coins.map((c) => reading.to[c]!.source))]);
  const newest = Math.max(...reading.coins.map((c) => reading.to[c]!.at));
  const computed =
    reading.coins.length > 1 ? `computed from ${sources} (equal-weighted ${reading.coins.join(', ')})` : sources;
  const moveFig: Figure = {
    id: 'alert.move',
    label: 'Move',
    value: reading.movePct,
    text: words.formats.pctAbs(reading.movePct),
    source: computed,
    asOf: newest,
  };
  const figures: Figure[] = [moveFig];
  const window = windowText(reading.rule.windowMs);
  const mark = formatDrop(move.bandPct);
  if (reading.rule.target !== BASKET) {
    const f = priceFigure(words, 'alert.from', `${first} price at the start`, from);
    const t = priceFigure(words, 'alert.to', `${first} price now`, to);
    const fa = timeFigure('alert.from.at', 'start time', from);
    const ta = timeFigure('alert.to.at', 'latest time', to);
    figures.push(f, t, fa, ta);
    const values = {
      coin: first,
      move: moveFig.text,
      window,
      from: f.text,
      fromAt: fa.text,
      to: t.text,
      toAt: ta.text,
      sources,
      mark,
    };
    const text = words.t(move.kind === 'new' ? 'alert.coin_new' : 'alert.coin_deeper', values);
    return { text, figures };
  }
  const ta = timeFigure('alert.to.at', 'latest time', { at: newest, source: sources });
  const fa = timeFigure('alert.from.at', 'start time', {
    at: Math.min(...reading.coins.map((c) => reading.from[c]!.at)),
    source: sources,
  });
  figures.push(ta, fa);
  const values = {
    coins: reading.coins.join(', '),
    move: moveFig.text,
    window,
    fromAt: fa.text,
    toAt: ta.text,
    sources,
    mark,
  };
  const text = words.t(move.kind === 'new' ? 'alert.basket_new' : 'alert.basket_deeper', values);
  return { text, figures };
}

/** The title without its "Drop alert:" part: `BTC -3.4% within 1 h` (what a combined alert lists). */
function titleBody(move: AlertMove, words: Words): string {
  const values = {
    coin: move.reading.coins[0]!,
    move: words.formats.pct(move.reading.movePct),
    window: windowText(move.reading.rule.windowMs),
  };
  const basket = move.reading.rule.target === BASKET;
  const key = move.kind === 'new' ? 'new' : 'deeper';
  return words.t(`alert.title_${basket ? 'basket' : 'coin'}_${key}`, values);
}

/** A short title: `Drop alert: BTC -3.4% within 1 h`. */
export function alertTitle(move: AlertMove, words: Words): string {
  return words.t('alert.title', { body: titleBody(move, words) });
}

/** The alert titles' bodies, kept beside each reply so several alerts can be titled together. */
const bodies = new WeakMap<object, string>();

/**
 * The alert reply: the move paragraph, then the explainer article (its own title kept as the first heading),
 * or, when no article could be written, a notice saying what is missing; `following` says instead that the
 * explanation follows (the move posted at once, its explainer edited in when written).
 */
export function alertReply(
  move: AlertMove,
  article: ArticleDocument | undefined,
  words: Words,
  unavailable?: string,
  following = false,
): Reply {
  const { text, figures } = alertParagraph(move, words);
  const body = titleBody(move, words);
  if (article === undefined) {
    const reply: Reply = {
      kind: 'notice',
      tone: 'info',
      title: words.t('alert.title', { body }),
      lines: [
        text,
        following
          ? words.t('alert.following')
          : unavailable
            ? words.t('alert.unavailable_because', { reason: unavailable })
            : words.t('alert.unavailable'),
      ],
      figures,
    };
    bodies.set(reply, body);
    return reply;
  }
  const document: ArticleDocument = {
    ...article,
    title: words.t('alert.title', { body }),
    sections: [
      { id: 'alert', paragraphs: [text] },
      ...article.sections.map((s, i) => (i === 0 && s.heading === undefined ? { ...s, heading: article.title } : s)),
    ],
    figures: [...figures, ...article.figures],
  };
  const reply: Reply = { kind: 'article', document };
  bodies.set(reply, body);
  return reply;
}

/** One band an alert message has shown (see src/store/schedules/alert-messages.ts). */
export interface ShownBand {
  bandPct: number;
  movePct: number;
  at: number;
}

/** Add lines to the alert's own part: the `alert` section of an article, or the lines of a notice. */
function withAlertLines(reply: Reply, lines: readonly string[]): Reply {
  let out: Reply;
  if (reply.kind === 'notice')
    out = { ...reply, lines: [...reply.lines.slice(0, 1), ...lines, ...reply.lines.slice(1)] };
  else {
    const sections = reply.document.sections.map((s) =>
      s.id === 'alert' ? { ...s, paragraphs: [...s.paragraphs, ...lines] } : s,
    );
    out = { ...reply, document: { ...reply.document, sections } };
  }
  const body = bodies.get(reply);
  if (body !== undefined) bodies.set(out, body);
  return out;
}

/**
 * The alert as it replaces an earlier message of the same drop: "Updated HH:MM" and the bands it has passed so
 * far, each with its move and time (times as tokens: each platform shows them in the reader's zone).
 */
export function updatedAlert(reply: Reply, history: readonly ShownBand[], updatedAt: number, words: Words): Reply {
  const bands = history
    .map((b) =>
      words.t('alert.band', {
        mark: formatDrop(b.bandPct),
        when: timeToken(b.at, 't'),
        move: words.formats.pct(b.movePct),
      }),
    )
    .join(words.t('alert.band_then'));
  return withAlertLines(reply, [words.t('alert.updated', { when: timeToken(updatedAt, 't'), bands })]);
}

/** The alert with the line saying the chat's daily cap is reached. */
export function cappedAlert(reply: Reply, cap: number, words: Words): Reply {
  return withAlertLines(reply, [words.t('alert.capped', { cap })]);
}

/**
 * Several alerts for one chat in the same evaluation as one message: every alert's paragraph first, then the
 * explainer of the first one that has an article. One reply is returned as it is.
 */
export function combineAlerts(replies: readonly Reply[], words: Words): Reply {
  const [first, ...others] = replies;
  if (first === undefined) throw new Error('combineAlerts needs at least one reply');
  if (others.length === 0) return first;
  const titles = replies.map((r) => bodies.get(r) ?? (r.kind === 'article' ? r.document.title : (r.title ?? '')));
  const title = words.t('alert.titles', { list: titles.join('; ') }).slice(0, 256);
  const alertText = (r: Reply) =>
    r.kind === 'article' ? (r.document.sections.find((s) => s.id === 'alert')?.paragraphs ?? []) : r.lines.slice(0, 1);
  const base = replies.find((r): r is Extract<Reply, { kind: 'article' }> => r.kind === 'article');
  const figures = replies.flatMap((r) => (r.kind === 'article' ? r.document.figures : (r.figures ?? [])));
  if (base === undefined) {
    return {
      kind: 'notice',
      tone: 'info',
      title,
      lines: [...replies.flatMap(alertText), ...(first.kind === 'notice' ? first.lines.slice(1) : [])],
      figures,
    };
  }
  const rest = base.document.sections.filter((s) => s.id !== 'alert');
  return {
    ...base,
    document: {
      ...base.document,
      title,
      sections: [{ id: 'alert', paragraphs: replies.flatMap(alertText) }, ...rest],
      figures: [...new Map(figures.map((f) => [`${f.id}@${f.asOf}:${f.text}`, f])).values()],
    },
  };
}
