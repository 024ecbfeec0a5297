// Forms for the tracked writes. Each field is [name, label, kind, options];
// a refusal from the API is shown next to the field it names (or above the
// form), and `onDone` runs after a write went through.
import { ApiError, api } from './api.js';
import { h } from './dom.js';

export const today = () => new Date().toISOString().slice(0, 10);

function control(name, kind, options, value) {
  if (kind === 'select') {
    return h('select', { name }, ...options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
  }
  if (kind === 'textarea') return h('textarea', { name, rows: 4, cols: 40 }, value || '');
  return h('input', { name, type: kind === 'date' ? 'date' : 'text', value: value || '', size: 24 });
}

// A <form> of `fields`; `submit(values)` returns the API call's promise.
// values: {name: string} for non-empty fields.
export function editForm(id, fields, submit, onDone, submitLabel = '保存') {
  const errors = {};
  const formError = h('p', { class: 'error form-error', role: 'alert' });
  const rows = fields.flatMap(([name, label, kind, options, value]) => {
    errors[name] = h('p', { class: 'error', 'data-error-for': name });
    return [h('label', { for: `${id}-${name}` }, label),
      h('div', { class: 'field' }, Object.assign(control(name, kind, options, value), { id: `${id}-${name}` }), errors[name])];
  });
  const button = h('button', { type: 'submit' }, submitLabel);
  const form = h('form', { class: 'edit', id, novalidate: true }, formError, ...rows, h('div', { class: 'actions' }, button));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    formError.textContent = '';
    for (const el of Object.values(errors)) el.textContent = '';
    const values = {};
    for (const [name] of fields) {
      const v = form.elements[name].value.trim();
      if (v !== '') values[name] = v;
    }
    button.disabled = true;
    try {
      await submit(values);
      await onDone();
    } catch (err) {
      showError(err, errors, formError);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function showError(err, errors, formError) {
  if (!(err instanceof ApiError)) {
    formError.textContent = String(err.message || err);
    return;
  }
  if (err.status === 412) {
    formError.textContent = '该案件已被同事修改，您看到的不是最新版本。请刷新页面，核对后再提交。（' + err.message + '）';
    return;
  }
  const target = errors[err.field];
  (target || formError).textContent = err.message;
}

// Posts `entry` (empty fields left out) to the case's `list` route.
export function postEntry(id, list, entry, etag) {
  return api(`/api/v1/cases/${encodeURIComponent(id)}/${list}`, { method: 'POST', body: entry, ifMatch: etag });
}

export function patchCase(id, patch, etag) {
  return api(`/api/v1/cases/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch, ifMatch: etag });
}
