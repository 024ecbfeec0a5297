#include "api/http/console_page.h"

namespace casebook::api {
namespace {

// Styles and layout of the page.
const char kHead[] = R"HTML(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Casebook 建议提案办理审阅台</title>
<style>
body{font-family:"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#f6f7f9}
header{background:#8b1a1a;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:center}
header h1{font-size:18px;margin:0}header input{width:220px}
nav button{background:none;border:1px solid #fff;color:#fff;padding:4px 10px;cursor:pointer}
nav button.on{background:#fff;color:#8b1a1a}
main{padding:16px 20px;max-width:1100px}
.row{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin-bottom:10px}
input,select,textarea,button{font-size:14px;padding:4px 6px}
.hit,.card{background:#fff;border:1px solid #ddd;border-radius:4px;padding:10px;margin:8px 0}
.hit h3{margin:0 0 4px;font-size:16px;cursor:pointer;color:#14408c}
.meta{color:#666;font-size:13px}mark{background:#ffe58a}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{border:1px solid #ddd;padding:4px 6px;font-size:13px;text-align:left}
a.id{cursor:pointer;color:#14408c;text-decoration:underline}
.late{color:#b00;font-weight:bold}.err{color:#b00}.pre{white-space:pre-wrap}
</style></head><body>
<header><h1>Casebook 建议提案办理审阅台</h1>
<nav><button data-v="search" class="on">检索</button><button data-v="queue">回头看</button>
<button data-v="stats">统计</button><button data-v="dossier">案卷</button></nav>
<span>API 密钥 <input id="key" type="password" placeholder="无密钥时留空"></span></header>
<main>
<section id="v-search">
<div class="row"><input id="q" size="40" placeholder="关键词，如 垃圾分类；支持 &quot;短语&quot;、title:、year:2018..2021">
<select id="f-kind"><option value="">全部类别</option><option value="deputy_suggestion">人大代表建议</option>
<option value="cppcc_proposal">政协提案</option><option value="npc_motion">议案</option><option value="appeal">群众来信</option></select>
<select id="f-result"><option value="">全部结果</option><option value="solved">已经解决</option>
<option value="solving">正在解决</option><option value="planned">计划解决</option><option value="reference">留作参考</option></select>
<input id="f-year" size="10" placeholder="年份或 2019..2021"><button id="go">检索</button></div>
<div id="search-out"></div></section>
<section id="v-queue" hidden><div class="row">截至 <input id="asof" type="date"><button id="load-queue">刷新</button></div>
<div id="queue-out"></div></section>
<section id="v-stats" hidden><div class="row">年份 <input id="stats-year" size="6"><button id="load-stats">统计</button>
<button id="export">导出 Excel (CSV)</button></div><div id="stats-out"></div></section>
<section id="v-dossier" hidden><div class="row">案件编号 <input id="case-id" size="30"><button id="open-case">打开</button></div>
<div id="dossier-out"></div></section>
</main>
)HTML";

// The script: calls the JSON API with the key typed above.
const char kScript[] = R"HTML(<script>
const $ = s => document.querySelector(s);
const LABEL = {deputy_suggestion:'人大代表建议',cppcc_proposal:'政协提案',npc_motion:'议案',appeal:'群众来信',other:'其他',
  solved:'已经解决',solving:'正在解决',planned:'计划解决',reference:'留作参考',lead:'主办',co:'会办',joint:'合办',
  received:'已收到',handling:'办理中',replied:'已答复',closed:'已办结',reopened:'重新办理',first:'首次答复',second:'二次答复',
  interim:'阶段性答复',satisfied:'满意',basically_satisfied:'基本满意',unsatisfied:'不满意',look_back:'回头看',
  inspection:'督查',closure_assessment:'办结评估',confirmed:'确认',rehandle:'重新办理',postponed:'延期'};
const zh = v => LABEL[v] || v || '';
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
$('#key').value = localStorage.getItem('casebook-key') || '';
$('#key').onchange = () => localStorage.setItem('casebook-key', $('#key').value);
async function api(path, opts = {}) {
  opts.headers = Object.assign({}, opts.headers || {});
  if ($('#key').value) opts.headers['X-API-Key'] = $('#key').value;
  const r = await fetch(path, opts);
  const type = r.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await r.json() : await r.blob();
  if (!r.ok) throw new Error((body.error && body.error.message) || ('HTTP ' + r.status));
  return {body, etag: r.headers.get('ETag')};
}
function show(view) {
  document.querySelectorAll('main section').forEach(s => s.hidden = s.id !== 'v-' + view);
  document.querySelectorAll('nav button').forEach(b => b.classList.toggle('on', b.dataset.v === view));
}
document.querySelectorAll('nav button').forEach(b => b.onclick = () => show(b.dataset.v));
const fail = (el, e) => { $(el).innerHTML = '<p class="err">' + esc(e.message) + '</p>'; };
const idLink = id => '<a class="id" data-id="' + esc(id) + '">' + esc(id) + '</a>';
document.addEventListener('click', e => { const id = e.target.dataset && e.target.dataset.id; if (id) openCase(id); });

async function search() {
  const p = new URLSearchParams({q: $('#q').value, limit: 20});
  for (const f of ['kind', 'result', 'year']) if ($('#f-' + f).value) p.set(f, $('#f-' + f).value);
  try {
    const {body} = await api('/api/v1/search?' + p);
    $('#search-out').innerHTML = '<p class="meta">共 ' + body.total + ' 件</p>' + body.hits.map(h =>
      '<div class="hit"><h3 data-id="' + esc(h.id) + '">' + esc(h.title) + '</h3><div class="meta">' + esc(h.id) + ' · ' +
      esc(h.year) + ' · ' + zh(h.kind) + ' · ' + zh(h.result) + '</div><div>' + (h.snippet || '') + '</div></div>').join('');
  } catch (e) { fail('#search-out', e); }
}
$('#go').onclick = search;
$('#q').onkeydown = e => { if (e.key === 'Enter') search(); };

async function loadQueue() {
  const p = new URLSearchParams({limit: 100});
  if ($('#asof').value) p.set('as_of', $('#asof').value);
  try {
    const {body} = await api('/api/v1/review/queue?' + p);
    $('#queue-out').innerHTML = '<p class="meta">截至 ' + esc(body.as_of) + '</p>' + body.order.map(k => body.sections[k]).map(s => {
      return '<h3>' + esc(s.title) + '（' + s.total + '）</h3><table><tr><th>编号</th><th>标题</th><th>年份</th><th>结果</th><th>主办单位</th><th>' +
        '日期</th><th>剩余天数</th></tr>' + s.items.map(i => '<tr><td>' + idLink(i.id) + '</td><td>' + esc(i.title) +
        '</td><td>' + esc(i.year) + '</td><td>' + zh(i.result) + '</td><td>' + esc(i.lead_unit) + '</td><td>' + esc(i.date) +
        '</td><td class="' + (i.days_left < 0 ? 'late' : '') + '">' + (i.days_left ?? '') + '</td></tr>').join('') + '</table>';
    }).join('');
  } catch (e) { fail('#queue-out', e); }
}
$('#load-queue').onclick = loadQueue;

const pct = s => (100 * s.rate).toFixed(1) + '%（' + s.numerator + '/' + s.denominator + '）';
async function loadStats() {
  const y = $('#stats-year').value;
  try {
    const {body: s} = await api('/api/v1/stats' + (y ? '?year=' + encodeURIComponent(y) : ''));
    const rows = o => Object.entries(o).map(([k, v]) => '<tr><td>' + esc(zh(k)) + '</td><td>' +
      (typeof v === 'object' ? esc(Object.entries(v).map(([a, b]) => zh(a) + ' ' + b).join('，')) : v) + '</td></tr>').join('');
    $('#stats-out').innerHTML = '<div class="card">总件数 ' + s.total + '；按时答复率 ' + pct(s.on_time_reply) +
      '；满意率 ' + pct(s.satisfaction) + '；多单位办理 ' + pct(s.multi_unit) + '</div>' +
      '<h3>类别 × 本单位角色</h3><table>' + rows(s.by_kind_role) + '</table><h3>办理结果</h3><table>' + rows(s.by_result) +
      '</table><h3>按年份</h3><table>' + rows(s.by_year) + '</table><h3>按承办单位</h3><table>' + rows(s.by_unit) + '</table>';
  } catch (e) { fail('#stats-out', e); }
}
$('#load-stats').onclick = loadStats;
$('#export').onclick = async () => {
  const y = $('#stats-year').value;
  try {
    const {body} = await api('/api/v1/export.csv' + (y ? '?year=' + encodeURIComponent(y) : ''));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(body); a.download = 'casebook-export.csv'; a.click();
  } catch (e) { fail('#stats-out', e); }
};

const list = (title, items, fmt) => '<h3>' + title + '（' + (items || []).length + '）</h3>' +
  (items || []).map(x => '<div class="card">' + fmt(x) + '</div>').join('');
let current = null;
async function openCase(id) {
  show('dossier'); $('#case-id').value = id;
  try {
    const {body, etag} = await api('/api/v1/cases/' + encodeURIComponent(id));
    current = {id, etag};
    const c = body.case, u = c.units || {};
    $('#dossier-out').innerHTML = '<div class="card"><h2>' + esc(c.title) + '</h2><div class="meta">' + esc(c.id) + ' · ' +
      zh(c.kind) + ' · ' + esc(c.year) + ' ' + esc(c.session) + ' ' + esc(c.number) + ' · 本单位' + zh(c.role) + ' · ' +
      zh(c.result) + ' · ' + zh(c.status) + ' · 第 ' + esc(c.version) + ' 版</div><p class="meta">主办：' +
      esc((u.lead || []).join('、')) + '　会办：' + esc((u.co || []).join('、')) + '　答复期限：' + esc(c.reply_due) +
      '　承诺期限：' + esc(c.commitment_due) + '</p><div class="pre">' + esc(c.body) + '</div></div>' +
      list('答复', c.replies, r => '<b>' + zh(r.kind) + '</b> ' + esc(r.date) + ' ' + esc(r.unit) + ' ' + zh(r.result) +
        '<div class="pre">' + esc(r.text) + '</div>') +
      list('面商', c.consultations, x => esc(x.date) + ' ' + esc(x.form) + ' ' + esc(x.notes)) +
      list('反馈', c.feedback, f => esc(f.date) + ' ' + esc(f.from) + ' <b>' + zh(f.satisfaction) + '</b> ' + esc(f.text)) +
      list('审阅', c.reviews, r => esc(r.date) + ' ' + zh(r.kind) + ' ' + zh(r.outcome) + ' ' + esc(r.reviewer) + ' ' + esc(r.finding)) +
      '<div class="card"><b>添加回头看记录</b><div class="row"><input id="rv-date" type="date">' +
      '<select id="rv-outcome"><option value="confirmed">确认</option><option value="rehandle">重新办理</option>' +
      '<option value="postponed">延期</option></select><input id="rv-reviewer" placeholder="审阅人"></div>' +
      '<textarea id="rv-finding" rows="3" cols="80" placeholder="发现情况"></textarea><br><button id="rv-add">保存</button>' +
      ' <span id="rv-msg"></span></div>' + '<h3>修改历史（' + body.history.versions + ' 版）</h3><table>' +
      body.history.changes.map(h => '<tr><td>第 ' + h.version + ' 版</td><td>' + esc(h.updated_at) + '</td><td>' + zh(h.result) +
        '</td><td>' + zh(h.status) + '</td></tr>').join('') + '</table>';
    $('#rv-add').onclick = addReview;
  } catch (e) { fail('#dossier-out', e); }
}
async function addReview() {
  const review = {kind: 'look_back', date: $('#rv-date').value, outcome: $('#rv-outcome').value,
                  reviewer: $('#rv-reviewer').value, finding: $('#rv-finding').value};
  try {
    await api('/api/v1/cases/' + encodeURIComponent(current.id) + '/reviews', {method: 'POST',
      headers: {'Content-Type': 'application/json', 'If-Match': current.etag}, body: JSON.stringify(review)});
    openCase(current.id);
  } catch (e) { $('#rv-msg').textContent = e.message + '（他人可能已修改，请刷新后重试）'; }
}
$('#open-case').onclick = () => openCase($('#case-id').value.trim());
$('#asof').value = new Date().toISOString().slice(0, 10);
</script></body></html>
)HTML";

}  // namespace

std::string ConsolePageHtml() { return std::string(kHead) + kScript; }

}  // namespace casebook::api
