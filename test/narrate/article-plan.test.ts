// The article's structure follows the shape of the day (src/narrate/article-plan.ts): the written rules pick the
// shape from the facts, every plan states each section once, and the written article follows its plan.
import { describe, expect, it } from 'vitest';
import type { Facts } from '../../src/analyse/facts.ts';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { dayShape, sectionOrder } from '../../src/narrate/article-plan.ts';
import { SECTION_IDS } from '../../src/narrate/context.ts';
import { writeArticle } from '../../src/narrate/index.ts';
import { referenceSnapshot } from '../helpers/reference-snapshot.ts';

// the February 2026 reference day: a fall with liquidations well above a normal day and open interest falling
const reference = analyseMarket(referenceSnapshot());
const noLiquidations = analyseMarket(referenceSnapshot({ liquidations: undefined }));
const swing = { swing: {} } as unknown as NonNullable<Facts['intraday']>;

describe('the shape of the day', () => {
  it('a lede naming a leverage flush makes a flush; the same fall without liquidation data, a slide weeks long', () => {
    expect(reference.cause.kind).toBe('leverage');
    expect(dayShape(reference)).toBe('flush');
    // 17 losing weeks in a row and a leg traced back before the window
    expect(dayShape(noLiquidations)).toBe('grind');
  });

  it('a swing inside the day far larger than its change comes first: a V, whatever else holds', () => {
    expect(dayShape({ ...reference, intraday: swing })).toBe('v-shape');
  });

  it('a rise through a level is a breakout; a flat day is ordinary', () => {
    const up: Facts = {
      ...noLiquidations,
      direction: 'up',
      periods: undefined,
      pace: undefined,
      levels: { ...noLiquidations.levels, broken: {} as NonNullable<Facts['levels']['broken']> },
    };
    expect(dayShape(up)).toBe('breakout');
    expect(dayShape({ ...up, levels: { ...up.levels, broken: undefined } })).toBe('ordinary');
    expect(dayShape({ ...reference, direction: 'flat' })).toBe('ordinary');
  });

  it('every plan opens with the lede, closes with the bottom line and holds each section once', () => {
    for (const facts of [
      reference,
      noLiquidations,
      { ...reference, intraday: swing },
      { ...reference, direction: 'flat' as const },
    ]) {
      const order = sectionOrder(facts);
      expect([...order].sort()).toEqual([...SECTION_IDS].sort());
      expect(order[0]).toBe('lede');
      expect(order.at(-1)).toBe('bottom-line');
    }
  });

  it('the article follows its plan: on the flush day the forced selling comes right after the lede', () => {
    const doc = writeArticle(reference, loadTemplates(), { form: 'full' });
    expect(doc.sections.map((s) => s.id).slice(0, 3)).toEqual(['lede', 'liquidations', 'leverage']);
    const grind = writeArticle(noLiquidations, loadTemplates(), { form: 'full' });
    expect(grind.sections.map((s) => s.id).slice(0, 3)).toEqual(['lede', 'arc', 'periods']);
  });
});
