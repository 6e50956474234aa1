// A terminal shows no images, so the terminal adapter saves a reply's files (the chart) to a directory and
// prints where they are. The directory is made on first use (a fresh one under the system temp dir by default,
// removed again when the terminal closes; a directory the operator chose is kept).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplyFile } from '../../core/reply.ts';

/** One file of a reply and where it was saved, or why it could not be. */
export interface SavedFile {
  file: ReplyFile;
  path?: string;
  error?: string;
}

/** Saves reply files under one directory, numbering them so a session's charts do not overwrite each other. */
export class FileSaver {
  private dir: Promise<string> | undefined;
  private count = 0;

  /** @param directory Where to save; default a new `whybot-charts-*` directory under the system temp dir. */
  constructor(private readonly directory?: string) {}

  /** Remove the temp directory this saver made (with its files); a chosen directory stays. Never throws. */
  async cleanup(): Promise<void> {
    const made = this.directory === undefined ? this.dir : undefined;
    this.dir = undefined;
    if (made === undefined) return;
    await made.then((dir) => rm(dir, { recursive: true, force: true })).catch(() => undefined);
  }

  /** Save every file; never throws (a file that could not be written carries the error instead of a path). */
  async save(files: readonly ReplyFile[]): Promise<SavedFile[]> {
    const out: SavedFile[] = [];
    for (const file of files) {
      try {
        this.dir ??=
          this.directory === undefined
            ? mkdtemp(join(tmpdir(), 'whybot-charts-'))
            : mkdir(this.directory, { recursive: true }).then(() => this.directory!);
        this.count += 1;
        const safe = file.name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '') || 'file';
        const path = join(await this.dir, `${this.count.toString()}-${safe}`);
        await writeFile(path, file.data);
        out.push({ file, path });
      } catch (err) {
        this.dir = undefined;
        out.push({ file, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return out;
  }
}
