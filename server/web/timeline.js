// The analysis view's timeline: the current search (or up to five compared texts) counted
// per day, week, month or year, as counts or shares, drawn by charts.js. Values show on
// hover and as the arrow keys move over the chart; a table holds them all as text.

import { el } from './dom.js';
import { lineChart } from './charts.js';
import { downloadButtons, offscreen } from './download.js';
import { INTERVALS, MEASURES, NORMALIZE, MAX_COMPARE } from './state.js';

const SHOWN_INTERVALS = ['day', 'week', 'month', 'year'].filter((i) => INTERVALS.includes(i));

/**
 * The answer of /api/timeline or /api/compare as one shape:
 * { interval, starts, series: [{ label, total, undated, buckets }], overlap }.
 */
export function timelineSeries(data, texts, s) {
  const list = Array.isArray(data.series) ? data.series : [{ ...data, q: texts[0] ?? data.q }];
  const series = list.map((x, i) => ({
    label: String(x.q ?? texts[i] ?? '').trim() || s.an.everything,
    q: x.q ?? texts[i] ?? '',
    total: Number(x.total) || 0,
    undated: Number(x.undated) || 0,
    buckets: Array.isArray(x.buckets) ? x.buckets : [],
  }));
  const starts = (series[0]?.buckets || []).map((b) => b.start);
  return { interval: data.interval, starts, series, overlap: Array.isArray(data.overlap) ? data.overlap : [] };
}

/** A bucket's value in the chosen measure (a share the API could not give is null). */
export function bucketValue(bucket, measure) {
  if (!bucket) return null;
  if (measure === 'share') return Number.isFinite(bucket.share) ? bucket.share : null;
  return Number(bucket.count) || 0;
}

/** The rows of the timeline's CSV: one per text and bucket, as the API gave them. */
export function timelineCsv(view) {
  return {
    header: ['text', 'start', 'count', 'total', 'share'],
    rows: view.series.flatMap((x) => x.buckets.map((b) => [x.q, b.start, b.count, b.total, b.share])),
  };
}

/** A row of toggle buttons, one per value, the chosen one pressed. */
function toggleGroup({ label, values, names, chosen, key, onPick }) {
  const id = `toggle-${key}`;
  return el(
    'div',
    { class: 'toggle-group', role: 'group', 'aria-labelledby': id },
    el('span', { id, class: 'toggle-label', text: label }),
    values.map((value) =>
      el('button', {
        type: 'button',
        class: 'toggle',
        'aria-pressed': String(value === chosen),
        dataset: { focusKey: `${key}:${value}`, [key]: value },
        text: names[value],
        onclick: () => value !== chosen && onPick(value),
      }),
    ),
  );
}

/** The measure, interval and normalization switches. */
export function timelineControls(state, s, navigate) {
  const a = s.an;
  const keep = { resetPage: false };
  return el(
    'div',
    { class: 'controls' },
    toggleGroup({ label: a.measure, values: MEASURES, names: a.measures, chosen: state.measure, key: 'measure', onPick: (measure) => navigate({ measure }, keep) }),
    toggleGroup({ label: a.interval, values: SHOWN_INTERVALS, names: a.intervals, chosen: state.interval, key: 'interval', onPick: (interval) => navigate({ interval }, keep) }),
    state.measure === 'share'
      ? el(
          'label',
          { class: 'inline-select' },
          el('span', { text: a.normalize }),
          el(
            'select',
            { id: 'normalize', dataset: { focusKey: 'normalize' }, onchange: (e) => navigate({ normalize: e.target.value }, keep) },
            NORMALIZE.map((value) => el('option', { value, selected: value === state.normalize, text: a.normalizes[value] })),
          ),
        )
      : null,
  );
}

/** The compared texts, each removable, and the button that adds the search box's text. */
export function compareBox(state, s, { navigate, searchText }) {
  const a = s.an;
  const keep = { resetPage: false };
  const text = searchText().trim();
  const full = state.compare.length >= MAX_COMPARE;
  const has = state.compare.includes(text);
  return el(
    'div',
    { class: 'compare', role: 'group', 'aria-labelledby': 'compare-label' },
    el('span', { id: 'compare-label', class: 'toggle-label', text: a.compare }),
    el(
      'ul',
      { class: 'compare-list' },
      state.compare.map((t, i) =>
        el(
          'li',
          { class: `compare-chip s${i}` },
          el('span', { class: 'swatch-line', 'aria-hidden': 'true' }),
          el('span', { class: 'compare-text', text: t }),
          el('button', {
            type: 'button',
            class: 'remove',
            'aria-label': a.compareRemove(t),
            dataset: { focusKey: `remove:${t}` },
            text: '×',
            onclick: () => navigate({ compare: state.compare.filter((x) => x !== t) }, keep),
          }),
        ),
      ),
    ),
    el('button', {
      type: 'button',
      class: 'button small',
      id: 'compare-add',
      dataset: { focusKey: 'compare-add' },
      disabled: !text || full || has,
      title: full ? a.compareFull(MAX_COMPARE) : a.compareAddTitle(text),
      text: a.compareAdd,
      onclick: () => {
        const now = searchText().trim();
        if (now && !state.compare.includes(now) && state.compare.length < MAX_COMPARE) {
          navigate({ compare: [...state.compare, now] }, keep);
        }
      },
    }),
    state.compare.length
      ? el('button', { type: 'button', class: 'link-button', dataset: { focusKey: 'compare-clear' }, text: a.compareClear, onclick: () => navigate({ compare: [] }, keep) })
      : null,
    el('p', { class: 'note', text: a.compareNote(MAX_COMPARE) }),
  );
}

function legend(view, s) {
  return el(
    'ul',
    { class: 'series-legend' },
    view.series.map((x, i) =>
      el(
        'li',
        { class: `s${i}` },
        el('span', { class: 'swatch-line', 'aria-hidden': 'true' }),
        el('span', { class: 'legend-text', text: x.label }),
        el('span', { class: 'muted', text: ` (${s.an.seriesTotal(x.total, x.undated)})` }),
      ),
    ),
  );
}

/** What one bucket holds, as lines of text: its date, then one line per series. */
function describe(view, i, measure, s) {
  const a = s.an;
  const lines = [a.bucket(view.starts[i], view.interval, true)];
  for (const x of view.series) {
    const b = x.buckets[i];
    const count = a.pointCount(Number(b?.count) || 0, measure === 'share' ? Number(b?.total) || 0 : 0);
    const value = measure === 'share' && Number.isFinite(b?.share) ? `${a.percent(b.share)} (${count})` : count;
    lines.push(`${x.label}: ${value}`);
  }
  return lines;
}

/** What lineChart is given to draw the timeline. */
function chartOptions(view, state, s, width) {
  const a = s.an;
  return {
    width,
    starts: view.starts,
    series: view.series.map((x) => ({ label: x.label, values: x.buckets.map((b) => bucketValue(b, state.measure)) })),
    interval: view.interval,
    whole: state.measure === 'count',
    formatValue: state.measure === 'share' ? a.percent : a.number,
    // Ticks a year or a month apart say the year or the month alone.
    formatTick: (start, unit) => a.bucket(start, unit || view.interval),
    labelledBy: 'timeline-title',
  };
}

/** The chart in a focusable frame that answers the pointer and the arrow keys. */
function chartFrame(view, state, s, width) {
  const a = s.an;
  const chart = lineChart(chartOptions(view, state, s, width));
  const tip = el('div', { class: 'chart-tip', 'aria-hidden': 'true', hidden: true });
  const live = el('p', { class: 'visually-hidden', role: 'status', id: 'timeline-live' });
  const frame = el('div', { class: 'chart-frame', tabindex: 0, role: 'group', 'aria-label': a.chartLabel(a.timeline), id: 'timeline-chart' }, chart.root, tip);
  let current = -1;
  const show = (i, { announce = false } = {}) => {
    current = i;
    const x = chart.show(i);
    if (i < 0) {
      tip.hidden = true;
      return;
    }
    const lines = describe(view, i, state.measure, s);
    tip.replaceChildren(el('strong', { text: lines[0] }), ...lines.slice(1).map((line, k) => el('span', { class: `tip-line s${k}`, text: line })));
    tip.dataset.index = String(i);
    tip.hidden = false;
    const box = chart.root.getBoundingClientRect();
    const px = (x / width) * (box.width || width);
    tip.style.left = `${Math.max(0, Math.min(px + 12, (box.width || width) - tip.offsetWidth - 4))}px`;
    if (px + 12 + tip.offsetWidth > (box.width || width)) tip.style.left = `${Math.max(0, px - tip.offsetWidth - 12)}px`;
    if (announce) live.textContent = lines.join('. ');
  };
  const n = view.starts.length;
  frame.addEventListener('pointermove', (event) => {
    const box = chart.root.getBoundingClientRect();
    show(chart.indexAt(((event.clientX - box.left) / box.width) * width));
  });
  frame.addEventListener('pointerleave', () => {
    if (document.activeElement !== frame) show(-1);
  });
  frame.addEventListener('focus', () => show(current >= 0 ? current : lastWithData(view), { announce: true }));
  frame.addEventListener('blur', () => show(-1));
  frame.addEventListener('keydown', (event) => {
    const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowDown: -1, ArrowUp: 1, PageUp: 10, PageDown: -10 };
    let next = current;
    if (event.key in moves) next = Math.max(0, Math.min(n - 1, (current < 0 ? 0 : current) + moves[event.key]));
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = n - 1;
    else if (event.key === 'Escape') next = -1;
    else return;
    event.preventDefault();
    show(next, { announce: true });
  });
  return { frame, live };
}

function lastWithData(view) {
  for (let i = view.starts.length - 1; i >= 0; i--) {
    if (view.series.some((x) => Number(x.buckets[i]?.count) > 0)) return i;
  }
  return view.starts.length - 1;
}

/**
 * Every value as a table: the chart's text alternative. Its rows are built when it is first
 * opened, as a daily timeline over years holds thousands.
 */
function dataTable(view, state, s) {
  const a = s.an;
  const share = state.measure === 'share';
  const cell = (b) => (share ? (Number.isFinite(b?.share) ? a.percent(b.share) : '—') : a.number(Number(b?.count) || 0));
  const body = el('tbody');
  const details = el(
    'details',
    { class: 'data-table' },
    el('summary', { text: a.table }),
    el(
      'div',
      { class: 'table-wrap' },
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: a.tableBucket }), view.series.map((x) => el('th', { scope: 'col', text: share ? a.tableShare(x.label) : a.tableCount(x.label) })))),
        body,
      ),
    ),
  );
  details.addEventListener('toggle', () => {
    if (!details.open || body.firstChild) return;
    body.append(
      ...view.starts.map((start, i) =>
        el('tr', {}, el('th', { scope: 'row', text: a.bucket(start, view.interval, true) }), view.series.map((x) => el('td', { text: cell(x.buckets[i]) }))),
      ),
    );
  });
  return details;
}

function overlapTable(view, s) {
  const a = s.an;
  if (view.series.length < 2) return null;
  const rows = view.overlap.filter((o) => view.series[o.a] && view.series[o.b]);
  return el(
    'section',
    { class: 'overlap', 'aria-labelledby': 'overlap-title' },
    el('h4', { id: 'overlap-title', text: a.overlap }),
    rows.length
      ? el(
          'table',
          { class: 'overlap-table' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: a.overlapPair }), el('th', { scope: 'col', text: a.overlapShared }))),
          el(
            'tbody',
            {},
            rows.map((o) =>
              el(
                'tr',
                { dataset: { a: String(o.a), b: String(o.b) } },
                el('th', { scope: 'row' }, el('span', { class: `pair s${o.a}`, text: view.series[o.a].label }), ' × ', el('span', { class: `pair s${o.b}`, text: view.series[o.b].label })),
                el('td', { text: a.number(Number(o.shared) || 0) }),
              ),
            ),
          ),
        )
      : el('p', { class: 'muted', text: a.overlapNone }),
  );
}

/** Draws the timeline's answer: legend, chart, its table, overlaps, downloads. */
export function timelineBody(view, state, s, width) {
  const a = s.an;
  if (!view.starts.length) return [legend(view, s), el('p', { class: 'empty-chart', text: a.empty })];
  const { frame, live } = chartFrame(view, state, s, width);
  const svgOf = () => offscreen(lineChart({ ...chartOptions(view, state, s, width), withKey: true }).root);
  const undated = Math.max(...view.series.map((x) => x.undated));
  const name = `vnsearch-${view.series.length > 1 ? 'compare' : 'timeline'}-${view.interval}${state.measure === 'share' ? '-share' : ''}`;
  return [
    legend(view, s),
    frame,
    live,
    undated ? el('p', { class: 'note', text: a.undated(undated) }) : null,
    downloadButtons({ name, title: a.timeline, svgOf, csvOf: () => timelineCsv(view), s: a }),
    dataTable(view, state, s),
    overlapTable(view, s),
  ];
}
