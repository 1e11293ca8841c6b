// The filters: the facet panel, the chips of the active filters above the results, and
// the panel's drawer on narrow screens.

import { FACETS } from './state.js';
import { el, replaceChildren } from './dom.js';
import { FacetPanel, valueLabel } from './facet_panel.js';
import { ui, page, navigate } from './page.js';

// Toggles read the state at the moment of the click: a second tick made before the first
// answer arrives must add to the first, not replace it.
export const facetPanel = new FacetPanel(ui.facets, {
  onToggle: (facet, value, checked) => {
    const current = page.state[facet].map(String);
    navigate({ [facet]: checked ? [...new Set([...current, value])] : current.filter((v) => v !== value) });
  },
  onClear: (facet) => navigate({ [facet]: [] }),
});

export function drawActiveFilters(s) {
  const chipsList = [];
  for (const facet of FACETS) {
    for (const value of page.state[facet]) {
      const label = valueLabel(facet, value, s);
      chipsList.push(
        el(
          'button',
          {
            type: 'button',
            class: 'filter-chip',
            'aria-label': s.removeFilter(`${s.facet[facet]}: ${label}`),
            onclick: () => navigate({ [facet]: page.state[facet].filter((v) => v !== value) }),
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
    if (page.state[key] === null) continue;
    chipsList.push(
      el(
        'button',
        {
          type: 'button',
          class: 'filter-chip',
          'aria-label': s.removeFilter(`${s.facet.year} ${label} ${page.state[key]}`),
          onclick: () => navigate({ [key]: null }),
        },
        `${s.facet.year} ${label} ${page.state[key]}`,
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

export function clearAllFilters() {
  navigate({ ...Object.fromEntries(FACETS.map((facet) => [facet, []])), year_from: null, year_to: null });
}

function setFiltersOpen(open) {
  ui.layout.classList.toggle('filters-open', open);
  ui.filtersToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
}

/** Opens and closes the filters drawer of narrow screens. */
export function wireFiltersDrawer() {
  ui.filtersToggle.addEventListener('click', () => {
    const open = ui.filtersToggle.getAttribute('aria-expanded') !== 'true';
    setFiltersOpen(open);
    if (open) ui.filters.querySelector('input, button:not([hidden])')?.focus();
  });
  ui.filtersClose.addEventListener('click', () => {
    setFiltersOpen(false);
    ui.filtersToggle.focus();
  });
}
