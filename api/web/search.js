// #/search?q=&year=&kind=&result=&role=&status=&unit=&sort=&page=
// One box, facet lists with counts (click to filter, again to clear),
// highlighted snippets, pages, sort, and an empty state that says what to try.
import { api, withQuery } from './api.js';
import { fill, h, showError } from './dom.js';
import { FACET_NAMES, zh } from './words.js';
import { go } from './router.js';

const PAGE = 20;
const FILTERS = ['year', 'kind', 'result', 'role', 'status', 'unit'];

function paramsOf(p) {
  const out = {};
  for (const k of ['q', 'sort', 'page', ...FILTERS]) if (p.get(k)) out[k] = p.get(k);
  return out;
}

export async function renderSearch(root, p) {
  const state = paramsOf(p);
  const input = h('input', { type: 'search', name: 'q', value: state.q || '', size: 48,
    placeholder: '关键词，如 加装电梯；"短语"、title:标题词、year:2019..2021' });
  const sort = h('select', { name: 'sort' },
    ...[['relevance', '按相关度'], ['newest', '最新在前'], ['oldest', '最早在前']].map(([v, l]) =>
      h('option', { value: v, selected: (state.sort || 'relevance') === v }, l)));
  const form = h('form', { class: 'row', role: 'search', onsubmit: e => {
    e.preventDefault();
    go('/search', { ...state, q: input.value.trim(), sort: sort.value, page: '' });
  } }, input, sort, h('button', { type: 'submit' }, '检索'));
  const results = h('div', {}, h('p', { class: 'meta' }, '检索中……'));
  const facets = h('aside', { class: 'facets' });
  fill(root, h('h2', {}, '检索往年建议提案'), form, h('div', { class: 'search-layout' }, facets, results));

  const page = Math.max(1, parseInt(state.page || '1', 10) || 1);
  const query = { q: state.q || '', sort: state.sort, limit: PAGE, offset: (page - 1) * PAGE };
  for (const k of FILTERS) if (state[k]) query[k] = state[k];
  let body;
  try {
    ({ body } = await api(withQuery('/api/v1/search', query)));
  } catch (e) {
    showError(results, '检索式有误，请修改后再检索', e);
    return;
  }
  renderFacets(facets, body.facets || {}, state);
  renderHits(results, body, state, page);
}

function renderFacets(el, facets, state) {
  const lists = [];
  for (const name of FILTERS) {
    const values = facets[name] || [];
    if (!values.length && !state[name]) continue;
    lists.push(h('h4', {}, FACET_NAMES[name]));
    for (const f of values) {
      const on = state[name] === String(f.value);
      lists.push(h('a', { href: '#', class: on ? 'on' : '', 'data-facet': name, 'data-value': f.value,
        onclick: e => { e.preventDefault(); go('/search', { ...state, [name]: on ? '' : f.value, page: '' }); } },
      h('span', {}, name === 'year' || name === 'unit' ? String(f.value) : zh(f.value)), h('span', { class: 'n' }, f.count)));
    }
  }
  fill(el, ...lists);
}

function renderHits(el, body, state, page) {
  const chips = FILTERS.filter(k => state[k]).map(k => h('span', { class: 'chip' },
    `${FACET_NAMES[k]}：${k === 'year' || k === 'unit' ? state[k] : zh(state[k])}`,
    h('button', { type: 'button', title: '去掉此条件', onclick: () => go('/search', { ...state, [k]: '', page: '' }) }, '×')));
  const head = h('p', { class: 'meta', id: 'search-total' },
    `共 ${body.total} 件${body.ranked ? '（按相关度排序）' : ''}`);
  if (!body.hits.length && body.total > 0) {  // A page past the last (an old link).
    const last = Math.ceil(body.total / PAGE);
    fill(el, h('div', { class: 'chips' }, chips), head, h('p', { class: 'empty' },
      `第 ${page} 页已超出范围，共 ${last} 页。`,
      h('a', { href: '#', id: 'last-page', onclick: e => { e.preventDefault(); go('/search', { ...state, page: last }); } },
        '转到最后一页')));
    return;
  }
  if (!body.hits.length) {
    fill(el, h('div', { class: 'chips' }, chips), h('div', { class: 'empty' },
      h('p', {}, state.q ? `没有找到与“${state.q}”相符的案件。` : '没有符合条件的案件。'),
      h('ul', {}, h('li', {}, '换一个更短的词，如“电梯”而不是“老旧小区加装电梯”；'),
        h('li', {}, '去掉左侧或上方的筛选条件；'),
        h('li', {}, '粘贴整段问题或标题，系统按相关度排序；'),
        h('li', {}, h('a', { href: '#/check' }, '新件查重'), '：粘贴一件新建议，看往年类似件。'))));
    return;
  }
  const hits = body.hits.map(hit => h('article', { class: 'hit' },
    h('h3', {}, h('a', { href: `#/cases/${encodeURIComponent(hit.id)}` }, hit.title || hit.id)),
    h('p', { class: 'meta' }, [hit.id, hit.year, zh(hit.kind), zh(hit.result), zh(hit.status)].filter(Boolean).join(' · ')),
    hit.snippet ? h('p', { class: 'snippet', html: hit.snippet }) : null));
  const pages = Math.ceil(body.total / PAGE);
  const pager = h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'quiet', disabled: page <= 1,
      onclick: () => go('/search', { ...state, page: page - 1 }) }, '上一页'),
    h('span', { class: 'meta' }, `第 ${page} / ${Math.max(1, pages)} 页`),
    h('button', { type: 'button', class: 'quiet', id: 'next-page', disabled: page >= pages,
      onclick: () => go('/search', { ...state, page: page + 1 }) }, '下一页'));
  fill(el, h('div', { class: 'chips' }, chips), head, ...hits, pager);
}
