// The headlines an article states appear on its price chart as markers at their times: through the real chart
// maker on the real 5 August 2024 klines, with a headline written for the test (named as such). A headline the
// article does not state gets no marker; one outside the drawn span is left out.
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/analyse.ts';
import { namedChartMarkers } from '../../src/app/charts.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { chartInputFromSnapshot, renderPriceChartSvg } from '../../src/chart/index.ts';
import { mergeStories } from '../../src/core/news-stories.ts';
import { writeArticle } from '../../src/narrate/write-article.ts';
import { augustSnapshot } from '../helpers/kline-snapshot.ts';
import { loadLanguages } from '../../src/app/languages.ts';

const english = loadLanguages().pack('en').words;

const AT = '2024-08-05T07:00:00Z';
const headline = (title: string, iso: string) => ({
  outlet: 'Test Wire',
  title,
  link: 'https://testwire.example/a',
  publishedAt: Date.parse(iso),
  firstSeenAt: Date.parse(iso),
});

describe('chart markers', () => {
  it('marks the stated headline at its time, and nothing else', () => {
    const snap = {
      ...augustSnapshot(AT),
      news: {
        ok: true as const,
        source: 'feeds',
        asOf: Date.parse(AT),
        value: mergeStories([
          headline('Bank of Japan signals more rate hikes', '2024-08-04T23:20:00Z'),
          headline('Apple unveils a new iPhone', '2024-08-04T23:40:00Z'),
        ]),
      },
    };
    const facts = analyseMarket(snap);
    const doc = writeArticle(facts, loadTemplates(), { form: 'short' });
    const markers = namedChartMarkers(facts.news, doc.figures, undefined, english);
    expect(markers).toEqual([{ t: Date.parse('2024-08-04T23:20:00Z'), label: 'Test Wire' }]);
    const input = chartInputFromSnapshot(snap, 'BTC', { days: 7, markers })!;
    const svg = renderPriceChartSvg(input);
    expect(svg).toContain('Test Wire');
    expect(renderPriceChartSvg({ ...input, markers: [] })).not.toContain('Test Wire');
  });

  it('a marker outside the drawn candles is left out', () => {
    const input = chartInputFromSnapshot(augustSnapshot(AT), 'BTC', {
      days: 2,
      markers: [{ t: Date.parse('2024-07-01T00:00:00Z'), label: 'Old news' }],
    })!;
    expect(renderPriceChartSvg(input)).not.toContain('Old news');
  });
});

describe('event markers', () => {
  it('marks the scheduled event the article states, labelled with the event', () => {
    const at = {
      id: 'cal.at',
      label: 'event',
      value: Date.parse('2024-12-18T19:00:00Z'),
      unit: 'datetime' as const,
      source: 'calendar',
      asOf: 0,
    };
    const calendar = {
      beforeMove: {
        kind: 'fomc-decision' as const,
        stretch: 'fastest' as const,
        at,
        start: at,
        sameHour: true,
        approximate: false,
        link: 'https://www.federalreserve.gov/',
      },
      evidence: [],
      nearNow: [],
      runOut: [],
    };
    const figure = {
      id: 'cal.at.time',
      label: 'event',
      value: at.value,
      text: '19:00 UTC',
      source: 'calendar',
      asOf: 0,
    };
    expect(namedChartMarkers(undefined, [figure], calendar, english)).toEqual([
      { t: at.value, label: "Fed's rate decision" },
    ]);
    expect(namedChartMarkers(undefined, [], calendar, english)).toEqual([]);
  });
});
