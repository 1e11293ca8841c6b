// Unit tests of the search page's modules that need no browser: the permalink's analysis
// state, CSV cells, chart ticks and buckets, terms joining a query, agreements' spans, the
// timeline's data, and both languages' strings. Run: node --test tests/web/test_page_modules.mjs

import test from 'node:test';
import assert from 'node:assert/strict';
import { stateFromQuery, stateToQuery, emptyState, compareParams, analysisParams, apiRequest, MAX_COMPARE } from '../../server/web/state.js';
import { csvCell, csvText } from '../../server/web/download.js';
import { niceTicks, bucketOrdinal, dayNumber, tickIndices } from '../../server/web/charts.js';
import { addTerm, termsCsv } from '../../server/web/terms.js';
import { agreementSpan, agreementSubject } from '../../server/web/agreements.js';
import { timelineSeries, timelineCsv, bucketValue } from '../../server/web/timeline.js';
import { STRINGS } from '../../server/web/i18n.js';

test('the analysis view and its choices survive a permalink', () => {
  const query = 'q=VNPT&view=analysis&interval=year&measure=share&normalize=all&cmp=VNPT&cmp=Viettel+Gia+Lai&ag_province=Gia+Lai';
  const state = stateFromQuery(`?${query}`);
  assert.equal(state.view, 'analysis');
  assert.equal(state.interval, 'year');
  assert.equal(state.measure, 'share');
  assert.equal(state.normalize, 'all');
  assert.deepEqual(state.compare, ['VNPT', 'Viettel Gia Lai']);
  assert.equal(state.ag_province, 'Gia Lai');
  assert.equal(stateToQuery(state), query);
});

test('default analysis choices are left out of links and unknown ones fall back to them', () => {
  assert.equal(stateToQuery(emptyState('vi')), '');
  const state = stateFromQuery('?view=graph&interval=hour&measure=ratio&normalize=none');
  assert.deepEqual([state.view, state.interval, state.measure, state.normalize], ['results', 'month', 'count', 'filters']);
});

test('compared texts are trimmed, kept once and at most five', () => {
  const cmp = ['a', ' a ', 'b', '', 'c', 'd', 'e', 'f'].map((t) => `cmp=${encodeURIComponent(t)}`).join('&');
  assert.deepEqual(stateFromQuery(`?${cmp}`).compare, ['a', 'b', 'c', 'd', 'e']);
  assert.equal(MAX_COMPARE, 5);
});

test('a province of the history wins over a carrier', () => {
  const state = stateFromQuery('?ag_carrier=VNPT&ag_province=Gia+Lai');
  assert.equal(state.ag_carrier, null);
  assert.deepEqual(agreementSubject(state), { province: 'Gia Lai' });
  assert.deepEqual(agreementSubject(stateFromQuery('?province=Kon+Tum')), { province: 'Kon Tum' });
  assert.deepEqual(agreementSubject(stateFromQuery('?carrier=FPT')), { carrier: 'FPT' });
  assert.equal(agreementSubject(stateFromQuery('?province=A&province=B')), null);
});

test('the views ask with the search and filters but no paging, and compare each text as a q', () => {
  const state = stateFromQuery('?q=VNPT&province=Gia+Lai&sort=date_desc&page=3&exact=1');
  assert.equal(analysisParams(state, { interval: 'week' }).toString(), 'q=VNPT&province=Gia+Lai&exact=1&interval=week');
  assert.equal(compareParams(state, ['A', 'B']).toString(), 'province=Gia+Lai&q=A&q=B');
});

test('a view asks by GET, and by POST with a JSON body when a text is too long for a URL', () => {
  const state = stateFromQuery('?q=VNPT&province=Gia+Lai');
  const short = apiRequest('api/terms', analysisParams(state, { limit: 50 }));
  assert.equal(short.url, 'api/terms?q=VNPT&province=Gia+Lai&limit=50');
  assert.deepEqual(short.init, {});

  const long = 'VNPT OR '.repeat(130) + 'VNPT'; // over 1000 bytes
  const terms = apiRequest('api/terms', analysisParams({ ...state, q: long }, { limit: 50 }));
  assert.equal(terms.url, 'api/terms');
  assert.equal(terms.init.method, 'POST');
  assert.equal(terms.init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(terms.init.body), { q: long, province: ['Gia Lai'], limit: '50' });

  // A compared text too long makes the whole comparison a POST, its texts a list.
  const cmp = apiRequest('api/compare', compareParams(state, ['Viettel', long], { interval: 'year' }));
  assert.equal(cmp.url, 'api/compare');
  assert.deepEqual(JSON.parse(cmp.init.body), { province: ['Gia Lai'], q: ['Viettel', long], interval: 'year' });
  // Several bytes a letter count as bytes, as the server counts them.
  assert.equal(apiRequest('api/timeline', analysisParams({ ...state, q: 'đ'.repeat(501) })).init.method, 'POST');
  assert.deepEqual(apiRequest('api/timeline', analysisParams({ ...state, q: 'đ'.repeat(500) })).init, {});
});

test('the terms download says which are compound words', () => {
  const csv = termsCsv({
    terms: [
      { term: 'viettel', kind: 'word', count: 5, index_count: 7, score: 9.5 },
      { term: 'hạ tầng số', kind: 'compound', count: 3, index_count: 4, score: 6 },
      { term: 'trạm', count: 2, index_count: 9, score: 1 },
    ],
  });
  assert.deepEqual(csv.header, ['term', 'kind', 'count', 'index_count', 'score']);
  assert.deepEqual(csv.rows.map((r) => r[1]), ['word', 'compound', 'word']);
});

test('CSV cells disarm formulas and quote as RFC 4180 says', () => {
  assert.deepEqual(['=1+2', '+1', '-1', '@A1', '\tx'].map(csvCell), ["'=1+2", "'+1", "'-1", "'@A1", "'\tx"]);
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=a,b'), `"'=a,b"`);
  assert.equal(csvCell(0.075), '0.075');
  assert.equal(csvCell(null), '');
  assert.equal(csvText(['a', 'b'], [[1, 'x']]), '\ufeffa,b\r\n1,x\r\n');
});

test('axis ticks are round and reach the largest value', () => {
  assert.deepEqual(niceTicks(7, { whole: true }), [0, 2, 4, 6, 8]);
  assert.deepEqual(niceTicks(0.37), [0, 0.1, 0.2, 0.3, 0.4]);
  assert.deepEqual(niceTicks(0, { whole: true }), [0, 1]);
  assert.deepEqual(niceTicks(3, { whole: true }), [0, 1, 2, 3]);
});

test('week buckets are counted from Mondays', () => {
  assert.equal(new Date(dayNumber('2024-01-01') * 86_400_000).getUTCDay(), 1, '2024-01-01 is a Monday');
  const monday = bucketOrdinal('2024-01-01', 'week');
  assert.equal(bucketOrdinal('2024-01-07', 'week'), monday, 'the Sunday after is the same week');
  assert.equal(bucketOrdinal('2024-01-08', 'week'), monday + 1);
  assert.equal(bucketOrdinal('2023-12-31', 'week'), monday - 1);
  assert.equal(bucketOrdinal('2024-02-01', 'month') - bucketOrdinal('2023-12-01', 'month'), 2);
});

test('date labels never crowd: years of weeks are labelled by year, at the first week of each', () => {
  const weeks = [];
  for (let day = dayNumber('2019-01-07'); day < dayNumber('2024-12-30'); day += 7) weeks.push(new Date(day * 86_400_000).toISOString().slice(0, 10));
  const { picked, unit } = tickIndices(weeks, 'week', 600, 11);
  assert.equal(unit, 'year');
  assert.deepEqual(picked.map((i) => weeks[i].slice(0, 4)), ['2019', '2020', '2021', '2022', '2023', '2024']);
  for (const i of picked.slice(1)) assert.notEqual(weeks[i - 1].slice(0, 4), weeks[i].slice(0, 4), `${weeks[i]} is the first week of its year`);
  const months = ['2023-11-01', '2023-12-01', '2024-01-01', '2024-02-01'];
  assert.deepEqual(tickIndices(months, 'month', 600, 7), { picked: [0, 1, 2, 3], unit: null }, 'a few months are each labelled');
});

test('a term joins the query once, quoted when it has several words', () => {
  assert.equal(addTerm('VNPT', 'hạ tầng số'), 'VNPT "hạ tầng số"');
  assert.equal(addTerm('', 'Gia'), 'Gia');
  assert.equal(addTerm('VNPT Gia', 'Gia'), 'VNPT Gia');
  assert.equal(addTerm('"hạ tầng số"', 'hạ tầng số'), '"hạ tầng số"');
});

test('an agreement spans its period, or is a mark at its signing date', () => {
  assert.deepEqual(agreementSpan({ period: '2025-2030', signed: '2025-03-01' }), { from: 2025, to: 2031, mark: false });
  const mark = agreementSpan({ period: null, signed: '2023' });
  assert.ok(mark.mark && mark.from > 2023.4 && mark.from < 2023.6, 'a year alone is marked mid-year');
  assert.ok(agreementSpan({ signed: '2023-01-15' }).from < 2023.05);
  assert.equal(agreementSpan({ period: '', signed: '' }), null);
  assert.equal(agreementSpan({ period: '2030-2025', signed: null }), null, 'a backwards period is no span');
});

test('a timeline and a comparison are read into the same series', () => {
  const s = STRINGS.en;
  const buckets = [
    { start: '2024-01-01', count: 2, total: 10, share: 0.2 },
    { start: '2024-02-01', count: 0, total: 0, share: 0 },
  ];
  const one = timelineSeries({ q: 'VNPT', interval: 'month', total: 2, undated: 1, buckets }, ['VNPT'], s);
  assert.deepEqual(one.starts, ['2024-01-01', '2024-02-01']);
  assert.equal(one.series[0].undated, 1);
  assert.deepEqual(timelineCsv(one), {
    header: ['text', 'start', 'count', 'total', 'share'],
    rows: [
      ['VNPT', '2024-01-01', 2, 10, 0.2],
      ['VNPT', '2024-02-01', 0, 0, 0],
    ],
  });
  const two = timelineSeries({ interval: 'month', series: [{ q: 'A', buckets }, { q: 'B', buckets }], overlap: [{ a: 0, b: 1, shared: 1 }] }, ['A', 'B'], s);
  assert.deepEqual(two.series.map((x) => x.label), ['A', 'B']);
  assert.equal(two.overlap[0].shared, 1);
  assert.equal(timelineSeries({ interval: 'year', buckets }, [''], s).series[0].label, s.an.everything);
  assert.equal(bucketValue(buckets[0], 'share'), 0.2);
  assert.equal(bucketValue(buckets[0], 'count'), 2);
});

/** The keys of a strings table, nested ones as a.b. */
function keys(table, prefix = '') {
  return Object.entries(table).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}:${typeof value}`],
  );
}

test('Vietnamese and English have the same strings', () => {
  assert.deepEqual(keys(STRINGS.en).sort(), keys(STRINGS.vi).sort());
  for (const lang of ['vi', 'en']) {
    const a = STRINGS[lang].an;
    assert.match(a.bucket('2024-03-04', 'week', true), /2024/);
    assert.equal(a.bucket('2024-01-01', 'year'), '2024');
  }
  assert.equal(STRINGS.vi.an.bucket('2024-03-01', 'month', true), 'tháng 3/2024');
  assert.equal(STRINGS.en.an.bucket('2024-03-01', 'month', true), 'March 2024');
});
