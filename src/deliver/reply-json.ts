// A neutral Reply as JSON and back, so a queued post can carry it between processes: file bytes (Uint8Array or
// Buffer) travel as base64; everything else in a reply is plain data.
import type { Reply } from '../core/reply.ts';

const BYTES = '$bytes';

/** The reply as a JSON string (file bytes as base64). */
export function replyToJson(reply: Reply): string {
  return JSON.stringify(reply, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `this[key]` is the value before Buffer.toJSON turned it into { type: 'Buffer', data: [...] }
    const raw = key === '' ? value : this[key];
    if (raw instanceof Uint8Array)
      return { [BYTES]: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') };
    return value;
  });
}

/** The reply back from replyToJson's string (file bytes as Uint8Array). */
export function replyFromJson(json: string): Reply {
  return JSON.parse(json, (_key, value: unknown) => {
    if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as Record<string, unknown>)[BYTES] === 'string' &&
      Object.keys(value).length === 1
    ) {
      return new Uint8Array(Buffer.from((value as Record<string, string>)[BYTES]!, 'base64'));
    }
    return value;
  }) as Reply;
}
