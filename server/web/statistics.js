// The statistics panel: one /api/search answer per carrier for the documents the list
// shows, drawn as the per-year chart and the province × carrier table.

import { CARRIERS, apiRequest, carrierStatsParams, searchKey, statsKey } from './state.js';
import { el } from './dom.js';
import { getJSON } from './api.js';
import { renderYearChart, renderMatrix } from './stats_charts.js';
import { ui, page, search, strings, navigate, errorMessage } from './page.js';

const stats = { key: null, data: null, error: null, controller: null };

/**
 * What the list on screen searched: its answer's query (a correction's when corrected) and
 * whether it was relaxed. The statistics count the same documents; null until it is known.
 */
function shownSearch() {
  if (search.key !== searchKey(page.state)) return null;
  // The list could not be had: the statistics of the query as typed, every word required.
  if (search.error) return { q: page.state.q, exact: page.state.exact, relaxed: false };
  if (!search.data) return null;
  const data = search.data;
  return data.corrected
    ? { q: data.corrected.to, exact: true, relaxed: Boolean(data.relaxed) }
    : { q: page.state.q, exact: page.state.exact, relaxed: Boolean(data.relaxed) };
}

export async function loadStats() {
  if (!ui.stats.open) return; // drawn when the reader opens the panel
  const shown = shownSearch();
  if (!shown) return; // asked again once the list has its answer
  const key = statsKey(page.state, shown);
  if (stats.key === key && (stats.data || stats.error)) {
    drawStats();
    return;
  }
  if (stats.key === key && stats.controller) return; // already on its way
  stats.controller?.abort();
  const controller = (stats.controller = new AbortController());
  stats.key = key;
  stats.data = null;
  stats.error = null;
  ui.stats.classList.add('is-loading');
  if (!ui.yearChart.firstChild) {
    // First drawing: say what is coming instead of showing an empty box.
    ui.yearChart.replaceChildren(el('p', { class: 'empty-chart', text: strings().statsLoading }));
  }
  try {
    // One request per carrier, all at once; a newer state aborts the lot.
    const answers = await Promise.all(
      CARRIERS.map((carrier) => {
        const request = apiRequest('api/search', carrierStatsParams(page.state, carrier, shown));
        return getJSON(request.url, controller.signal, request.init);
      }),
    );
    if (controller !== stats.controller) return;
    stats.data = CARRIERS.map((carrier, i) => ({ carrier, data: answers[i] }));
  } catch (error) {
    if (error.name === 'AbortError' || controller !== stats.controller) return;
    controller.abort();
    stats.error = error;
  }
  stats.controller = null;
  ui.stats.classList.remove('is-loading');
  if (!page.state.doc) drawStats();
}

function drawStats() {
  const s = strings();
  if (stats.error) {
    const message = el('p', { class: 'message error', role: 'alert', text: `${s.statsError}: ${errorMessage(stats.error, s)}` });
    ui.yearChart.replaceChildren(message);
    ui.matrix.replaceChildren();
    ui.legend.replaceChildren();
    return;
  }
  if (!stats.data) return;
  renderYearChart(ui.yearChart, ui.legend, stats.data, page.state, s, (year) => {
    const only = page.state.year.length === 1 && page.state.year[0] === year;
    navigate({ year: only ? [] : [year] });
  });
  renderMatrix(ui.matrix, stats.data, page.state, s, (province, carrier) => {
    navigate({ province: [province], carrier: [carrier] });
  });
}

// The chart is drawn at its box's width: draw it again when that width changes.
let chartWidth = 0;

/** Watches the chart's box, from the page's start. */
export function watchChartWidth() {
  new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width && width !== chartWidth) {
      const first = chartWidth === 0;
      chartWidth = width;
      if (!first && stats.data && !page.state.doc) drawStats();
    }
  }).observe(ui.yearChart);
}
