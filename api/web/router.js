// The location hash as a route: "#/path?params".

// The hash as {path, params}.
export function currentRoute() {
  const hash = location.hash.replace(/^#/, '') || '/search';
  const [path, query = ''] = hash.split('?');
  return { path, params: new URLSearchParams(query) };
}

// Navigates to `path` with `params` (an object; empty values left out).
export function go(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  location.hash = '#' + path + (s ? '?' + s : '');
}

// Whether this tab has moved between the console's views since it opened
// (a case opened from a shared link has nowhere in the console to go back to).
let moves = 0;
window.addEventListener('hashchange', () => { moves += 1; });
export const movedWithin = () => moves > 0;
