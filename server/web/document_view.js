// The document view: one article's facts, with the sentences that decided a fact marked in
// its text on request ("Vì sao?"), and the way back to the results.

import { el, replaceChildren } from './dom.js';
import { getJSON, ApiError } from './api.js';
import { valueLabel } from './facet_panel.js';
import { ui, page, strings, hrefOf, navigate, errorMessage, pageTitle } from './page.js';
import { formatDate, provinceNodes, chips } from './hits.js';

export const docs = { id: null, data: null, error: null, controller: null, why: null, scrollToMark: false };

export async function loadDocument() {
  const id = page.state.doc;
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
  if (page.state.doc === id) {
    drawDocument();
    ui.docView.querySelector('h2')?.focus();
    window.scrollTo(0, 0);
  }
}

function backLink(s) {
  return el('a', {
    href: hrefOf({ ...page.state, doc: null }),
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
  page.returnFocusTo = page.state.doc;
  // Opened from the results: going back restores that entry (and its scroll position).
  if (history.state?.fromResults) history.back();
  else navigate({ doc: null }, { resetPage: false });
}

function fact(label, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return null;
  return [el('dt', { text: label }), el('dd', {}, value)];
}

function drawDocumentError(s) {
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
}

/** Where the article came from: a link when its URL is http(s), its site and path otherwise. */
function sourceNode(source) {
  if (source.url && /^https?:\/\//i.test(source.url)) {
    return el('a', { href: source.url, rel: 'noopener noreferrer', target: '_blank', text: source.site || source.url });
  }
  if (source.path || source.site) {
    return el('span', { class: 'path', text: [source.site, source.path].filter(Boolean).join(' · ') });
  }
  return null;
}

function signatoriesList(d) {
  return Array.isArray(d.signatories) && d.signatories.length
    ? el('ul', { class: 'signatories' }, d.signatories.map((p) => el('li', {}, el('strong', { text: p.name || '' }), p.title ? `, ${p.title}` : '')))
    : null;
}

/** The facts' list: each extracted fact with its correction badge and its "Vì sao?" button. */
function factList(d, s) {
  const evidence = Array.isArray(d.evidence) ? d.evidence : [];
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
  return el(
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
    fact(s.fact.signatories, signatoriesList(d)),
    fact(s.fact.source, sourceNode(d.source || {})),
    fact(s.fact.id, d.id),
  );
}

function drawDocument() {
  const s = strings();
  if (docs.error) {
    drawDocumentError(s);
    return;
  }
  const d = docs.data;
  if (!d) return;
  document.title = pageTitle(s, d.title || d.id);
  // The fact whose deciding sentences are marked in the text ("Vì sao?"), if any.
  const marked = (Array.isArray(d.evidence) ? d.evidence : []).filter((e) => e.fact === docs.why);
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
        factList(d, s),
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
