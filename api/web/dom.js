// Small DOM helpers: element building without innerHTML for user text.

// h('a', {href: '#/x', class: 'on', onclick: fn}, 'text', child, [more]).
// Strings become text nodes (never parsed as HTML); null/false are skipped.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'html') el.innerHTML = v;  // Only for HTML the server escaped (snippets).
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

// Replaces the children of `el`.
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// Shows `error` in `el` (not in place of the whole view: the view's form
// stays, so what was asked can be corrected), after `what` went wrong.
export function showError(el, what, error) {
  return fill(el, h('div', { class: 'card error', role: 'alert' }, `${what}：`,
    error && error.message ? error.message : String(error)));
}
