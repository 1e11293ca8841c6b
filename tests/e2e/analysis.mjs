// Browser tests of the analysis view, run by run.mjs against the same server and browser.
// Every expectation is read from the API's own answers during the test.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

/** The query with a term added, as the page adds it (terms.js). */
function withTerm(q, term) {
  const piece = /\s/.test(term) ? `"${term.replace(/"/g, '')}"` : term;
  const words = q.trim().split(/\s+/);
  if (words.includes(piece) || q.includes(`"${term}"`)) return q.trim();
  return q.trim() ? `${q.trim()} ${piece}` : piece;
}

/** A CSV cell as the server's export and the page write it (formula prefix, RFC 4180). */
function csvValue(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
}

export function analysisTests(h) {
  const { openPage, go, settle, apiJSON, parseCsv, urlParams, QUERY, DESKTOP, PHONE } = h;

  /** Opens a page address and waits for the analysis view's three panels to be drawn. */
  async function openAnalysis(page, query) {
    await go(page, query);
    await page.waitForFunction(() =>
      ['timeline-body', 'terms-body', 'agreements-body'].every((id) => {
        const node = document.getElementById(id);
        return node.getAttribute('aria-busy') !== 'true' && node.firstElementChild && !node.querySelector('.loading-text');
      }),
    );
  }

  async function saveDownload(page, locator, name) {
    const [download] = await Promise.all([page.waitForEvent('download'), locator.click()]);
    const file = path.join(h.workDir(), name);
    await download.saveAs(file);
    return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
  }

  test('the analysis view opens from a pasted permalink as it was, and switches to share', async (t) => {
    const page = await openPage(t);
    const q = QUERY;
    await openAnalysis(page, `?q=${encodeURIComponent(q)}&view=analysis&interval=year`);
    assert.equal(await page.locator('#tab-analysis').getAttribute('aria-current'), 'page', 'the Analysis tab is the current one');
    assert.equal(await page.locator('#search-view').isHidden(), true, 'the results are out of the way');
    assert.equal(await page.locator('[data-interval="year"]').getAttribute('aria-pressed'), 'true', 'the interval of the link is chosen');
    assert.equal(await page.locator('[data-measure="count"]').getAttribute('aria-pressed'), 'true');

    const api = await apiJSON(`/api/timeline?q=${encodeURIComponent(q)}&interval=year&normalize=filters`);
    assert.ok(api.buckets.length > 0, 'the API has buckets for the query');
    const table = page.locator('#timeline-body .data-table');
    await table.locator('summary').click();
    await table.locator('tbody tr').first().waitFor();
    const cells = await table.locator('tbody td').allTextContents();
    assert.deepEqual(cells.map((c) => Number(c.replace(/\D/g, ''))), api.buckets.map((b) => b.count), 'the table holds the API counts');
    const years = await table.locator('tbody th').allTextContents();
    assert.deepEqual(years.map((y) => y.replace(/\D/g, '')), api.buckets.map((b) => b.start.slice(0, 4)), 'one row per year');

    // The keyboard reads the points: Home is the first bucket, End the last.
    const chart = page.locator('#timeline-chart');
    await chart.focus();
    await page.keyboard.press('Home');
    const tip = page.locator('#timeline-chart .chart-tip');
    assert.equal(await tip.isVisible(), true, 'a focused chart shows a value');
    assert.equal(await tip.getAttribute('data-index'), '0');
    assert.match(await tip.textContent(), new RegExp(`${api.buckets[0].start.slice(0, 4)}.*: ${api.buckets[0].count} bài`));
    await page.keyboard.press('End');
    const last = api.buckets.at(-1);
    assert.equal(await tip.getAttribute('data-index'), String(api.buckets.length - 1));
    assert.match(await page.locator('#timeline-live').textContent(), new RegExp(`${last.start.slice(0, 4)}.*: ${last.count} bài`), 'the value is announced');
    // And so does the pointer.
    await page.keyboard.press('Escape');
    const box = await page.locator('#timeline-chart svg').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    assert.equal(await tip.isVisible(), true, 'hovering the chart shows a value');

    await page.locator('[data-measure="share"]').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('measure') === 'share');
    assert.equal(await page.locator('[data-measure="share"]').getAttribute('aria-pressed'), 'true');
    const ticks = await page.locator('#timeline-chart .grid .tick').allTextContents();
    assert.ok(ticks.every((tick) => tick.endsWith('%')), `the axis is in percent: ${ticks.join(' ')}`);
    await openAnalysis(page, page.url().slice(page.url().indexOf('?')));
    assert.equal(await page.locator('[data-measure="share"]').getAttribute('aria-pressed'), 'true', 'the link keeps the share');
    assert.equal(urlParams(page).get('interval'), 'year');
  });

  test('a second text is compared, its overlap shown, and a text removed', async (t) => {
    const page = await openPage(t);
    await openAnalysis(page, `?q=VNPT&view=analysis&interval=year`);
    await page.locator('#compare-add').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('cmp').length === 1);
    assert.deepEqual(urlParams(page).getAll('cmp'), ['VNPT'], 'the search text is added with one click');
    await page.locator('#q').fill('Viettel');
    await page.locator('#compare-add').click();
    await page.waitForFunction(() => document.querySelectorAll('#timeline-chart svg > g.series').length === 2);
    assert.deepEqual(urlParams(page).getAll('cmp'), ['VNPT', 'Viettel']);
    const legend = await page.locator('#timeline-body .series-legend .legend-text').allTextContents();
    assert.deepEqual(legend, ['VNPT', 'Viettel'], 'each text has its line in the legend');

    const api = await apiJSON('/api/compare?q=VNPT&q=Viettel&interval=year&normalize=filters');
    assert.equal(api.series.length, 2);
    const pair = api.overlap.find((o) => o.a === 0 && o.b === 1);
    assert.ok(pair, 'the API gives the overlap of the two texts');
    assert.equal(Number(await page.locator('#timeline-body .overlap-table tbody tr td').first().textContent()), pair.shared, 'the overlap table shows the shared count');
    const colours = await page.locator('#timeline-chart svg > g.series').evaluateAll((gs) => gs.map((g) => getComputedStyle(g.querySelector('.line')).stroke));
    assert.equal(new Set(colours).size, colours.length, `the lines have distinct colours: ${colours.join(' ')}`);

    await page.locator('#timeline-compare button.remove').first().click();
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('cmp').length === 1);
    assert.deepEqual(urlParams(page).getAll('cmp'), ['Viettel'], 'removing a text leaves the other');
  });

  test('a top term clicked or chosen with Enter joins the query', async (t) => {
    const page = await openPage(t);
    await openAnalysis(page, `?q=${encodeURIComponent(QUERY)}&view=analysis`);
    const api = await apiJSON(`/api/terms?q=${encodeURIComponent(QUERY)}&limit=30`);
    assert.ok(api.terms.length >= 2, 'the API finds terms');
    const buttons = page.locator('#terms-body .term-button');
    assert.deepEqual(await buttons.evaluateAll((bs) => bs.map((b) => b.dataset.term)), api.terms.map((x) => x.term), 'the terms in the API order');

    const first = api.terms[0].term;
    await buttons.first().click();
    await settle(page);
    const q1 = withTerm(QUERY, first);
    assert.equal(urlParams(page).get('q'), q1, 'the term is added to the query');
    assert.equal(urlParams(page).get('view'), 'analysis', 'the view stays open');
    assert.equal(await page.locator('#q').inputValue(), q1, 'the search box shows the new query');

    await openAnalysis(page, page.url().slice(page.url().indexOf('?')));
    const next = await apiJSON(`/api/terms?q=${encodeURIComponent(q1)}&limit=30`);
    const other = next.terms.find((x) => !q1.includes(x.term));
    if (other) {
      await page.locator(`#terms-body .term-button[data-term="${other.term.replace(/"/g, '\\"')}"]`).focus();
      await page.keyboard.press('Enter');
      await settle(page);
      assert.equal(urlParams(page).get('q'), withTerm(q1, other.term), 'Enter on a term adds it too');
    }
  });

  test('a compound word is marked in the top terms and joins the query as a quoted phrase', async (t) => {
    const page = await openPage(t);
    const q = 'carrier:Viettel';
    await openAnalysis(page, `?q=${encodeURIComponent(q)}&view=analysis`);
    const api = await apiJSON(`/api/terms?q=${encodeURIComponent(q)}&limit=30`);
    const compound = api.terms.find((x) => x.kind === 'compound');
    assert.ok(compound, 'the API lists a compound word');
    const item = page.locator(`#terms-body li[data-kind="compound"]:has(.term-button[data-term="${compound.term}"])`);
    assert.equal(await item.count(), 1, 'its item says it is a compound');
    assert.equal(await page.locator('#terms-body li[data-kind="compound"]').count(), api.terms.filter((x) => x.kind === 'compound').length);
    await item.locator('.term-button').click();
    await settle(page);
    assert.equal(urlParams(page).get('q'), `${q} "${compound.term}"`, 'added in quotes');
  });

  test('a query too long for a URL is asked by POST, and the panels answer as for a short one', async (t) => {
    const page = await openPage(t);
    const posts = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
    });
    const long = Array.from({ length: 120 }, () => '(VNPT)').join(' OR ');
    assert.ok(new TextEncoder().encode(long).length > 1000);
    await openAnalysis(page, `?q=${encodeURIComponent(long)}&view=analysis&interval=year`);
    for (const path of ['/api/timeline', '/api/terms']) assert.ok(posts.includes(path), `${path} was POSTed`);
    const short = await apiJSON(`/api/terms?q=VNPT&limit=30`);
    const shown = await page.locator('#terms-body .term-button').evaluateAll((bs) => bs.map((b) => b.dataset.term));
    assert.deepEqual(shown, short.terms.map((x) => x.term), 'the terms of the same results');
    assert.equal(await page.locator('#terms-body .error-message, #timeline-body .error-message').count(), 0);
  });

  test('a chart downloads its data as CSV and its drawing as SVG', async (t) => {
    const page = await openPage(t, { downloads: true });
    await openAnalysis(page, `?q=${encodeURIComponent(QUERY)}&view=analysis&interval=year`);
    const api = await apiJSON(`/api/timeline?q=${encodeURIComponent(QUERY)}&interval=year&normalize=filters`);
    const csv = await saveDownload(page, page.locator('#timeline-body [data-download="csv"]'), 'timeline.csv');
    assert.equal(csv.name, 'vnsearch-timeline-year.csv');
    assert.equal(csv.text.charCodeAt(0), 0xfeff, 'a byte-order mark first, as the export writes');
    assert.ok(csv.text.includes('\r\n'), 'CRLF line ends');
    const rows = parseCsv(csv.text.slice(1)).filter((row) => row.length > 1);
    assert.deepEqual(rows[0], ['text', 'start', 'count', 'total', 'share']);
    assert.deepEqual(
      rows.slice(1),
      api.buckets.map((b) => [csvValue(QUERY), b.start, csvValue(b.count), csvValue(b.total), csvValue(b.share)]),
      'one row per bucket, as the API gave it',
    );

    const terms = await apiJSON(`/api/terms?q=${encodeURIComponent(QUERY)}&limit=30`);
    const termsCsv = await saveDownload(page, page.locator('#terms-body [data-download="csv"]'), 'terms.csv');
    assert.equal(termsCsv.name, 'vnsearch-terms.csv');
    const termRows = parseCsv(termsCsv.text.slice(1)).filter((row) => row.length > 1);
    assert.deepEqual(termRows[0], ['term', 'kind', 'count', 'index_count', 'score']);
    assert.deepEqual(termRows.slice(1), terms.terms.map((x) => [csvValue(x.term), x.kind, csvValue(x.count), csvValue(x.index_count), csvValue(x.score)]));

    const drawing = await saveDownload(page, page.locator('#timeline-body [data-download="svg"]'), 'timeline.svg');
    assert.equal(drawing.name, 'vnsearch-timeline-year.svg');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.querySelector('parsererror')?.textContent || null,
        name: root.localName,
        ns: root.namespaceURI,
        classes: doc.querySelectorAll('[class]').length,
        stroke: [...doc.querySelectorAll('path')].map((p) => p.getAttribute('stroke')).filter(Boolean),
        texts: [...doc.querySelectorAll('text')].map((x) => x.textContent),
      };
    }, drawing.text);
    assert.equal(parsed.error, null, 'the SVG file parses');
    assert.equal(parsed.name, 'svg');
    assert.equal(parsed.ns, 'http://www.w3.org/2000/svg');
    assert.equal(parsed.classes, 0, 'no style sheet is needed: no classes are left');
    assert.ok(parsed.stroke.some((colour) => /^rgb/.test(colour)), 'the line keeps its colour inline');
    assert.ok(parsed.texts.includes(QUERY), 'the series is named in the file');
    assert.ok(parsed.texts.some((x) => /^\d{4}$/.test(x)), 'the axis labels are in the file');

    // The cell rule itself, on the values a spreadsheet would run.
    const cells = await page.evaluate(async () => {
      const { csvCell } = await import('./download.js');
      return ['=1+2', '+1', '-1', '@SUM(A1)', 'a,b', 'say "hi"', 'line\nbreak', 'plain', 3].map(csvCell);
    });
    assert.deepEqual(cells, ["'=1+2", "'+1", "'-1", "'@SUM(A1)", '"a,b"', '"say ""hi"""', '"line\nbreak"', 'plain', '3']);
  });

  test('the agreement history draws each agreement and opens onto its articles', async (t) => {
    const page = await openPage(t);
    const facets = await apiJSON('/api/facets');
    let province = null;
    let history = null;
    for (const { value } of facets.facets.province.slice(0, 10)) {
      const answer = await apiJSON(`/api/agreements?province=${encodeURIComponent(value)}`);
      if (answer.agreements.some((x) => x.articles.length && (x.period || x.signed))) {
        province = value;
        history = answer;
        break;
      }
    }
    assert.ok(province, 'some province has a dated agreement');
    await openAnalysis(page, `?view=analysis&province=${encodeURIComponent(province)}`);
    const dated = history.agreements.filter((x) => /^\d{4}\s*[-–]\s*\d{4}$/.test(x.period || '') || /^\d{4}(-\d{2}){0,2}$/.test(x.signed || ''));
    const bars = page.locator('#agreements-chart a.period');
    assert.equal(await bars.count(), dated.reduce((n, x) => n + Math.max(1, x.carriers.length), 0), 'a bar or mark per agreement and carrier');
    assert.equal(await page.locator('#agreements-body li.agreement').count(), history.agreements.length, 'every agreement is listed');

    const index = history.agreements.findIndex((x) => x.articles.length && (x.period || x.signed));
    const bar = page.locator(`#agreements-chart a.period[href="#agreement-${index}"]`).first();
    await bar.focus();
    await page.keyboard.press('Enter');
    const entry = page.locator(`#agreement-${index} details`);
    assert.equal(await entry.evaluate((d) => d.open), true, 'the bar opens its agreement');
    await page.locator('#agreements-panel').screenshot({ path: path.join(h.OUT, 'analysis-agreements.png') });
    const cut = await page.locator('#agreements-chart .row-label').evaluateAll((texts) => texts.filter((x) => x.getBBox().x < 0).map((x) => x.textContent));
    assert.deepEqual(cut, [], 'every row name is inside the chart');
    const ids = await entry.locator('a[data-doc]').evaluateAll((links) => links.map((a) => a.dataset.doc));
    assert.deepEqual(ids, history.agreements[index].articles.map((a) => a.id), 'its articles are linked');

    const renewal = history.agreements.findIndex((x) => Number.isInteger(x.renews));
    if (renewal >= 0) {
      const link = page.locator(`#agreement-${renewal} .renewal-link`).first();
      assert.equal(await link.getAttribute('href'), `#agreement-${history.agreements[renewal].renews}`, 'a renewal links the agreement it renews');
    }

    await entry.locator('a[data-doc]').first().click();
    await page.locator('#doc-view h2.doc-title').waitFor();
    assert.equal(urlParams(page).get('doc'), ids[0]);
    await page.locator('#doc-view .back-link').click();
    await page.locator('#agreements-chart').waitFor();
    assert.equal(urlParams(page).get('view'), 'analysis', 'the way back returns to the analysis');

    await page.locator('#agreements-subject').selectOption('carrier:VNPT');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('ag_carrier') === 'VNPT');
    const byCarrier = await apiJSON('/api/agreements?carrier=VNPT');
    await page.waitForFunction((n) => document.querySelectorAll('#agreements-body li.agreement').length === n, byCarrier.agreements.length);
  });

  test('the hostile document runs nothing in the analysis view', async (t) => {
    const page = await openPage(t);
    const history = await apiJSON(`/api/agreements?province=${encodeURIComponent('Lạng Sơn')}`);
    const hostile = history.agreements.findIndex((x) => x.articles.some((a) => /<img/.test(a.title)));
    assert.ok(hostile >= 0, 'the hostile fixture is in Lạng Sơn\'s history');
    await openAnalysis(page, `?q=vnsearchxss&view=analysis&ag_province=${encodeURIComponent('Lạng Sơn')}`);
    await page.locator(`#agreement-${hostile} summary`).click();
    await page.waitForTimeout(300); // time for an injected image to fail and fire onerror
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'nothing ran');
    assert.equal(await page.locator('#analysis-view img, #analysis-view script, #analysis-view [onerror]').count(), 0, 'no markup reached the view');
    assert.match(await page.locator(`#agreement-${hostile} .agreement-articles`).textContent(), /<img src=x/, 'the title is shown as text');
  });

  test('a missing endpoint is said plainly, and the rest of the view works', async (t) => {
    const page = await openPage(t);
    await page.route('**/api/terms?*', (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: 'no such page or resource' } }) }),
    );
    await openAnalysis(page, `?q=${encodeURIComponent(QUERY)}&view=analysis&lang=en`);
    assert.match(await page.locator('#terms-body').textContent(), /does not offer \/api\/terms/);
    assert.equal(await page.locator('#timeline-title').textContent(), 'Articles over time', 'the view speaks English');
    assert.ok(await page.locator('#timeline-chart svg').isVisible(), 'the timeline is drawn all the same');
    const feed = await page.locator('#analysis-feed').getAttribute('href');
    const feedUrl = new URL(feed, page.url());
    assert.equal(feedUrl.searchParams.get('q'), QUERY, 'the feed link carries the search');
    assert.equal(await page.locator('#feed-link').getAttribute('href'), feed, 'the results link the same feed');
    const answer = await fetch(feedUrl);
    assert.equal(answer.status, 200, 'the feed answers');
    assert.match(answer.headers.get('content-type') || '', /atom\+xml/);
    assert.match(await answer.text(), /<feed[\s>]/, 'it is an Atom feed');
  });

  test('the analysis view at 1280 and 360 px (screenshots)', async (t) => {
    const query = `?q=VNPT&view=analysis&cmp=VNPT&cmp=Viettel&cmp=MobiFone&interval=year`;
    const desktop = await openPage(t, { viewport: DESKTOP });
    await openAnalysis(desktop, query);
    await desktop.screenshot({ path: path.join(h.OUT, 'analysis-desktop.png'), fullPage: true });

    const unlabelled = await desktop.evaluate(() => {
      const name = (node) =>
        node.getAttribute('aria-label') ||
        (node.getAttribute('aria-labelledby') || '').split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join('').trim() ||
        (node.id && document.querySelector(`label[for="${CSS.escape(node.id)}"]`)?.textContent.trim()) ||
        node.closest('label')?.textContent.trim() ||
        node.textContent.trim();
      return [...document.querySelectorAll('#analysis-view :is(input, select, button, a[href], [tabindex="0"])')]
        .filter((node) => node.getClientRects().length > 0 && !name(node))
        .map((node) => node.outerHTML.slice(0, 120));
    });
    assert.deepEqual(unlabelled, [], 'every control of the analysis view has an accessible name');

    const phone = await openPage(t, { viewport: PHONE });
    await openAnalysis(phone, query);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing is wider than the phone (${overflow}px too wide)`);
    const svgWidth = await phone.locator('#timeline-chart svg').evaluate((node) => node.getBoundingClientRect().width);
    assert.ok(svgWidth <= 360, `the chart fits the phone (${svgWidth}px)`);
    await phone.screenshot({ path: path.join(h.OUT, 'analysis-phone.png'), fullPage: true });

    // A carrier's history: a row per province, the longest names cut to fit.
    await openAnalysis(phone, '?view=analysis&ag_carrier=VNPT&measure=share');
    const wide = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `the agreement history fits the phone (${wide}px too wide)`);
    const labels = await phone.locator('#agreements-chart .row-label').evaluateAll((texts) => texts.map((x) => x.getBBox().x));
    assert.ok(labels.length > 0 && labels.every((x) => x >= 0), 'every row name is inside the chart');
    await phone.screenshot({ path: path.join(h.OUT, 'analysis-phone-history.png'), fullPage: true });
  });
}
