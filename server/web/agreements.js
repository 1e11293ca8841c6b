// The analysis view's agreement history of one province (one row per carrier) or one
// carrier (one row per province), from /api/agreements: each agreement a bar over its period
// or a mark at its signing date, renewals joined, and below the chart the same agreements as
// a list whose entries open onto the articles that report them.

import { el } from './dom.js';
import { carrierClass } from './stats_charts.js';
import { CARRIERS } from './state.js';
import { periodChart } from './charts.js';
import { downloadButtons } from './download.js';

/** Which history the state asks for: { province } or { carrier }, or null. */
export function agreementSubject(state) {
  if (state.ag_province) return { province: state.ag_province };
  if (state.ag_carrier) return { carrier: state.ag_carrier };
  if (state.province.length === 1) return { province: state.province[0] };
  if (state.carrier.length === 1) return { carrier: state.carrier[0] };
  return null;
}

/** The years an agreement covers: its period (from–to+1), else its signing date as a mark. */
export function agreementSpan(agreement) {
  const period = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(String(agreement.period || '').trim());
  if (period && Number(period[2]) >= Number(period[1])) return { from: Number(period[1]), to: Number(period[2]) + 1, mark: false };
  const signed = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(String(agreement.signed || ''));
  if (!signed) return null;
  // A year alone is marked mid-year, a month alone mid-month.
  const y = Number(signed[1]);
  const m = signed[2] ? Number(signed[2]) : 7;
  const d = signed[3] ? Number(signed[3]) : signed[2] ? 15 : 1;
  const at = y + (Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000 / 366;
  return { from: at, to: at, mark: true };
}

/** A date as precise as the API gives it. */
function dateText(date, a) {
  if (!date) return a.noDate;
  const depth = String(date).split('-').length;
  return a.bucket(date, depth === 3 ? 'day' : depth === 2 ? 'month' : 'year', true);
}

export function agreementsCsv(data) {
  return {
    header: ['province', 'carriers', 'signed', 'period', 'pillars', 'renews', 'renewed_by', 'articles'],
    rows: data.agreements.map((x) => [
      x.province,
      (x.carriers || []).join(';'),
      x.signed,
      x.period,
      (x.pillars || []).join(';'),
      Number.isInteger(x.renews) ? x.renews : '',
      Number.isInteger(x.renewed_by) ? x.renewed_by : '',
      (x.articles || []).map((article) => article.id).join(';'),
    ]),
  };
}

/** The chart's rows: carriers of a province (in the usual order), or provinces of a carrier. */
function chartRows(data, byProvince, a, carriersLabel) {
  const rows = new Map();
  data.agreements.forEach((x, i) => {
    const span = agreementSpan(x);
    if (!span) return;
    const keys = byProvince ? [x.province || '—'] : x.carriers?.length ? x.carriers : ['—'];
    for (const key of keys) {
      if (!rows.has(key)) rows.set(key, { label: key, cls: byProvince ? '' : carrierClass(key), items: [] });
      const label = a.agreementLabel(x.province, carriersLabel(x), x.signed ? dateText(x.signed, a) : '', x.period);
      rows.get(key).items.push({
        ...span,
        key: `${i}:${key}`,
        href: `#agreement-${i}`,
        index: i,
        cls: byProvince ? carrierClass(x.carriers?.[0] || '') : carrierClass(key),
        text: x.period || '',
        label,
        title: label, // shown on hover
      });
    }
  });
  const order = (label) => (byProvince ? 0 : CARRIERS.indexOf(label) < 0 ? CARRIERS.length : CARRIERS.indexOf(label));
  return [...rows.values()].sort((p, q) => order(p.label) - order(q.label) || p.label.localeCompare(q.label, 'vi'));
}

/** Renewals as links between the bars of the same row. */
function renewalLinks(data, rows) {
  const keys = new Set(rows.flatMap((r) => r.items.map((item) => item.key)));
  const links = [];
  data.agreements.forEach((x, i) => {
    if (!Number.isInteger(x.renews)) return;
    for (const row of rows) {
      const from = `${x.renews}:${row.label}`;
      const to = `${i}:${row.label}`;
      if (keys.has(from) && keys.has(to)) links.push({ from, to });
    }
  });
  return links;
}

/** Opens one agreement's entry in the list and puts the focus on it. */
function openAgreement(list, index) {
  const details = list.querySelector(`#agreement-${index} details`);
  if (!details) return;
  details.open = true;
  details.scrollIntoView({ block: 'nearest' });
  details.querySelector('summary').focus();
}

function agreementLink(list, index, text) {
  return el('a', {
    href: `#agreement-${index}`,
    class: 'renewal-link',
    text,
    onclick: (event) => {
      event.preventDefault();
      openAgreement(list, index);
    },
  });
}

function agreementEntry(x, i, { a, list, docLink, carriersLabel, data }) {
  const articles = Array.isArray(x.articles) ? x.articles : [];
  const other = (j) => data.agreements[j];
  const renewText = (j) => `${other(j).period || dateText(other(j).signed, a)} (${carriersLabel(other(j))})`;
  return el(
    'li',
    { id: `agreement-${i}`, class: 'agreement' },
    el(
      'details',
      {},
      el(
        'summary',
        {},
        el('span', { class: 'agreement-carriers', text: carriersLabel(x) }),
        el('span', { class: 'agreement-meta', text: ` · ${a.signed} ${dateText(x.signed, a)}${x.period ? ` · ${x.period}` : ''} · ${a.articles(articles.length)}` }),
      ),
      el(
        'div',
        { class: 'agreement-body' },
        x.pillars?.length ? el('p', {}, `${a.pillars}: `, x.pillars.join(', ')) : null,
        Number.isInteger(x.renews) && other(x.renews) ? el('p', {}, `${a.renews} `, agreementLink(list, x.renews, renewText(x.renews))) : null,
        Number.isInteger(x.renewed_by) && other(x.renewed_by) ? el('p', {}, `${a.renewedBy} `, agreementLink(list, x.renewed_by, renewText(x.renewed_by))) : null,
        el(
          'ul',
          { class: 'agreement-articles' },
          articles.map((article) =>
            el(
              'li',
              {},
              docLink(article.id, article.title || article.id),
              el('span', { class: 'muted', text: ` · ${dateText(article.published, a)}${article.source ? ` · ${article.source}` : ''}` }),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * Draws the history: the chart, the list, the downloads. `docLink(id, text)` makes a link
 * that opens a document in the page; `valueLabel` names pillars in the page's language.
 */
export function agreementsBody(data, subject, s, { width, docLink, pillarLabel }) {
  const a = s.an;
  const agreements = Array.isArray(data.agreements) ? data.agreements : [];
  if (!agreements.length) return [el('p', { class: 'empty-chart', text: a.agreementsNone })];
  const view = { ...data, agreements: agreements.map((x) => ({ ...x, pillars: (x.pillars || []).map(pillarLabel) })) };
  const carriersLabel = (x) => (x.carriers?.length ? x.carriers.join(', ') : '—');
  const list = el('ol', { class: 'agreement-list' });
  list.append(...view.agreements.map((x, i) => agreementEntry(x, i, { a, list, docLink, carriersLabel, data: view })));
  const rows = chartRows(view, Boolean(subject.carrier), a, carriersLabel);
  let chart = null;
  if (rows.length) {
    chart = periodChart({
      width,
      rows,
      links: renewalLinks(view, rows),
      labelledBy: 'agreements-title',
      formatYear: a.year,
      onItem: (item, event) => {
        event.preventDefault();
        openAgreement(list, item.index);
      },
    });
  }
  const name = `vnsearch-agreements-${String(subject.province || subject.carrier).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`;
  return [
    chart ? el('div', { class: 'chart-frame period-frame', id: 'agreements-chart' }, chart.root) : null,
    downloadButtons({ name, title: a.agreements, svgOf: () => chart?.root || null, csvOf: () => agreementsCsv(data), s: a }),
    list,
  ];
}

/** The selector of whose history to show: every province of the index, then the carriers. */
export function subjectPicker(state, s, provinces, navigate) {
  const a = s.an;
  const subject = agreementSubject(state);
  const chosen = subject ? (subject.province ? `province:${subject.province}` : `carrier:${subject.carrier}`) : '';
  const option = (kind, value) => el('option', { value: `${kind}:${value}`, selected: `${kind}:${value}` === chosen, text: value });
  const known = new Set(provinces);
  if (subject?.province && !known.has(subject.province)) provinces = [subject.province, ...provinces];
  return el(
    'label',
    { class: 'inline-select' },
    el('span', { text: a.agreementsOf }),
    el(
      'select',
      {
        id: 'agreements-subject',
        dataset: { focusKey: 'agreements-subject' },
        onchange: (event) => {
          const [kind, ...rest] = event.target.value.split(':');
          const value = rest.join(':') || null;
          navigate({ ag_province: kind === 'province' ? value : null, ag_carrier: kind === 'carrier' ? value : null }, { resetPage: false });
        },
      },
      el('option', { value: '', selected: !chosen, text: a.agreementsChoose }),
      el('optgroup', { label: a.provinces }, provinces.map((p) => option('province', p))),
      el('optgroup', { label: a.carriers }, CARRIERS.map((c) => option('carrier', c))),
    ),
  );
}
