// Telegram file ids of the charts the bot has sent, by the image's content hash: an inline result can then show
// the chart as a cached photo (inline results cannot upload files). Bounded with lru-cache.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** Charts remembered (one per coin and snapshot is plenty). */
const MAX_PHOTOS = 200;

/** Remembers which file_id Telegram gave each image sent. */
export class PhotoIds {
  private readonly ids = new LRUCache<string, string>({ max: MAX_PHOTOS });

  private static key(data: Uint8Array): string {
    return createHash('sha256').update(data).digest('base64url');
  }

  /** Note the file_id Telegram gave `data`. */
  remember(data: Uint8Array, fileId: string): void {
    this.ids.set(PhotoIds.key(data), fileId);
  }

  /** The file_id of an image already sent, if remembered. */
  find(data: Uint8Array): string | undefined {
    return this.ids.get(PhotoIds.key(data));
  }
}
