// Places the level tags in the right margin: each as close as it can be to its line, none overlapping,
// all inside the plot's vertical bounds. Pure: positions in, positions out.

/** A tag to place: the y of its line (px) and its height. */
export interface TagRequest {
  y: number;
  height: number;
}

/**
 * Top y of each tag, in the order given. Tags keep the order of their lines and are at least `gap` apart;
 * when there is not room for all of them inside [top, bottom] they are spread evenly over it.
 */
export function layoutTags(requests: readonly TagRequest[], top: number, bottom: number, gap: number): number[] {
  const order = requests
    .map((r, i) => ({ i, y: r.y, want: r.y - r.height / 2, h: r.height }))
    .sort((a, b) => a.y - b.y || a.i - b.i);
  const total = order.reduce((s, o) => s + o.h, 0) + gap * Math.max(0, order.length - 1);
  const placed = new Array<number>(requests.length);
  if (total >= bottom - top) {
    let y = top;
    for (const o of order) {
      placed[o.i] = y;
      y += o.h + gap;
    }
    return placed;
  }
  // Push down from the top, then back up from the bottom: the classic two-pass label layout.
  const ys = order.map((o) => Math.min(Math.max(o.want, top), bottom - o.h));
  for (let k = 1; k < ys.length; k++) ys[k] = Math.max(ys[k]!, ys[k - 1]! + order[k - 1]!.h + gap);
  const lastK = ys.length - 1;
  if (lastK >= 0) ys[lastK] = Math.min(ys[lastK]!, bottom - order[lastK]!.h);
  for (let k = lastK - 1; k >= 0; k--) ys[k] = Math.min(ys[k]!, ys[k + 1]! - order[k]!.h - gap);
  order.forEach((o, k) => {
    placed[o.i] = ys[k]!;
  });
  return placed;
}
