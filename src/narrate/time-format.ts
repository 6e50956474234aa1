// Short time formats for command replies (compact UTC times, ages). Money and counts use src/narrate/format.ts.
import type { Words } from './words.ts';

/** `2024-08-05 07:00 UTC` */
export function formatUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A duration in a language's command words (time.* of commands.yaml): `45 s`, `3 h 5 min`, `2 d 4 h`. */
export function formatDurationIn(ui: Words, ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return ui.t('time.seconds', { n: s });
  const min = Math.floor(s / 60);
  if (min < 60) return ui.t('time.minutes', { n: min });
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? ui.t('time.hours', { n: h }) : ui.t('time.hours_minutes', { h, m: min % 60 });
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? ui.t('time.days', { n: d }) : ui.t('time.days_hours', { d, h: h % 24 });
}

/** A duration for people: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s.toString()} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min.toString()} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h.toString()} h` : `${h.toString()} h ${(min % 60).toString()} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d.toString()} d` : `${d.toString()} d ${(h % 24).toString()} h`;
}
