// Test helper: draws a Discord message as Discord's dark theme shows it (bot name, embed with its colour bar,
// title, text, fields, image, footer, then the button rows) as an SVG, for the README's picture of a real /why
// reply. Only what whybot sends is drawn; Discord timestamps show as a reader in UTC would see them.
import { MONTHS } from '../../src/core/months.ts';

/** The parts of a Discord message payload the preview draws. */
export interface PreviewMessage {
  content?: string;
  embeds: Array<{
    title?: string;
    description?: string;
    color?: number;
    fields?: Array<{ name: string; value: string; inline?: boolean }>;
    footer?: { text: string };
    timestamp?: string;
    image?: { url: string };
  }>;
  components?: Array<{ components: Array<{ type: number; style?: number; label?: string; placeholder?: string }> }>;
}

const WIDTH = 820;
const EMBED_X = 72;
const EMBED_W = 640;
const PAD = 16;
const CHAR = { 14: 7.1, 16: 8.4, 12: 6.2 } as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Discord markdown and timestamps as the reader sees the text (UTC reader). */
function plain(markdown: string): string {
  return markdown
    .replace(/<t:(\d+):([ftR])>/g, (_m, s: string, style: string) => {
      const d = new Date(Number(s) * 1000);
      const hm = d.toISOString().slice(11, 16);
      return style === 't'
        ? hm
        : `${d.getUTCDate().toString()} ${MONTHS[d.getUTCMonth()]!} ${d.getUTCFullYear().toString()} ${hm}`;
    })
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\*([^*]+)\*/g, '$1')
    .replace(/\\([\\*_~`|>])/g, '$1');
}

/** Words wrapped to `width` pixels at `size`. */
function wrap(text: string, width: number, size: 12 | 14 | 16): string[] {
  const max = Math.floor(width / CHAR[size]);
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > max) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return lines;
}

/** The SVG of a message; `image` is the attached chart (PNG) the embed shows, with its size. */
export function discordPreviewSvg(
  message: PreviewMessage,
  image?: { png: Uint8Array; width: number; height: number },
): string {
  const out: string[] = [];
  let y = 20;
  const text = (x: number, yy: number, s: string, size: number, fill: string, weight = 400) =>
    out.push(
      `<text x="${x.toString()}" y="${yy.toString()}" font-size="${size.toString()}" font-weight="${weight.toString()}" fill="${fill}">${esc(s)}</text>`,
    );
  out.push(`<circle cx="40" cy="${(y + 20).toString()}" r="20" fill="#5865f2"/>`);
  text(29, y + 26, 'wb', 14, '#ffffff', 600);
  text(EMBED_X, y + 14, 'whybot', 16, '#f2f3f5', 600);
  out.push(
    `<rect x="${(EMBED_X + 62).toString()}" y="${(y + 1).toString()}" width="34" height="16" rx="3" fill="#5865f2"/>`,
  );
  text(EMBED_X + 67, y + 13, 'APP', 11, '#ffffff', 600);
  y += 30;
  const embed = message.embeds[0]!;
  const inner = EMBED_W - 2 * PAD;
  const body: string[] = [];
  let by = y + PAD;
  const btext = (x: number, yy: number, s: string, size: number, fill: string, weight = 400) =>
    body.push(
      `<text x="${x.toString()}" y="${yy.toString()}" font-size="${size.toString()}" font-weight="${weight.toString()}" fill="${fill}">${esc(s)}</text>`,
    );
  const x0 = EMBED_X + PAD;
  const lines = (all: string[], step: number, size: number, fill: string, weight = 400) => {
    for (const l of all) {
      by += step;
      btext(x0, by, l, size, fill, weight);
    }
  };
  if (embed.title) lines(wrap(plain(embed.title), inner, 16), 20, 16, '#f2f3f5', 600);
  by += 6;
  if (embed.description) lines(wrap(plain(embed.description), inner, 14), 19, 14, '#dbdee1');
  const fields = embed.fields ?? [];
  for (let i = 0; i < fields.length; i += 3) {
    by += 14;
    const row = fields.slice(i, i + 3);
    row.forEach((f, j) => {
      const fx = x0 + j * Math.floor(inner / 3);
      btext(fx, by + 16, plain(f.name), 14, '#f2f3f5', 600);
      btext(fx, by + 36, plain(f.value), 14, '#dbdee1');
    });
    by += 40;
  }
  if (image !== undefined && embed.image !== undefined) {
    const w = inner;
    const h = Math.round((image.height / image.width) * w);
    by += 14;
    body.push(
      `<image x="${x0.toString()}" y="${by.toString()}" width="${w.toString()}" height="${h.toString()}" href="data:image/png;base64,${Buffer.from(image.png).toString('base64')}"/>`,
    );
    by += h;
  }
  if (embed.footer) {
    by += 12;
    const stamp =
      embed.timestamp === undefined
        ? ''
        : ` • ${plain(`<t:${Math.floor(Date.parse(embed.timestamp) / 1000).toString()}:f>`)}`;
    lines(wrap(`${plain(embed.footer.text)}${stamp}`, inner, 12), 16, 12, '#b5bac1');
  }
  by += PAD;
  out.push(
    `<rect x="${EMBED_X.toString()}" y="${y.toString()}" width="${EMBED_W.toString()}" height="${(by - y).toString()}" rx="4" fill="#2b2d31"/>`,
  );
  out.push(
    `<rect x="${EMBED_X.toString()}" y="${y.toString()}" width="4" height="${(by - y).toString()}" rx="2" fill="#${(embed.color ?? 0x8a8f98).toString(16).padStart(6, '0')}"/>`,
  );
  out.push(...body);
  y = by + 8;
  for (const row of message.components ?? []) {
    let bx = EMBED_X;
    for (const c of row.components) {
      const label = c.label ?? c.placeholder ?? '';
      const w = Math.round(label.length * 7.6 + 32);
      out.push(
        `<rect x="${bx.toString()}" y="${y.toString()}" width="${w.toString()}" height="32" rx="4" fill="${c.style === 1 ? '#5865f2' : '#4e5058'}"/>`,
      );
      text(bx + 16, y + 21, label, 14, '#ffffff', 600);
      bx += w + 8;
    }
    y += 40;
  }
  const height = y + 12;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH.toString()}" height="${height.toString()}" viewBox="0 0 ${WIDTH.toString()} ${height.toString()}" font-family="Inter"><rect width="100%" height="100%" fill="#313338"/>${out.join('')}</svg>`;
}
