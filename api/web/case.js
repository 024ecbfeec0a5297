// #/cases/ID — the whole case (一案一册): proposal, proposers, units, the
// process entries, approvals, disclosure, history; the similar earlier cases;
// a form for every tracked write; print view.
import { api } from './api.js';
import { fill, h } from './dom.js';
import { choices, zh } from './words.js';
import { editForm, patchCase, postEntry, today } from './forms.js';
import { movedWithin } from './router.js';

const join = v => (Array.isArray(v) ? v.join('、') : v || '');

function fields(pairs) {
  return h('dl', { class: 'fields' }, ...pairs.filter(([, v]) => v !== '' && v !== undefined && v !== null)
    .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function entries(title, list, none, line) {
  return h('section', { class: 'card', 'data-part': title },
    h('h3', {}, title, h('span', { class: 'meta' }, `（${(list || []).length}）`)),
    (list && list.length) ? list.map(e => h('div', { class: 'entry' }, line(e))) : h('p', { class: 'meta' }, none));
}

function proposal(c) {
  const proposers = (c.proposers || []).map(p => p.affiliation ? `${p.name}（${p.affiliation}）` : p.name);
  const units = c.units || {};
  return h('section', { class: 'card', 'data-part': '建议提案' },
    fields([['编号', c.id], ['类别', zh(c.kind)], ['层级', zh(c.level)], ['年份', c.year], ['届次', c.session],
      ['案号', c.number], ['提出人', join(proposers)], ['本单位角色', zh(c.role)], ['主办单位', join(units.lead)],
      ['会办单位', join(units.co)], ['合办单位', join(units.joint)], ['收到日期', c.received], ['交办日期', c.assigned],
      ['答复期限', c.reply_due], ['办理结果', zh(c.result)], ['承诺期限', c.commitment_due], ['办理状态', zh(c.status)],
      ['重点件', c.key_case ? '是' : ''], ['督办领导', c.supervising_leader], ['标签', join(c.tags)]]),
    c.body ? h('p', { class: 'pre body' }, c.body) : null);
}

function process(c) {
  const d = c.disclosure;
  return [
    entries('面商沟通', c.consultations, '尚无面商记录（一次面商）。', e =>
      [h('strong', {}, e.date || '未注明日期'), ' ', zh(e.form), ' ', join(e.participants), e.notes ? h('div', { class: 'pre' }, e.notes) : null]),
    entries('答复', c.replies, '尚无答复。', e =>
      [h('strong', {}, `${zh(e.kind) || '答复'} ${e.date || ''}`), ' ', e.unit || '', ' ',
        e.result ? h('span', { class: 'badge' }, zh(e.result)) : null, e.text ? h('div', { class: 'pre' }, e.text) : null]),
    entries('代表委员反馈', c.feedback, '尚无反馈。', e =>
      [h('strong', {}, e.date || ''), ' ', e.from || '', ' ',
        h('span', { class: 'badge' + (e.satisfaction === 'unsatisfied' ? ' late' : ' ok') }, zh(e.satisfaction)),
        e.text ? h('div', { class: 'pre' }, e.text) : null]),
    entries('回头看与评估', c.reviews, '尚无回头看记录。', e =>
      [h('strong', {}, `${zh(e.kind)} ${e.date || ''}`), ' ', e.outcome ? h('span', { class: 'badge' }, zh(e.outcome)) : null,
        ' ', e.reviewer || '', e.finding ? h('div', { class: 'pre' }, e.finding) : null]),
    entries('领导审批', c.approvals, '尚无审批记录。', e =>
      [h('strong', {}, `${e.kind === 'reference' ? '留作参考' : zh(e.kind)} ${e.date || ''}`), ' ', e.approver || '',
        e.note ? h('div', { class: 'pre' }, e.note) : null]),
    h('section', { class: 'card', 'data-part': '公开情况' }, h('h3', {}, '公开情况'),
      d ? fields([['是否公开', d.public ? '已公开' : '未公开'], ['公开日期', d.date], ['网址', d.url]])
        : h('p', { class: 'meta' }, '未记录公开情况。')),
  ];
}

function history(changes) {
  return h('section', { class: 'card', 'data-part': '修改记录' }, h('h3', {}, '修改记录'),
    h('table', {}, h('tr', {}, ...['版本', '保存时间', '办理结果', '状态', '答复', '反馈', '回头看'].map(t => h('th', {}, t))),
      ...changes.slice().reverse().map(v => h('tr', {}, ...[v.version, v.updated_at, zh(v.result), zh(v.status),
        v.replies, v.feedback, v.reviews].map(x => h('td', {}, x ?? ''))))));
}

function writeForms(c, etag, refresh) {
  const id = c.id;
  const post = list => values => postEntry(id, list, values, etag);
  const results = [['', '（不填）'], ...choices('solved', 'solving', 'planned', 'reference')];
  const section = (title, form) => h('details', { class: 'form' }, h('summary', {}, title), form);
  return h('div', { class: 'no-print', id: 'write-forms' },
    h('h3', {}, '办理登记'),
    section('记录答复', editForm('form-reply', [
      ['kind', '类别', 'select', [['', '自动（首次/二次）'], ...choices('first', 'second', 'interim')]],
      ['date', '答复日期', 'date', null, today()], ['unit', '答复单位', 'text', null, (c.units || {}).lead?.[0] || ''],
      ['result', '办理结果', 'select', results], ['commitment_due', '承诺期限', 'date'], ['text', '答复内容', 'textarea']],
    post('replies'), refresh)),
    section('记录反馈', editForm('form-feedback', [
      ['date', '反馈日期', 'date', null, today()], ['from', '反馈人', 'text'],
      ['satisfaction', '满意度', 'select', choices('satisfied', 'basically_satisfied', 'unsatisfied')], ['text', '意见', 'textarea']],
    post('feedback'), refresh)),
    section('记录面商', editForm('form-consultation', [
      ['date', '面商日期', 'date', null, today()], ['form', '方式', 'select', choices('meeting', 'phone', 'video', 'wechat', 'email', 'site_visit')],
      ['participants', '参加人员', 'text'], ['notes', '情况', 'textarea']],
    values => post('consultations')({ ...values, participants: values.participants ? values.participants.split(/[,，、\s]+/) : undefined }),
    refresh)),
    section('回头看 / 办结评估', editForm('form-review', [
      ['date', '日期', 'date', null, today()], ['kind', '类别', 'select', choices('look_back', 'inspection', 'closure_assessment')],
      ['outcome', '结论', 'select', [['', '（不填）'], ...choices('confirmed', 'rehandle', 'postponed')]],
      ['finding', '情况', 'textarea'], ['reviewer', '评估人', 'text']],
    post('reviews'), refresh)),
    section('领导审批', editForm('form-approval', [
      ['kind', '事项', 'select', [['reference', '留作参考'], ['closure_exception', '结案例外']]],
      ['approver', '审批领导', 'text'], ['date', '审批日期', 'date', null, today()], ['note', '意见', 'textarea']],
    post('approvals'), refresh)),
    section('办理结果与状态', editForm('form-status', [
      ['result', '办理结果', 'select', [['', '（不改）'], ...choices('solved', 'solving', 'planned', 'reference')]],
      ['commitment_due', '承诺期限', 'date', null, c.commitment_due || ''],
      ['status', '办理状态', 'select', [['', '（不改）'], ...choices('received', 'handling', 'replied', 'closed')]]],
    values => {
      const patch = { ...values };
      if (patch.commitment_due === c.commitment_due) delete patch.commitment_due;
      return patchCase(id, patch, etag);
    }, refresh)));
}

function similarPanel(id) {
  const panel = h('aside', { class: 'card similar', id: 'similar' }, h('h3', {}, '往年类似件'), h('p', { class: 'meta' }, '查找中……'));
  api(`/api/v1/cases/${encodeURIComponent(id)}/similar?limit=8&earlier=1`).then(({ body }) => {
    const hits = body.hits || [];
    fill(panel, h('h3', {}, '往年类似件'), hits.length ? hits.map(s => similarItem(s)) : h('p', { class: 'meta' }, '没有找到往年类似件。'));
  }).catch(e => fill(panel, h('h3', {}, '往年类似件'), h('p', { class: 'error' }, e.message)));
  return panel;
}

export function similarItem(s) {
  return h('div', { class: 'item' },
    h('a', { href: `#/cases/${encodeURIComponent(s.id)}` }, s.title || s.id), ' ',
    s.near_duplicate ? h('span', { class: 'badge dup', title: '内容几乎相同：可能是重复提出' }, `重复件 ${Math.round(100 * s.similarity)}%`) : null,
    h('div', { class: 'meta' }, [s.year, zh(s.kind), s.result ? `结果：${zh(s.result)}` : ''].filter(Boolean).join(' · ')),
    s.shared_terms && s.shared_terms.length ? h('div', { class: 'terms' }, '共同词：' + s.shared_terms.slice(0, 8).join('、')) : null,
    s.reply_excerpt ? h('div', { class: 'meta pre' }, '答复：' + s.reply_excerpt) : null);
}

export async function renderCase(root, id) {
  const { body, etag } = await api(`/api/v1/cases/${encodeURIComponent(id)}`);
  const c = body.case;
  const refresh = () => renderCase(root, id);
  fill(root,
    h('div', { class: 'row no-print' }, h('a', { href: '#/search', onclick: e => {
      // Back where the clerk came from; a case opened from a link has no
      // view before it in this tab: go to the search instead.
      if (movedWithin()) { e.preventDefault(); history.back(); }
    } }, '← 返回'),
      h('span', { class: 'meta' }, `第 ${c.version} 版`),
      h('button', { type: 'button', class: 'quiet', onclick: () => window.print() }, '打印'),
      h('a', { href: `/api/v1/cases/${encodeURIComponent(id)}/dossier`, target: '_blank', id: 'dossier-link' }, '一案一册（打印版）')),
    h('h2', { id: 'case-title' }, c.title || c.id),
    h('div', { class: 'case-layout' },
      h('div', {}, proposal(c), ...process(c), history(body.history.changes || []), writeForms(c, etag, refresh)),
      similarPanel(id)));
}
