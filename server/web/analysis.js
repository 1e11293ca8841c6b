// The analysis view beside the results: the timeline (or a comparison of texts), the top
// terms and an agreement history, for the current search and filters. Its choices are part
// of the page state (state.js), so a permalink reopens it as it was. Each panel asks its own
// endpoint and says so plainly when the server does not offer it.

import { el, replaceChildren } from './dom.js';
import { getJSON, ApiError } from './api.js';
import { valueLabel } from './facet_panel.js';
import { analysisParams, apiRequest, compareParams, activeFilterCount } from './state.js';
import { timelineSeries, timelineControls, compareBox, timelineBody } from './timeline.js';
import { addTerm, termsBody } from './terms.js';
import { agreementSubject, agreementsBody, subjectPicker } from './agreements.js';

const TERMS_LIMIT = 30;
const MIN_WIDTH = 280;

/** One answer a panel draws, asked once per URL; a newer URL aborts the older request. */
class Resource {
  constructor() {
    this.url = null;
    this.data = null;
    this.error = null;
    this.controller = null;
  }

  has(url) {
    return this.url === url && (this.data !== null || this.error !== null);
  }

  /** Resolves true when the answer for `url` has just arrived (and should be drawn). */
  async load(url) {
    if (this.has(url)) return false;
    if (this.url === url && this.controller) return false; // already on its way
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    Object.assign(this, { url, data: null, error: null });
    try {
      // The URL names the answer; a query too long for it is POSTed (apiRequest).
      const [path, query] = url.split('?');
      const request = query === undefined ? { url, init: {} } : apiRequest(path, new URLSearchParams(query));
      const data = await getJSON(request.url, controller.signal, request.init);
      if (controller !== this.controller) return false;
      this.data = data;
    } catch (error) {
      if (error.name === 'AbortError' || controller !== this.controller) return false;
      this.error = error;
    }
    this.controller = null;
    return true;
  }
}

/** Redraws a part of the page and puts the focus back on the control that had it. */
function keepFocus(container, draw) {
  const focused = document.activeElement;
  const key = container.contains(focused) ? focused.dataset?.focusKey : null;
  draw();
  if (key) container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus({ preventScroll: true });
}

const $ = (id) => document.getElementById(id);

/** Marks a panel as no longer waiting for an answer. */
function settled(container) {
  container.classList.remove('is-loading');
  container.setAttribute('aria-busy', 'false');
  delete container.dataset.drawn;
}

export class AnalysisView {
  /**
   * @param {object} ctx
   * @param {() => object} ctx.state        the page state now
   * @param {() => object} ctx.strings      the interface strings now
   * @param {(changes: object, opts?: object) => void} ctx.navigate
   * @param {(state: object) => string} ctx.hrefOf
   * @param {(id: string) => void} ctx.openDocument
   * @param {HTMLInputElement} ctx.searchInput
   */
  constructor(ctx) {
    this.ctx = ctx;
    this.ui = {
      view: $('analysis-view'),
      tabs: $('view-tabs'),
      tabLinks: [...document.querySelectorAll('#view-tabs a[data-view]')],
      searchView: $('search-view'),
      feedLink: $('feed-link'),
      feedAlternate: $('feed-alternate'),
      heading: $('analysis-heading'),
      scope: $('analysis-scope'),
      feed: $('analysis-feed'),
      skip: document.querySelector('.skip-link'),
    };
    this.res = { timeline: new Resource(), terms: new Resource(), agreements: new Resource(), provinces: new Resource() };
    this.width = 0;
    for (const link of this.ui.tabLinks) {
      link.addEventListener('click', (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        ctx.navigate({ view: link.dataset.view }, { resetPage: false });
      });
    }
    // The compare box offers the search box's text: it follows what is typed.
    ctx.searchInput.addEventListener('input', () => {
      if (this.isOpen()) this.drawCompare(ctx.state(), ctx.strings());
    });
    // The charts are drawn at their box's width: draw them again when it changes.
    new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width);
      if (!width || width === this.width) return;
      const first = this.width === 0;
      this.width = width;
      if (!first && this.isOpen()) this.redrawCharts();
    }).observe(this.ui.view);
  }

  isOpen() {
    const state = this.ctx.state();
    return state.view === 'analysis' && !state.doc;
  }

  /** Called on every render of the page: the tabs, the feed links and, when open, the view. */
  update(state, { docOpen }) {
    const s = this.ctx.strings();
    const open = state.view === 'analysis' && !docOpen;
    this.ui.tabs.hidden = docOpen;
    this.ui.tabs.setAttribute('aria-label', s.an.tabsLabel);
    for (const link of this.ui.tabLinks) {
      link.href = this.ctx.hrefOf({ ...state, view: link.dataset.view, doc: null });
      if (link.dataset.view === state.view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    const feed = `api/feed?${analysisParams(state)}`;
    for (const link of [this.ui.feedLink, this.ui.feed]) {
      link.href = feed;
      link.title = s.an.feedTitle;
    }
    this.ui.feed.textContent = s.an.feed;
    this.ui.feedAlternate.href = feed;
    this.ui.view.hidden = !open;
    this.ui.skip.href = open ? '#analysis-heading' : '#results-heading';
    if (!open) return;
    document.title = `${s.an.heading} · ${document.title}`; // the page has just named the search
    this.draw(state, s);
  }

  draw(state, s) {
    const a = s.an;
    this.ui.heading.textContent = a.heading;
    this.ui.scope.textContent = a.scope(state.q.trim(), activeFilterCount(state));
    for (const id of ['timeline', 'terms', 'agreements']) {
      $(`${id}-title`).textContent = a[id];
      $(`${id}-note`).textContent = a[`${id}Note`];
    }
    this.drawTimeline(state, s);
    this.drawTerms(state, s);
    this.drawAgreements(state, s);
  }

  redrawCharts() {
    const state = this.ctx.state();
    const s = this.ctx.strings();
    this.drawTimeline(state, s);
    this.drawAgreements(state, s);
  }

  chartWidth(container) {
    return Math.max(MIN_WIDTH, Math.round(container.clientWidth) || 640);
  }

  /**
   * Draws a panel's answer into `container` with `fill(data)`, asking for it first when it
   * is not at hand; `again()` draws the panel anew when the answer arrives.
   */
  panel(name, url, container, fill, again, look = '') {
    const res = this.res[name];
    const s = this.ctx.strings();
    // Drawn already as it would be drawn now: left alone, so opened entries stay open.
    const drawn = `${url}\n${look}\n${s.an.heading}\n${this.chartWidth(container)}`;
    if (res.has(url) && !res.error && container.dataset.drawn === drawn) return;
    delete container.dataset.drawn;
    if (!res.has(url)) {
      container.classList.add('is-loading');
      container.setAttribute('aria-busy', 'true');
      // What was drawn stays, dimmed, until the answer replaces it: the page does not jump.
      if (!container.firstChild) container.replaceChildren(el('p', { class: 'loading-text', text: s.an.loading }));
      res.load(url).then((fresh) => {
        if (fresh && res.url === url && this.isOpen()) again();
      });
      return;
    }
    settled(container);
    keepFocus(container, () => {
      if (res.error) replaceChildren(container, this.failure(res, url, again, s));
      else replaceChildren(container, fill(res.data));
    });
    if (!res.error) container.dataset.drawn = drawn;
  }

  /** What a panel shows when its request failed: the server's message, or that it lacks the endpoint. */
  failure(res, url, again, s) {
    const a = s.an;
    const path = url.split('?')[0];
    const missing = res.error instanceof ApiError && res.error.status === 404 && res.error.code !== 'bad_parameter';
    const message = missing ? a.missingEndpoint(`/${path}`) : `${a.failed}: ${res.error.message || s.networkError}`;
    return el(
      'div',
      { class: `message ${missing ? 'unavailable' : 'error'}`, role: missing ? 'status' : 'alert' },
      el('p', { class: 'error-message', text: message }),
      missing
        ? null
        : el('button', {
            type: 'button',
            class: 'button small',
            text: a.retry,
            onclick: () => {
              res.url = null;
              again();
            },
          }),
    );
  }

  drawTimeline(state, s) {
    const controls = $('timeline-controls');
    const body = $('timeline-body');
    const navigate = this.ctx.navigate;
    keepFocus(controls, () => replaceChildren(controls, timelineControls(state, s, navigate)));
    this.drawCompare(state, s);
    const texts = state.compare.length ? state.compare : [state.q];
    const extra = { interval: state.interval, normalize: state.normalize };
    const url =
      texts.length >= 2
        ? `api/compare?${compareParams(state, texts, extra)}`
        : `api/timeline?${analysisParams({ ...state, q: texts[0] }, extra)}`;
    const again = () => this.drawTimeline(this.ctx.state(), this.ctx.strings());
    const fill = (data) => timelineBody(timelineSeries(data, texts, s), state, s, this.chartWidth(body));
    this.panel('timeline', url, body, fill, again, state.measure);
  }

  drawCompare(state, s) {
    const compare = $('timeline-compare');
    const searchText = () => this.ctx.searchInput.value;
    keepFocus(compare, () => replaceChildren(compare, compareBox(state, s, { navigate: this.ctx.navigate, searchText })));
  }

  drawTerms(state, s) {
    const body = $('terms-body');
    // Terms stand out of a part of the index: with no query and no filter there is none.
    if (!state.q.trim() && !activeFilterCount(state)) {
      settled(body);
      replaceChildren(body, el('p', { class: 'empty-chart', text: s.an.termsNeedSearch }));
      return;
    }
    const url = `api/terms?${analysisParams(state, { limit: TERMS_LIMIT })}`;
    const onTerm = (term) => {
      const q = addTerm(this.ctx.state().q, term);
      this.ctx.searchInput.value = q;
      this.ctx.navigate({ q, exact: false });
    };
    this.panel('terms', url, body, (data) => termsBody(data, s, onTerm), () => this.drawTerms(this.ctx.state(), this.ctx.strings()));
  }

  drawAgreements(state, s) {
    const controls = $('agreements-controls');
    const body = $('agreements-body');
    const again = () => this.drawAgreements(this.ctx.state(), this.ctx.strings());
    // The provinces to choose from: every one the index knows.
    if (!this.res.provinces.has('api/facets')) {
      this.res.provinces.load('api/facets').then((fresh) => {
        if (fresh && this.isOpen()) again();
      });
    }
    const provinces = (this.res.provinces.data?.facets?.province || []).map((p) => String(p.value)).sort((x, y) => x.localeCompare(y, 'vi'));
    keepFocus(controls, () => replaceChildren(controls, subjectPicker(state, s, provinces, this.ctx.navigate)));
    const subject = agreementSubject(state);
    if (!subject) {
      settled(body);
      replaceChildren(body, el('p', { class: 'empty-chart', text: s.an.agreementsPick }));
      return;
    }
    const url = `api/agreements?${new URLSearchParams(subject)}`;
    const docLink = (id, text) =>
      el('a', {
        href: this.ctx.hrefOf({ ...this.ctx.state(), doc: id }),
        dataset: { doc: id },
        text,
        onclick: (event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          this.ctx.openDocument(id);
        },
      });
    const pillarLabel = (p) => valueLabel('pillar', p, s);
    this.panel('agreements', url, body, (data) => agreementsBody(data, subject, s, { width: this.chartWidth(body), docLink, pillarLabel }), again);
  }
}
