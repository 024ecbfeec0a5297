// The console as a person uses it, in Debian's headless Chromium driven by
// playwright-core: a real `casebook serve` on a temporary data directory of
// demo cases; search, filter by a facet, open a case and its similar panel,
// add a reply, see a refusal next to the field it names, see the queue
// change, the statistics' charts, the new-proposal check, the print view,
// and a server with keys. Screenshots go to $CASEBOOK_SHOT_DIR.
//
// Run by ctest (ConsoleInChromium) as: node tests/web/console.test.mjs
// with CASEBOOK_BINARY set. Exits 77 (skipped) when Chromium or
// playwright-core is not installed (scripts/install-deps.sh installs both).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = process.env.CASEBOOK_CHROMIUM || '/usr/bin/chromium';
const BINARY = process.env.CASEBOOK_BINARY;
const SHOTS = process.env.CASEBOOK_SHOT_DIR || join(tmpdir(), 'casebook-console-shots');
const PLAYWRIGHT = new URL('./node_modules/playwright-core/index.mjs', import.meta.url);

if (!BINARY || !existsSync(BINARY) || !existsSync(CHROMIUM) || !existsSync(PLAYWRIGHT)) {
  console.log(`skipped: needs CASEBOOK_BINARY, ${CHROMIUM} and tests/web/node_modules (npm ci)`);
  process.exit(77);
}
const { chromium } = await import(PLAYWRIGHT.href);

// `casebook serve` on `data` (extra args appended); resolves with its URL.
function serve(data, extra = []) {
  const child = spawn(BINARY, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--threads', '8', ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr.on('data', d => {
      log += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', code => reject(new Error(`casebook serve exited ${code}: ${log}`)));
  });
}

function stop(server) {
  if (!server) return Promise.resolve();
  return new Promise(resolve => {
    server.child.removeAllListeners('exit');
    server.child.on('exit', resolve);
    server.child.kill('SIGTERM');
  });
}

let work, server, browser, page;
const errors = [];

async function open(hash, view) {
  await page.goto(`${server.url}/${hash}`);
  await page.waitForFunction(v => document.body.dataset.loaded === v, view, { timeout: 15000 });
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'casebook-console-'));
  const data = join(work, 'data');
  const cases = join(work, 'demo.jsonl');
  execFileSync(BINARY, ['demo', '--count', '400', '--out', cases]);
  execFileSync(BINARY, ['import', '--data', data, '--no-duplicate-check', cases]);
  server = await serve(data);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page.on('pageerror', e => errors.push(e.message));
});

after(async () => {
  await browser?.close();
  await stop(server);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the console', () => {
  it('searches, filters by a facet and clears it', async () => {
    await open('#/search?q=%E7%94%B5%E6%A2%AF', 'search');  // 电梯
    const total = await page.textContent('#search-total');
    assert.match(total, /共 \d+ 件/);
    assert.ok(await page.locator('article.hit mark').count() > 0, 'snippets highlight the word');
    await shot('search');
    await page.click('a[data-facet="kind"][data-value="cppcc_proposal"]');
    // The hash changes before the router's hashchange handler runs: wait for
    // the new total, not only for the hash and the loaded mark.
    await page.waitForFunction((before) => location.hash.includes('kind=cppcc_proposal') && document.body.dataset.loaded === 'search' && document.querySelector('#search-total').textContent !== before, total);
    const filtered = await page.textContent('#search-total');
    assert.notEqual(filtered, total);
    assert.equal(await page.locator('a[data-facet="kind"].on').count(), 1);
    assert.equal(await page.locator('.chip').count(), 1);
    await shot('search-filtered');
    await page.click('a[data-facet="kind"].on');
    await page.waitForFunction((before) => !location.hash.includes('kind=') && document.body.dataset.loaded === 'search' && document.querySelector('#search-total').textContent !== before, filtered, { timeout: 10000 });
    assert.equal(await page.textContent('#search-total'), total);
  });

  it('says what to try when nothing is found', async () => {
    await open('#/search?q=%E9%87%8F%E5%AD%90%E9%A3%9E%E8%88%B9', 'search');  // 量子飞船
    assert.match(await page.textContent('.empty'), /换一个更短的词/);
  });

  it('shows a query error under the search box and keeps the box', async () => {
    await open('#/search?q=' + encodeURIComponent('电梯 (加装'), 'search');
    assert.match(await page.textContent('#view .card.error'), /检索式有误.*missing '\)'/);
    assert.equal(await page.inputValue('input[name="q"]'), '电梯 (加装');
    await shot('search-error');
    await open('#/search?q=' + encodeURIComponent('year:２０２４ 电梯'), 'search');  // Full-width digits.
    assert.match(await page.textContent('#search-total'), /共 \d+ 件/);
  });

  it('offers the last page for a page past it (an old link)', async () => {
    await open('#/search?q=%E7%94%B5%E6%A2%AF&page=40', 'search');  // 电梯
    assert.match(await page.textContent('#view .empty'), /第 40 页已超出范围/);
    await page.click('#last-page');
    // The hash changes before the router runs: wait for the hits themselves.
    await page.waitForFunction(() => !location.hash.includes('page=40') && document.querySelectorAll('article.hit').length > 0);
    assert.match(await page.textContent('.pager'), /第 (\d+) \/ \1 页/);
  });

  it('opens a case with its similar earlier cases', async () => {
    await open('#/search?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF&sort=newest', 'search');  // 加装电梯
    await page.click('article.hit h3 a');
    await page.waitForFunction(() => document.body.dataset.loaded === 'cases');
    assert.ok((await page.textContent('#case-title')).length > 0);
    for (const part of ['建议提案', '面商沟通', '答复', '代表委员反馈', '回头看与评估', '领导审批', '公开情况', '修改记录']) {
      assert.equal(await page.locator(`[data-part="${part}"]`).count(), 1, part);
    }
    await page.waitForSelector('#similar .item', { timeout: 15000 });
    assert.ok(await page.locator('#similar .item').count() > 0);
    await shot('case');
  });

  it('records a reply and shows a refusal next to the field it names', async () => {
    await open('#/search?result=solved&status=closed&sort=newest', 'search');
    await page.click('article.hit h3 a');
    await page.waitForFunction(() => document.body.dataset.loaded === 'cases');
    const hash = await page.evaluate(() => location.hash);
    const version = Number((await page.textContent('text=/第 \\d+ 版/')).match(/\d+/)[0]);
    const replies = await page.locator('[data-part="答复"] .entry').count();

    // 正在解决 without a commitment date: refused, the message under the field.
    await page.click('#write-forms summary:has-text("办理结果与状态")');
    await page.selectOption('#form-status-result', 'solving');
    await page.fill('#form-status-commitment_due', '');
    await page.click('#form-status button[type=submit]');
    const refusal = page.locator('#form-status [data-error-for="commitment_due"]');
    await refusal.waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.querySelector('#form-status [data-error-for="commitment_due"]').textContent !== '');
    assert.match(await refusal.textContent(), /须有承诺期限/);
    await shot('refusal');

    // A second reply goes in; the case is shown again at its next version.
    await page.click('#write-forms summary:has-text("记录答复")');
    await page.selectOption('#form-reply-kind', 'second');
    await page.fill('#form-reply-date', '2026-11-20');
    await page.fill('#form-reply-text', '经再次调研，已落实相关措施。');
    await page.click('#form-reply button[type=submit]');
    await page.waitForFunction(n => document.querySelectorAll('[data-part="答复"] .entry').length === n, replies + 1);
    assert.match(await page.textContent('text=/第 \\d+ 版/'), new RegExp(`第 ${version + 1} 版`));
    assert.equal(await page.evaluate(() => location.hash), hash);
  });

  it('lists more of a long queue section', async () => {
    await open('#/review', 'review');
    const section = page.locator('.queue-section:has(button.more)').first();
    assert.ok(await section.count() > 0, 'a section with more than 20 items');
    const rows = await section.locator('tr').count();
    await section.locator('button.more').click();
    await page.waitForFunction(([name, n]) =>
      document.querySelectorAll(`[data-section="${name}"] tr`).length > n,
    [await section.getAttribute('data-section'), rows]);
  });

  it('moves the queue when a promise is recorded', async () => {
    await open('#/review', 'review');
    const count = async () => Number((await page.textContent('[data-section="commitments"] h3 .n')).match(/\d+/)[0]);
    const before = await count();
    assert.ok(await page.locator('[data-section="commitments"] .badge.late').count() > 0, 'overdue badges in red');
    await shot('review');
    await open('#/search?result=solved&status=replied&sort=oldest', 'search');
    await page.click('article.hit h3 a');
    await page.waitForFunction(() => document.body.dataset.loaded === 'cases');
    await page.click('#write-forms summary:has-text("记录答复")');
    await page.selectOption('#form-reply-kind', 'second');
    await page.fill('#form-reply-date', '2026-11-21');
    await page.selectOption('#form-reply-result', 'planned');
    await page.fill('#form-reply-commitment_due', '2027-06-30');
    await page.click('#form-reply button[type=submit]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-part="建议提案"] dd')].some(d => d.textContent === '计划解决'));
    await open('#/review', 'review');
    assert.equal(await count(), before + 1);
    // Filters live in the URL.
    await open('#/review?kind=cppcc_proposal', 'review');
    assert.ok(await count() <= before + 1);
  });

  it('draws the statistics and links the CSV export', async () => {
    await open('#/stats', 'stats');
    assert.match(await page.textContent('#stats-summary'), /^共\d+件。其中，人大代表建议\d+件/);
    assert.ok(await page.locator('svg.chart').count() >= 3);
    assert.ok(await page.locator('svg.chart rect').count() > 10);
    const csv = await page.getAttribute('#csv-link', 'href');
    const res = await page.request.get(server.url + csv);
    assert.equal(res.status(), 200);
    assert.equal((await res.body()).subarray(0, 3).toString('hex'), 'efbbbf');
    await shot('stats');
  });

  it('checks a new proposal against earlier cases', async () => {
    await open('#/search?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF', 'search');
    await page.click('article.hit h3 a');
    await page.waitForFunction(() => document.body.dataset.loaded === 'cases');
    const title = await page.textContent('#case-title');
    const body = await page.textContent('[data-part="建议提案"] .body');
    await open('#/check', 'check');
    await page.fill('input[name=title]', title);
    await page.fill('textarea[name=text]', body);
    await page.click('form button[type=submit]');
    await page.waitForSelector('#check-summary');
    assert.match(await page.textContent('#check-summary'), /找到 \d+ 件类似件，其中 \d+ 件内容几乎相同/);
    assert.ok(await page.locator('#check-out .badge.dup').count() > 0);
    await shot('check');
  });

  it('prints a case without the forms, and serves the dossier page', async () => {
    await open('#/search?q=%E7%94%B5%E6%A2%AF', 'search');
    await page.click('article.hit h3 a');
    await page.waitForFunction(() => document.body.dataset.loaded === 'cases');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('header.top')).display), 'none');
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('#write-forms')).display), 'none');
    await shot('case-print');
    await page.emulateMedia({ media: 'screen' });
    const href = await page.getAttribute('#dossier-link', 'href');
    const res = await page.request.get(server.url + href);
    assert.equal(res.status(), 200);
    assert.match(await res.text(), /一案一册/);
  });

  it('asks for the key once when the server has keys', async () => {
    const keys = join(work, 'keys');
    writeFileSync(keys, 'clerk write clerk-token-0123456789\n', { mode: 0o600 });
    const keyed = await serve(join(work, 'data-keyed'), ['--keys', keys]);
    try {
      await page.goto(`${keyed.url}/#/review`);
      await page.waitForSelector('#key-dialog[open]');
      await shot('key-dialog');
      // A wrong key is asked for again, saying why.
      await page.fill('#key-input', 'wrong-token-0123456789');
      await page.click('#key-dialog button[value=ok]');
      await page.waitForFunction(() => document.querySelector('#key-dialog[open]') &&
        document.querySelector('#key-error').textContent.includes('密钥无效'));
      await page.fill('#key-input', 'clerk-token-0123456789');
      await page.click('#key-dialog button[value=ok]');
      await page.waitForFunction(() => document.body.dataset.loaded === 'review');
      await page.goto(`${keyed.url}/#/stats`);  // Kept for the tab: no second question.
      await page.waitForFunction(() => document.body.dataset.loaded === 'stats');
      assert.equal(await page.locator('#key-dialog[open]').count(), 0);
    } finally {
      await stop(keyed);
    }
  });

  it('raised no script error', () => {
    assert.deepEqual(errors, []);
  });
});
