// The page state and its two spellings: the URL query string (the permalink) and the
// parameters of /api/search and /api/export. The URL holds the whole state, so a pasted
// link, a reload and the back button all restore exactly what was on screen.

export const FACETS = ['province', 'former_province', 'carrier', 'year', 'pillar', 'kind'];
export const CARRIERS = ['VNPT', 'Viettel', 'MobiFone', 'FPT', 'CMC'];
export const PILLARS = ['infrastructure', 'government', 'economy', 'society'];
export const KINDS = ['agreement', 'implementation', 'other'];
export const SORTS = ['relevance', 'date_desc', 'date_asc'];
export const PER_PAGE = 10;
const LANG_KEY = 'vnsearch.lang';

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
    year: [],
    pillar: [],
    kind: [],
    year_from: null,
    year_to: null,
    sort: 'relevance',
    page: 1,
    lang,
    doc: null,
  };
}

const intOrNull = (value) => (value !== null && /^\d{1,4}$/.test(value) ? Number(value) : null);
const unique = (values) => [...new Set(values.filter((v) => v !== ''))];

/** Reads the state from a query string such as location.search. */
export function stateFromQuery(search) {
  const params = new URLSearchParams(search);
  const state = emptyState(params.get('lang') === 'en' ? 'en' : params.get('lang') === 'vi' ? 'vi' : storedLang());
  state.q = params.get('q') ?? '';
  for (const facet of FACETS) state[facet] = unique(params.getAll(facet));
  state.year_from = intOrNull(params.get('year_from'));
  state.year_to = intOrNull(params.get('year_to'));
  const sort = params.get('sort');
  state.sort = SORTS.includes(sort) ? sort : 'relevance';
  const page = Number(params.get('page'));
  state.page = Number.isInteger(page) && page > 0 ? page : 1;
  state.doc = params.get('doc') || null;
  return state;
}

/** The search part of the state as parameters (shared by the URL, search and export). */
function filterParams(state) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q);
  for (const facet of FACETS) for (const value of state[facet]) params.append(facet, value);
  if (state.year_from !== null) params.set('year_from', state.year_from);
  if (state.year_to !== null) params.set('year_to', state.year_to);
  return params;
}

/** The permalink query string (without '?'); defaults are left out to keep links short. */
export function stateToQuery(state) {
  const params = filterParams(state);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', state.page);
  // Vietnamese is the default; write it only when it overrides a stored English choice.
  if (state.lang === 'en' || storedLang() === 'en') params.set('lang', state.lang);
  if (state.doc) params.set('doc', state.doc);
  return params.toString();
}

/** Parameters for /api/search. */
export function searchParams(state, { perPage = PER_PAGE } = {}) {
  const params = filterParams(state);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', state.page);
  params.set('per_page', perPage);
  return params;
}

/** Parameters for the statistics requests: every filter but the carrier, then one carrier. */
export function carrierStatsParams(state, carrier) {
  const params = filterParams({ ...state, carrier: [carrier] });
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

/** A key that changes exactly when the search results would. */
export function searchKey(state) {
  return searchParams(state).toString();
}

/** A key that changes exactly when the statistics would (not on sort or page). */
export function statsKey(state) {
  return filterParams({ ...state, carrier: [] }).toString();
}

export function activeFilterCount(state) {
  return (
    FACETS.reduce((n, facet) => n + state[facet].length, 0) +
    (state.year_from !== null ? 1 : 0) +
    (state.year_to !== null ? 1 : 0)
  );
}
