// The page state and its two spellings: the URL query string (the permalink) and the
// parameters of /api/search and /api/export. The URL holds the whole state, so a pasted
// link, a reload and the back button all restore exactly what was on screen.

export const FACETS = ['province', 'former_province', 'carrier', 'source', 'year', 'pillar', 'kind'];
// The carriers and pillars, as the server lists them (/api/stats): filled by setLists()
// before the page first draws, so that data/ stays their one home.
export const CARRIERS = [];
export const PILLARS = [];

/** Fills CARRIERS and PILLARS from the server's statistics. */
export function setLists({ carriers = [], pillars = [] } = {}) {
  CARRIERS.splice(0, CARRIERS.length, ...carriers);
  PILLARS.splice(0, PILLARS.length, ...pillars);
}
export const KINDS = ['agreement', 'implementation', 'other'];
export const SORTS = ['relevance', 'date_desc', 'date_asc'];
export const PER_PAGE = 10;
// The analysis view beside the results: its choices are part of the state, so a permalink
// reopens the same chart. The first value of each list is the default, left out of links.
export const VIEWS = ['results', 'analysis'];
export const INTERVALS = ['month', 'year', 'week', 'day'];
export const MEASURES = ['count', 'share'];
export const NORMALIZE = ['filters', 'all'];
export const MAX_COMPARE = 5; // the API compares 2 to 5 texts
const LANG_KEY = 'vnsearch.lang';
// A query string longer than this goes in the page address's fragment (#q=…), which the
// browser keeps to itself: the server refuses request lines over 8 KiB.
const LONGEST_QUERY_STRING = 2000;
// Longer than this, a search, an export or an analysis view is POSTed as JSON: the server
// takes up to 1000 bytes of each q in a GET (and 16 KB in a POST, 64 KiB of body).
const LONGEST_GET_Q = 1000;
const LONGEST_GET_URL = 4000;
// Parameters that may be repeated: a JSON body gives them as lists.
const REPEATED = new Set(FACETS);

/** The language the reader chose last time, or Vietnamese. */
export function storedLang() {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function storeLang(lang) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Private windows may refuse storage; the URL still carries the choice.
  }
}

export function emptyState(lang = storedLang()) {
  return {
    q: '',
    province: [],
    former_province: [],
    carrier: [],
    source: [],
    year: [],
    pillar: [],
    kind: [],
    year_from: null,
    year_to: null,
    sort: 'relevance',
    page: 1,
    exact: false,
    lang,
    doc: null,
    view: 'results',
    interval: 'month',
    measure: 'count',
    normalize: 'filters',
    compare: [],
    ag_province: null,
    ag_carrier: null,
  };
}

const intOrNull = (value) => (value !== null && /^\d{1,4}$/.test(value) ? Number(value) : null);
const unique = (values) => [...new Set(values.filter((v) => v !== ''))];
const oneOf = (value, list) => (list.includes(value) ? value : list[0]);

/**
 * Reads the state from a query string such as location.search, or from the fragment of a
 * page address whose state was too long for its query string (#q=…).
 */
export function stateFromQuery(search, hash = '') {
  const fromHash = hash.length > 1 && /(^#|&)(q|province|carrier|year|pillar|doc|view|cmp)=/.test(hash);
  const params = new URLSearchParams(fromHash ? hash.slice(1) : search);
  const state = emptyState(params.get('lang') === 'en' ? 'en' : params.get('lang') === 'vi' ? 'vi' : storedLang());
  state.q = params.get('q') ?? '';
  for (const facet of FACETS) state[facet] = unique(params.getAll(facet));
  state.year_from = intOrNull(params.get('year_from'));
  state.year_to = intOrNull(params.get('year_to'));
  const sort = params.get('sort');
  state.sort = SORTS.includes(sort) ? sort : 'relevance';
  const page = Number(params.get('page'));
  state.page = Number.isInteger(page) && page > 0 ? page : 1;
  state.exact = params.get('exact') === '1';
  state.doc = params.get('doc') || null;
  readAnalysis(params, state);
  return state;
}

/** The analysis view's part of the state: the view, its chart choices, the compared texts. */
function readAnalysis(params, state) {
  state.view = oneOf(params.get('view'), VIEWS);
  state.interval = oneOf(params.get('interval'), INTERVALS);
  state.measure = oneOf(params.get('measure'), MEASURES);
  state.normalize = oneOf(params.get('normalize'), NORMALIZE);
  state.compare = unique(params.getAll('cmp').map((text) => text.trim())).slice(0, MAX_COMPARE);
  state.ag_province = params.get('ag_province') || null;
  state.ag_carrier = state.ag_province ? null : params.get('ag_carrier') || null;
}

function writeAnalysis(state, params) {
  if (state.view !== VIEWS[0]) params.set('view', state.view);
  if (state.interval !== INTERVALS[0]) params.set('interval', state.interval);
  if (state.measure !== MEASURES[0]) params.set('measure', state.measure);
  if (state.normalize !== NORMALIZE[0]) params.set('normalize', state.normalize);
  for (const text of state.compare) params.append('cmp', text);
  if (state.ag_province) params.set('ag_province', state.ag_province);
  else if (state.ag_carrier) params.set('ag_carrier', state.ag_carrier);
}

/** The search part of the state as parameters (shared by the URL, search and export). */
function filterParams(state) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q);
  for (const facet of FACETS) for (const value of state[facet]) params.append(facet, value);
  if (state.year_from !== null) params.set('year_from', state.year_from);
  if (state.year_to !== null) params.set('year_to', state.year_to);
  if (state.exact && state.q.trim()) params.set('exact', '1');
  return params;
}

/** The permalink query string (without '?'); defaults are left out to keep links short. */
export function stateToQuery(state) {
  const params = filterParams(state);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', state.page);
  // Vietnamese is the default; write it only when it overrides a stored English choice.
  if (state.lang === 'en' || storedLang() === 'en') params.set('lang', state.lang);
  writeAnalysis(state, params);
  if (state.doc) params.set('doc', state.doc);
  return params.toString();
}

/** The page address of a state, relative to `pathname`: '?…', or '#…' when too long. */
export function hrefOfState(state, pathname) {
  const query = stateToQuery(state);
  if (!query) return pathname;
  return query.length > LONGEST_QUERY_STRING ? `${pathname}#${query}` : `?${query}`;
}

/**
 * How to ask `path` (api/search, api/export, api/timeline, api/compare, api/terms,
 * api/agreements) for `params`: a GET of the URL, or a POST of the same fields as JSON when
 * a query is too long for a GET. A parameter given several times (compare's texts) is a list.
 */
export function apiRequest(path, params) {
  const url = `${path}?${params}`;
  const longestQ = Math.max(0, ...params.getAll('q').map((q) => new TextEncoder().encode(q).length));
  if (longestQ <= LONGEST_GET_Q && url.length <= LONGEST_GET_URL) {
    return { url, init: {} };
  }
  const body = {};
  for (const [key, value] of params) {
    if (REPEATED.has(key) || params.getAll(key).length > 1) (body[key] ||= []).push(value);
    else body[key] = value;
  }
  return {
    url: path,
    init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  };
}

/** Parameters for /api/search. */
export function searchParams(state, { perPage = PER_PAGE } = {}) {
  const params = filterParams(state);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', state.page);
  params.set('per_page', perPage);
  return params;
}

/**
 * Parameters for the statistics requests: every filter but the carrier, then one carrier.
 * They count what the list shows: `shown` is its answer's query as searched (a correction's
 * when corrected) and whether it was relaxed.
 */
export function carrierStatsParams(state, carrier, shown = { q: state.q, exact: state.exact, relaxed: false }) {
  const params = filterParams({ ...state, q: shown.q, exact: shown.exact, carrier: [carrier] });
  params.set('relax', shown.relaxed ? 'always' : 'never');
  params.set('per_page', 1);
  return params;
}

/** Parameters for /api/export in a given format. */
export function exportParams(state, format) {
  const params = filterParams(state);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  params.set('format', format);
  return params;
}

/**
 * Parameters for the analysis endpoints (/api/timeline, /api/terms, /api/feed): the search
 * and its filters, without ordering or paging, plus `extra`.
 */
export function analysisParams(state, extra = {}) {
  const params = filterParams(state);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}

/** Parameters for /api/compare: the filters, then each text as a q of its own. */
export function compareParams(state, texts, extra = {}) {
  const params = filterParams({ ...state, q: '' });
  for (const text of texts) params.append('q', text);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}

/** A key that changes exactly when the search results would. */
export function searchKey(state) {
  return searchParams(state).toString();
}

/** A key that changes exactly when the statistics would (not on sort or page). */
export function statsKey(state, shown) {
  return carrierStatsParams({ ...state, carrier: [] }, '', shown).toString();
}

export function activeFilterCount(state) {
  return (
    FACETS.reduce((n, facet) => n + state[facet].length, 0) +
    (state.year_from !== null ? 1 : 0) +
    (state.year_to !== null ? 1 : 0)
  );
}
