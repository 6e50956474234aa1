// When a chat is gone for good (deleted, bot removed) its digest and alerts are removed; when Telegram moved a
// group to a new id (upgrade to supergroup) they follow it. Post records stay as history.
import type { Db } from '../database.ts';
import type { ChannelRef } from './types.ts';

/** What was removed for a chat. */
export interface ForgetResult {
  digest: boolean;
  alertRules: number;
}

/** Remove the chat's digest schedule, alert subscriptions and alert state in one transaction. */
export function forgetChannel(db: Db, where: Pick<ChannelRef, 'platform' | 'channel'>): ForgetResult {
  return db
    .transaction(() => {
      const digest =
        db.prepare('DELETE FROM digest_schedules WHERE platform = ? AND channel = ?').run(where.platform, where.channel)
          .changes > 0;
      db.prepare('DELETE FROM alert_channel_state WHERE platform = ? AND channel = ?').run(
        where.platform,
        where.channel,
      );
      const alertRules = db
        .prepare('DELETE FROM alert_subscriptions WHERE platform = ? AND channel = ?')
        .run(where.platform, where.channel).changes;
      return { digest, alertRules };
    })
    .immediate();
}

/** Move the chat's schedule, subscriptions and alert state to a new channel id (left alone where the new id has its own). */
export function moveChannel(db: Db, where: Pick<ChannelRef, 'platform' | 'channel'>, to: string): void {
  db.transaction(() => {
    for (const table of ['digest_schedules', 'alert_subscriptions', 'alert_channel_state']) {
      db.prepare(`UPDATE OR IGNORE ${table} SET channel = ? WHERE platform = ? AND channel = ?`).run(
        to,
        where.platform,
        where.channel,
      );
      db.prepare(`DELETE FROM ${table} WHERE platform = ? AND channel = ?`).run(where.platform, where.channel);
    }
  }).immediate();
}
