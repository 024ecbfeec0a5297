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
