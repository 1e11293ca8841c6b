// The two statistics views for the current query and filters, built from one
// /api/search?per_page=1 answer per carrier (its facets.year and facets.province):
// a bar chart of agreements per year stacked by carrier (plain inline SVG) and a
// province × carrier table. Both are keyboard-operable and filter the search on click.

import { CARRIERS } from './state.js';
import { el, svg } from './dom.js';

const DEFAULT_W = 640;
const VIEW_H = 230;
const MARGIN = { top: 22, right: 8, bottom: 30, left: 40 };

/** A CSS class for a carrier's colour (names are plain ASCII: VNPT, Viettel, ...). */
export const carrierClass = (carrier) => `c-${String(carrier).replace(/[^A-Za-z0-9]/g, '')}`;

function countsBy(perCarrier, facet) {
  const table = new Map(); // value -> Map(carrier -> count)
  for (const { carrier, data } of perCarrier) {
    for (const { value, count } of data?.facets?.[facet] || []) {
      if (!count) continue;
      const key = String(value);
      if (!table.has(key)) table.set(key, new Map());
      table.get(key).set(carrier, count);
    }
  }
  return table;
}

function niceStep(max) {
  const rough = Math.max(1, max) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) if (m * power >= rough) return Math.max(1, m * power);
  return 10 * power;
}

/** Activates an SVG or table control with Enter or Space, as a button would. */
function onActivate(node, action) {
  node.addEventListener('click', action);
  node.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      action();
    }
  });
}

/**
 * Draws the per-year bars. Years without agreements between the first and the last one
 * are drawn as empty slots, so the time axis stays regular.
 */
export function renderYearChart(container, legend, perCarrier, state, s, onYear) {
  // The drawing is as wide as its box, so its 12px labels stay 12px on any screen.
  const VIEW_W = Math.max(280, Math.round(container.clientWidth) || DEFAULT_W);
  const byYear = countsBy(perCarrier, 'year');
  const years = [...byYear.keys()].map(Number).filter(Number.isFinite);
  const carrierFilter = new Set(state.carrier);
  const yearFilter = new Set(state.year.map(String));
  drawLegend(legend, carrierFilter);
  if (!years.length) {
    container.replaceChildren(el('p', { class: 'empty-chart', text: s.chartEmpty }));
    return;
  }
  const first = Math.min(...years);
  const last = Math.max(...years);
  const slots = [];
  for (let y = first; y <= last; y++) slots.push(String(y));
  const totals = slots.map((y) => [...(byYear.get(y)?.values() || [])].reduce((a, b) => a + b, 0));
  const layout = yearLayout(VIEW_W, slots, totals);

  const root = svg('svg', {
    viewBox: `0 0 ${layout.VIEW_W} ${VIEW_H}`,
    class: 'year-chart',
    role: 'group',
    'aria-labelledby': 'year-chart-title',
    preserveAspectRatio: 'xMidYMid meet',
  });
  root.append(yearGrid(layout));
  slots.forEach((year, i) => {
    const bar = yearBar(year, byYear.get(year) || new Map(), totals[i], i, layout, { carrierFilter, yearFilter }, s);
    if (totals[i]) onActivate(bar, () => onYear(year));
    root.append(bar);
  });
  root.append(
    svg('line', {
      class: 'axis',
      x1: MARGIN.left,
      x2: layout.VIEW_W - MARGIN.right,
      y1: layout.yOf(0),
      y2: layout.yOf(0),
      'aria-hidden': 'true',
    }),
  );
  container.replaceChildren(root);
}

function drawLegend(legend, carrierFilter) {
  legend.replaceChildren(
    ...CARRIERS.map((carrier) =>
      el(
        'li',
        { class: carrierFilter.size && !carrierFilter.has(carrier) ? 'dimmed' : '' },
        el('span', { class: `swatch ${carrierClass(carrier)}`, 'aria-hidden': 'true' }),
        carrier,
      ),
    ),
  );
}

/** The chart's sizes and scale for these year slots and their totals. */
function yearLayout(VIEW_W, slots, totals) {
  const step = niceStep(Math.max(...totals));
  const top = Math.max(step, Math.ceil(Math.max(...totals) / step) * step);
  const plotW = VIEW_W - MARGIN.left - MARGIN.right;
  const plotH = VIEW_H - MARGIN.top - MARGIN.bottom;
  const slotW = plotW / slots.length;
  return {
    VIEW_W,
    step,
    top,
    plotH,
    slotW,
    barW: Math.min(46, slotW * 0.68),
    yOf: (v) => MARGIN.top + plotH - (v / top) * plotH,
    labelEvery: slots.length > 14 ? Math.ceil(slots.length / 10) : 1,
  };
}

function yearGrid({ VIEW_W, step, top, yOf }) {
  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (let v = 0; v <= top; v += step) {
    const y = yOf(v);
    grid.append(
      svg('line', { x1: MARGIN.left, x2: VIEW_W - MARGIN.right, y1: y, y2: y }),
      svg('text', { x: MARGIN.left - 6, y: y + 4, 'text-anchor': 'end', text: v }),
    );
  }
  return grid;
}

/** One year's bar: a segment per carrier, stacked, with the year and the total. */
function yearBar(year, perYear, total, i, { plotH, slotW, barW, yOf, labelEvery }, { carrierFilter, yearFilter }, s) {
  const cx = MARGIN.left + slotW * i + slotW / 2;
  const selected = yearFilter.has(year);
  const parts = CARRIERS.filter((c) => perYear.get(c)).map((c) => `${c} ${perYear.get(c)}`).join(', ') || '0';
  const group = svg('g', {
    class: `bar${selected ? ' selected' : ''}${yearFilter.size && !selected ? ' dimmed' : ''}`,
    dataset: { year },
    role: 'button',
    tabindex: total ? 0 : -1,
    'aria-pressed': selected ? 'true' : 'false',
    'aria-label': s.chartBar(year, total, parts),
  });
  // A transparent full-height target: thin bars are hard to hit otherwise.
  group.append(svg('rect', { class: 'hit', x: cx - slotW / 2 + 1, y: MARGIN.top - 16, width: slotW - 2, height: plotH + 16, rx: 4 }));
  let base = 0;
  for (const carrier of CARRIERS) {
    const n = perYear.get(carrier) || 0;
    if (!n) continue;
    const y0 = yOf(base);
    const y1 = yOf(base + n);
    const dim = carrierFilter.size && !carrierFilter.has(carrier);
    group.append(
      svg('rect', {
        class: `seg ${carrierClass(carrier)}${dim ? ' dimmed' : ''}`,
        x: cx - barW / 2,
        y: y1,
        width: barW,
        height: Math.max(0, y0 - y1 - 1),
      }),
    );
    base += n;
  }
  // Year first, then total: the label the group is named with reads the same way.
  if (i % labelEvery === 0 || selected) {
    group.append(svg('text', { class: 'year', x: cx, y: VIEW_H - 10, 'text-anchor': 'middle', text: year }));
  }
  if (total) group.append(svg('text', { class: 'total', x: cx, y: yOf(total) - 5, 'text-anchor': 'middle', text: ` ${total}` }));
  return group;
}

/** Draws the province × carrier table, provinces with the most agreements first. */
export function renderMatrix(container, perCarrier, state, s, onCell) {
  const byProvince = countsBy(perCarrier, 'province');
  const provinceFilter = new Set(state.province);
  const carrierFilter = new Set(state.carrier);
  // Chosen provinces first (the table, like the facets, also shows what adding another would give).
  const rows = [...byProvince.entries()]
    .map(([province, counts]) => ({ province, counts, sum: [...counts.values()].reduce((a, b) => a + b, 0) }))
    .sort(
      (a, b) =>
        provinceFilter.has(b.province) - provinceFilter.has(a.province) ||
        b.sum - a.sum ||
        a.province.localeCompare(b.province, 'vi'),
    );
  if (!rows.length) {
    container.replaceChildren(el('p', { class: 'empty-chart', text: s.chartEmpty }));
    return;
  }
  const max = Math.max(...rows.flatMap((r) => [...r.counts.values()]));

  const head = el(
    'tr',
    {},
    el('th', { scope: 'col', text: s.tableProvince }),
    CARRIERS.map((c) => el('th', { scope: 'col', class: `${carrierClass(c)}${carrierFilter.has(c) ? ' selected' : ''}`, text: c })),
  );
  const body = rows.map(({ province, counts }) =>
    el(
      'tr',
      { class: provinceFilter.has(province) ? 'selected' : '' },
      el('th', { scope: 'row', text: province }),
      CARRIERS.map((carrier) => {
        const n = counts.get(carrier) || 0;
        if (!n) return el('td', { class: 'zero' }, el('span', { 'aria-hidden': 'true', text: '·' }), el('span', { class: 'visually-hidden', text: '0' }));
        // Five shades of one calm blue; the darkest still keeps dark text at AA contrast.
        const level = Math.min(4, Math.floor((n / max) * 4.999));
        const selected = provinceFilter.has(province) && carrierFilter.has(carrier);
        const button = el('button', {
          type: 'button',
          class: `cell level-${level}${selected ? ' selected' : ''}`,
          dataset: { province, carrier },
          'aria-label': s.tableCell(province, carrier, n),
          'aria-pressed': selected ? 'true' : 'false',
          text: n,
        });
        button.addEventListener('click', () => onCell(province, carrier));
        return el('td', {}, button);
      }),
    ),
  );
  container.replaceChildren(
    el(
      'table',
      { class: 'matrix', 'aria-labelledby': 'matrix-title' },
      el('thead', {}, head),
      el('tbody', {}, body),
    ),
  );
}
