// The alert as posted: a first paragraph stating the move (every number a Figure with its source and time),
// followed by the explainer article when it could be written, or a short notice when it could not. Pure.
import { formatUtc } from './time-format.ts';
import type { Reply } from '../core/reply.ts';
import type { ArticleDocument, Figure } from '../core/document.ts';
import { formatPct, formatPctAbs, formatPrice } from './format.ts';
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

function priceFigure(id: string, label: string, p: { price: number; at: number; source: string }): Figure {
  return { id, label, value: p.price, text: formatPrice(p.price), source: p.source, asOf: p.at };
}

function timeFigure(id: string, label: string, p: { at: number; source: string }): Figure {
  return { id, label, value: p.at, text: hhmm(p.at), source: p.source, asOf: p.at };
}

/** The alert's opening paragraph and the figures it states. */
export function alertParagraph(move: AlertMove): { text: string; figures: Figure[] } {
  const { reading } = move;
  const first = reading.coins[0]!;
  const to = reading.to[first]!;
  const from = reading.from[first]!;
  const sources = [...new Set(reading.coins.map((c) => reading.to[c]!.source))].join(' and ');
  const newest = Math.max(...reading.coins.map((c) => reading.to[c]!.at));
  const computed =
    reading.coins.length > 1 ? `computed from ${sources} (equal-weighted ${reading.coins.join(', ')})` : sources;
  const moveFig: Figure = {
    id: 'alert.move',
    label: 'Move',
    value: reading.movePct,
    text: formatPctAbs(reading.movePct),
    source: computed,
    asOf: newest,
  };
  const figures: Figure[] = [moveFig];
  const window = windowText(reading.rule.windowMs);
  const mark = `past the -${formatDrop(move.bandPct)}% mark`;
  if (reading.rule.target !== BASKET) {
    const f = priceFigure('alert.from', `${first} price at the start`, from);
    const t = priceFigure('alert.to', `${first} price now`, to);
    const fa = timeFigure('alert.from.at', 'start time', from);
    const ta = timeFigure('alert.to.at', 'latest time', to);
    figures.push(f, t, fa, ta);
    const text =
      move.kind === 'new'
        ? `Drop alert: ${first} fell ${moveFig.text} within ${window}, from ${f.text} at ${fa.text} UTC to ${t.text} at ${ta.text} UTC (${sources}), ${mark}.`
        : `The drop deepens: ${first} is now ${moveFig.text} below ${f.text}, its price at ${fa.text} UTC where this move began, at ${t.text} (${ta.text} UTC, ${sources}), ${mark}.`;
    return { text, figures };
  }
  const ta = timeFigure('alert.to.at', 'latest time', { at: newest, source: sources });
  const fa = timeFigure('alert.from.at', 'start time', {
    at: Math.min(...reading.coins.map((c) => reading.from[c]!.at)),
    source: sources,
  });
  figures.push(ta, fa);
  const basket = `the basket (${reading.coins.join(', ')}, equal-weighted)`;
  const text =
    move.kind === 'new'
      ? `Drop alert: ${basket} fell ${moveFig.text} within ${window}, to ${ta.text} UTC (${sources}), ${mark}.`
      : `The drop deepens: ${basket} is now ${moveFig.text} below where this move began at ${fa.text} UTC (prices to ${ta.text} UTC, ${sources}), ${mark}.`;
  return { text, figures };
}

/** A short title: `Drop alert: BTC -3.4% within 1 h`. */
export function alertTitle(move: AlertMove): string {
  const who = move.reading.rule.target === BASKET ? 'Basket' : move.reading.coins[0]!;
  const span = move.kind === 'new' ? `within ${windowText(move.reading.rule.windowMs)}` : 'and deepening';
  return `Drop alert: ${who} ${formatPct(move.reading.movePct)} ${span}`;
}

/**
 * The alert reply: the move paragraph, then the explainer article (its own title kept as the first heading),
 * or, when no article could be written, a notice saying what is missing.
 */
export function alertReply(move: AlertMove, article: ArticleDocument | undefined, unavailable?: string): Reply {
  const { text, figures } = alertParagraph(move);
  if (article === undefined) {
    return {
      kind: 'notice',
      tone: 'info',
      title: alertTitle(move),
      lines: [
        text,
        `The full explanation is unavailable right now${unavailable ? ` (${unavailable})` : ''}; try /why in a minute.`,
      ],
      figures,
    };
  }
  const document: ArticleDocument = {
    ...article,
    title: alertTitle(move),
    sections: [
      { id: 'alert', paragraphs: [text] },
      ...article.sections.map((s, i) => (i === 0 && s.heading === undefined ? { ...s, heading: article.title } : s)),
    ],
    figures: [...figures, ...article.figures],
  };
  return { kind: 'article', document };
}

/** One band an alert message has shown (see src/store/schedules/alert-messages.ts). */
export interface ShownBand {
  bandPct: number;
  movePct: number;
  at: number;
}

/** Add lines to the alert's own part: the `alert` section of an article, or the lines of a notice. */
function withAlertLines(reply: Reply, lines: readonly string[]): Reply {
  if (reply.kind === 'notice')
    return { ...reply, lines: [...reply.lines.slice(0, 1), ...lines, ...reply.lines.slice(1)] };
  const sections = reply.document.sections.map((s) =>
    s.id === 'alert' ? { ...s, paragraphs: [...s.paragraphs, ...lines] } : s,
  );
  return { ...reply, document: { ...reply.document, sections } };
}

/**
 * The alert as it replaces an earlier message of the same drop: "Updated HH:MM" and the bands it has passed so
 * far, each with its move and time (times as tokens: each platform shows them in the reader's zone).
 */
export function updatedAlert(reply: Reply, history: readonly ShownBand[], updatedAt: number): Reply {
  const bands = history
    .map((b) => `-${formatDrop(b.bandPct)}% at ${timeToken(b.at, 't')} (${formatPct(b.movePct)})`)
    .join(', then ');
  return withAlertLines(reply, [`Updated ${timeToken(updatedAt, 't')}. Bands passed: ${bands}.`]);
}

/** The alert with the line saying the chat's daily cap is reached. */
export function cappedAlert(reply: Reply, cap: number): Reply {
  return withAlertLines(reply, [
    `This chat has had ${cap.toString()} alerts today: more alerts are muted until tomorrow (00:00 UTC).`,
  ]);
}

/**
 * Several alerts for one chat in the same evaluation as one message: every alert's paragraph first, then the
 * explainer of the first one that has an article. One reply is returned as it is.
 */
export function combineAlerts(replies: readonly Reply[]): Reply {
  const [first, ...others] = replies;
  if (first === undefined) throw new Error('combineAlerts needs at least one reply');
  if (others.length === 0) return first;
  const titles = replies
    .map((r) => (r.kind === 'article' ? r.document.title : (r.title ?? '')))
    .map((t) => t.replace(/^Drop alert: /, ''));
  const title = `Drop alerts: ${titles.join('; ')}`.slice(0, 256);
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
