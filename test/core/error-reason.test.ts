// The reasons that may reach a chat: network, database and Redis failures are named by kind, and whatever else an
// error says loses its addresses, URLs and ports.
import { describe, expect, it } from 'vitest';
import { publicReason, scrubInternals } from '../../src/core/error-reason.ts';

const systemError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('publicReason', () => {
  it('names failures by kind, never by address or library text', () => {
    expect(publicReason(systemError('connect ECONNREFUSED 10.0.3.7:5432', 'ECONNREFUSED'))).toBe('unreachable');
    expect(publicReason(new Error('getaddrinfo ENOTFOUND db.internal'))).toBe('unreachable');
    expect(
      publicReason(
        Object.assign(
          new Error('Reached the max retries per request limit (which is 2). Refer to "maxRetriesPerRequest"'),
          {
            name: 'MaxRetriesPerRequestError',
          },
        ),
      ),
    ).toBe('shared cache unreachable');
    expect(publicReason(new Error('Connection is closed.'))).toBe('shared cache unreachable');
    expect(publicReason(new Error('timeout exceeded when trying to connect'))).toBe('connection lost');
    expect(
      publicReason(
        Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
          severity: 'FATAL',
        }),
      ),
    ).toBe('database error');
    expect(publicReason(new Error('fetch failed', { cause: systemError('x', 'ECONNRESET') }))).toBe('unreachable');
  });

  it('keeps what else an error says, without addresses', () => {
    expect(publicReason(new Error('bad answer from http://10.1.2.3:8080/api?x=1\nstack'))).toBe(
      'bad answer from (address)',
    );
    expect(scrubInternals('db at redis.internal:6380 and [::1]:5432 and 192.168.0.4')).toBe(
      'db at (address) and (address) and (address)',
    );
    expect(scrubInternals('no liquidations collected in the last 30 days')).toBe(
      'no liquidations collected in the last 30 days',
    );
  });
});
