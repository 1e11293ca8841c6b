// The vnsearch search page: state in the URL, results, facets, statistics and the document
// view. Only the server's `snippet` is parsed as HTML (see snippetNodes); everything else
// reaches the page through textContent and attributes.

import { STRINGS } from './i18n.js';
import {
  FACETS,
  CARRIERS,
  setLists,
  SORTS,
  PER_PAGE,
  stateFromQuery,
  hrefOfState,
  apiRequest,
  searchParams,
  carrierStatsParams,
  exportParams,
  searchKey,
  statsKey,
  activeFilterCount,
  storeLang,
} from './state.js';
import { el, replaceChildren, snippetNodes } from './dom.js';
import { getJSON, ApiError } from './api.js';
import { SearchBox } from './search_box.js';
import { FacetPanel, valueLabel } from './facet_panel.js';
import { carrierClass, renderYearChart, renderMatrix } from './stats_charts.js';
import { AnalysisView } from './analysis.js';

const $ = (id) => document.getElementById(id);
const ui = {
  html: document.documentElement,
  q: $('q'),
  form: $('search-form'),
  suggestions: $('suggestions'),
  langSwitch: $('lang-switch'),
  homeLink: $('home-link'),
  layout: $('layout'),
  filtersToggle: $('filters-toggle'),
  filtersClose: $('filters-close'),
  filters: $('filters'),
  facets: $('facets'),
  clearAll: $('clear-all'),
  searchView: $('search-view'),
  docView: $('doc-view'),
  count: $('result-count'),
  countHeading: $('results-heading'),
  sort: $('sort'),
  exportCsv: $('export-csv'),
  exportJsonl: $('export-jsonl'),
  copyLink: $('copy-link'),
  copyStatus: $('copy-status'),
  activeFilters: $('active-filters'),
  didYouMean: $('did-you-mean'),
  corrected: $('corrected'),
  relaxedNote: $('relaxed-note'),
  loading: $('loading'),
  status: $('status'),
  stats: $('stats'),
  yearChart: $('year-chart'),
  legend: $('chart-legend'),
  matrix: $('matrix'),
  results: $('results'),
  pagination: $('pagination'),
};

let state = stateFromQuery(location.search, location.hash);
const strings = () => STRINGS[state.lang];

// The last answers, kept so that a language switch or a return from a document redraws
// without asking the server again.
const search = { key: null, data: null, error: null, controller: null };
const stats = { key: null, data: null, error: null, controller: null };
const docs = { id: null, data: null, error: null, controller: null, why: null, scrollToMark: false };
let returnFocusTo = null; // the id of the document whose link opened the document view

// ---------------------------------------------------------------- navigation

/** The URL of a state, relative to the page (its state in the fragment when too long). */
function hrefOf(next) {
  return hrefOfState(next, location.pathname);
}

/**
 * Moves to a new state: one history entry per change, so Back undoes it. Changing the
 * query, a filter or the sort goes back to page 1.
 */
function navigate(changes, { resetPage = true, replace = false, historyState = {} } = {}) {
  const next = { ...state, ...changes };
  if (resetPage && !('page' in changes)) next.page = 1;
  state = next;
  const url = hrefOf(state);
  if (replace) history.replaceState(historyState, '', url);
  else history.pushState(historyState, '', url);
  render();
}

window.addEventListener('popstate', () => {
  state = stateFromQuery(location.search, location.hash);
  render({ fromHistory: true });
});

// ---------------------------------------------------------------- static text

let drawnLang = null;

function pageTitle(s, subject) {
  const site = state.lang === 'en' ? 'vnsearch: digital-transformation agreements' : 'vnsearch: thỏa thuận chuyển đổi số';
  return subject ? `${subject} · ${site}` : site;
}

function applyStaticText() {
  const s = strings();
  const active = activeFilterCount(state);
  ui.filtersToggle.textContent = active ? s.filtersCount(active) : s.filters;
  ui.clearAll.hidden = active === 0;
  if (drawnLang === state.lang) return;
  drawnLang = state.lang;
  ui.html.lang = state.lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = s[node.dataset.i18n];
  ui.q.placeholder = s.searchPlaceholder;
  ui.langSwitch.textContent = s.switchLang;
  ui.langSwitch.lang = state.lang === 'en' ? 'vi' : 'en';
  ui.langSwitch.setAttribute('aria-label', s.switchLangLabel);
  ui.homeLink.href = hrefOf({ ...stateFromQuery(''), lang: state.lang });
  const current = ui.sort.value || state.sort;
  ui.sort.replaceChildren(...SORTS.map((value) => el('option', { value, text: s.sort[value] })));
  ui.sort.value = current;
}

// ---------------------------------------------------------------- rendering

/** Draws the whole page for the current state, fetching what is not cached. */
function render({ fromHistory = false } = {}) {
  applyStaticText();
  if (document.activeElement !== ui.q || fromHistory) ui.q.value = state.q;
  ui.sort.value = state.sort;
  // A query too long for a link is exported by POST when the link is clicked (exportByPost).
  ui.exportCsv.href = `api/export?${exportParams(state, 'csv')}`;
  ui.exportJsonl.href = `api/export?${exportParams(state, 'jsonl')}`;
  ui.exportCsv.title = strings().exportCsvTitle;
  ui.exportJsonl.title = strings().exportJsonlTitle;

  const docOpen = Boolean(state.doc);
  document.title = pageTitle(strings(), docOpen ? (docs.id === state.doc ? docs.data?.title : '') : state.q.trim());
  document.body.classList.toggle('doc-open', docOpen);
  ui.searchView.hidden = docOpen || state.view === 'analysis';
  ui.docView.hidden = !docOpen;
  analysis.update(state, { docOpen });
  if (docOpen) {
    loadDocument();
  } else {
    docs.controller?.abort();
    loadSearch(); // and the statistics of its answer
    if (returnFocusTo) {
      const list = state.view === 'analysis' ? document.getElementById('analysis-view') : ui.results;
      const link = list.querySelector(`a[data-doc="${CSS.escape(returnFocusTo)}"]`);
      returnFocusTo = null;
      if (link) link.focus();
    }
  }
}

async function loadSearch() {
  const key = searchKey(state);
  if (search.key === key && (search.data || search.error)) {
    drawSearch();
    loadStats();
    return;
  }
  if (search.key === key && search.controller) return; // already on its way
  search.controller?.abort();
  const controller = (search.controller = new AbortController());
  search.key = key;
  search.data = null;
  search.error = null;
  showLoading(true);
  try {
    const request = apiRequest('api/search', searchParams(state));
    const data = await getJSON(request.url, controller.signal, request.init);
    if (controller !== search.controller) return;
    search.data = data;
  } catch (error) {
    if (error.name === 'AbortError') return;
    search.error = error;
  }
  if (controller !== search.controller) return;
  search.controller = null;
  showLoading(false);
  if (!state.doc) {
    drawSearch();
    loadStats();
  }
}

function showLoading(on) {
  ui.loading.hidden = !on;
  ui.results.setAttribute('aria-busy', on ? 'true' : 'false');
  ui.searchView.classList.toggle('is-loading', on);
}

function errorMessage(error, s) {
  if (error instanceof ApiError && error.code === 'network') return s.networkError;
  return error.message || s.networkError;
}

function drawSearch() {
  const s = strings();
  drawActiveFilters(s);
  if (search.error) {
    ui.count.textContent = '';
    ui.results.replaceChildren();
    ui.pagination.hidden = true;
    ui.didYouMean.hidden = true;
    ui.corrected.hidden = true;
    ui.relaxedNote.hidden = true;
    replaceChildren(
      ui.status,
      el(
        'div',
        { class: 'message error', role: 'alert' },
        el('h3', { text: s.errorTitle }),
        el('p', { class: 'error-message', text: errorMessage(search.error, s) }),
        el('button', {
          type: 'button',
          class: 'button',
          text: s.retry,
          onclick: () => {
            search.key = null;
            loadSearch();
          },
        }),
      ),
    );
    return; // the facets keep their last counts, so the reader can undo the last filter

  }
  const data = search.data;
  if (!data) return;
  const total = Number(data.total) || 0;
  const exact = data.total_exact !== false;
  const searched = (data.corrected ? data.corrected.to : state.q).trim();
  ui.count.textContent = searched ? s.resultCountFor(total, exact, searched) : s.resultCount(total, exact);
  drawCorrected(data.corrected, s);
  drawRelaxedNote(data, s);
  drawDidYouMean(data.suggestion, s);
  facetPanel.render(data.facets, state, s);
  if (!data.hits?.length) {
    ui.results.replaceChildren();
    replaceChildren(
      ui.status,
      el(
        'div',
        { class: 'message empty' },
        el('h3', { text: s.noResults }),
        data.suggestion && data.suggestion !== state.q
          ? el('p', {}, `${s.didYouMean}: `, suggestionLink(data.suggestion), '?')
          : null,
        el('p', { text: s.noResultsHint }),
        activeFilterCount(state)
          ? el('button', { type: 'button', class: 'button', text: s.clearAll, onclick: clearAllFilters })
          : null,
      ),
    );
  } else {
    ui.status.replaceChildren();
    ui.results.replaceChildren(...data.hits.map((hit) => drawHit(hit, s)));
  }
  drawPagination(total, s);
}

/** A link that searches `text`; `exact` searches it as typed, uncorrected. */
function queryLink(text, { exact = false, label = text, className = 'suggestion-link' } = {}) {
  return el('a', {
    href: hrefOf({ ...state, q: text, exact, page: 1, doc: null }),
    class: className,
    text: label,
    onclick: (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      ui.q.value = text;
      navigate({ q: text, exact, doc: null });
    },
  });
}

function suggestionLink(text) {
  return queryLink(text);
}

/** "Hiển thị kết quả cho VNPT · Tìm chính xác VNTP": the correction searched, and the way back. */
function drawCorrected(corrected, s) {
  if (!corrected) {
    ui.corrected.hidden = true;
    ui.corrected.replaceChildren();
    return;
  }
  replaceChildren(
    ui.corrected,
    `${s.showingResultsFor} `,
    el('strong', { text: corrected.to }),
    el('span', { class: 'sep', 'aria-hidden': 'true', text: ' · ' }),
    queryLink(corrected.from, { exact: true, label: `${s.searchExactly} ${corrected.from}`, className: 'exact-link' }),
  );
  ui.corrected.hidden = false;
}

/** Says when some results lack some of the words typed (each says which under it). */
function drawRelaxedNote(data, s) {
  if (!data.relaxed) {
    ui.relaxedNote.hidden = true;
    ui.relaxedNote.textContent = '';
    return;
  }
  const strict = Number(data.strict_total) || 0;
  ui.relaxedNote.textContent = strict === 0 ? s.relaxedNone : s.relaxedSome(strict);
  ui.relaxedNote.hidden = false;
}

/** "Không có: ~~Viettel~~": the words of the query a result lacks. */
function missingLine(missing, s) {
  if (!Array.isArray(missing) || !missing.length) return null;
  const words = [];
  missing.forEach((word, i) => {
    if (i) words.push(' ');
    words.push(el('s', { text: word }));
  });
  return el('p', { class: 'missing' }, `${s.missing}: `, words);
}

function drawDidYouMean(suggestion, s) {
  if (!suggestion || suggestion === state.q || !search.data?.hits?.length) {
    ui.didYouMean.hidden = true;
    ui.didYouMean.replaceChildren();
    return;
  }
  replaceChildren(ui.didYouMean, `${s.didYouMean}: `, suggestionLink(suggestion), '?');
  ui.didYouMean.hidden = false;
}

function formatDate(date, s) {
  if (!date) return s.noDate;
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date);
  if (!match) return date;
  const [, y, m, d] = match;
  if (!m) return y; // only the year is known
  if (state.lang === 'vi') return d ? `${d}/${m}/${y}` : `${m}/${y}`;
  return new Intl.DateTimeFormat('en-GB', {
    ...(d ? { day: 'numeric' } : {}),
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(y), Number(m) - 1, Number(d || 1))));
}

/** "Quảng Trị (trước đây: Quảng Bình)" as nodes. */
function provinceNodes(hit, s) {
  if (!hit.province && !hit.former_province) return [el('span', { class: 'muted', text: s.noProvince })];
  const nodes = [el('span', { class: 'province', text: hit.province || hit.former_province })];
  if (hit.former_province && hit.former_province !== hit.province) {
    nodes.push(' ', el('span', { class: 'former', text: `(${s.formerly}: ${hit.former_province})` }));
  }
  return nodes;
}

function chips(carriers, pillars, s) {
  const items = [
    ...(carriers || []).map((c) => el('li', { class: `chip carrier ${carrierClass(c)}`, text: c })),
    ...(pillars || []).map((p) => el('li', { class: 'chip pillar', text: valueLabel('pillar', p, s) })),
  ];
  return items.length ? el('ul', { class: 'chips' }, items) : null;
}

function openDocument(id) {
  returnFocusTo = id;
  navigate({ doc: id }, { resetPage: false, historyState: { fromResults: true } });
}

function drawHit(hit, s) {
  const titleId = `hit-${hit.id}`;
  const copies = Number(hit.copies) || 1;
  return el(
    'li',
    { class: 'hit' },
    el(
      'article',
      { 'aria-labelledby': titleId },
      el(
        'h3',
        { class: 'hit-title', id: titleId },
        el('a', {
          href: hrefOf({ ...state, doc: hit.id }),
          dataset: { doc: hit.id },
          text: hit.title || hit.id,
          onclick: (event) => {
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            openDocument(hit.id);
          },
        }),
      ),
      el(
        'p',
        { class: 'hit-meta' },
        el('time', { datetime: hit.published || undefined, text: formatDate(hit.published, s) }),
        el('span', { class: 'sep', 'aria-hidden': 'true', text: '·' }),
        provinceNodes(hit, s),
        hit.kind ? el('span', { class: `badge kind kind-${hit.kind}`, text: valueLabel('kind', hit.kind, s) }) : null,
        hit.corrected && hit.corrected.length
          ? el('span', { class: 'badge corrected', title: hit.corrected.join(', '), text: s.corrected })
          : null,
        copies > 1 ? el('span', { class: 'badge copies', title: s.copiesTitle(copies), text: s.copies(copies) }) : null,
      ),
      el('p', { class: 'snippet' }, snippetNodes(hit.snippet)),
      missingLine(hit.missing, s),
      chips(hit.carriers, hit.pillars, s),
    ),
  );
}

function drawPagination(total, s) {
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  if (pages <= 1) {
    ui.pagination.hidden = true;
    ui.pagination.replaceChildren();
    return;
  }
  const current = Math.min(state.page, pages);
  const wanted = new Set([1, pages, current - 1, current, current + 1]);
  if (current <= 3) wanted.add(2).add(3).add(4);
  if (current >= pages - 2) wanted.add(pages - 1).add(pages - 2).add(pages - 3);
  const numbers = [...wanted].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);

  const pageLink = (n, text, label, rel) =>
    el('a', {
      href: hrefOf({ ...state, page: n }),
      class: `page${n === current && !rel ? ' current' : ''}`,
      'aria-label': label,
      'aria-current': n === current && !rel ? 'page' : undefined,
      rel,
      text,
      onclick: (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        navigate({ page: n }, { resetPage: false });
        ui.countHeading.focus({ preventScroll: true });
        ui.searchView.scrollIntoView({ block: 'start' });
      },
    });

  const items = [];
  items.push(current > 1 ? pageLink(current - 1, '‹', s.prev, 'prev') : el('span', { class: 'page disabled', 'aria-hidden': 'true', text: '‹' }));
  let previous = 0;
  for (const n of numbers) {
    if (n - previous > 1) items.push(el('span', { class: 'gap', 'aria-hidden': 'true', text: '…' }));
    items.push(pageLink(n, String(n), s.pageN(n)));
    previous = n;
  }
  items.push(current < pages ? pageLink(current + 1, '›', s.next, 'next') : el('span', { class: 'page disabled', 'aria-hidden': 'true', text: '›' }));
  ui.pagination.setAttribute('aria-label', s.pagination);
  replaceChildren(ui.pagination, el('ul', {}, items.map((item) => el('li', {}, item))));
  ui.pagination.hidden = false;
}

function drawActiveFilters(s) {
  const chipsList = [];
  for (const facet of FACETS) {
    for (const value of state[facet]) {
      const label = valueLabel(facet, value, s);
      chipsList.push(
        el(
          'button',
          {
            type: 'button',
            class: 'filter-chip',
            'aria-label': s.removeFilter(`${s.facet[facet]}: ${label}`),
            onclick: () => navigate({ [facet]: state[facet].filter((v) => v !== value) }),
          },
          el('span', { class: 'filter-chip-facet', text: `${s.facet[facet]}: ` }),
          label,
          el('span', { class: 'x', 'aria-hidden': 'true', text: '×' }),
        ),
      );
    }
  }
  for (const [key, label] of [
    ['year_from', '≥'],
    ['year_to', '≤'],
  ]) {
    if (state[key] === null) continue;
    chipsList.push(
      el(
        'button',
        {
          type: 'button',
          class: 'filter-chip',
          'aria-label': s.removeFilter(`${s.facet.year} ${label} ${state[key]}`),
          onclick: () => navigate({ [key]: null }),
        },
        `${s.facet.year} ${label} ${state[key]}`,
        el('span', { class: 'x', 'aria-hidden': 'true', text: '×' }),
      ),
    );
  }
  if (!chipsList.length) {
    ui.activeFilters.hidden = true;
    ui.activeFilters.replaceChildren();
    return;
  }
  replaceChildren(
    ui.activeFilters,
    el('span', { class: 'active-label', text: `${s.activeFilters}:` }),
    chipsList,
    el('button', { type: 'button', class: 'link-button', text: s.clearAll, onclick: clearAllFilters }),
  );
  ui.activeFilters.hidden = false;
}

function clearAllFilters() {
  navigate({ ...Object.fromEntries(FACETS.map((facet) => [facet, []])), year_from: null, year_to: null });
}

// ---------------------------------------------------------------- statistics

/**
 * What the list on screen searched: its answer's query (a correction's when corrected) and
 * whether it was relaxed. The statistics count the same documents; null until it is known.
 */
function shownSearch() {
  if (search.key !== searchKey(state)) return null;
  // The list could not be had: the statistics of the query as typed, every word required.
  if (search.error) return { q: state.q, exact: state.exact, relaxed: false };
  if (!search.data) return null;
  const data = search.data;
  return data.corrected
    ? { q: data.corrected.to, exact: true, relaxed: Boolean(data.relaxed) }
    : { q: state.q, exact: state.exact, relaxed: Boolean(data.relaxed) };
}

async function loadStats() {
  if (!ui.stats.open) return; // drawn when the reader opens the panel
  const shown = shownSearch();
  if (!shown) return; // asked again once the list has its answer
  const key = statsKey(state, shown);
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
        const request = apiRequest('api/search', carrierStatsParams(state, carrier, shown));
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
  if (!state.doc) drawStats();
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
  renderYearChart(ui.yearChart, ui.legend, stats.data, state, s, (year) => {
    const only = state.year.length === 1 && state.year[0] === year;
    navigate({ year: only ? [] : [year] });
  });
  renderMatrix(ui.matrix, stats.data, state, s, (province, carrier) => {
    navigate({ province: [province], carrier: [carrier] });
  });
}

// ---------------------------------------------------------------- document view

async function loadDocument() {
  const id = state.doc;
  if (docs.id === id && (docs.data || docs.error)) {
    drawDocument();
    return;
  }
  docs.controller?.abort();
  const controller = (docs.controller = new AbortController());
  docs.id = id;
  docs.data = null;
  docs.error = null;
  docs.why = null;
  replaceChildren(ui.docView, backLink(strings()), el('p', { class: 'loading-text', text: strings().docLoading }));
  try {
    docs.data = await getJSON(`api/documents/${encodeURIComponent(id)}`, controller.signal);
  } catch (error) {
    if (error.name === 'AbortError') return;
    docs.error = error;
  }
  if (controller !== docs.controller) return;
  docs.controller = null;
  if (state.doc === id) {
    drawDocument();
    ui.docView.querySelector('h2')?.focus();
    window.scrollTo(0, 0);
  }
}

function backLink(s) {
  return el('a', {
    href: hrefOf({ ...state, doc: null }),
    class: 'back-link',
    text: `← ${s.back}`,
    onclick: (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      closeDocument();
    },
  });
}

function closeDocument() {
  returnFocusTo = state.doc;
  // Opened from the results: going back restores that entry (and its scroll position).
  if (history.state?.fromResults) history.back();
  else navigate({ doc: null }, { resetPage: false });
}

function fact(label, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return null;
  return [el('dt', { text: label }), el('dd', {}, value)];
}

function drawDocument() {
  const s = strings();
  if (docs.error) {
    const notFound = docs.error instanceof ApiError && docs.error.status === 404;
    replaceChildren(
      ui.docView,
      backLink(s),
      el(
        'div',
        { class: 'message error', role: 'alert' },
        el('h2', { tabindex: -1, text: notFound ? s.docNotFound : s.errorTitle }),
        el('p', { class: 'error-message', text: errorMessage(docs.error, s) }),
      ),
    );
    return;
  }
  const d = docs.data;
  if (!d) return;
  document.title = pageTitle(s, d.title || d.id);
  const source = d.source || {};
  let sourceNode = null;
  if (source.url && /^https?:\/\//i.test(source.url)) {
    sourceNode = el('a', { href: source.url, rel: 'noopener noreferrer', target: '_blank', text: source.site || source.url });
  } else if (source.path || source.site) {
    sourceNode = el('span', { class: 'path', text: [source.site, source.path].filter(Boolean).join(' · ') });
  }
  const signatories = Array.isArray(d.signatories) && d.signatories.length
    ? el('ul', { class: 'signatories' }, d.signatories.map((p) => el('li', {}, el('strong', { text: p.name || '' }), p.title ? `, ${p.title}` : '')))
    : null;

  // The fact whose deciding sentences are marked in the text ("Vì sao?"), if any.
  const evidence = Array.isArray(d.evidence) ? d.evidence : [];
  const marked = evidence.filter((e) => e.fact === docs.why);
  const corrections = new Map((Array.isArray(d.corrections) ? d.corrections : []).map((c) => [c.field, c]));
  const row = (field, label, value) => {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return null;
    const correction = corrections.get(field);
    const cites = evidence.some((e) => e.fact === field);
    return fact(label, [
      value,
      correction
        ? el('span', {
            class: 'badge corrected',
            title: s.correctedTitle(correction.extracted, correction.note),
            text: s.corrected,
          })
        : null,
      cites
        ? el('button', {
            type: 'button',
            class: 'why',
            'aria-pressed': String(docs.why === field),
            'aria-label': s.whyLabel(label),
            text: s.why,
            onclick: () => showEvidence(docs.why === field ? null : field),
          })
        : null,
    ]);
  };
  const dated = (date, rule) =>
    date ? `${formatDate(date, s)}${rule && s.dateRule[rule] ? ` (${s.dateRule[rule]})` : ''}` : null;

  replaceChildren(
    ui.docView,
    backLink(s),
    el('h2', { class: 'doc-title', tabindex: -1, text: d.title || d.id }),
    el(
      'p',
      { class: 'hit-meta' },
      el('time', { datetime: d.published || undefined, text: formatDate(d.published, s) }),
      el('span', { class: 'sep', 'aria-hidden': 'true', text: '·' }),
      provinceNodes(d, s),
      d.kind ? el('span', { class: `badge kind kind-${d.kind}`, text: valueLabel('kind', d.kind, s) }) : null,
    ),
    chips(d.carriers, d.pillars, s),
    el(
      'div',
      { class: 'doc-body' },
      el(
        'section',
        { class: 'doc-facts', 'aria-labelledby': 'doc-facts-heading' },
        el('h3', { id: 'doc-facts-heading', text: s.docFacts }),
        el(
          'dl',
          {},
          row('kind', s.fact.kind, d.kind ? valueLabel('kind', d.kind, s) : null),
          row('published', s.fact.published, dated(d.published, d.published_rule)),
          row('signed', s.fact.signed, dated(d.signed, d.signed_rule)),
          row('year', s.fact.year, d.year),
          row('province', s.fact.province, d.province),
          row('former_province', s.fact.former_province, d.former_province),
          row('carriers', s.fact.carriers, (d.carriers || []).join(', ')),
          row('pillars', s.fact.pillars, (d.pillars || []).map((p) => valueLabel('pillar', p, s)).join(', ')),
          row('period', s.fact.period, d.period),
          row('vision', s.fact.vision, d.vision),
          fact(s.fact.signatories, signatories),
          fact(s.fact.source, sourceNode),
          fact(s.fact.id, d.id),
        ),
      ),
      el(
        'section',
        { class: 'doc-text', 'aria-labelledby': 'doc-text-heading' },
        el('h3', { id: 'doc-text-heading', text: s.docText }),
        textNodes(String(d.text || ''), marked, s),
      ),
    ),
  );
  const first = ui.docView.querySelector('mark.evidence');
  if (first && docs.scrollToMark) first.scrollIntoView({ block: 'center' });
  docs.scrollToMark = false;
}

/** Marks (or unmarks) the sentences that decided one fact of the open document. */
function showEvidence(field) {
  docs.why = field;
  docs.scrollToMark = field !== null;
  drawDocument();
  const button = [...ui.docView.querySelectorAll('button.why')].find((b) => b.getAttribute('aria-pressed') === 'true');
  (button || ui.docView.querySelector('.doc-title')).focus();
}

/**
 * The article's text as paragraphs, with the spans of `marks` (byte offsets into its UTF-8
 * form, as the API gives them) inside <mark> elements.
 */
function textNodes(text, marks, s) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const charAt = (offset) => decoder.decode(bytes.subarray(0, Math.max(0, Math.min(offset, bytes.length)))).length;
  const spans = marks
    .map((m) => ({ begin: charAt(m.begin), end: charAt(m.end), title: s.evidenceMark(m.fact, m.value) }))
    .filter((m) => m.end > m.begin)
    .sort((a, b) => a.begin - b.begin);
  const paragraphs = [];
  let start = 0;
  for (const line of text.split('\n')) {
    const end = start + line.length;
    if (line.trim()) {
      const parts = [];
      let at = start;
      for (const span of spans) {
        if (span.end <= at || span.begin >= end) continue;
        const from = Math.max(span.begin, at);
        const to = Math.min(span.end, end);
        if (from > at) parts.push(text.slice(at, from));
        parts.push(el('mark', { class: 'evidence', title: span.title, text: text.slice(from, to) }));
        at = to;
      }
      if (at < end) parts.push(text.slice(at, end));
      paragraphs.push(el('p', {}, parts));
    }
    start = end + 1;
  }
  if (marks.length && !spans.length) paragraphs.unshift(el('p', { class: 'muted', text: s.whyNone }));
  return paragraphs;
}

// ---------------------------------------------------------------- wiring

// Toggles read the state at the moment of the click: a second tick made before the first
// answer arrives must add to the first, not replace it.
const facetPanel = new FacetPanel(ui.facets, {
  onToggle: (facet, value, checked) => {
    const current = state[facet].map(String);
    navigate({ [facet]: checked ? [...new Set([...current, value])] : current.filter((v) => v !== value) });
  },
  onClear: (facet) => navigate({ [facet]: [] }),
});

const analysis = new AnalysisView({
  state: () => state,
  strings,
  navigate,
  hrefOf,
  openDocument,
  searchInput: ui.q,
});

const searchBox = new SearchBox({
  input: ui.q,
  list: ui.suggestions,
  strings,
  onSubmit: (q) => navigate({ q, exact: false, doc: null }),
});

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  searchBox.close();
  navigate({ q: ui.q.value, exact: false, doc: null });
});

ui.sort.addEventListener('change', () => navigate({ sort: ui.sort.value }));
ui.clearAll.addEventListener('click', clearAllFilters);

ui.langSwitch.addEventListener('click', () => {
  const lang = state.lang === 'en' ? 'vi' : 'en';
  storeLang(lang);
  navigate({ lang }, { resetPage: false });
});

ui.stats.addEventListener('toggle', () => {
  if (ui.stats.open) loadStats();
});

function setFiltersOpen(open) {
  ui.layout.classList.toggle('filters-open', open);
  ui.filtersToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
}
ui.filtersToggle.addEventListener('click', () => {
  const open = ui.filtersToggle.getAttribute('aria-expanded') !== 'true';
  setFiltersOpen(open);
  if (open) ui.filters.querySelector('input, button:not([hidden])')?.focus();
});
ui.filtersClose.addEventListener('click', () => {
  setFiltersOpen(false);
  ui.filtersToggle.focus();
});

/** Exports by POST when the query is too long for the link's GET, and saves the answer. */
async function exportByPost(event, format) {
  const request = apiRequest('api/export', exportParams(state, format));
  if (!request.init.method) return; // the link itself does it
  event.preventDefault();
  const s = strings();
  try {
    const response = await fetch(request.url, request.init);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: `vnsearch-export.${format}`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch {
    ui.copyStatus.textContent = s.exportFailed;
  }
}
ui.exportCsv.addEventListener('click', (event) => exportByPost(event, 'csv'));
ui.exportJsonl.addEventListener('click', (event) => exportByPost(event, 'jsonl'));

ui.copyLink.addEventListener('click', async () => {
  const s = strings();
  try {
    await navigator.clipboard.writeText(location.href);
    ui.copyStatus.textContent = s.linkCopied;
  } catch {
    ui.copyStatus.textContent = s.linkCopyFailed;
  }
  setTimeout(() => {
    ui.copyStatus.textContent = '';
  }, 4000);
});

// The chart is drawn at its box's width: draw it again when that width changes.
let chartWidth = 0;
new ResizeObserver(([entry]) => {
  const width = Math.round(entry.contentRect.width);
  if (width && width !== chartWidth) {
    const first = chartWidth === 0;
    chartWidth = width;
    if (!first && stats.data && !state.doc) drawStats();
  }
}).observe(ui.yearChart);

// On a wide screen the statistics start open; on a phone they wait to be asked for.
ui.stats.open = window.matchMedia('(min-width: 62em)').matches;

// The carriers and pillars come from the server. Without them the page still searches; only
// the carrier statistics stay empty.
try {
  setLists(await getJSON('api/stats'));
} catch {
  setLists();
}

// The first entry is the pasted or typed URL, rewritten in its canonical spelling.
history.replaceState(history.state || {}, '', hrefOf(state));
render({ fromHistory: true });
