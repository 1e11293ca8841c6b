// Downloads of the analysis view's charts: the data as CSV (written as the server writes
// /api/export: a byte-order mark, CRLF line ends, RFC 4180 quoting, formulas disarmed) and
// the drawing as a standalone SVG file with its styles inline (as presentation attributes).

import { el } from './dom.js';

/**
 * A CSV cell. Text a spreadsheet would read as a formula (=, +, -, @, or a tab or a carriage
 * return first) is written after a quote mark, as the server's export does; a cell holding a
 * comma, a quote or a line break is quoted, its quotes doubled. Numbers are written as they are.
 */
export function csvCell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file's text: a header row, then the rows, each a list of cells. */
export function csvText(header, rows) {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

// The properties a chart's look depends on, copied from the page's styles onto each element.
const STYLED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'visibility',
  'display',
];

/**
 * A standalone SVG document of a chart on the page: every element's computed style written
 * into its style attribute (the page's classes and colour variables mean nothing outside
 * it), a white background, a title, and nothing of the page's focus and hover state.
 */
export function standaloneSvg(root, title) {
  const copy = root.cloneNode(true);
  const from = [root, ...root.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  // As presentation attributes: the page's Content-Security-Policy refuses style attributes,
  // and a file with no style sheet reads them the same.
  // Only what differs from the parent is written: the rest is inherited in the file too.
  const styles = from.map((node) => getComputedStyle(node));
  from.forEach((node, i) => {
    const style = styles[i];
    const parent = i ? styles[from.indexOf(node.parentNode)] : null;
    for (const name of STYLED) {
      const value = style.getPropertyValue(name);
      if (name === 'display' ? value === 'none' : !parent || parent.getPropertyValue(name) !== value) to[i].setAttribute(name, value);
    }
    to[i].removeAttribute('class');
    for (const name of ['tabindex', 'role', 'aria-labelledby', 'aria-describedby', 'aria-expanded', 'aria-controls']) {
      to[i].removeAttribute(name);
    }
    if (node.matches('.guide, .active-point')) to[i].dataset.drop = '1';
  });
  for (const node of copy.querySelectorAll('[data-drop]')) node.remove();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  const [, , width, height] = (root.getAttribute('viewBox') || '0 0 640 300').split(/\s+/);
  copy.setAttribute('width', width);
  copy.setAttribute('height', height);
  const doc = copy.ownerDocument;
  const background = doc.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x: 0, y: 0, width, height, fill: '#ffffff' })) background.setAttribute(k, v);
  const heading = doc.createElementNS('http://www.w3.org/2000/svg', 'title');
  heading.textContent = title;
  copy.prepend(heading, background);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/**
 * Puts a drawing made only for a download into the page for a moment, out of sight, so that
 * the page's styles apply to it when standaloneSvg reads them.
 */
export function offscreen(root) {
  const host = el('div', { class: 'offscreen', 'aria-hidden': 'true' }, root);
  document.body.append(host);
  setTimeout(() => host.remove(), 0);
  return root;
}

/** Saves `content` as a file named `name` through a temporary link to a Blob. */
export function saveFile(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The "Download: SVG · CSV" buttons of a chart. `svgOf()` gives the chart's SVG element (or
 * null), `csvOf()` gives { header, rows }; `name` is the file name without its extension.
 */
export function downloadButtons({ name, title, svgOf, csvOf, s }) {
  const saveSvg = () => {
    const root = svgOf();
    if (root) saveFile(`${name}.svg`, 'image/svg+xml', standaloneSvg(root, title));
  };
  const saveCsv = () => {
    const { header, rows } = csvOf();
    saveFile(`${name}.csv`, 'text/csv;charset=utf-8', csvText(header, rows));
  };
  return el(
    'div',
    { class: 'downloads', role: 'group', 'aria-label': s.downloadLabel(title) },
    el('span', { class: 'downloads-label', 'aria-hidden': 'true', text: s.download }),
    el('button', { type: 'button', class: 'button small', dataset: { download: 'svg' }, 'aria-label': s.downloadSvg(title), text: 'SVG', onclick: saveSvg }),
    el('button', { type: 'button', class: 'button small', dataset: { download: 'csv' }, 'aria-label': s.downloadCsv(title), text: 'CSV', onclick: saveCsv }),
  );
}
