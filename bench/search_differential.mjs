// search_differential: the same searches against two running servers (e.g.
// an older and a newer build serving copies of one data directory), answers
// compared field by field: total, facets (values and counts), hits in order
// (id, score to 1e-9, title, snippet). Queries are 2-4 character pieces of
// the served cases' titles, alone or in pairs, in each sort order, some with
// a filter, some on a second page; one in six is a whole title (a long one
// is matched in ranked mode and re-scored), some (short ones too) name the
// match mode. Then
// the similar cases of 100 of the hits, compared whole.
//
// usage: node bench/search_differential.mjs URL_A URL_B [--queries 1000]
// Prints how many answers differed (ranked and keyword searches apart: a
// ranking change shows in the first only) and the first few differences;
// exits 1 when any did.
const [a, b] = process.argv.slice(2, 4);
const countArg = process.argv.indexOf('--queries');
const count = countArg > 0 ? Number(process.argv[countArg + 1]) : 1000;
if (!a || !b) {
  console.error('usage: node bench/search_differential.mjs URL_A URL_B [--queries N]');
  process.exit(2);
}

async function get(base, path) {
  const r = await fetch(base + path);
  return { status: r.status, body: await r.json() };
}

let seed = 7;
const random = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

const titles = [];
const ids = [];
for (let offset = 0; offset < 2000; offset += 100) {
  const page = await get(a, `/api/v1/search?q=&limit=100&offset=${offset}&facets=0`);
  for (const hit of page.body.hits ?? []) {
    titles.push(hit.title);
    ids.push(hit.id);
  }
  if ((page.body.hits ?? []).length < 100) break;
}
const piece = () => {
  const t = [...titles[random(titles.length)].replace(/[^\u4e00-\u9fff]/g, '')];
  const n = 2 + random(3);
  if (t.length <= n) return t.join('');
  const at = random(t.length - n);
  return t.slice(at, at + n).join('');
};

const sorts = ['relevance', 'newest', 'oldest'];
const filters = ['', '&result=solved', '&kind=cppcc_proposal', '&year=2024'];
const modes = ['', '', '&mode=all', '&mode=ranked'];
const queries = new Set();
while (queries.size < count) {
  const whole = random(6) === 0;
  const q = whole ? titles[random(titles.length)]
                  : random(3) === 0 ? `${piece()} ${piece()}` : piece();
  const sort = sorts[random(3)];
  const filter = filters[random(4)];
  const offset = random(5) === 0 ? 10 : 0;
  const mode = whole || random(4) === 0 ? modes[random(4)] : '';  // Short ones ranked too.
  queries.add(`/api/v1/search?q=${encodeURIComponent(q)}&sort=${sort}${filter}&offset=${offset}` +
              mode);
}

function differences(x, y) {
  const out = [];
  if (x.status !== y.status) return [`status ${x.status} vs ${y.status}`];
  const p = x.body, q = y.body;
  if (p.total !== q.total) out.push(`total ${p.total} vs ${q.total}`);
  if (JSON.stringify(p.facets) !== JSON.stringify(q.facets)) out.push('facets differ');
  const hp = p.hits ?? [], hq = q.hits ?? [];
  if (hp.length !== hq.length) out.push(`hits ${hp.length} vs ${hq.length}`);
  for (let i = 0; i < Math.min(hp.length, hq.length); ++i) {
    if (hp[i].id !== hq[i].id) out.push(`hit ${i}: ${hp[i].id} vs ${hq[i].id}`);
    else if (Math.abs((hp[i].score ?? 0) - (hq[i].score ?? 0)) > 1e-9) out.push(`hit ${i} score`);
    else if (hp[i].snippet !== hq[i].snippet || hp[i].title !== hq[i].title) out.push(`hit ${i} text`);
  }
  return out;
}

let differing = 0, found = 0, rankedDiffering = 0, ranked = 0;
const shown = [];
for (const path of queries) {
  const [x, y] = await Promise.all([get(a, path), get(b, path)]);
  if (x.body.total > 0) ++found;
  if (x.body.ranked) ++ranked;
  const d = differences(x, y);
  if (d.length) {
    ++differing;
    if (x.body.ranked) ++rankedDiffering;
    if (shown.length < 10) shown.push(`${decodeURIComponent(path)}: ${d.join('; ')}`);
  }
}
let similarDiffering = 0;
for (let i = 0; i < 100 && ids.length; ++i) {
  const path = `/api/v1/cases/${encodeURIComponent(ids[random(ids.length)])}/similar`;
  const [x, y] = await Promise.all([get(a, path), get(b, path)]);
  if (x.status !== y.status || JSON.stringify(x.body) !== JSON.stringify(y.body)) {
    ++similarDiffering;
    if (shown.length < 10) shown.push(`${path}: answers differ`);
  }
}
differing += similarDiffering;
console.log(`similar cases of 100 stored cases: ${similarDiffering} answers differ`);
console.log(`${queries.size} searches from ${titles.length} titles (${found} found something): ` +
            `${differing} answers differ — ${rankedDiffering} of ${ranked} ranked (re-scored), ` +
            `${differing - similarDiffering - rankedDiffering} of ${queries.size - ranked} keyword`);
for (const s of shown) console.log('  ' + s);
process.exit(differing ? 1 : 0);
