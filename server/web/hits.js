// One entry of the results list: its title linking to the document view, date, province,
// kind, the words it lacks and its carriers and pillars. The document view draws its
// header with the same parts.

import { el, snippetNodes } from './dom.js';
import { valueLabel } from './facet_panel.js';
import { carrierClass } from './stats_charts.js';
import { page, hrefOf, navigate } from './page.js';

/** "Không có: ~~Viettel~~": the words of the query a result lacks. */
function missingLine(missing, s) {
  if (!Array.isArray(missing) || !missing.length) return null;
  const words = [];
  missing.forEach((word, i) => {
    if (i) words.push(' ');
    words.push(el('s', { text: word }));
  });
  return el('p', { class: 'missing' }, `${s.missing}: `, words);
}

export function formatDate(date, s) {
  if (!date) return s.noDate;
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date);
  if (!match) return date;
  const [, y, m, d] = match;
  if (!m) return y; // only the year is known
  if (page.state.lang === 'vi') return d ? `${d}/${m}/${y}` : `${m}/${y}`;
  return new Intl.DateTimeFormat('en-GB', {
    ...(d ? { day: 'numeric' } : {}),
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(y), Number(m) - 1, Number(d || 1))));
}

/** "Quảng Trị (trước đây: Quảng Bình)" as nodes. */
export function provinceNodes(hit, s) {
  if (!hit.province && !hit.former_province) return [el('span', { class: 'muted', text: s.noProvince })];
  const nodes = [el('span', { class: 'province', text: hit.province || hit.former_province })];
  if (hit.former_province && hit.former_province !== hit.province) {
    nodes.push(' ', el('span', { class: 'former', text: `(${s.formerly}: ${hit.former_province})` }));
  }
  return nodes;
}

export function chips(carriers, pillars, s) {
  const items = [
    ...(carriers || []).map((c) => el('li', { class: `chip carrier ${carrierClass(c)}`, text: c })),
    ...(pillars || []).map((p) => el('li', { class: 'chip pillar', text: valueLabel('pillar', p, s) })),
  ];
  return items.length ? el('ul', { class: 'chips' }, items) : null;
}

export function openDocument(id) {
  page.returnFocusTo = id;
  navigate({ doc: id }, { resetPage: false, historyState: { fromResults: true } });
}

export function drawHit(hit, s) {
  const titleId = `hit-${hit.id}`;
  const copies = Number(hit.copies) || 1;
  return el(
    'li',
    { class: 'hit' },
    el(
      'article',
      { 'aria-labelledby': titleId },
      el(
        'h3',
        { class: 'hit-title', id: titleId },
        el('a', {
          href: hrefOf({ ...page.state, doc: hit.id }),
          dataset: { doc: hit.id },
          text: hit.title || hit.id,
          onclick: (event) => {
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            openDocument(hit.id);
          },
        }),
      ),
      el(
        'p',
        { class: 'hit-meta' },
        el('time', { datetime: hit.published || undefined, text: formatDate(hit.published, s) }),
        el('span', { class: 'sep', 'aria-hidden': 'true', text: '·' }),
        provinceNodes(hit, s),
        hit.kind ? el('span', { class: `badge kind kind-${hit.kind}`, text: valueLabel('kind', hit.kind, s) }) : null,
        hit.corrected && hit.corrected.length
          ? el('span', { class: 'badge corrected', title: hit.corrected.join(', '), text: s.corrected })
          : null,
        copies > 1 ? el('span', { class: 'badge copies', title: s.copiesTitle(copies), text: s.copies(copies) }) : null,
      ),
      el('p', { class: 'snippet' }, snippetNodes(hit.snippet)),
      missingLine(hit.missing, s),
      chips(hit.carriers, hit.pillars, s),
    ),
  );
}
