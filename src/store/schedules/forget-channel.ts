// When a chat is gone for good (deleted, bot removed) its digest and alerts are removed; when Telegram moved a
// group to a new id (upgrade to supergroup) they follow it. Post records stay as history. Same SQL on SQLite and
// PostgreSQL (see ../sql-runner.ts).
import type { Db } from '../database.ts';
import { sqliteRunner, type SqlRunner } from '../sql-runner.ts';
import type { ChannelRef } from './types.ts';

/** What was removed for a chat. */
export interface ForgetResult {
  digest: boolean;
  alertRules: number;
}

type Where = Pick<ChannelRef, 'platform' | 'channel'>;

const runner = (db: Db | SqlRunner): SqlRunner => ('engine' in db ? db : sqliteRunner(db));

/** The tables that hold a chat's settings, each with the key columns a row has besides platform and channel. */
const CHAT_TABLES: ReadonlyArray<{ table: string; rest: readonly string[] }> = [
  { table: 'digest_schedules', rest: [] },
  { table: 'alert_subscriptions', rest: ['rule_key'] },
  { table: 'alert_channel_state', rest: ['rule_key'] },
  { table: 'chat_settings', rest: [] },
];

/** Remove the chat's digest schedule, alert subscriptions and alert state in one transaction. */
export async function forgetChannel(db: Db | SqlRunner, where: Where): Promise<ForgetResult> {
  return runner(db).transaction(async (tx) => {
    const args = [where.platform, where.channel];
    const digest = (await tx.query('DELETE FROM digest_schedules WHERE platform = $1 AND channel = $2', args)).rowCount;
    await tx.query('DELETE FROM alert_channel_state WHERE platform = $1 AND channel = $2', args);
    await tx.query('DELETE FROM chat_settings WHERE platform = $1 AND channel = $2', args);
    const alertRules = (await tx.query('DELETE FROM alert_subscriptions WHERE platform = $1 AND channel = $2', args))
      .rowCount;
    return { digest: digest > 0, alertRules };
  });
}

/** Move the chat's schedule, subscriptions and alert state to a new channel id (left alone where the new id has its own). */
export async function moveChannel(db: Db | SqlRunner, where: Where, to: string): Promise<void> {
  await runner(db).transaction(async (tx) => {
    for (const { table, rest } of CHAT_TABLES) {
      const same = rest.map((c) => ` AND o.${c} = ${table}.${c}`).join('');
      await tx.query(
        `UPDATE ${table} SET channel = $3 WHERE platform = $1 AND channel = $2
           AND NOT EXISTS (SELECT 1 FROM ${table} o WHERE o.platform = $1 AND o.channel = $3${same})`,
        [where.platform, where.channel, to],
      );
      await tx.query(`DELETE FROM ${table} WHERE platform = $1 AND channel = $2`, [where.platform, where.channel]);
    }
  });
}
