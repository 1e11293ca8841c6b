// The results list: asks /api/search for the current state, and draws its answer (the
// count, the notes above the list, the facets, the hits and the page links) or its error.

import { searchParams, apiRequest, searchKey, activeFilterCount } from './state.js';
import { el, replaceChildren } from './dom.js';
import { getJSON } from './api.js';
import { ui, page, search, strings, errorMessage } from './page.js';
import { drawHit } from './hits.js';
import { suggestionLink, drawCorrected, drawRelaxedNote, drawDidYouMean } from './search_notes.js';
import { drawPagination } from './paging.js';
import { facetPanel, drawActiveFilters, clearAllFilters } from './filters.js';
import { loadStats } from './statistics.js';

export async function loadSearch() {
  const key = searchKey(page.state);
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
    const request = apiRequest('api/search', searchParams(page.state));
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
  if (!page.state.doc) {
    drawSearch();
    loadStats();
  }
}

function showLoading(on) {
  ui.loading.hidden = !on;
  ui.results.setAttribute('aria-busy', on ? 'true' : 'false');
  ui.searchView.classList.toggle('is-loading', on);
}

function drawSearch() {
  const s = strings();
  drawActiveFilters(s);
  if (search.error) {
    drawSearchError(s);
    return; // the facets keep their last counts, so the reader can undo the last filter
  }
  const data = search.data;
  if (!data) return;
  const total = Number(data.total) || 0;
  const exact = data.total_exact !== false;
  const searched = (data.corrected ? data.corrected.to : page.state.q).trim();
  ui.count.textContent = searched ? s.resultCountFor(total, exact, searched) : s.resultCount(total, exact);
  drawCorrected(data.corrected, s);
  drawRelaxedNote(data, s);
  drawDidYouMean(data.suggestion, s);
  facetPanel.render(data.facets, page.state, s);
  if (!data.hits?.length) {
    drawNoResults(data, s);
  } else {
    ui.status.replaceChildren();
    ui.results.replaceChildren(...data.hits.map((hit) => drawHit(hit, s)));
  }
  drawPagination(total, s);
}

function drawSearchError(s) {
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
}

function drawNoResults(data, s) {
  ui.results.replaceChildren();
  replaceChildren(
    ui.status,
    el(
      'div',
      { class: 'message empty' },
      el('h3', { text: s.noResults }),
      data.suggestion && data.suggestion !== page.state.q
        ? el('p', {}, `${s.didYouMean}: `, suggestionLink(data.suggestion), '?')
        : null,
      el('p', { text: s.noResultsHint }),
      activeFilterCount(page.state)
        ? el('button', { type: 'button', class: 'button', text: s.clearAll, onclick: clearAllFilters })
        : null,
    ),
  );
}
