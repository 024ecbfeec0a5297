// The console's entry: routes the location hash to a view. Every view's
// state is in the URL (#/search?q=..&year=.., #/cases/ID, #/review?..,
// #/stats?.., #/check), so a link can be sent to a colleague.
import { $, $$, fill, h } from './dom.js';
import { askKey } from './api.js';
import { renderSearch } from './search.js';
import { renderCase } from './case.js';
import { renderReview } from './review.js';
import { renderStats } from './stats.js';
import { renderCheck } from './check.js';
import { currentRoute, go } from './router.js';

const ROUTES = [
  [/^\/search$/, 'search', (root, p) => renderSearch(root, p)],
  [/^\/cases\/([^/]+)$/, 'search', (root, p, m) => renderCase(root, decodeURIComponent(m[1]), p)],
  [/^\/review$/, 'review', (root, p) => renderReview(root, p)],
  [/^\/stats$/, 'stats', (root, p) => renderStats(root, p)],
  [/^\/check$/, 'check', (root, p) => renderCheck(root, p)],
];

let rendering = 0;
async function route() {
  const { path, params } = currentRoute();
  const root = $('#view');
  const found = ROUTES.find(([re]) => re.test(path));
  if (!found) return go('/search');
  const [re, tab, render] = found;
  for (const a of $$('header.top nav a')) a.classList.toggle('on', a.dataset.view === tab);
  const mine = ++rendering;
  document.body.dataset.loaded = '';
  try {
    await render(root, params, re.exec(path));
  } catch (e) {
    fill(root, h('div', { class: 'card error' }, '出错了：', e.message || String(e)));
  }
  if (mine === rendering) document.body.dataset.loaded = path.split('/')[1];
}

window.addEventListener('hashchange', route);
$('#key-button').addEventListener('click', () => askKey());
route();
