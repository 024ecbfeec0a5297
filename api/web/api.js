// The JSON API: one fetch wrapper that adds the API key (asked once, kept
// for the tab), sends If-Match, and turns {"error": {...}} into ApiError.
import { $ } from './dom.js';

const KEY = 'casebook.key';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
  // The case field the message names ("field 'replies[2].date'" -> "date",
  // "field 'commitment_due'" -> "commitment_due"), or "".
  get field() {
    const m = /(?:field|parameter) '([^']+)'/.exec(this.message);
    if (!m) return '';
    return m[1].split('.').pop().replace(/\[\d+\]$/, '');
  }
}

// Asks for the key in the page's dialog; resolves true when one was given.
// 确定 with the field emptied forgets the key kept for the tab.
export function askKey(reason = '') {
  const dialog = $('#key-dialog');
  $('#key-error').textContent = reason;
  $('#key-input').value = sessionStorage.getItem(KEY) || '';
  return new Promise(resolve => {
    dialog.addEventListener('close', () => {
      const value = $('#key-input').value.trim();
      const ok = dialog.returnValue === 'ok' && value !== '';
      if (ok) sessionStorage.setItem(KEY, value);
      else if (dialog.returnValue === 'ok') sessionStorage.removeItem(KEY);
      resolve(ok);
    }, { once: true });
    dialog.showModal();
  });
}

// What a refusal of the key means, in the office's words.
const KEY_REASONS = {
  401: '密钥无效或未填写，请重新输入。',
  403: '此密钥无权进行该操作，请换用有写权限的密钥。',
};

// Calls the API. Returns {status, body, etag}; throws ApiError.
export async function api(path, { method = 'GET', body, ifMatch, asked = 0 } = {}) {
  const headers = { Accept: 'application/json' };
  const key = sessionStorage.getItem(KEY);
  if (key) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if ((res.status === 401 || res.status === 403) && asked < 3) {
    // The first question needs no reason; a key that was refused does.
    const reason = asked || res.status === 403 ? KEY_REASONS[res.status] : '';
    if (await askKey(reason)) return api(path, { method, body, ifMatch, asked: asked + 1 });
  }
  if (!res.ok) {
    const err = data && data.error ? data.error : { code: String(res.status), message: res.statusText };
    const message = KEY_REASONS[res.status] ? `${KEY_REASONS[res.status]}（${err.message}）` : err.message;
    throw new ApiError(res.status, err.code, message);
  }
  return { status: res.status, body: data, etag: res.headers.get('ETag') };
}

// "/api/v1/search?q=..&year=.." from a path and an object of parameters
// (empty values left out).
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
