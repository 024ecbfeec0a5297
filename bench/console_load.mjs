// console_load: how long each console view takes to load in Debian's headless
// Chromium over loopback, from the browser's own clock (navigation start to
// the view's data shown, i.e. document.body.dataset.loaded set), with the
// API calls' share from resource timing. Target: each view <= 200 ms.
//
// usage: node bench/console_load.mjs --data DIR [--runs N] [--binary build/api/casebook]
//   DIR: a data directory with cases and a level index (e.g. 100,000 demo
//   cases: casebook demo --count 100000 --out F && casebook import --data DIR F)
// Needs tests/web/node_modules (npm ci --prefix tests/web) and /usr/bin/chromium.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const data = args.data;
const runs = Number(args.runs || 20);
const binary = args.binary || new URL('../build/api/casebook', import.meta.url).pathname;
const playwright = new URL('../tests/web/node_modules/playwright-core/index.mjs', import.meta.url);
if (!data || !existsSync(data) || !existsSync(binary) || !existsSync(playwright)) {
  console.error('usage: node bench/console_load.mjs --data DIR [--runs N] [--binary PATH]\n' +
    '(needs the casebook binary, tests/web/node_modules and a data directory)');
  process.exit(2);
}
const { chromium } = await import(playwright.href);

const server = spawn(binary, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--threads', '8'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
const url = await new Promise((resolve, reject) => {
  let log = '';
  server.stderr.on('data', d => {
    log += d;
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
    if (m) resolve(m[1]);
  });
  server.on('exit', code => reject(new Error(`casebook serve exited ${code}: ${log}`)));
});

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

// A case id to open, and a text to check, from the data itself.
await page.goto(`${url}/#/search?q=%E7%94%B5%E6%A2%AF`);
await page.waitForFunction(() => document.body.dataset.loaded === 'search');
const caseHash = await page.getAttribute('article.hit h3 a', 'href');

const KEYWORDS = ['电梯', '停车', '垃圾分类', '养老', '学校', '物业', '公交', '河道', '菜场', '充电桩'];
const views = [
  ['search (a keyword, facets)', i => `#/search?q=${encodeURIComponent(KEYWORDS[i % KEYWORDS.length])}`, 'search'],
  ['search (browse a year and kind)', i => `#/search?year=${2022 + (i % 5)}&kind=cppcc_proposal`, 'search'],
  ['case (whole dossier + similar)', () => caseHash, 'cases'],
  ['review queue (10 sections x 20)', () => '#/review', 'review'],
  ['statistics (every year, charts)', () => '#/stats', 'stats'],
];

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

console.log(`console load times over ${url} (${runs} loads a view after one warm-up; ms)`);
for (const [name, hashOf, view] of views) {
  const total = [], apiShare = [];
  for (let i = -1; i < runs; ++i) {
    await page.goto('about:blank');
    await page.goto(`${url}/${hashOf(Math.max(i, 0))}`);
    await page.waitForFunction(v => document.body.dataset.loaded === v, view, { timeout: 30000 });
    if (view === 'cases') await page.waitForSelector('#similar .item, #similar p', { timeout: 30000 });
    const t = await page.evaluate(() => ({
      loaded: performance.now(),
      api: performance.getEntriesByType('resource').filter(r => r.name.includes('/api/'))
        .reduce((max, r) => Math.max(max, r.responseEnd), 0),
    }));
    if (i < 0) continue;  // Warm-up.
    total.push(t.loaded);
    apiShare.push(t.api);
  }
  total.sort((a, b) => a - b);
  apiShare.sort((a, b) => a - b);
  console.log(`${name.padEnd(36)} p50 ${percentile(total, 0.5).toFixed(1).padStart(7)}  p99 ${percentile(total, 0.99).toFixed(1).padStart(7)}` +
    `  max ${total[total.length - 1].toFixed(1).padStart(7)}  (last API response at p50 ${percentile(apiShare, 0.5).toFixed(1)})  target <= 200`);
}

// The new-proposal check: paste, submit, results shown.
await page.goto(`${url}/#/check`);
await page.waitForFunction(() => document.body.dataset.loaded === 'check');
const checks = [];
for (let i = 0; i < runs; ++i) {
  await page.fill('input[name=title]', `关于加快${KEYWORDS[i % KEYWORDS.length]}问题解决的建议`);
  await page.fill('textarea[name=text]', `代表反映${KEYWORDS[i % KEYWORDS.length]}方面的问题较为突出，群众意见集中，建议相关部门研究解决。`);
  const t0 = await page.evaluate(() => performance.now());
  await page.click('form button[type=submit]');
  await page.waitForSelector('#check-summary');
  checks.push(await page.evaluate(() => performance.now()) - t0);
  await page.evaluate(() => document.querySelector('#check-out').replaceChildren());
}
checks.sort((a, b) => a - b);
console.log(`${'check a new proposal (submit -> shown)'.padEnd(36)} p50 ${percentile(checks, 0.5).toFixed(1).padStart(7)}  p99 ${percentile(checks, 0.99).toFixed(1).padStart(7)}  max ${checks[checks.length - 1].toFixed(1).padStart(7)}  target <= 200`);

await browser.close();
server.kill('SIGTERM');
