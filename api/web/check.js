// #/check — a new proposal, pasted before it is filed: the similar earlier
// cases and how they were answered, near-duplicates flagged.
import { api } from './api.js';
import { fill, h } from './dom.js';
import { similarItem } from './case.js';

export async function renderCheck(root) {
  const title = h('input', { name: 'title', size: 60, placeholder: '标题，如：关于加快老旧小区加装电梯的建议' });
  const text = h('textarea', { name: 'text', rows: 10, cols: 80, placeholder: '粘贴建议或提案全文' });
  const out = h('div', { id: 'check-out' });
  const error = h('p', { class: 'error' });
  const form = h('form', { class: 'card' }, h('div', { class: 'row' }, title), text, error,
    h('div', { class: 'row' }, h('button', { type: 'submit' }, '查找往年类似件')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    if (!text.value.trim() && !title.value.trim()) {
      error.textContent = '请先粘贴标题或正文。';
      return;
    }
    fill(out, h('p', { class: 'meta' }, '查找中……'));
    try {
      const { body } = await api('/api/v1/similar?limit=10', { method: 'POST', body: { title: title.value.trim(), text: text.value.trim() || title.value.trim() } });
      const hits = body.hits || [];
      const dups = hits.filter(s => s.near_duplicate).length;
      fill(out, h('p', { class: 'meta', id: 'check-summary' }, hits.length ? `找到 ${hits.length} 件类似件${dups ? `，其中 ${dups} 件内容几乎相同（可能重复提出）` : ''}。` : '没有找到类似件。'),
        h('div', { class: 'card similar' }, hits.map(similarItem)));
    } catch (err) {
      fill(out);
      error.textContent = err.message;
    }
  });
  fill(root, h('h2', {}, '新件查重：提交前看往年类似件'), form, out);
}
