// SVG charts drawn here (no library): horizontal stacked bars and bars.
const NS = 'http://www.w3.org/2000/svg';

function el(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export const COLORS = ['#1e6b3a', '#2f6fba', '#f0b429', '#8b8b94', '#b3261e', '#6b2fa3'];

// rows: [{label, parts: [n, ...]}]; legend: labels of the parts.
export function stackedBars(title, rows, legend) {
  const w = 520, rowH = 22, left = 120, top = 28;
  const h = top + rows.length * rowH + 30;
  const svg = el('svg', { class: 'chart', viewBox: `0 0 ${w} ${h}`, width: '100%', role: 'img', 'aria-label': title });
  svg.append(el('text', { x: 0, y: 14, 'font-weight': 'bold' }, title));
  const max = Math.max(1, ...rows.map(r => r.parts.reduce((a, b) => a + b, 0)));
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    svg.append(el('text', { x: left - 6, y: y + 14, 'text-anchor': 'end' }, r.label));
    let x = left;
    r.parts.forEach((n, j) => {
      const width = (w - left - 50) * n / max;
      if (width > 0) {
        const bar = el('rect', { x, y: y + 3, width, height: rowH - 6, fill: COLORS[j % COLORS.length] });
        bar.append(el('title', {}, `${r.label} ${legend[j]}：${n}`));
        svg.append(bar);
      }
      x += width;
    });
    svg.append(el('text', { x: x + 4, y: y + 14 }, String(r.parts.reduce((a, b) => a + b, 0))));
  });
  let lx = left;
  const ly = top + rows.length * rowH + 14;
  legend.forEach((name, j) => {
    svg.append(el('rect', { x: lx, y: ly - 9, width: 10, height: 10, fill: COLORS[j % COLORS.length] }));
    svg.append(el('text', { x: lx + 14, y: ly }, name));
    lx += 14 + name.length * 12 + 16;
  });
  return svg;
}

// rates: [{label, rate (0..1), detail}].
export function rateBars(title, rates) {
  const w = 520, rowH = 26, left = 100, top = 28;
  const svg = el('svg', { class: 'chart', viewBox: `0 0 ${w} ${top + rates.length * rowH + 8}`, width: '100%', role: 'img', 'aria-label': title });
  svg.append(el('text', { x: 0, y: 14, 'font-weight': 'bold' }, title));
  rates.forEach((r, i) => {
    const y = top + i * rowH;
    svg.append(el('text', { x: left - 6, y: y + 15, 'text-anchor': 'end' }, r.label));
    const bar = w - left - 150;
    svg.append(el('rect', { x: left, y: y + 4, width: bar, height: rowH - 10, fill: '#ececf0' }));
    svg.append(el('rect', { x: left, y: y + 4, width: bar * r.rate, height: rowH - 10, fill: COLORS[i % 2 ? 1 : 0] }));
    svg.append(el('text', { x: left + bar + 6, y: y + 15 }, `${(100 * r.rate).toFixed(1)}% ${r.detail}`));
  });
  return svg;
}
