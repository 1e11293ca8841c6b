// The analysis view's top terms: the words and compound words the results hold far more
// often than the index does (/api/terms), each a button that adds it to the query (a compound
// as a quoted phrase), its score a bar.

import { el } from './dom.js';
import { barChart } from './charts.js';
import { downloadButtons, offscreen } from './download.js';

/** The query with `term` added: quoted when it has several words, not added twice. */
export function addTerm(q, term) {
  const text = String(term).trim();
  const piece = /\s/.test(text) ? `"${text.replace(/"/g, '')}"` : text;
  const current = String(q).trim();
  if (!current) return piece;
  if (current.split(/\s+/).includes(piece) || current.includes(`"${text}"`)) return current;
  return `${current} ${piece}`;
}

export function termsCsv(data) {
  return {
    header: ['term', 'kind', 'count', 'index_count', 'score'],
    rows: data.terms.map((t) => [t.term, t.kind || 'word', t.count, t.index_count, t.score]),
  };
}

/** The downloadable drawing of the terms: bars as long as their scores. */
function termsSvg(data, s) {
  const a = s.an;
  return barChart({
    title: a.terms,
    rows: data.terms.map((t) => ({ label: t.term, value: Math.max(0, Number(t.score) || 0), note: `${(Number(t.score) || 0).toFixed(1)} · ${a.termCounts(t.count, t.index_count)}` })),
  });
}

/** A score's bar, as wide as its share of the best score (set through CSSOM: the page's CSP forbids style attributes). */
function bar(fraction) {
  const node = el('span', { class: 'term-bar' });
  node.style.width = `${Math.max(2, Math.max(0, fraction) * 100).toFixed(1)}%`;
  return node;
}

/** Draws the terms list; `onTerm(term)` searches with the term added. */
export function termsBody(data, s, onTerm) {
  const a = s.an;
  const terms = Array.isArray(data.terms) ? data.terms : [];
  if (!terms.length) return [el('p', { class: 'empty-chart', text: a.empty })];
  const max = Math.max(...terms.map((t) => Number(t.score) || 0)) || 1;
  const list = el(
    'ol',
    { class: 'terms', 'aria-describedby': 'terms-note' },
    terms.map((t, i) => {
      const score = Number(t.score) || 0;
      const compound = t.kind === 'compound';
      return el(
        'li',
        { class: compound ? 'term term-compound' : 'term', dataset: { kind: compound ? 'compound' : 'word' } },
        el(
          'button',
          {
            type: 'button',
            class: 'term-button',
            dataset: { term: t.term, focusKey: `term:${i}` },
            'aria-label': a.termAdd(t.term, t.count, t.index_count),
            onclick: () => onTerm(t.term),
          },
          el('span', { class: 'term-text', text: t.term }),
          compound ? el('span', { class: 'term-kind', text: a.compound }) : null,
        ),
        el('span', { class: 'term-counts', title: a.termsHeader.counts, text: a.termCounts(t.count, t.index_count) }),
        el(
          'span',
          { class: 'term-score', title: `${a.termsHeader.score}: ${score.toFixed(1)}` },
          bar(score / max),
          el('span', { class: 'term-score-value', text: score.toFixed(1) }),
        ),
      );
    }),
  );
  return [
    el(
      'div',
      { class: 'terms-head', 'aria-hidden': 'true' },
      el('span', { text: a.termsHeader.term }),
      el('span', { text: a.termsHeader.counts }),
      el('span', { text: a.termsHeader.score }),
    ),
    list,
    data.sample !== undefined ? el('p', { class: 'note', text: a.termsSample(Number(data.sample) || 0, Number(data.total) || 0) }) : null,
    downloadButtons({
      name: 'vnsearch-terms',
      title: a.terms,
      // Drawn when asked for: the list on the page is HTML, the file a bar chart.
      svgOf: () => offscreen(termsSvg({ terms }, s)),
      csvOf: () => termsCsv({ terms }),
      s: a,
    }),
  ];
}
