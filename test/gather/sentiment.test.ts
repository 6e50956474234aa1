// The Fear & Greed source against a local HTTP server that answers like api.alternative.me: parsing a
// real-shaped payload, picking a replayed day, caching, and every failure becoming Missing with a reason.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FEAR_GREED_SOURCE, FearGreedSource, fetchFearGreed, parseFearGreed } from '../../src/gather/sentiment.ts';

const DAY_S = 86_400;
const AUG5 = 1_722_816_000; // 2024-08-05T00:00:00Z in seconds

/** A body shaped like the API's answer: newest first, strings for numbers, seconds for time. */
function fngBody(days: Array<[number, string]>, start = AUG5) {
  return {
    name: 'Fear and Greed Index',
    data: days.map(([value, classification], i) => ({
      value: String(value),
      value_classification: classification,
      timestamp: String(start - i * DAY_S),
      ...(i === 0 ? { time_until_update: '41230' } : {}),
    })),
    metadata: { error: null },
  };
}

type Handler = (res: ServerResponse, url: URL) => void;
let server: Server | undefined;
const requests: string[] = [];

async function serve(handler: Handler): Promise<string> {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    handler(res, url);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const json =
  (body: unknown, status = 200): Handler =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

afterEach(async () => {
  requests.length = 0;
  if (server) {
    server.closeAllConnections();
    await new Promise((r) => server!.close(r));
    server = undefined;
  }
});

describe('fetchFearGreed', () => {
  it('reads the newest reading with its own classification, the day before, and the time', async () => {
    const url = await serve(
      json(
        fngBody([
          [26, 'Fear'],
          [29, 'Fear'],
          [57, 'Greed'],
        ]),
      ),
    );
    const part = await fetchFearGreed({ baseUrl: url });
    expect(part).toEqual({
      ok: true,
      source: FEAR_GREED_SOURCE,
      asOf: AUG5 * 1000,
      value: {
        name: 'Fear & Greed',
        value: 26,
        classification: 'Fear',
        at: AUG5 * 1000,
        previous: { value: 29, classification: 'Fear', at: (AUG5 - DAY_S) * 1000 },
      },
    });
    expect(requests).toEqual(['/fng/?limit=2']);
  });

  it('reports an unreachable API (nothing listening on the port)', async () => {
    const url = await serve(json({}));
    server!.close();
    server = undefined;
    expect(await fetchFearGreed({ baseUrl: url })).toEqual({
      ok: false,
      source: FEAR_GREED_SOURCE,
      reason: 'unreachable (ECONNREFUSED)',
    });
  });

  it('reports a server error by its status', async () => {
    const url = await serve((res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html>Internal Server Error</html>');
    });
    expect(await fetchFearGreed({ baseUrl: url })).toMatchObject({ ok: false, reason: 'HTTP 500' });
  });

  it('reports a body that is not JSON, and JSON of the wrong shape', async () => {
    let body = '<html>maintenance</html>';
    const url = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    expect(await fetchFearGreed({ baseUrl: url })).toMatchObject({ ok: false, reason: 'malformed response: not JSON' });
    body = JSON.stringify({
      name: 'Fear and Greed Index',
      data: [{ value: 'n/a', value_classification: 'Fear', timestamp: String(AUG5) }],
    });
    expect(await fetchFearGreed({ baseUrl: url })).toMatchObject({
      ok: false,
      reason: 'malformed response: data.0.value: value is not a whole number',
    });
    body = JSON.stringify({ name: 'Fear and Greed Index', data: [] });
    expect(await fetchFearGreed({ baseUrl: url })).toMatchObject({
      ok: false,
      reason: 'malformed response: data: no readings',
    });
  });

  it('reports the error the API itself states', async () => {
    const url = await serve(
      json({ name: 'Fear and Greed Index', data: [], metadata: { error: 'Rate limit reached' } }),
    );
    expect(await fetchFearGreed({ baseUrl: url })).toMatchObject({
      ok: false,
      reason: 'API error: Rate limit reached',
    });
  });

  it('gives up after the timeout when the API does not answer', async () => {
    const url = await serve(() => undefined); // holds the request; closed in afterEach
    expect(await fetchFearGreed({ baseUrl: url, timeoutMs: 200 })).toMatchObject({
      ok: false,
      reason: 'timed out after 200 ms',
    });
  });

  it('in a replay, asks for enough history and picks the replayed day, not today', async () => {
    const now = (AUG5 + 3 * DAY_S) * 1000 + 5_000;
    const url = await serve(
      json(
        fngBody(
          [
            [40, 'Fear'],
            [35, 'Fear'],
            [30, 'Fear'],
            [17, 'Extreme Fear'],
            [29, 'Fear'],
          ],
          AUG5 + 3 * DAY_S,
        ),
      ),
    );
    const at = AUG5 * 1000 + 7 * 3_600_000; // 5 Aug 07:00
    const part = await fetchFearGreed({ baseUrl: url, at, now });
    expect(part).toMatchObject({
      ok: true,
      asOf: AUG5 * 1000,
      value: { value: 17, classification: 'Extreme Fear', previous: { value: 29 } },
    });
    expect(requests).toEqual(['/fng/?limit=5']); // 5 Aug to 8 Aug, and 4 Aug before it
  });
});

describe('parseFearGreed', () => {
  it('has no reading for a moment before the history it was given', () => {
    expect(parseFearGreed(fngBody([[26, 'Fear']]), (AUG5 - 10 * DAY_S) * 1000)).toMatchObject({
      ok: false,
      reason: 'no reading for that date',
    });
  });

  it('sorts readings by time rather than trusting the order', () => {
    const body = fngBody([
      [26, 'Fear'],
      [29, 'Fear'],
    ]);
    body.data.reverse();
    expect(parseFearGreed(body)).toMatchObject({ ok: true, value: { value: 26, previous: { value: 29 } } });
  });
});

describe('FearGreedSource', () => {
  it('asks the API once and serves the cached reading after', async () => {
    const url = await serve(
      json(
        fngBody([
          [26, 'Fear'],
          [29, 'Fear'],
        ]),
      ),
    );
    const source = new FearGreedSource({ baseUrl: url });
    const [a, b] = await Promise.all([source.get(), source.get()]);
    const c = await source.get();
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(a.ok).toBe(true);
    expect(source.requests).toBe(1);
    expect(requests).toHaveLength(1);
    source.close();
  });

  it('keeps a failure for a short while so an outage is not asked again on every command', async () => {
    let status = 503;
    const url = await serve((res) => json(fngBody([[26, 'Fear']]), status)(res, new URL('http://x')));
    const source = new FearGreedSource({ baseUrl: url, failureTtlSeconds: 60 });
    expect(await source.get()).toMatchObject({ ok: false, reason: 'HTTP 503' });
    status = 200;
    expect(await source.get()).toMatchObject({ ok: false, reason: 'HTTP 503' });
    expect(requests).toHaveLength(1);
    source.close();
  });
});
