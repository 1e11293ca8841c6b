// The page's building blocks: DOM helpers, the search box with its suggestions, the facet
// panels and the two statistics views. Everything built here goes through textContent and
// attributes; snippetNodes is the one place where server HTML (the snippet) is parsed.

import { FACETS, PILLARS, CARRIERS, KINDS } from './state.js';

// ============================================================ DOM and text helpers

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Sets attributes and properties on a node; `text` becomes textContent, `on*` become listeners. */
function apply(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.setAttribute('class', value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Builds an HTML element: el('a', {href: '#', text: 'x'}) or el('p', {}, child, 'text'). */
export function el(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

/** Builds an SVG element the same way. */
export function svg(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** Replaces all children of a node. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** Lower case without diacritics, đ → d: how the page compares Vietnamese names. */
export function fold(text) {
  return String(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/**
 * Turns the server's snippet (escaped text with <mark> around matches) into DOM nodes.
 * The snippet is parsed inertly in a <template> (no scripts run, no images load) and only
 * its text and <mark> elements are copied over, so even a snippet the server failed to
 * escape cannot inject markup or attributes into the page.
 */
export function snippetNodes(html) {
  const template = document.createElement('template');
  template.innerHTML = String(html ?? '');
  const out = document.createDocumentFragment();
  const copy = (from, to) => {
    for (const child of from.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        to.append(document.createTextNode(child.data));
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const name = child.localName;
        if (name === 'script' || name === 'style' || name === 'template') continue;
        if (name === 'mark') copy(child, to.appendChild(document.createElement('mark')));
        else copy(child, to);
      }
    }
  };
  copy(template.content, out);
  return out;
}

/** Calls fn after `wait` ms of quiet; .cancel() drops a pending call. */
export function debounce(fn, wait) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/** An API error carrying the message from the server's JSON error body. */
export class ApiError extends Error {
  constructor(message, { status = 0, code = '' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * Fetches JSON from a URL relative to the page (a GET, or what `init` says). Rejects with
 * ApiError carrying the server's error message for non-2xx answers, and passes AbortError
 * through untouched.
 */
export async function getJSON(url, signal, init = {}) {
  let response;
  try {
    response = await fetch(url, { ...init, signal, headers: { Accept: 'application/json', ...init.headers } });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError('', { status: 0, code: 'network' });
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    body = null;
  }
  if (!response.ok) {
    const message = body?.error?.message || `HTTP ${response.status} ${response.statusText}`.trim();
    throw new ApiError(message, { status: response.status, code: body?.error?.code || '' });
  }
  if (body === null) throw new ApiError(`invalid JSON from ${url}`, { status: response.status, code: 'bad_json' });
  return body;
}

// ============================================================ search box
// The search box: an ARIA 1.2 combobox with a listbox of suggestions from /api/suggest.
// Suggestions are fetched as the reader types (debounced, the previous request aborted);
// Up/Down move through them, Enter picks one, Escape closes the list, Tab leaves it.

const DEBOUNCE_MS = 160;
const MIN_CHARS = 2;

/**
 * Puts a suggestion into the query: it replaces the trailing words the reader was typing
 * when they are the start of the suggestion ("viettel chuyen d" + "chuyển đổi số" gives
 * "viettel chuyển đổi số"), or the whole query otherwise.
 */
export function applySuggestion(query, suggestion) {
  const words = query.trimEnd().split(/\s+/).filter(Boolean);
  const target = fold(suggestion);
  for (let start = 0; start < words.length; start++) {
    const tail = fold(words.slice(start).join(' '));
    if (tail && target.startsWith(tail)) return [...words.slice(0, start), suggestion].join(' ');
  }
  return suggestion;
}

export class SearchBox {
  /**
   * @param {object} opts
   * @param {HTMLInputElement} opts.input
   * @param {HTMLUListElement} opts.list
   * @param {(q: string) => void} opts.onSubmit  called with the query to search for
   * @param {() => object} opts.strings           the current interface strings
   */
  constructor({ input, list, onSubmit, strings }) {
    this.input = input;
    this.list = list;
    this.onSubmit = onSubmit;
    this.strings = strings;
    this.items = [];
    this.active = -1;
    this.controller = null;
    this.cache = new Map();
    this.fetchLater = debounce(() => this.fetch(), DEBOUNCE_MS);

    input.addEventListener('input', () => this.onInput());
    input.addEventListener('keydown', (event) => this.onKeyDown(event));
    input.addEventListener('blur', () => this.close());
    // mousedown would blur the input before the click lands: keep the focus where it is.
    list.addEventListener('mousedown', (event) => event.preventDefault());
    list.addEventListener('click', (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  get isOpen() {
    return !this.list.hidden;
  }

  onInput() {
    const text = this.input.value;
    if (text.trim().length < MIN_CHARS) {
      this.fetchLater.cancel();
      this.controller?.abort();
      this.show([]);
      return;
    }
    const cached = this.cache.get(text);
    if (cached) {
      this.fetchLater.cancel();
      this.show(cached);
    } else {
      this.fetchLater();
    }
  }

  async fetch() {
    const text = this.input.value;
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    try {
      const data = await getJSON(`api/suggest?${new URLSearchParams({ q: text })}`, controller.signal);
      const items = Array.isArray(data.suggestions) ? data.suggestions.slice(0, 10) : [];
      this.cache.set(text, items);
      // Answers to an older text are dropped: the reader has typed on.
      if (controller === this.controller && this.input.value === text && document.activeElement === this.input) {
        this.show(items);
      }
    } catch (error) {
      if (error.name !== 'AbortError') this.show([]);
    }
  }

  show(items) {
    this.items = items;
    this.active = -1;
    this.render();
  }

  render() {
    const s = this.strings();
    this.list.setAttribute('aria-label', s.suggestionsLabel);
    this.list.replaceChildren(
      ...this.items.map((item, index) =>
        el(
          'li',
          {
            id: `suggestion-${index}`,
            role: 'option',
            class: 'suggestion',
            'aria-selected': index === this.active ? 'true' : 'false',
            dataset: { index: String(index) },
          },
          el('span', { class: 'suggestion-text', text: item.text }),
          el('span', { class: 'suggestion-kind', text: s.kind[item.kind] || item.kind || '' }),
        ),
      ),
    );
    const open = this.items.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open && this.active >= 0) {
      this.input.setAttribute('aria-activedescendant', `suggestion-${this.active}`);
      this.list.children[this.active]?.scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  move(delta) {
    if (!this.items.length) return;
    const n = this.items.length;
    this.active = this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
    this.render();
  }

  close() {
    this.fetchLater.cancel();
    this.controller?.abort();
    if (this.items.length) this.show([]);
  }

  choose(index) {
    const item = this.items[index];
    if (!item) return;
    // The server may spell out the whole query the suggestion stands for; else complete it here.
    this.input.value = typeof item.query === 'string' && item.query.trim() ? item.query : applySuggestion(this.input.value, item.text);
    this.close();
    this.onSubmit(this.input.value);
  }

  onKeyDown(event) {
    if (event.isComposing) return; // an input method is composing Vietnamese: leave its keys alone
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!this.isOpen && this.input.value.trim().length >= MIN_CHARS) this.fetch();
        else this.move(1);
        break;
      case 'ArrowUp':
        if (this.isOpen) {
          event.preventDefault();
          this.move(-1);
        }
        break;
      case 'Enter':
        if (this.isOpen && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        } else {
          this.close();
        }
        break;
      case 'Escape':
        if (this.isOpen) {
          // Close the list, but do not let the search field clear itself.
          event.preventDefault();
          this.close();
        }
        break;
      case 'Tab':
        this.close();
        break;
      default:
        break;
    }
  }
}

// ============================================================ facet panels
// The facet panels: one fieldset of checkboxes per facet, with the API's disjunctive counts
// beside each value, a clear button per facet and a filter box on the long lists.

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

// ============================================================ statistics
// The two statistics views for the current query and filters, built from one
// /api/search?per_page=1 answer per carrier (its facets.year and facets.province):
// a bar chart of agreements per year stacked by carrier (plain inline SVG) and a
// province × carrier table. Both are keyboard-operable and filter the search on click.

const DEFAULT_W = 640;
const VIEW_H = 230;
const MARGIN = { top: 22, right: 8, bottom: 30, left: 40 };

/** A CSS class for a carrier's colour (names are plain ASCII: VNPT, Viettel, ...). */
export const carrierClass = (carrier) => `c-${String(carrier).replace(/[^A-Za-z0-9]/g, '')}`;

function countsBy(perCarrier, facet) {
  const table = new Map(); // value -> Map(carrier -> count)
  for (const { carrier, data } of perCarrier) {
    for (const { value, count } of data?.facets?.[facet] || []) {
      if (!count) continue;
      const key = String(value);
      if (!table.has(key)) table.set(key, new Map());
      table.get(key).set(carrier, count);
    }
  }
  return table;
}

function niceStep(max) {
  const rough = Math.max(1, max) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) if (m * power >= rough) return Math.max(1, m * power);
  return 10 * power;
}

/** Activates an SVG or table control with Enter or Space, as a button would. */
function onActivate(node, action) {
  node.addEventListener('click', action);
  node.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      action();
    }
  });
}

/**
 * Draws the per-year bars. Years without agreements between the first and the last one
 * are drawn as empty slots, so the time axis stays regular.
 */
export function renderYearChart(container, legend, perCarrier, state, s, onYear) {
  // The drawing is as wide as its box, so its 12px labels stay 12px on any screen.
  const VIEW_W = Math.max(280, Math.round(container.clientWidth) || DEFAULT_W);
  const byYear = countsBy(perCarrier, 'year');
  const years = [...byYear.keys()].map(Number).filter(Number.isFinite);
  const carrierFilter = new Set(state.carrier);
  const yearFilter = new Set(state.year.map(String));

  legend.replaceChildren(
    ...CARRIERS.map((carrier) =>
      el(
        'li',
        { class: carrierFilter.size && !carrierFilter.has(carrier) ? 'dimmed' : '' },
        el('span', { class: `swatch ${carrierClass(carrier)}`, 'aria-hidden': 'true' }),
        carrier,
      ),
    ),
  );

  if (!years.length) {
    container.replaceChildren(el('p', { class: 'empty-chart', text: s.chartEmpty }));
    return;
  }
  const first = Math.min(...years);
  const last = Math.max(...years);
  const slots = [];
  for (let y = first; y <= last; y++) slots.push(String(y));

  const totals = slots.map((y) => [...(byYear.get(y)?.values() || [])].reduce((a, b) => a + b, 0));
  const step = niceStep(Math.max(...totals));
  const top = Math.max(step, Math.ceil(Math.max(...totals) / step) * step);
  const plotW = VIEW_W - MARGIN.left - MARGIN.right;
  const plotH = VIEW_H - MARGIN.top - MARGIN.bottom;
  const slotW = plotW / slots.length;
  const barW = Math.min(46, slotW * 0.68);
  const yOf = (v) => MARGIN.top + plotH - (v / top) * plotH;
  const labelEvery = slots.length > 14 ? Math.ceil(slots.length / 10) : 1;

  const root = svg('svg', {
    viewBox: `0 0 ${VIEW_W} ${VIEW_H}`,
    class: 'year-chart',
    role: 'group',
    'aria-labelledby': 'year-chart-title',
    preserveAspectRatio: 'xMidYMid meet',
  });

  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (let v = 0; v <= top; v += step) {
    const y = yOf(v);
    grid.append(
      svg('line', { x1: MARGIN.left, x2: VIEW_W - MARGIN.right, y1: y, y2: y }),
      svg('text', { x: MARGIN.left - 6, y: y + 4, 'text-anchor': 'end', text: v }),
    );
  }
  root.append(grid);

  slots.forEach((year, i) => {
    const perYear = byYear.get(year) || new Map();
    const total = totals[i];
    const cx = MARGIN.left + slotW * i + slotW / 2;
    const selected = yearFilter.has(year);
    const parts = CARRIERS.filter((c) => perYear.get(c)).map((c) => `${c} ${perYear.get(c)}`).join(', ') || '0';
    const group = svg('g', {
      class: `bar${selected ? ' selected' : ''}${yearFilter.size && !selected ? ' dimmed' : ''}`,
      dataset: { year },
      role: 'button',
      tabindex: total ? 0 : -1,
      'aria-pressed': selected ? 'true' : 'false',
      'aria-label': s.chartBar(year, total, parts),
    });
    // A transparent full-height target: thin bars are hard to hit otherwise.
    group.append(svg('rect', { class: 'hit', x: cx - slotW / 2 + 1, y: MARGIN.top - 16, width: slotW - 2, height: plotH + 16, rx: 4 }));
    let base = 0;
    for (const carrier of CARRIERS) {
      const n = perYear.get(carrier) || 0;
      if (!n) continue;
      const y0 = yOf(base);
      const y1 = yOf(base + n);
      const dim = carrierFilter.size && !carrierFilter.has(carrier);
      group.append(
        svg('rect', {
          class: `seg ${carrierClass(carrier)}${dim ? ' dimmed' : ''}`,
          x: cx - barW / 2,
          y: y1,
          width: barW,
          height: Math.max(0, y0 - y1 - 1),
        }),
      );
      base += n;
    }
    // Year first, then total: the label the group is named with reads the same way.
    if (i % labelEvery === 0 || selected) {
      group.append(svg('text', { class: 'year', x: cx, y: VIEW_H - 10, 'text-anchor': 'middle', text: year }));
    }
    if (total) group.append(svg('text', { class: 'total', x: cx, y: yOf(total) - 5, 'text-anchor': 'middle', text: ` ${total}` }));
    if (total) onActivate(group, () => onYear(year));
    root.append(group);
  });

  root.append(
    svg('line', {
      class: 'axis',
      x1: MARGIN.left,
      x2: VIEW_W - MARGIN.right,
      y1: yOf(0),
      y2: yOf(0),
      'aria-hidden': 'true',
    }),
  );
  container.replaceChildren(root);
}

/** Draws the province × carrier table, provinces with the most agreements first. */
export function renderMatrix(container, perCarrier, state, s, onCell) {
  const byProvince = countsBy(perCarrier, 'province');
  const provinceFilter = new Set(state.province);
  const carrierFilter = new Set(state.carrier);
  // Chosen provinces first (the table, like the facets, also shows what adding another would give).
  const rows = [...byProvince.entries()]
    .map(([province, counts]) => ({ province, counts, sum: [...counts.values()].reduce((a, b) => a + b, 0) }))
    .sort(
      (a, b) =>
        provinceFilter.has(b.province) - provinceFilter.has(a.province) ||
        b.sum - a.sum ||
        a.province.localeCompare(b.province, 'vi'),
    );
  if (!rows.length) {
    container.replaceChildren(el('p', { class: 'empty-chart', text: s.chartEmpty }));
    return;
  }
  const max = Math.max(...rows.flatMap((r) => [...r.counts.values()]));

  const head = el(
    'tr',
    {},
    el('th', { scope: 'col', text: s.tableProvince }),
    CARRIERS.map((c) => el('th', { scope: 'col', class: `${carrierClass(c)}${carrierFilter.has(c) ? ' selected' : ''}`, text: c })),
  );
  const body = rows.map(({ province, counts }) =>
    el(
      'tr',
      { class: provinceFilter.has(province) ? 'selected' : '' },
      el('th', { scope: 'row', text: province }),
      CARRIERS.map((carrier) => {
        const n = counts.get(carrier) || 0;
        if (!n) return el('td', { class: 'zero' }, el('span', { 'aria-hidden': 'true', text: '·' }), el('span', { class: 'visually-hidden', text: '0' }));
        // Five shades of one calm blue; the darkest still keeps dark text at AA contrast.
        const level = Math.min(4, Math.floor((n / max) * 4.999));
        const selected = provinceFilter.has(province) && carrierFilter.has(carrier);
        const button = el('button', {
          type: 'button',
          class: `cell level-${level}${selected ? ' selected' : ''}`,
          dataset: { province, carrier },
          'aria-label': s.tableCell(province, carrier, n),
          'aria-pressed': selected ? 'true' : 'false',
          text: n,
        });
        button.addEventListener('click', () => onCell(province, carrier));
        return el('td', {}, button);
      }),
    ),
  );
  container.replaceChildren(
    el(
      'table',
      { class: 'matrix', 'aria-labelledby': 'matrix-title' },
      el('thead', {}, head),
      el('tbody', {}, body),
    ),
  );
}
