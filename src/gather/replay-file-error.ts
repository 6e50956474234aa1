// The error for a replay file or replay request that cannot be used, worded for the person who passed it.

/** A problem with a replay file, worded for the person who passed it (the CLI prints it and exits 2). */
export class ReplayFileError extends Error {
  override readonly name = 'ReplayFileError';
}
