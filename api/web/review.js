// #/review?as_of=&year=&term=&unit=&kind=&role=&section= — the 回头看 queue:
// every section with its total, countdown badges (overdue in red), filters,
// links into the cases.
import { api, withQuery } from './api.js';
import { fill, h, showError } from './dom.js';
import { choices, zh } from './words.js';
import { go } from './router.js';

const FILTERS = ['as_of', 'year', 'term', 'unit', 'kind', 'role'];

export function countdown(days) {
  if (days === null || days === undefined) return null;
  if (days < 0) return h('span', { class: 'badge late' }, `逾期 ${-days} 天`);
  return h('span', { class: days <= 30 ? 'badge soon' : 'badge ok' }, days === 0 ? '今天到期' : `剩 ${days} 天`);
}

function filterForm(state) {
  const select = (name, label, opts) => h('select', { name, 'aria-label': label }, h('option', { value: '' }, `全部${label}`),
    ...opts.map(([v, l]) => h('option', { value: v, selected: state[name] === v }, l)));
  const input = (name, placeholder, size) => h('input', { name, value: state[name] || '', placeholder, size });
  const form = h('form', { class: 'row', id: 'queue-filters' },
    h('label', {}, '截至 ', h('input', { name: 'as_of', type: 'date', value: state.as_of || '' })),
    input('year', '年份', 6), input('term', '届次，如 十五届', 12), input('unit', '承办单位', 12),
    select('kind', '类别', choices('deputy_suggestion', 'cppcc_proposal', 'npc_motion', 'appeal')),
    select('role', '角色', choices('lead', 'co', 'joint')),
    h('button', { type: 'submit' }, '查看'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const next = {};
    for (const k of FILTERS) next[k] = form.elements[k].value.trim();
    go('/review', next);
  });
  return form;
}

export async function renderReview(root, p) {
  const state = {};
  for (const k of FILTERS) if (p.get(k)) state[k] = p.get(k);
  const out = h('div', {}, h('p', { class: 'meta' }, '加载中……'));
  fill(root, h('h2', {}, '回头看：办理跟踪'), filterForm(state), out);
  let body;
  try {
    ({ body } = await api(withQuery('/api/v1/review/queue', { ...state, limit: 20 })));
  } catch (e) {
    showError(out, '筛选条件有误，请修改后再查看', e);
    return;
  }
  const sections = body.order.map(name => [name, body.sections[name]]);
  fill(out, h('p', { class: 'meta' }, `截至 ${body.as_of}。`),
    h('p', { class: 'row' }, ...sections.map(([name, s]) =>
      h('a', { href: `#${name}`, class: 'badge' + (s.total ? ' soon' : ''), onclick: e => {
        e.preventDefault();
        document.getElementById(`q-${name}`).scrollIntoView();
      } }, `${s.title} ${s.total}`))),
    ...sections.map(([name, s]) => renderSection(name, s, state)));
}

// One row of a section.
function itemRow(i) {
  return h('tr', {},
    h('td', {}, countdown(i.days_left), i.key_case ? h('span', { class: 'badge', title: i.supervising_leader || '' }, '重点') : null),
    h('td', {}, h('a', { href: `#/cases/${encodeURIComponent(i.id)}` }, i.id)),
    h('td', {}, i.title, i.rules && i.rules.length ? h('div', { class: 'error' }, (i.rule_words || i.rules).join('、')) : null),
    h('td', {}, i.year || ''), h('td', {}, zh(i.result)), h('td', {}, zh(i.status)),
    h('td', {}, i.lead_unit), h('td', {}, i.date || '—'));
}

// A section with its first items and, while more are left, a button that
// lists the next ones (the queue route pages each section: section, offset).
function renderSection(name, s, state) {
  const section = h('section', { class: 'queue-section card', id: `q-${name}`, 'data-section': name },
    h('h3', {}, s.title, ' ', h('span', { class: 'n' }, `（${s.total}）`)));
  if (!s.items.length) {
    section.append(h('p', { class: 'meta' }, '无。'));
    return section;
  }
  const table = h('table', {},
    h('tr', {}, ...['', '编号', '标题', '年份', '结果', '状态', '主办单位', '日期'].map(t => h('th', {}, t))),
    ...s.items.map(itemRow));
  let shown = s.items.length;
  const note = h('p', { class: 'meta' });
  const more = h('button', { type: 'button', class: 'quiet more' });
  const label = () => { more.textContent = `再显示 ${Math.min(50, s.total - shown)} 件（还有 ${s.total - shown} 件）`; };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const { body } = await api(withQuery('/api/v1/review/queue', { ...state, section: name, offset: shown, limit: 50 }));
      const items = body.sections[name].items;
      for (const i of items) table.append(itemRow(i));
      shown += items.length;
      if (shown >= s.total || !items.length) more.remove(); else label();
      fill(note);
    } catch (e) {
      showError(note, '未能列出更多', e);
    }
    more.disabled = false;
  });
  label();
  section.append(table);
  if (s.total > shown) section.append(more);
  section.append(note);
  return section;
}

