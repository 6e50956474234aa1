// Issue 22 point 7: an article worth reading every day. Over the real 2024 USD-M futures year, one article a day
// (08:00 UTC); in every run of 60 consecutive days, no prose sentence may recur word for word in more than a small
// share of the articles, and the structure follows the shape of each day. The figures are printed.
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import type { ArticleDocument } from '../../src/core/document.ts';
import { dayShape, sectionOrder, type DayShape } from '../../src/narrate/article-plan.ts';
import { writeArticle } from '../../src/narrate/index.ts';
import { futuresYear2024, snapshotFromKlines } from '../helpers/kline-snapshot.ts';
import { mostRecurring, sentenceCounts } from '../helpers/variety.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The most a single sentence may recur in, as a share of 60 consecutive daily articles. */
const MAX_SHARE = Number(process.env.VARIETY_MAX_SHARE ?? 0.2);

describe('the 2024 year, one article a day at 08:00 UTC', () => {
  it('THEN in any 60 consecutive days no prose sentence recurs word for word in more than a small share', () => {
    const futures = futuresYear2024();
    const templates = loadTemplates();
    const first = Math.ceil((futures[0]!.t + 31 * DAY) / DAY) * DAY + 8 * HOUR;
    const end = futures[futures.length - 1]!.t + HOUR;
    const docs: ArticleDocument[] = [];
    const shapes: DayShape[] = [];
    for (let at = first; at <= end; at += DAY) {
      const facts = analyseMarket(snapshotFromKlines(futures, at, { file: 'BTCUSDT-1h-2024.csv' }));
      const doc = writeArticle(facts, templates, { form: 'full' });
      docs.push(doc);
      shapes.push(dayShape(facts));
      // the sections stated follow the day's plan, each once
      const ids = doc.sections.map((x) => x.id);
      expect(ids).toEqual(sectionOrder(facts).filter((id) => ids.includes(id)));
    }
    // the structure follows the day: a V leads with the move itself, a slow grind with the longer arc
    const firstAfterLede = (d: ArticleDocument) => d.sections.find((x) => x.id !== 'lede' && x.id !== 'reported')?.id;
    const byShape = new Map<DayShape, ArticleDocument[]>();
    for (const [i, shape] of shapes.entries()) byShape.set(shape, [...(byShape.get(shape) ?? []), docs[i]!]);
    expect(byShape.get('v-shape')?.every((d) => firstAfterLede(d) === 'trigger')).toBe(true);
    expect(byShape.get('grind')?.every((d) => ['arc', 'periods'].includes(firstAfterLede(d) ?? ''))).toBe(true);
    const skeletons = new Set(docs.map((d) => d.sections.map((x) => x.id).join(' > ')));
    console.log(
      `structure over ${docs.length} daily articles of 2024: ${[...byShape].map(([k, v]) => `${k} ${v.length}`).join(', ')}; ${skeletons.size} distinct section orders`,
    );
    expect(byShape.size).toBeGreaterThanOrEqual(3);
    let worst = { sentence: '', share: 0, from: 0 };
    for (let i = 0; i + 60 <= docs.length; i++) {
      const m = mostRecurring(docs.slice(i, i + 60));
      if (m.share > worst.share) worst = { ...m, from: i };
    }
    console.log(
      `variety over ${docs.length} daily articles of 2024: the most recurring prose sentence is in ${(worst.share * 100).toFixed(0)}% of 60 consecutive days (from day ${worst.from}): "${worst.sentence}"`,
    );
    if (process.env.VARIETY_TOP) {
      const counts = [...sentenceCounts(docs.slice(worst.from, worst.from + 60)).entries()].sort((a, b) => b[1] - a[1]);
      for (const [s, n] of counts.slice(0, Number(process.env.VARIETY_TOP))) console.log(`${n}\t${s}`);
    }
    expect(docs.length).toBeGreaterThan(300);
    expect(worst.share).toBeLessThanOrEqual(MAX_SHARE);
  }, 300_000);
});
