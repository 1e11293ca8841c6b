// The page's shared context: its elements, its state (kept in the URL), the last search
// answer, and the one way of moving to a new state. The modules that draw the page read
// the state through `page.state` at the moment they draw, never a copy.

import { STRINGS } from './i18n.js';
import { stateFromQuery, hrefOfState } from './state.js';
import { ApiError } from './api.js';

const $ = (id) => document.getElementById(id);
export const ui = {
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

export const page = {
  state: stateFromQuery(location.search, location.hash),
  returnFocusTo: null, // the id of the document whose link opened the document view
  render: () => {}, // draws the page for page.state; set by app.js
};

export const strings = () => STRINGS[page.state.lang];

// The last search answer, kept so that a language switch or a return from a document
// redraws without asking the server again.
export const search = { key: null, data: null, error: null, controller: null };

/** The URL of a state, relative to the page (its state in the fragment when too long). */
export function hrefOf(next) {
  return hrefOfState(next, location.pathname);
}

/**
 * Moves to a new state: one history entry per change, so Back undoes it. Changing the
 * query, a filter or the sort goes back to page 1.
 */
export function navigate(changes, { resetPage = true, replace = false, historyState = {} } = {}) {
  const next = { ...page.state, ...changes };
  if (resetPage && !('page' in changes)) next.page = 1;
  page.state = next;
  const url = hrefOf(page.state);
  if (replace) history.replaceState(historyState, '', url);
  else history.pushState(historyState, '', url);
  page.render();
}

/** The window's title: the page's subject (a query, a document), then the site. */
export function pageTitle(s, subject) {
  const site = page.state.lang === 'en' ? 'vnsearch: digital-transformation agreements' : 'vnsearch: thỏa thuận chuyển đổi số';
  return subject ? `${subject} · ${site}` : site;
}

export function errorMessage(error, s) {
  if (error instanceof ApiError && error.code === 'network') return s.networkError;
  return error.message || s.networkError;
}
