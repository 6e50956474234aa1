// The article is a pure function of (snapshot, coin, form): a burst of /why writes it once per snapshot.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterEach, expect, it } from 'vitest';
import { createArticleWriter } from '../../src/app/article-writer.ts';
import { createServices, type ArticleWriter } from '../../src/app/create-services.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';

const NOW = Date.parse('2024-06-01T00:00:00Z') + 40 * 24 * 3_600_000;
let sim: Simulator | undefined;
afterEach(async () => sim?.close());

it('writes each (snapshot, coin, form) article once and shares it', async () => {
  sim = await startSimulator({ data: syntheticMarket({ hours: 40 * 24 }), now: () => NOW });
  const config = loadConfig({ WHYBOT_COINS: 'BTC,ETH', LOG_LEVEL: 'silent' }, PLATFORMS);
  const real = createArticleWriter(config);
  const written: string[] = [];
  const writer: ArticleWriter = Object.assign(
    (snapshot: Parameters<ArticleWriter>[0], request: Parameters<ArticleWriter>[1]) => {
      written.push(`${request.coin ?? '*'}:${request.form}`);
      return real(snapshot, request);
    },
    { languages: real.languages },
  );
  const services = createServices({ config, writer, now: () => NOW, exchangeUrl: sim.url });
  const burst = await Promise.all(Array.from({ length: 50 }, () => services.explain({ form: 'short' })));
  expect(new Set(burst.map((e) => e.document)).size).toBe(1);
  await services.explain({ form: 'full' });
  await services.explain({ coin: 'ETH', form: 'short' });
  await services.explain({ coin: 'ETH', form: 'short' });
  expect(written).toEqual(['*:short', '*:full', 'ETH:short']);
  // A new snapshot gets new articles.
  services.cache.clear();
  await services.explain({ form: 'short' });
  expect(written).toHaveLength(4);
  services.close();
});
