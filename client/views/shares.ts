/**
 * Share buckets for layer sizes and the SVG chart of the layers: pure, unit-tested.
 */
export type ShareBucket = 'tiny' | 'small' | 'large' | 'huge';

/** A layer's share of the image: below 5 %, below 20 %, below 50 %, the rest. */
export function shareBucket(bytes: number, total: number): ShareBucket {
  const share = total > 0 ? bytes / total : 0;
  if (share < 0.05) return 'tiny';
  if (share < 0.2) return 'small';
  if (share < 0.5) return 'large';
  return 'huge';
}

export function percent(bytes: number, total: number): string {
  if (total <= 0) return '0 %';
  const p = (bytes / total) * 100;
  return `${p < 10 ? p.toFixed(1) : Math.round(p)} %`;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface ChartRow {
  label: string;
  bytes: number;
  size: string;
}

const ROW = 22;
const LABEL_WIDTH = 420;
const BAR_WIDTH = 320;

/** Horizontal bars, largest first; labels cut to fit, the full text in a <title>. */
export function layersSvg(rows: readonly ChartRow[]): string {
  const sorted = [...rows].sort((a, b) => b.bytes - a.bytes);
  const max = Math.max(1, ...sorted.map((r) => r.bytes));
  const total = sorted.reduce((s, r) => s + r.bytes, 0);
  const width = LABEL_WIDTH + BAR_WIDTH + 140;
  const height = Math.max(ROW, sorted.length * ROW) + 4;
  const bars = sorted.map((r, i) => {
    const y = i * ROW + 2;
    const w = r.bytes > 0 ? Math.max(1, Math.round((r.bytes / max) * BAR_WIDTH)) : 0;
    const label = r.label.length > 60 ? `${r.label.slice(0, 59)}…` : r.label;
    return (
      `<g class="${shareBucket(r.bytes, total)}"><title>${escapeXml(`${r.label}\n${r.bytes} bytes`)}</title>` +
      `<text x="0" y="${y + 15}">${escapeXml(label)}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${w}" height="${ROW - 6}"></rect>` +
      `<text x="${LABEL_WIDTH + w + 6}" y="${y + 15}">${escapeXml(`${r.size} (${percent(r.bytes, total)})`)}</text></g>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${bars.join('')}</svg>`;
}
