// The analysis view's charts, drawn by the page as plain SVG: a line chart over contiguous
// time buckets (one line per series), a chart of agreements' periods on a time axis, and a
// bar chart (the top terms' download). Each is drawn as wide as its box, so its 12px labels
// stay 12px on any screen, and scales with its viewBox between redraws. Colours come from
// classes (s0…s4, c-VNPT…) that analysis.css defines; the SVG download inlines them.

import { svg } from './dom.js';

export const SERIES_MAX = 5;
const LINE_H = 280; // the plot's height with its margins, the series' names above it
const LINE_MARGIN = { top: 16, right: 16, bottom: 34, left: 52 };
const POINTS_MAX = 90; // more buckets than this: the line alone, the active point marked
const CHAR_W = 7; // an estimate of a 12px label's character width, to space the ticks

// How many buckets a tick may step over, per interval; days and weeks too many to label one
// by one are labelled at the first bucket of each month or year instead (CALENDAR_STEPS).
const TICK_STEPS = {
  year: [1, 2, 5, 10, 20, 50],
  month: [1, 2, 3, 6, 12, 24, 60, 120],
  week: [1, 2, 4],
  day: [1, 2, 7, 14],
};
const CALENDAR_STEPS = [1, 3, 6, 12, 24, 60, 120]; // in months
const MONTH_CHARS = 8; // 'Mar 2024', '12/2024'
const YEAR_CHARS = 4;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' (or 'YYYY-MM', 'YYYY') date. */
export function dayNumber(date) {
  const [y, m = 1, d = 1] = String(date).split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** A bucket's position among all buckets of its interval, so ticks fall on round dates. */
export function bucketOrdinal(start, interval) {
  const [y, m = 1] = String(start).split('-').map(Number);
  if (interval === 'year') return y;
  if (interval === 'month') return y * 12 + m - 1;
  // 1970-01-05 was a Monday: weeks are counted from it, as the API starts them on Mondays.
  if (interval === 'week') return Math.floor((dayNumber(start) - 4) / 7);
  return dayNumber(start);
}

/** Round tick values from 0 to at least `max`; whole numbers when `whole`. */
export function niceTicks(max, { whole = false, count = 4 } = {}) {
  const top = max > 0 ? max : 1;
  const rough = top / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= rough * (1 - 1e-9));
  if (whole) step = Math.max(1, Math.round(step));
  const ticks = [];
  for (let i = 0; ; i++) {
    const value = Number((i * step).toPrecision(12));
    ticks.push(value);
    if (value >= top * (1 - 1e-9)) break;
  }
  return ticks;
}

const monthOf = (start) => {
  const [y, m = 1] = String(start).split('-').map(Number);
  return y * 12 + m - 1;
};

/** The first bucket of each period of `months` months (none for the first, unless it starts one). */
function calendarIndices(starts, months) {
  const picked = [];
  starts.forEach((start, i) => {
    const period = Math.floor(monthOf(start) / months);
    const day = Number(String(start).split('-')[2] || 1);
    const opens = i === 0 ? day <= 7 && monthOf(start) % months === 0 : period !== Math.floor(monthOf(starts[i - 1]) / months);
    if (opens) picked.push(i);
  });
  return picked;
}

/**
 * The buckets that get a date label, spaced so that labels never touch: { picked, unit },
 * `unit` 'year' or 'month' when the labels name a year or a month rather than the bucket.
 */
export function tickIndices(starts, interval, plotW, labelChars) {
  const room = (chars) => chars * CHAR_W + 14;
  const needed = (starts.length * room(labelChars)) / plotW;
  const steps = TICK_STEPS[interval] || TICK_STEPS.day;
  let step = steps.find((k) => k >= needed);
  if (!step && (interval === 'week' || interval === 'day')) {
    const months = Math.max(1, monthOf(starts.at(-1)) - monthOf(starts[0]) + 1);
    const every = CALENDAR_STEPS.find((k) => (months / k) * room(k >= 12 ? YEAR_CHARS : MONTH_CHARS) <= plotW) || CALENDAR_STEPS.at(-1);
    const picked = calendarIndices(starts, every);
    return { picked: picked.length ? picked : [0], unit: every >= 12 ? 'year' : 'month' };
  }
  step ||= Math.ceil(needed / steps.at(-1)) * steps.at(-1);
  const picked = [];
  starts.forEach((start, i) => {
    if (bucketOrdinal(start, interval) % step === 0) picked.push(i);
  });
  // A short range may hold no round date: its first bucket is labelled then.
  return { picked: picked.length ? picked : [0], unit: interval === 'month' && step % 12 === 0 ? 'year' : null };
}

function linePath(values, xOf, yOf) {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || v === undefined || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${xOf(i).toFixed(1)},${yOf(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}

function yAxis(root, ticks, yOf, width, formatValue) {
  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (const value of ticks) {
    const y = yOf(value);
    grid.append(
      svg('line', { x1: LINE_MARGIN.left, x2: width - LINE_MARGIN.right, y1: y, y2: y }),
      svg('text', { class: 'tick', x: LINE_MARGIN.left - 6, y: y + 4, 'text-anchor': 'end', text: formatValue(value) }),
    );
  }
  root.append(grid);
}

/** The date axis; `formatTick(start, unit)` writes a label: the bucket's, or its month's or year's. */
function xAxis(root, { starts, interval, xOf, width, y0, formatTick }) {
  const plotW = width - LINE_MARGIN.left - LINE_MARGIN.right;
  const longest = Math.max(...starts.map((s) => formatTick(s, null).length));
  const axis = svg('g', { class: 'x-axis', 'aria-hidden': 'true' });
  axis.append(svg('line', { class: 'axis', x1: LINE_MARGIN.left, x2: width - LINE_MARGIN.right, y1: y0, y2: y0 }));
  const { picked, unit } = tickIndices(starts, interval, plotW, longest);
  for (const i of picked) {
    const x = xOf(i);
    axis.append(
      svg('line', { class: 'axis', x1: x, x2: x, y1: y0, y2: y0 + 5 }),
      svg('text', { class: 'tick', x, y: y0 + 18, 'text-anchor': x > width - LINE_MARGIN.right - 24 ? 'end' : 'middle', text: formatTick(starts[i], unit) }),
    );
  }
  root.append(axis);
}

/** The series' names above the plot, in rows as wide as the chart: { node, height }. */
function seriesKey(series, width) {
  const node = svg('g', { class: 'series-key', 'aria-hidden': 'true' });
  let x = LINE_MARGIN.left;
  let y = 14;
  series.forEach((s, k) => {
    const label = s.label.length > 40 ? `${s.label.slice(0, 39)}…` : s.label;
    const w = 30 + label.length * CHAR_W + 16;
    if (x > LINE_MARGIN.left && x + w > width - LINE_MARGIN.right) {
      x = LINE_MARGIN.left;
      y += 18;
    }
    node.append(
      svg('g', { class: `series s${k}` }, svg('path', { class: 'line', d: `M${x},${y - 4}h24` }), svg('text', { class: 'key-text', x: x + 30, y, text: label })),
    );
    x += w;
  });
  return { node, height: y + 10 };
}

/** A point's marker: each series its own shape as well as its own colour. */
function marker(index, x, y, r, attrs) {
  const shape = index % SERIES_MAX;
  if (shape === 1) return svg('rect', { x: x - r, y: y - r, width: 2 * r, height: 2 * r, ...attrs });
  if (shape === 2) return svg('path', { d: `M${x},${y - r * 1.3}L${x + r * 1.2},${y + r}L${x - r * 1.2},${y + r}Z`, ...attrs });
  if (shape === 3) return svg('path', { d: `M${x},${y - r * 1.3}L${x + r * 1.3},${y}L${x},${y + r * 1.3}L${x - r * 1.3},${y}Z`, ...attrs });
  return svg('circle', { cx: x, cy: y, r, ...attrs });
}

/**
 * Draws lines over the buckets `starts` (contiguous, in order): `series` is
 * [{ label, values }] with one value (or null) per bucket; `withKey` names them above the
 * plot. Returns the SVG and `show(i)`,
 * which marks bucket i (or nothing, for -1) and gives its x in viewBox units.
 */
export function lineChart({ width, starts, series, interval, formatValue, formatTick, whole, labelledBy, withKey = false }) {
  const plotW = width - LINE_MARGIN.left - LINE_MARGIN.right;
  const plotH = LINE_H - LINE_MARGIN.top - LINE_MARGIN.bottom;
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
  const ticks = niceTicks(max, { whole });
  // The page names the series beside the chart; a downloaded file names them above it.
  const key = withKey ? seriesKey(series, width) : { node: null, height: 0 };
  const plotTop = key.height + LINE_MARGIN.top;
  const height = plotTop + plotH + LINE_MARGIN.bottom;
  const n = starts.length;
  const xOf = (i) => LINE_MARGIN.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const yOf = (v) => plotTop + plotH - (v / ticks.at(-1)) * plotH;

  const root = svg('svg', {
    class: 'line-chart',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-labelledby': labelledBy,
  });
  if (key.node) root.append(key.node);
  yAxis(root, ticks, yOf, width, formatValue);
  xAxis(root, { starts, interval, xOf, width, y0: plotTop + plotH, formatTick });
  const guide = svg('line', { class: 'guide', x1: 0, x2: 0, y1: plotTop, y2: plotTop + plotH, visibility: 'hidden' });
  root.append(guide);
  const active = [];
  series.forEach((s, k) => {
    const group = svg('g', { class: `series s${k}`, dataset: { series: String(k) } });
    group.append(svg('path', { class: 'line', d: linePath(s.values, xOf, yOf) }));
    if (n <= POINTS_MAX && plotW / n >= 6) {
      s.values.forEach((v, i) => {
        if (Number.isFinite(v)) group.append(marker(k, xOf(i), yOf(v), 3.2, { class: 'point', dataset: { index: String(i) } }));
      });
    }
    const focus = marker(k, 0, 0, 5, { class: 'active-point', visibility: 'hidden' });
    active.push(focus);
    group.append(focus);
    root.append(group);
  });

  const show = (i) => {
    const on = i >= 0 && i < n;
    guide.setAttribute('visibility', on ? 'visible' : 'hidden');
    if (on) {
      guide.setAttribute('x1', xOf(i));
      guide.setAttribute('x2', xOf(i));
    }
    series.forEach((s, k) => {
      const v = on ? s.values[i] : null;
      const visible = Number.isFinite(v);
      active[k].setAttribute('visibility', visible ? 'visible' : 'hidden');
      if (visible) active[k].setAttribute('transform', `translate(${xOf(i)},${yOf(v)})`);
    });
    return on ? xOf(i) : 0;
  };
  /** The bucket nearest a horizontal position in viewBox units. */
  const indexAt = (x) => {
    if (n <= 1) return 0;
    return Math.max(0, Math.min(n - 1, Math.round(((x - LINE_MARGIN.left) * (n - 1)) / plotW)));
  };
  return { root, show, indexAt, height };
}

// ------------------------------------------------------------------ periods on a time axis

const ROW_H = 26;
const LANE_H = 18;
const PERIOD_MARGIN = { top: 8, right: 14, bottom: 30 };
const LABEL_CHAR_W = 8; // a 12px bold label's character width, a generous estimate

/** Puts items into lanes so that no two in one lane overlap: [[item…]…]. */
function lanes(items) {
  const out = [];
  for (const item of [...items].sort((a, b) => a.from - b.from)) {
    const lane = out.find((l) => l.at(-1).to <= item.from);
    if (lane) lane.push(item);
    else out.push([item]);
  }
  return out;
}

/**
 * Draws one row per `rows[i].label` (a carrier) on a year axis; each item is a bar from
 * `from` to `to` (years as fractions) or, when `mark` is set, a diamond at `from`. Items are
 * SVG links (`href`), so they are focusable and answer Enter; `onItem(item, event)` is
 * called on activation. `links` joins items ([{ from: key, to: key }]: a renewal).
 */
export function periodChart({ width, rows, links = [], onItem, labelledBy, formatYear = String }) {
  const all = rows.flatMap((r) => r.items);
  const first = Math.floor(Math.min(...all.map((i) => i.from)));
  const last = Math.ceil(Math.max(...all.map((i) => (i.mark ? i.from + 0.5 : i.to))));
  const laid = rows.map((row) => ({ ...row, lanes: lanes(row.items) }));
  // Room for the longest row name, up to a third of the width; a longer one is cut short.
  const room = Math.floor((width / 3 - 12) / LABEL_CHAR_W);
  const name = (label) => (label.length > room ? `${label.slice(0, room - 1)}…` : label);
  const left = 14 + Math.min(room, Math.max(...rows.map((r) => r.label.length))) * LABEL_CHAR_W;
  const height = PERIOD_MARGIN.top + PERIOD_MARGIN.bottom + laid.reduce((h, r) => h + Math.max(ROW_H, r.lanes.length * LANE_H + 8), 0);
  const plotW = width - left - PERIOD_MARGIN.right;
  const span = Math.max(1, last - first);
  const xOf = (year) => left + ((year - first) / span) * plotW;
  const root = svg('svg', { class: 'period-chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', 'aria-labelledby': labelledBy });
  root.append(yearAxis({ first, last, xOf, height, left, width, formatYear }));

  const where = new Map(); // item key -> { x0, x1, y }
  let top = PERIOD_MARGIN.top;
  for (const row of laid) {
    const rowH = Math.max(ROW_H, row.lanes.length * LANE_H + 8);
    const group = svg('g', { class: `period-row ${row.cls || ''}` });
    group.append(
      svg('line', { class: 'row-rule', x1: left, x2: width - PERIOD_MARGIN.right, y1: top + rowH, y2: top + rowH, 'aria-hidden': 'true' }),
      svg('text', { class: 'row-label', x: left - 8, y: top + rowH / 2 + 4, 'text-anchor': 'end', text: name(row.label) }),
    );
    row.lanes.forEach((lane, l) => {
      const y = top + 4 + l * LANE_H + (rowH - 8 - row.lanes.length * LANE_H) / 2;
      for (const item of lane) group.append(periodItem(item, xOf, y, onItem, where));
    });
    root.append(group);
    top += rowH;
  }
  for (const link of links) {
    const a = where.get(link.from);
    const b = where.get(link.to);
    if (a && b) root.append(renewalPath(a, b));
  }
  return { root, height };
}

function yearAxis({ first, last, xOf, height, left, width, formatYear }) {
  const axis = svg('g', { class: 'x-axis', 'aria-hidden': 'true' });
  const y0 = height - PERIOD_MARGIN.bottom;
  const every = Math.max(1, Math.ceil(((last - first) * 40) / (width - left - PERIOD_MARGIN.right)));
  for (let year = first; year <= last; year++) {
    const x = xOf(year);
    axis.append(svg('line', { class: year % every === 0 ? 'grid-line' : 'grid-line minor', x1: x, x2: x, y1: PERIOD_MARGIN.top, y2: y0 }));
    if (year % every === 0 && year < last) {
      axis.append(svg('text', { class: 'tick', x: (x + xOf(year + 1)) / 2, y: y0 + 18, 'text-anchor': 'middle', text: formatYear(year) }));
    }
  }
  axis.append(svg('line', { class: 'axis', x1: left, x2: width - PERIOD_MARGIN.right, y1: y0, y2: y0 }));
  return axis;
}

function periodItem(item, xOf, y, onItem, where) {
  const link = svg('a', {
    class: `period${item.mark ? ' mark' : ''}${item.cls ? ` ${item.cls}` : ''}`,
    href: item.href,
    'aria-label': item.label,
    dataset: { key: item.key },
    onclick: (event) => onItem?.(item, event),
  });
  const mid = y + LANE_H / 2 - 1;
  if (item.mark) {
    const x = xOf(item.from);
    const r = 7;
    link.append(svg('path', { class: 'shape', d: `M${x},${mid - r}L${x + r},${mid}L${x},${mid + r}L${x - r},${mid}Z` }));
    where.set(item.key, { x0: x, x1: x, y: mid });
  } else {
    const x0 = xOf(item.from);
    const x1 = Math.max(x0 + 4, xOf(item.to) - 1);
    link.append(svg('rect', { class: 'shape', x: x0, y, width: x1 - x0, height: LANE_H - 4, rx: 3 }));
    if (item.text && x1 - x0 > item.text.length * 6.5 + 8) {
      link.append(svg('text', { class: 'period-text', x: x0 + 5, y: mid + 4, text: item.text }));
    }
    where.set(item.key, { x0, x1, y: mid });
  }
  if (item.title) link.prepend(svg('title', { text: item.title }));
  return link;
}

/** A renewal: an arrow from the end of the earlier agreement to the start of the later one. */
function renewalPath(a, b) {
  const bend = Math.max(10, Math.abs(b.y - a.y) / 2 + 8);
  const d = `M${a.x1},${a.y}C${a.x1 + bend},${a.y} ${b.x0 - bend},${b.y} ${b.x0},${b.y}`;
  return svg('g', { class: 'renewal', 'aria-hidden': 'true' }, svg('path', { d }), svg('circle', { cx: b.x0, cy: b.y, r: 2.5 }));
}

// ------------------------------------------------------------------ bars (the terms' download)

/** Horizontal bars, one per row ({ label, value, note }), largest value the full width. */
export function barChart({ width = 640, rows, title }) {
  const left = Math.min(260, 20 + Math.max(0, ...rows.map((r) => r.label.length)) * CHAR_W);
  const barH = 18;
  const height = 36 + rows.length * (barH + 6) + 8;
  const max = Math.max(...rows.map((r) => r.value), 0) || 1;
  const plotW = width - left - 90;
  const root = svg('svg', { class: 'bar-chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
  root.append(svg('text', { class: 'chart-title', x: 8, y: 20, text: title }));
  rows.forEach((row, i) => {
    const y = 34 + i * (barH + 6);
    root.append(
      svg('text', { class: 'row-label', x: left - 8, y: y + 13, 'text-anchor': 'end', text: row.label }),
      svg('rect', { class: 'bar-fill', x: left, y, width: Math.max(1, (row.value / max) * plotW), height: barH, rx: 2 }),
      svg('text', { class: 'tick', x: left + (row.value / max) * plotW + 6, y: y + 13, text: row.note ?? String(row.value) }),
    );
  });
  return root;
}
