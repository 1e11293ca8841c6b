// The vnsearch search page's entry: the page's text in its language, drawing it for the
// state in the URL, and the wiring of its controls. The parts it draws have modules of
// their own (results, filters, statistics, document view, export). Only the server's
// `snippet` is parsed as HTML (see snippetNodes in dom.js); everything else reaches the
// page through textContent and attributes.

import { setLists, SORTS, stateFromQuery, exportParams, activeFilterCount, storeLang } from './state.js';
import { el } from './dom.js';
import { getJSON } from './api.js';
import { SearchBox } from './search_box.js';
import { AnalysisView } from './analysis.js';
import { ui, page, strings, hrefOf, navigate, pageTitle } from './page.js';
import { loadSearch } from './results.js';
import { clearAllFilters, wireFiltersDrawer } from './filters.js';
import { loadStats, watchChartWidth } from './statistics.js';
import { docs, loadDocument } from './document_view.js';
import { openDocument } from './hits.js';
import { wireExport } from './export.js';

window.addEventListener('popstate', () => {
  page.state = stateFromQuery(location.search, location.hash);
  render({ fromHistory: true });
});

// ---------------------------------------------------------------- static text

let drawnLang = null;

function applyStaticText() {
  const s = strings();
  const active = activeFilterCount(page.state);
  ui.filtersToggle.textContent = active ? s.filtersCount(active) : s.filters;
  ui.clearAll.hidden = active === 0;
  if (drawnLang === page.state.lang) return;
  drawnLang = page.state.lang;
  ui.html.lang = page.state.lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = s[node.dataset.i18n];
  ui.q.placeholder = s.searchPlaceholder;
  ui.langSwitch.textContent = s.switchLang;
  ui.langSwitch.lang = page.state.lang === 'en' ? 'vi' : 'en';
  ui.langSwitch.setAttribute('aria-label', s.switchLangLabel);
  ui.homeLink.href = hrefOf({ ...stateFromQuery(''), lang: page.state.lang });
  const current = ui.sort.value || page.state.sort;
  ui.sort.replaceChildren(...SORTS.map((value) => el('option', { value, text: s.sort[value] })));
  ui.sort.value = current;
}

// ---------------------------------------------------------------- rendering

/** Draws the whole page for the current state, fetching what is not cached. */
function render({ fromHistory = false } = {}) {
  applyStaticText();
  if (document.activeElement !== ui.q || fromHistory) ui.q.value = page.state.q;
  ui.sort.value = page.state.sort;
  // A query too long for a link is exported by POST when the link is clicked (exportByPost).
  ui.exportCsv.href = `api/export?${exportParams(page.state, 'csv')}`;
  ui.exportJsonl.href = `api/export?${exportParams(page.state, 'jsonl')}`;
  ui.exportCsv.title = strings().exportCsvTitle;
  ui.exportJsonl.title = strings().exportJsonlTitle;

  const docOpen = Boolean(page.state.doc);
  document.title = pageTitle(strings(), docOpen ? (docs.id === page.state.doc ? docs.data?.title : '') : page.state.q.trim());
  document.body.classList.toggle('doc-open', docOpen);
  ui.searchView.hidden = docOpen || page.state.view === 'analysis';
  ui.docView.hidden = !docOpen;
  analysis.update(page.state, { docOpen });
  if (docOpen) {
    loadDocument();
  } else {
    docs.controller?.abort();
    loadSearch(); // and the statistics of its answer
    if (page.returnFocusTo) {
      const list = page.state.view === 'analysis' ? document.getElementById('analysis-view') : ui.results;
      const link = list.querySelector(`a[data-doc="${CSS.escape(page.returnFocusTo)}"]`);
      page.returnFocusTo = null;
      if (link) link.focus();
    }
  }
}
page.render = render;

// ---------------------------------------------------------------- wiring

const analysis = new AnalysisView({
  state: () => page.state,
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
  const lang = page.state.lang === 'en' ? 'vi' : 'en';
  storeLang(lang);
  navigate({ lang }, { resetPage: false });
});

ui.stats.addEventListener('toggle', () => {
  if (ui.stats.open) loadStats();
});

wireFiltersDrawer();
wireExport();
watchChartWidth();

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
history.replaceState(history.state || {}, '', hrefOf(page.state));
render({ fromHistory: true });
