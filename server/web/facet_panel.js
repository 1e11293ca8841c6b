// The facet panels: one fieldset of checkboxes per facet, with the API's disjunctive counts
// beside each value, a clear button per facet and a filter box on the long lists.

import { FACETS, PILLARS, KINDS } from './state.js';
import { el, fold } from './dom.js';

const FILTERABLE = new Set(['province', 'former_province']);
const FILTER_BOX_MIN = 8;

/** The label a facet value is shown with (pillar and kind ids are translated). */
export function valueLabel(facet, value, s) {
  if (facet === 'pillar') return s.pillar[value] || value;
  if (facet === 'kind') return s.storyKind[value] || value;
  return String(value);
}

/**
 * Facet values in display order: years newest first, pillars in their fixed order, others as
 * the API sorts them; on the long, scrolling lists the ticked values come first so they stay
 * in sight.
 */
function ordered(facet, values, selected) {
  const list = [...values];
  if (facet === 'year') list.sort((a, b) => Number(b.value) - Number(a.value));
  if (facet === 'pillar') list.sort((a, b) => PILLARS.indexOf(a.value) - PILLARS.indexOf(b.value));
  if (facet === 'kind') list.sort((a, b) => KINDS.indexOf(a.value) - KINDS.indexOf(b.value));
  if (FILTERABLE.has(facet)) list.sort((a, b) => selected.has(String(b.value)) - selected.has(String(a.value)));
  return list;
}

export class FacetPanel {
  /**
   * @param {HTMLElement} root
   * @param {object} opts
   * @param {(facet: string, value: string, checked: boolean) => void} opts.onToggle
   * @param {(facet: string) => void} opts.onClear
   */
  constructor(root, { onToggle, onClear }) {
    this.root = root;
    this.onToggle = onToggle;
    this.onClear = onClear;
    this.filterText = Object.fromEntries(FACETS.map((f) => [f, '']));
    this.sections = {};
  }

  /** Draws every facet from the API's facets object and the current state. */
  render(facets, state, s) {
    const focused = document.activeElement;
    const focusKey = this.root.contains(focused) ? focused.dataset.focusKey : null;
    const filterCaret = focused?.classList?.contains('facet-filter') ? focused.selectionStart : null;

    // A facet the server does not report (an older server has no `source`) is left out.
    const shown = FACETS.filter((facet) => !facets || facet in facets || state[facet].length);
    this.root.replaceChildren(...shown.map((facet) => this.section(facet, facets?.[facet] || [], state, s)));

    if (focusKey) {
      const again = this.root.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      if (again) {
        // A ticked value may have moved to the top of its list: let the list follow the focus.
        again.focus({ preventScroll: again.type !== 'checkbox' });
        if (filterCaret !== null) again.setSelectionRange(filterCaret, filterCaret);
      }
    }
  }

  section(facet, values, state, s) {
    const name = s.facet[facet];
    const selected = new Set(state[facet].map(String));
    const headingId = `facet-${facet}-legend`;
    const list = el('ul', { class: 'facet-values', id: `facet-${facet}-values` });
    ordered(facet, values, selected).forEach((item, index) => {
      const value = String(item.value);
      const id = `facet-${facet}-${index}`;
      const label = valueLabel(facet, value, s);
      const checked = selected.has(value);
      list.append(
        el(
          'li',
          { class: 'facet-value', dataset: { fold: fold(label), selected: checked ? '1' : '' } },
          el('input', {
            type: 'checkbox',
            id,
            name: facet,
            value,
            checked,
            dataset: { focusKey: `${facet}\u0000${value}` },
            onchange: (event) => this.onToggle(facet, value, event.target.checked),
          }),
          el(
            'label',
            { for: id },
            el('span', { class: 'facet-label', text: label }),
            el('span', { class: 'facet-count', text: String(item.count), title: s.countTitle(item.count) }),
          ),
        ),
      );
    });

    const empty = el('p', { class: 'facet-empty', text: values.length ? s.facetNoMatch : s.facetEmpty, hidden: values.length > 0 });
    const clear = el('button', {
      type: 'button',
      class: 'link-button clear-facet',
      text: s.clearShort,
      'aria-label': s.clearFacet(name),
      hidden: selected.size === 0,
      dataset: { focusKey: `${facet}\u0000clear` },
      onclick: () => this.onClear(facet),
    });

    let filterBox = null;
    if (FILTERABLE.has(facet) && values.length >= FILTER_BOX_MIN) {
      filterBox = el('input', {
        type: 'search',
        class: 'facet-filter',
        'aria-label': s.facetFilter(name),
        'aria-controls': list.id,
        placeholder: s.facetFilterPlaceholder,
        value: this.filterText[facet],
        dataset: { focusKey: `${facet}\u0000filter` },
        oninput: (event) => {
          this.filterText[facet] = event.target.value;
          this.applyFilter(list, empty, event.target.value);
        },
      });
      filterBox.value = this.filterText[facet];
    }

    const section = el(
      'fieldset',
      { class: `facet facet-${facet}`, dataset: { facet } },
      el('legend', { id: headingId }, el('span', { text: name })),
      clear,
      filterBox,
      list,
      empty,
    );
    if (filterBox) this.applyFilter(list, empty, this.filterText[facet]);
    return section;
  }

  /** Hides values whose folded label does not contain the folded filter text; selected values stay. */
  applyFilter(list, empty, text) {
    const needle = fold(text.trim());
    let shown = 0;
    for (const item of list.children) {
      const visible = !needle || item.dataset.fold.includes(needle) || item.dataset.selected === '1';
      item.hidden = !visible;
      if (visible) shown++;
    }
    empty.hidden = shown > 0;
  }
}
