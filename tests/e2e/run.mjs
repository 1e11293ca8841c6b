// End-to-end tests of the search page in a real browser (Debian's chromium through
// playwright-core) against the real vnsearch-server, on an index built for the run from
// the sample corpus plus tests/e2e/fixtures/ (one hostile document, and two articles that
// name their source, by a field and by their URL's host, for the source facet). The
// analysis view's tests are in analysis.mjs and run here, on the same server and browser.
//
//   VNSEARCH_SERVER   the vnsearch-server binary
//   VNSEARCH_INDEXER  the vnsearch-index binary
//   VNSEARCH_CORPUS   the folder of sample articles (corpus/articles)
//   VNSEARCH_E2E_OUT  where the screenshots go
//
// Run: tests/e2e/ensure-deps.sh && node --test tests/e2e/run.mjs  (ctest -L e2e does both
// once the test is registered and the dependencies installed).

import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { analysisTests } from './analysis.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

function setting(name, fallback) {
  const value = process.env[name] || fallback;
  if (!value) throw new Error(`${name} is not set`);
  return path.resolve(value);
}
const SERVER = setting('VNSEARCH_SERVER', path.join(repo, 'build/server/vnsearch-server'));
const INDEXER = setting('VNSEARCH_INDEXER', path.join(repo, 'build/indexer/vnsearch-index'));
const CORPUS = setting('VNSEARCH_CORPUS', path.join(repo, 'corpus/articles'));
const OUT = setting('VNSEARCH_E2E_OUT', path.join(repo, 'build/e2e-screenshots'));
const FIXTURES = path.join(here, 'fixtures');

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
const QUERY = 'chuyen doi so';

let workDir;
let serverProcess;
let serverLog = '';
let base;
let browser;

// ---------------------------------------------------------------- the server

function mustBeExecutable(file, what) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new Error(`${what} not found or not executable: ${file}`);
  }
}

function buildIndex(db) {
  const run = spawnSync(INDEXER, ['--db', db, CORPUS, FIXTURES], { encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw new Error(`vnsearch-index could not run: ${run.error.message}`);
  if (run.status !== 0) {
    throw new Error(`vnsearch-index exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
  }
}

/** Starts the server on a free port and resolves with its base URL (its first stdout line). */
function startServer(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(SERVER, ['--db', db, '--host', '127.0.0.1', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serverProcess = child;
    const timer = setTimeout(() => reject(new Error(`the server printed no port in 30 s:\n${serverLog}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      serverLog += chunk;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`the server could not start: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited early (${code ?? signal}):\n${serverLog}`));
    });
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      serverLog += `${line}\n`;
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    });
  });
}

async function waitForHealth(url) {
  const deadline = Date.now() + 20_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) {
        const body = await response.json();
        if (body.status === 'ok') return;
        last = JSON.stringify(body);
      } else {
        last = `HTTP ${response.status}`;
      }
    } catch (error) {
      last = error.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`/healthz did not answer ok within 20 s (last: ${last})`);
}

function stopServer() {
  const child = serverProcess;
  serverProcess = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// A crash of the runner must not leave the server behind.
process.on('exit', () => {
  if (serverProcess && serverProcess.exitCode === null) serverProcess.kill('SIGKILL');
});

before(async () => {
  mustBeExecutable(SERVER, 'VNSEARCH_SERVER');
  mustBeExecutable(INDEXER, 'VNSEARCH_INDEXER');
  if (!fs.statSync(CORPUS, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`VNSEARCH_CORPUS is not a folder: ${CORPUS}`);
  fs.mkdirSync(OUT, { recursive: true });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vnsearch-e2e-'));
  const db = path.join(workDir, 'index');
  buildIndex(db);
  base = await startServer(db);
  serverProcess.removeAllListeners('exit');
  await waitForHealth(base);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close().catch(() => {});
  await stopServer();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- page helpers

/** A fresh browser context (own storage and history) and a page that fails the test on script errors. */
async function openPage(t, { viewport = DESKTOP, downloads = false } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: downloads, locale: 'vi-VN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'the page raised no script errors');
  });
  return page;
}

/** Waits until no search or statistics request is pending and the result count is drawn. */
async function settle(page) {
  await page.waitForFunction(() => {
    const loading = document.getElementById('loading');
    const stats = document.getElementById('stats');
    const count = document.getElementById('result-count');
    const status = document.getElementById('status');
    const searchDone = loading.hidden && (count.textContent.trim() !== '' || status.textContent.trim() !== '');
    const statsDone = !stats.open || (!stats.classList.contains('is-loading') && document.querySelector('#year-chart > *'));
    return searchDone && statsDone;
  });
}

async function go(page, query = '') {
  await page.goto(`${base}/${query}`);
  await settle(page);
}

/** The total the page shows in its result count ("1.234 kết quả" or "1,234 results"). */
async function shownTotal(page) {
  const text = await page.locator('#result-count').textContent();
  const match = /(\d[\d.,]*)/.exec(text);
  assert.ok(match, `the result count shows a number: "${text}"`);
  return Number(match[1].replace(/[.,]/g, ''));
}

/** The values of a facet panel as the page shows them: [{value, count, checked}]. */
function facetValues(page, facet) {
  return page.locator(`fieldset[data-facet="${facet}"] li.facet-value`).evaluateAll((items) =>
    items.map((li) => ({
      value: li.querySelector('input').value,
      count: Number(li.querySelector('.facet-count').textContent.replace(/[.,]/g, '')),
      checked: li.querySelector('input').checked,
    })),
  );
}

function checkbox(page, facet, value) {
  return page.locator(`fieldset[data-facet="${facet}"] input[type="checkbox"][value="${value.replace(/"/g, '\\"')}"]`);
}

function urlParams(page) {
  return new URL(page.url()).searchParams;
}

async function apiJSON(pathAndQuery) {
  const response = await fetch(`${base}${pathAndQuery}`);
  assert.equal(response.status, 200, `GET ${pathAndQuery} answers 200`);
  return response.json();
}

/** Parses RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------- tests

test('an unaccented query picks a suggestion with the keyboard and shows highlighted results', async (t) => {
  const page = await openPage(t);
  await go(page);
  const input = page.locator('#q');
  await input.click();
  await input.pressSequentially(QUERY, { delay: 30 });

  const options = page.locator('#suggestions [role="option"]');
  await options.first().waitFor({ state: 'visible' });
  assert.equal(await input.getAttribute('aria-expanded'), 'true', 'the combobox says its list is open');

  await page.keyboard.press('ArrowDown');
  const first = options.first();
  assert.equal(await first.getAttribute('aria-selected'), 'true', 'ArrowDown selects the first suggestion');
  assert.equal(await input.getAttribute('aria-activedescendant'), await first.getAttribute('id'));
  // Walk down to "chuyển đổi số" when it is offered (the first suggestion otherwise).
  const texts = (await options.locator('.suggestion-text').allTextContents()).map((x) => x.trim());
  const wanted = Math.max(0, texts.indexOf('chuyển đổi số'));
  for (let i = 0; i < wanted; i++) await page.keyboard.press('ArrowDown');
  const active = options.nth(wanted);
  assert.equal(await active.getAttribute('aria-selected'), 'true', 'the arrow keys move the selection');
  assert.equal(await input.getAttribute('aria-activedescendant'), await active.getAttribute('id'));
  assert.equal(await page.locator('#suggestions [role="option"][aria-selected="true"]').count(), 1, 'one option is selected');
  const chosen = texts[wanted];

  await page.keyboard.press('Enter');
  await settle(page);
  assert.equal(await page.locator('#suggestions').isHidden(), true, 'the list closes after Enter');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  const q = urlParams(page).get('q');
  assert.ok(q && q.includes(chosen), `the URL holds the chosen suggestion (q=${q}, chose ${chosen})`);
  assert.equal(await input.inputValue(), q);

  assert.ok((await shownTotal(page)) > 0, 'the suggestion finds articles');
  const marks = page.locator('#results .snippet mark');
  assert.ok((await marks.count()) > 0, 'snippets highlight the matched words with <mark>');

  // Escape closes the list and keeps what was typed.
  await input.fill('');
  await input.pressSequentially('chuyen d', { delay: 30 });
  await options.first().waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#suggestions').isHidden(), true, 'Escape closes the suggestions');
  assert.equal(await input.inputValue(), 'chuyen d', 'Escape keeps the typed text');
});

test('ticking two provinces adds their counts, changes the URL and survives reload and back', async (t) => {
  const page = await openPage(t);
  await go(page, `?q=${encodeURIComponent(QUERY)}`);
  const provinces = (await facetValues(page, 'province')).filter((p) => p.count > 0);
  assert.ok(provinces.length >= 2, 'the province facet lists at least two provinces');
  const [a, b] = provinces;

  await checkbox(page, 'province', a.value).check();
  await settle(page);
  assert.deepEqual(urlParams(page).getAll('province'), [a.value], 'the URL holds the first province');
  const totalA = await shownTotal(page);

  await checkbox(page, 'province', b.value).check();
  await settle(page);
  assert.deepEqual(urlParams(page).getAll('province'), [a.value, b.value], 'the URL holds both provinces');

  const shown = await facetValues(page, 'province');
  const countOf = (value) => shown.find((p) => p.value === value)?.count;
  assert.equal(countOf(a.value), totalA, `the count beside ${a.value} is the total when it alone is ticked`);
  const total = await shownTotal(page);
  assert.equal(total, countOf(a.value) + countOf(b.value), `the total is the sum of the counts beside ${a.value} and ${b.value}`);
  assert.equal(await checkbox(page, 'province', a.value).isChecked(), true);
  assert.equal(await checkbox(page, 'province', b.value).isChecked(), true);
  const url = page.url();

  await page.reload();
  await settle(page);
  assert.equal(page.url(), url, 'reload keeps the URL');
  assert.equal(await page.locator('#q').inputValue(), QUERY, 'reload restores the query');
  assert.equal(await checkbox(page, 'province', a.value).isChecked(), true, 'reload restores the first province');
  assert.equal(await checkbox(page, 'province', b.value).isChecked(), true, 'reload restores the second province');
  assert.equal(await shownTotal(page), total, 'reload restores the total');

  await page.goBack();
  await settle(page);
  assert.deepEqual(urlParams(page).getAll('province'), [a.value], 'back returns to one province');
  assert.equal(await checkbox(page, 'province', a.value).isChecked(), true);
  assert.equal(await checkbox(page, 'province', b.value).isChecked(), false, 'back unticks the second province');
  assert.equal(await shownTotal(page), totalA, 'back restores the previous total');

  // Clear-one, then clear-all.
  await page.locator('fieldset[data-facet="province"] .clear-facet').click();
  await settle(page);
  assert.deepEqual(urlParams(page).getAll('province'), [], 'clearing the facet unticks it');
  await checkbox(page, 'carrier', 'VNPT').check();
  await settle(page);
  await page.locator('#clear-all').click();
  await settle(page);
  assert.equal(urlParams(page).getAll('carrier').length, 0, 'clear-all removes every filter');
  assert.equal(urlParams(page).get('q'), QUERY, 'clear-all keeps the query');
});

test('a bar of the year chart and a cell of the province × carrier table filter the results', async (t) => {
  const page = await openPage(t);
  await go(page, `?q=${encodeURIComponent(QUERY)}`);
  assert.equal(await page.locator('#stats').evaluate((d) => d.open), true, 'the statistics are open on a desktop');

  const bars = await page.locator('#year-chart g.bar').evaluateAll((gs) =>
    gs.map((g) => ({ year: g.dataset.year, total: Number(g.querySelector('.total')?.textContent || 0) })),
  );
  assert.ok(bars.length > 0, 'the chart has bars');
  const biggest = bars.reduce((x, y) => (y.total > x.total ? y : x));
  const yearCount = (await facetValues(page, 'year')).find((y) => y.value === biggest.year)?.count;
  assert.ok(yearCount > 0, `the year facet lists ${biggest.year}`);

  await page.locator(`#year-chart g.bar[data-year="${biggest.year}"]`).click();
  await settle(page);
  assert.deepEqual(urlParams(page).getAll('year'), [biggest.year], 'the bar puts its year in the URL');
  assert.equal(await checkbox(page, 'year', biggest.year).isChecked(), true, 'the bar ticks its year');
  assert.equal(await shownTotal(page), yearCount, 'the total is the count of that year');
  assert.equal(await page.locator(`#year-chart g.bar[data-year="${biggest.year}"]`).getAttribute('aria-pressed'), 'true');

  const cell = page.locator('#matrix button.cell').first();
  await cell.waitFor();
  const province = await cell.getAttribute('data-province');
  const carrier = await cell.getAttribute('data-carrier');
  const cellCount = Number(await cell.textContent());
  await cell.click();
  await settle(page);
  assert.deepEqual(urlParams(page).getAll('province'), [province], 'the cell puts its province in the URL');
  assert.deepEqual(urlParams(page).getAll('carrier'), [carrier], 'the cell puts its carrier in the URL');
  assert.equal(await checkbox(page, 'province', province).isChecked(), true, `the cell ticks ${province}`);
  assert.equal(await checkbox(page, 'carrier', carrier).isChecked(), true, `the cell ticks ${carrier}`);
  assert.equal(await checkbox(page, 'year', biggest.year).isChecked(), true, 'the year filter stays');
  assert.equal(await shownTotal(page), cellCount, 'the total is the count in the cell');

  // Keyboard: a focused bar answers Enter.
  const barsNow = await page.locator('#year-chart g.bar').evaluateAll((gs) =>
    gs.map((g) => ({ year: g.dataset.year, total: Number(g.querySelector('.total')?.textContent || 0) })),
  );
  const other = barsNow.find((b) => b.year !== biggest.year && b.total > 0);
  if (other) {
    await page.locator(`#year-chart g.bar[data-year="${other.year}"]`).focus();
    await page.keyboard.press('Enter');
    await settle(page);
    assert.deepEqual(urlParams(page).getAll('year'), [other.year], 'Enter on a focused bar filters on its year');
  }
});

test('a document opens with its facts and the way back keeps the search state', async (t) => {
  const page = await openPage(t);
  await go(page, `?q=${encodeURIComponent(QUERY)}&carrier=VNPT&sort=date_desc&page=2`);
  const searchUrl = page.url();
  const link = page.locator('#results .hit-title a').first();
  const id = await link.getAttribute('data-doc');
  const title = (await link.textContent()).trim();
  const record = await apiJSON(`/api/documents/${encodeURIComponent(id)}`);

  await link.click();
  await page.locator('#doc-view h2.doc-title').waitFor();
  assert.equal(urlParams(page).get('doc'), id, 'the URL names the open document');
  assert.equal(urlParams(page).get('page'), '2', 'the URL keeps the page');
  assert.equal((await page.locator('#doc-view h2.doc-title').textContent()).trim(), record.title || title);
  assert.equal(await page.locator('#search-view').isHidden(), true, 'the results are out of the way');
  assert.ok((await page.locator('#doc-view .doc-facts dt').count()) >= 3, 'the extracted facts are listed');
  const firstWords = record.text.trim().split(/\s+/).slice(0, 4).join(' ');
  assert.ok((await page.locator('#doc-view .doc-text').textContent()).replace(/\s+/g, ' ').includes(firstWords), 'the full text is shown');

  await page.locator('#doc-view .back-link').click();
  await settle(page);
  assert.equal(page.url(), searchUrl, 'the way back returns to the same search');
  assert.equal(await page.locator('#doc-view').isHidden(), true);
  assert.equal(await checkbox(page, 'carrier', 'VNPT').isChecked(), true, 'the filter is still ticked');
  assert.equal(await page.locator('#pagination a[aria-current="page"]').textContent(), '2', 'still on page 2');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.doc), id, 'focus returns to the link that opened the document');

  // The browser's back button and a pasted URL work too.
  await link.click();
  await page.locator('#doc-view h2.doc-title').waitFor();
  await page.goBack();
  await settle(page);
  assert.equal(page.url(), searchUrl, 'Back leaves the document');
  await page.goto(`${searchUrl}&doc=${encodeURIComponent(id)}`);
  await page.locator('#doc-view h2.doc-title').waitFor();
  await page.locator('#doc-view .back-link').click();
  await settle(page);
  assert.equal(page.url(), searchUrl, 'a pasted document URL leads back to its search');
});

test('the kind of story filters the results, and a fact shows the sentence that decided it', async (t) => {
  const page = await openPage(t);
  await go(page, `?q=${encodeURIComponent(QUERY)}`);
  const all = await shownTotal(page);
  await checkbox(page, 'kind', 'agreement').check();
  await settle(page);
  assert.deepEqual(urlParams(page).getAll('kind'), ['agreement'], 'the URL holds the filter');
  const agreements = await shownTotal(page);
  assert.ok(agreements > 0 && agreements < all, 'fewer results than without the filter');
  const badges = await page.locator('#results .hit .badge.kind').allTextContents();
  assert.ok(badges.length > 0 && badges.every((b) => b === badges[0]), 'every hit shows the same kind');

  const link = page.locator('#results .hit-title a').first();
  const id = await link.getAttribute('data-doc');
  const record = await apiJSON(`/api/documents/${encodeURIComponent(id)}`);
  const cited = record.evidence.find((e) => e.fact === 'province');
  assert.ok(cited, 'the record cites the sentence that decided its province');
  await link.click();
  await page.locator('#doc-view h2.doc-title').waitFor();
  assert.equal(await page.locator('#doc-view mark.evidence').count(), 0, 'nothing is marked before asking');
  const why = page.locator('#doc-view .doc-facts dd', { hasText: record.province }).locator('button.why').first();
  await why.click();
  assert.equal(await why.getAttribute('aria-pressed'), 'true');
  const mark = page.locator('#doc-view mark.evidence').first();
  await mark.waitFor();
  const sentence = Buffer.from(record.text, 'utf8').subarray(cited.begin, cited.end).toString('utf8');
  assert.equal((await mark.textContent()).trim(), sentence.split('\n')[0].trim(), 'the deciding sentence is marked');
  await why.click();
  assert.equal(await page.locator('#doc-view mark.evidence').count(), 0, 'a second click takes the mark away');
});

test('the hostile document runs nothing when searched, shown and opened', async (t) => {
  const page = await openPage(t);
  // The server's side of the contract: snippets are escaped text with <mark> only.
  const api = await apiJSON('/api/search?q=vnsearchxss');
  assert.ok(api.total >= 1, 'the fixture is indexed and found');
  for (const hit of api.hits) {
    const tags = hit.snippet.match(/<\/?[a-z][^>]*>/gi) || [];
    assert.deepEqual(tags.filter((tag) => !/^<\/?mark>$/i.test(tag)), [], `the snippet of ${hit.id} holds no markup but <mark>`);
  }

  await go(page, '?q=vnsearchxss');
  const hit = page.locator('#results li.hit').first();
  await hit.waitFor();
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'nothing ran while showing the results');
  assert.equal(await page.locator('#results script, #results img, #results [onerror]').count(), 0, 'no markup from the document reached the results');
  // Where the server passes the markup on as text, the page shows it as text.
  const shownId = await hit.locator('.hit-title a').getAttribute('data-doc');
  const apiHit = api.hits.find((h) => h.id === shownId);
  if (apiHit && (/</.test(apiHit.title) || /&lt;(script|img)/.test(apiHit.snippet))) {
    assert.match((await hit.textContent()) || '', /<script>|<img/, 'the hostile markup is shown as text');
  }

  await hit.locator('.hit-title a').click();
  await page.locator('#doc-view h2.doc-title').waitFor();
  await page.waitForTimeout(300); // give an injected image time to fail and fire onerror
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'nothing ran while showing the document');
  assert.equal(await page.locator('#doc-view script, #doc-view img, #doc-view [onerror]').count(), 0);
  assert.ok((await page.locator('#doc-view .doc-text').textContent()).includes('<script>window.__xss = 1</script>'), 'the document shows the script as text');

  await page.locator('#doc-view .back-link').click();
  await settle(page);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
});

test('export downloads a CSV with one data row per result shown', async (t) => {
  const page = await openPage(t, { downloads: true });
  await go(page, `?q=${encodeURIComponent(QUERY)}&carrier=VNPT&carrier=Viettel`);
  const total = await shownTotal(page);
  assert.ok(total > 10, 'the export covers more than one page of results');

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  assert.match(download.suggestedFilename(), /\.csv$/, 'the file is named .csv');
  const file = path.join(workDir, 'export.csv');
  await download.saveAs(file);
  let text = fs.readFileSync(file, 'utf8');
  assert.equal(text.charCodeAt(0), 0xfeff, 'the CSV starts with a byte-order mark');
  text = text.slice(1);
  const rows = parseCsv(text).filter((row) => row.length > 1 || row[0] !== '');
  const header = ['id', 'title', 'published', 'signed', 'year', 'kind', 'province', 'former_province', 'carriers', 'pillars', 'period', 'corrected', 'url'];
  assert.deepEqual(rows[0], header);
  assert.equal(rows.length - 1, total, 'one data row per result');
  const carriers = header.indexOf('carriers');
  for (const row of rows.slice(1)) assert.match(row[carriers], /VNPT|Viettel/, `row ${row[0]} has one of the chosen carriers`);

  const [jsonl] = await Promise.all([page.waitForEvent('download'), page.locator('#export-jsonl').click()]);
  const lines = fs
    .readFileSync(await jsonl.path(), 'utf8')
    .split('\n')
    .filter((line) => line.trim());
  assert.equal(lines.length, total, 'one JSON line per result');
  lines.forEach((line) => JSON.parse(line));
});

test('the interface switches to English and remembers it', async (t) => {
  const page = await openPage(t);
  await go(page, `?q=${encodeURIComponent(QUERY)}`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  assert.ok((await page.locator('#results .chip.pillar').allTextContents()).some((c) => /số$/.test(c)), 'pillars are in Vietnamese');

  await page.locator('#lang-switch').click();
  await settle(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(urlParams(page).get('lang'), 'en', 'the URL holds lang=en');
  assert.match(await page.locator('#result-count').textContent(), /results? for/);
  const pillars = await page.locator('#results .chip.pillar').allTextContents();
  assert.ok(pillars.every((c) => /^Digital /.test(c)), `pillars are in English: ${pillars.join(', ')}`);

  await go(page, `?q=${encodeURIComponent(QUERY)}`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the choice is remembered without lang in the URL');
  await page.locator('#lang-switch').click();
  await settle(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
});

test('loading, empty and error states are shown', async (t) => {
  const page = await openPage(t);
  await go(page, '?q=zzqqxxyy');
  assert.equal(await shownTotal(page), 0);
  assert.ok(await page.locator('#status .message.empty').isVisible(), 'an empty result says so');

  // While an answer is on its way the page says so (the answer is held back here).
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  await page.route('**/api/search?*', async (route) => {
    if (route.request().url().includes('per_page=10')) await held;
    return route.continue();
  });
  await page.locator('#q').fill(QUERY);
  await page.locator('#search-button').click();
  assert.equal(await page.locator('#loading').isVisible(), true, 'a loading bar shows');
  assert.equal(await page.locator('#results').getAttribute('aria-busy'), 'true', 'the results say they are busy');
  release();
  await settle(page);
  assert.equal(await page.locator('#loading').isVisible(), false, 'the loading bar goes away');
  assert.ok((await shownTotal(page)) > 0);
  await page.unroute('**/api/search?*');

  // An error from the API: its JSON message is shown.
  await page.route('**/api/search?*', (route) => {
    if (!route.request().url().includes('per_page=10')) return route.continue();
    return route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'bad_parameter', message: "parameter 'q' is broken (test)" } }),
    });
  });
  await go(page, `?q=${encodeURIComponent(QUERY)}`);
  assert.equal(await page.locator('#status [role="alert"] .error-message').textContent(), "parameter 'q' is broken (test)");
  await page.unroute('**/api/search?*');

  // A real 400 from the server is shown the same way.
  await page.route('**/api/search?*', (route) => {
    const url = new URL(route.request().url());
    if (url.searchParams.get('per_page') === '10') url.searchParams.set('per_page', '100000');
    return route.continue({ url: url.toString() });
  });
  await go(page, `?q=${encodeURIComponent(QUERY)}&page=3`);
  const message = await page.locator('#status [role="alert"] .error-message').textContent();
  assert.match(message, /per_page/, `the server's message names the parameter: ${message}`);
});

test('every control is labelled and the landmarks are there', async (t) => {
  const page = await openPage(t);
  await go(page, `?q=${encodeURIComponent(QUERY)}`);
  const unlabelled = await page.evaluate(() => {
    const name = (node) =>
      node.getAttribute('aria-label') ||
      (node.getAttribute('aria-labelledby') || '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent || '')
        .join('')
        .trim() ||
      (node.id && document.querySelector(`label[for="${CSS.escape(node.id)}"]`)?.textContent.trim()) ||
      node.closest('label')?.textContent.trim() ||
      (node.matches('button, a') ? node.textContent.trim() : '');
    return [...document.querySelectorAll('input, select, button, a[href], [role="button"]')]
      .filter((node) => node.getClientRects().length > 0 && !name(node))
      .map((node) => node.outerHTML.slice(0, 120));
  });
  assert.deepEqual(unlabelled, [], 'every visible control has an accessible name');
  for (const landmark of ['header', 'main', 'aside', 'footer', '[role="search"]']) {
    assert.equal(await page.locator(landmark).count(), 1, `one ${landmark}`);
  }
  assert.equal(await page.locator('#result-count').getAttribute('aria-live'), 'polite');
});

test('desktop and phone layouts (screenshots)', async (t) => {
  const desktop = await openPage(t);
  await go(desktop, `?q=${encodeURIComponent(QUERY)}&province=${encodeURIComponent('Lâm Đồng')}&province=${encodeURIComponent('Vĩnh Long')}`);
  await desktop.screenshot({ path: path.join(OUT, 'desktop.png') });
  await desktop.screenshot({ path: path.join(OUT, 'desktop-full.png'), fullPage: true });
  await desktop.locator('#results .hit-title a').first().click();
  await desktop.locator('#doc-view h2.doc-title').waitFor();
  await desktop.screenshot({ path: path.join(OUT, 'desktop-document.png') });

  const phone = await openPage(t, { viewport: PHONE });
  await go(phone, `?q=${encodeURIComponent(QUERY)}&carrier=Viettel`);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `nothing is wider than the phone (${overflow}px too wide)`);
  assert.equal(await phone.locator('#filters').isHidden(), true, 'the facets are collapsed on a phone');
  const toggle = phone.locator('#filters-toggle');
  assert.match(await toggle.textContent(), /^Bộ lọc/);
  await phone.screenshot({ path: path.join(OUT, 'phone.png') });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await phone.locator('#filters').isVisible(), true, 'the button shows the facets');
  await phone.screenshot({ path: path.join(OUT, 'phone-filters.png') });
  await phone.locator('#filters-close').click();
  await phone.locator('#results .hit-title a').first().click();
  await phone.locator('#doc-view h2.doc-title').waitFor();
  const docOverflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(docOverflow <= 0, `the document fits the phone (${docOverflow}px too wide)`);
  await phone.screenshot({ path: path.join(OUT, 'phone-document.png') });
});

test('a query one carrier too many shows what each result lacks', async (t) => {
  const page = await openPage(t);
  await go(page, `?q=${encodeURIComponent('Kon Tum MobiFone VNPT')}`);
  const note = page.locator('#relaxed-note');
  assert.equal(await note.isVisible(), true, 'the page says no article holds every word');
  assert.match(await note.textContent(), /Không bài nào có đủ mọi từ/);
  const first = page.locator('#results .hit').first();
  assert.equal(await first.locator('.hit-title a').getAttribute('data-doc'), 'a071', 'the Kon Tum-MobiFone agreement comes first');
  assert.equal((await first.locator('.missing').textContent()).trim(), 'Không có: VNPT');
  assert.deepEqual(await first.locator('.missing s').allTextContents(), ['VNPT'], 'the word it lacks is struck through');
  // The statistics count what the list shows.
  const api = await apiJSON(`/api/search?q=${encodeURIComponent('Kon Tum MobiFone VNPT')}&per_page=1`);
  assert.equal(await shownTotal(page), api.total);
  const bars = await page.locator('#year-chart [data-year]').count();
  assert.ok(bars >= 1, 'the year chart shows the relaxed results');

  // A query whose words are all found says nothing of the kind.
  await go(page, `?q=${encodeURIComponent(QUERY)}`);
  assert.equal(await page.locator('#relaxed-note').isHidden(), true);
  assert.equal(await page.locator('#results .missing').count(), 0);
});

test('a mistyped carrier is searched corrected, with a link that searches it as typed', async (t) => {
  const page = await openPage(t);
  await go(page, `?q=${encodeURIComponent('VNTP Gia Lai')}`);
  const corrected = page.locator('#corrected');
  assert.equal(await corrected.isVisible(), true, 'the correction is shown');
  assert.equal(await corrected.locator('strong').textContent(), 'VNPT Gia Lai');
  assert.match(await corrected.textContent(), /^Hiển thị kết quả cho VNPT Gia Lai · Tìm chính xác VNTP Gia Lai$/);
  assert.equal(await page.locator('#results .hit .hit-title a').first().getAttribute('data-doc'), 'a105');

  await corrected.locator('a.exact-link').click();
  await settle(page);
  assert.equal(urlParams(page).get('exact'), '1', 'the URL asks for the query as typed');
  assert.equal(urlParams(page).get('q'), 'VNTP Gia Lai');
  assert.equal(await page.locator('#corrected').isHidden(), true, 'no correction is shown');
  const missing = await page.locator('#results .missing s').allTextContents();
  assert.ok(missing.length > 0 && missing.every((w) => w === 'VNTP'), `the results lack VNTP: ${missing.join(', ')}`);
  await page.reload();
  await settle(page);
  assert.equal(await page.locator('#corrected').isHidden(), true, 'a reload keeps searching as typed');

  // Typing a new query searches it corrected again.
  await page.locator('#q').fill('Viettle Dak Lak');
  await page.locator('#search-button').click();
  await settle(page);
  assert.equal(urlParams(page).get('exact'), null);
  assert.equal(await page.locator('#corrected strong').textContent(), 'Viettel Dak Lak');
  assert.match(await page.locator('#did-you-mean').textContent(), /Viettel Đắk Lắk/, 'did you mean writes the name as it is written');
});

test('a query too long for a URL is POSTed, kept in the permalink and exported', async (t) => {
  const page = await openPage(t, { downloads: true });
  await go(page);
  const topics = ['chuyển đổi số', 'hạ tầng số', 'chính quyền số', 'kinh tế số', 'xã hội số', 'công dân số', 'dịch vụ công trực tuyến',
    'trung tâm điều hành thông minh', 'điện toán đám mây', 'trung tâm dữ liệu', 'an toàn thông tin', 'thanh toán không dùng tiền mặt',
    'thương mại điện tử', 'kỹ năng số', 'giáo dục thông minh', 'y tế số', 'du lịch thông minh', 'nông nghiệp thông minh', 'đô thị thông minh',
    'cáp quang', 'phủ sóng 5G', 'trí tuệ nhân tạo', 'chữ ký số', 'hóa đơn điện tử', 'cơ sở dữ liệu', 'nền tảng số',
    'ứng dụng công nghệ thông tin', 'hạ tầng viễn thông', 'chính phủ số', 'chính quyền điện tử', 'bệnh án điện tử', 'học bạ điện tử',
    'camera giám sát', 'giám sát an ninh mạng', 'hệ thống thông tin', 'phần mềm quản lý', 'số hóa', 'dữ liệu dân cư',
    'cổng dịch vụ công', 'hội nghị trực tuyến', 'Internet băng rộng', 'mạng 4G', 'trạm phát sóng', 'vùng lõm sóng',
    'sàn thương mại điện tử', 'ví điện tử', 'đào tạo nhân lực số', 'chương trình hợp tác'];
  const q = `(Kontum OR "Kon Tum") (MobiFone OR "Tổng công ty Viễn thông MobiFone") (${topics.map((x) => `"${x}"`).join(' OR ')}) -"xổ số" -"cá cược"`;
  assert.ok(new TextEncoder().encode(q).length > 1000, 'longer than a GET may carry');
  assert.ok(new URLSearchParams({ q }).toString().length > 2000, 'longer than a page address holds in its query');
  const posted = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/search')) posted.push(request.method());
  });
  await page.locator('#q').fill(q);
  await page.locator('#search-button').click();
  await settle(page);
  assert.ok(posted.includes('POST') && !posted.includes('GET'), `searches went by POST: ${posted.join(', ')}`);
  assert.equal(await page.locator('#results .hit .hit-title a').first().getAttribute('data-doc'), 'a071');
  const url = new URL(page.url());
  assert.equal(url.search, '', 'the state left the query string');
  assert.ok(url.hash.startsWith('#q='), 'the state is in the fragment');
  const total = await shownTotal(page);

  // The permalink restores it.
  const again = await openPage(t);
  await again.goto(page.url());
  await settle(again);
  assert.equal(await again.locator('#q').inputValue(), q);
  assert.equal(await shownTotal(again), total);

  // Export goes by POST too.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-jsonl').click()]);
  const lines = fs.readFileSync(await download.path(), 'utf8').split('\n').filter((line) => line.trim());
  assert.equal(lines.length, total, 'one JSON line per result');
});

test('the source of the articles filters like a carrier', async (t) => {
  const api = await apiJSON(`/api/search?q=${encodeURIComponent(QUERY)}&per_page=1`);
  if (!('source' in api.facets)) {
    t.skip('this server reports no source facet');
    return;
  }
  const page = await openPage(t);
  await go(page, `?q=${encodeURIComponent(QUERY)}`);
  const sources = (await facetValues(page, 'source')).filter((x) => x.count > 0);
  assert.deepEqual(sources.map((x) => x.value), api.facets.source.filter((x) => x.count > 0).map((x) => String(x.value)), 'the panel lists the API\'s sources');
  const [first] = sources;
  await checkbox(page, 'source', first.value).check();
  await settle(page);
  assert.deepEqual(urlParams(page).getAll('source'), [first.value], 'the URL holds the source');
  assert.equal(await shownTotal(page), first.count, 'the total is the count beside the source');
  await page.reload();
  await settle(page);
  assert.equal(await checkbox(page, 'source', first.value).isChecked(), true, 'a reload keeps it');
});

analysisTests({ openPage, go, settle, apiJSON, parseCsv, urlParams, QUERY, DESKTOP, PHONE, OUT, workDir: () => workDir });
