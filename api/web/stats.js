// #/stats?year=&as_of=&unit=&kind=&role=&term= — the office's figures: the
// headline as the office writes it, rates, charts (results by year, by
// unit; on-time and satisfaction rates) and the CSV export.
import { api, withQuery } from './api.js';
import { fill, h, showError } from './dom.js';
import { rateBars, stackedBars } from './charts.js';
import { zh } from './words.js';
import { go } from './router.js';

const FILTERS = ['year', 'as_of', 'term', 'unit', 'kind', 'role'];
const RESULTS = ['solved', 'solving', 'planned', 'reference', 'unknown'];
const pct = s => `${(100 * s.rate).toFixed(1)}%`;
const frac = s => `（${s.numerator}/${s.denominator}）`;

function figure(value, label) {
  return h('div', { class: 'figure' }, h('div', { class: 'v' }, value), h('div', { class: 'l' }, label));
}

export async function renderStats(root, p) {
  const state = {};
  for (const k of FILTERS) if (p.get(k)) state[k] = p.get(k);
  const form = h('form', { class: 'row' },
    h('input', { name: 'year', value: state.year || '', placeholder: '年份', size: 6 }),
    h('label', {}, '截至 ', h('input', { name: 'as_of', type: 'date', value: state.as_of || '' })),
    h('input', { name: 'unit', value: state.unit || '', placeholder: '承办单位', size: 12 }),
    h('button', { type: 'submit' }, '统计'),
    h('a', { href: withQuery('/api/v1/export.csv', { year: state.year, unit: state.unit, kind: state.kind, role: state.role, term: state.term }),
      id: 'csv-link', download: 'casebook.csv' }, '导出 Excel（CSV）'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    go('/stats', { ...state, year: form.elements.year.value.trim(), as_of: form.elements.as_of.value, unit: form.elements.unit.value.trim() });
  });
  const out = h('div', {}, h('p', { class: 'meta' }, '统计中……'));
  fill(root, h('h2', {}, '办理情况统计'), form, out);
  let st;
  try {
    ({ body: st } = await api(withQuery('/api/v1/stats', state)));
  } catch (e) {
    showError(out, '筛选条件有误，请修改后再统计', e);
    return;
  }

  const years = Object.entries(st.by_year).sort(([a], [b]) => a.localeCompare(b));
  const units = Object.entries(st.by_unit).sort(([, a], [, b]) => (b.lead + b.co + b.joint) - (a.lead + a.co + a.joint)).slice(0, 10);
  fill(out,
    h('p', { class: 'card', id: 'stats-summary' }, st.summary),
    h('div', { class: 'figures' },
      figure(st.total, `总件数（截至 ${st.as_of}）`),
      figure(pct(st.on_time_reply), '按期首次答复 ' + frac(st.on_time_reply)),
      figure(pct(st.satisfaction), '满意率 ' + frac(st.satisfaction)),
      figure(pct(st.lead_disclosed), '主办件公开 ' + frac(st.lead_disclosed)),
      figure(pct(st.multi_unit), '多部门办理 ' + frac(st.multi_unit)),
      figure(st.key_cases, '重点件 / 领导督办'),
      ...RESULTS.filter(r => st.by_result[r]).slice(0, 2).map(r => figure(st.by_result[r], zh(r)))),
    h('div', { class: 'charts' },
      h('div', { class: 'card' }, stackedBars('各年度办理结果', years.map(([y, c]) => ({ label: y === 'unknown' ? '未注明' : y, parts: RESULTS.map(r => c[r] || 0) })), RESULTS.map(zh))),
      h('div', { class: 'card' }, rateBars('答复与满意', [
        { label: '按期首次答复', rate: st.on_time_reply.rate, detail: frac(st.on_time_reply) },
        { label: '满意率', rate: st.satisfaction.rate, detail: frac(st.satisfaction) },
        { label: '主办件公开', rate: st.lead_disclosed.rate, detail: frac(st.lead_disclosed) },
        { label: '多部门办理', rate: st.multi_unit.rate, detail: frac(st.multi_unit) }])),
      h('div', { class: 'card' }, stackedBars('承办单位（前十）', units.map(([u, c]) => ({ label: u, parts: [c.lead, c.co, c.joint] })), ['主办', '会办', '合办']))),
    h('h3', {}, '类别与本单位角色'),
    h('table', { id: 'kind-table' }, h('tr', {}, ...['类别', '合计', '主办', '会办', '合办', '未注明'].map(t => h('th', {}, t))),
      ...Object.entries(st.by_kind).map(([k, v]) => h('tr', {}, ...[zh(k), v.total, v.lead, v.co, v.joint, v.unknown].map(x => h('td', {}, x))))));
}
