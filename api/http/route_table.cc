#include "api/http/route_table.h"

#include <set>

#include "api/http/handlers.h"
#include "search/search_vocabulary.h"

namespace casebook::api {
namespace {

// The search filters both search routes and the similar routes read
// (search_handlers.cc kFilterParams), after `first`.
std::vector<ParamDoc> WithSearchFilters(std::vector<ParamDoc> first) {
  for (ParamDoc d : std::vector<ParamDoc>{
           {"year", "string", "A year or a range 2018..2021", false},
           {"kind", "string", "deputy_suggestion, cppcc_proposal, npc_motion, appeal, other",
            false},
           {"result", "string", "solved, solving, planned, reference", false},
           {"role", "string", "lead, co, joint", false},
           {"unit", "string", "A handling unit (承办单位)", false},
           {"status", "string", "received, handling, replied, closed, reopened", false},
           {"level", "string", "national, provincial, municipal, district", false},
           {"tag", "string", "A topic label", false},
       }) {
    first.push_back(std::move(d));
  }
  return first;
}

std::vector<ParamDoc> SearchFilterParams() {
  return WithSearchFilters({
      {"q", "string", "Query text: words, \"phrases\", OR/NOT, title:, year:2018..2021", false},
      {"limit", "integer",
       "Hits per page, 1.." + std::to_string(search::kMaxServedLimit) + " (default 20)", false},
      {"offset", "integer",
       "Hits to skip, 0.." + std::to_string(search::kMaxServedOffset) + " (default 0)", false},
      {"sort", "string", "relevance (default), newest, oldest", false},
      {"mode", "string", "auto (default: all words, else ranked), all, ranked", false},
      {"facets", "integer", "1 (default) = count facets over all matches; 0 = skip", false},
      {"snippets", "integer", "1 (default) = highlighted snippet per hit; 0 = none", false},
  });
}

// The parameters of the two similar-case routes.
const std::vector<ParamDoc> kSimilarParams = WithSearchFilters({
    {"limit", "integer", "Results, 1.." + std::to_string(search::kMaxServedLimit) + " (default 10)",
     false},
    {"earlier", "integer", "1 = only cases of earlier years (than the case, or before_year)",
     false},
    {"before_year", "integer", "Only cases of years before this one", false},
    {"exclude_copies", "integer", "1 = leave out near-duplicates of the query", false},
});

// The case filters of the review routes (review::ParseCaseFilter reads them).
std::vector<ParamDoc> CaseFilterParams(std::vector<ParamDoc> first) {
  for (ParamDoc d : std::vector<ParamDoc>{
           {"year", "integer", "Only this year", false},
           {"term", "string", "Only sessions whose text contains this (届次, e.g. 十五届)", false},
           {"unit", "string", "Only cases this handling unit (承办单位) has a part in", false},
           {"kind", "string", "deputy_suggestion, cppcc_proposal, npc_motion, appeal, other",
            false},
           {"role", "string", "lead, co, joint (this office's role)", false},
           {"level", "string", "national, provincial, municipal, district", false},
       }) {
    first.push_back(std::move(d));
  }
  return first;
}

Route EntryRoute(const std::string& entry, Handler h, const std::string& what) {
  return {"POST",
          "/api/v1/cases/{id}/" + entry,
          Scope::kWrite,
          h,
          "Add one " + what + " to a case",
          {},
          "A JSON object: one " + what + " as in the case model",
          "application/json",
          {201, 400, 404, 409, 412}};
  // 409: an office rule refuses it (rule_violation: the message names the rule and field).
}

}  // namespace

std::vector<Route> BuildRouteTable() {
  const std::string kJson = "application/json";
  std::vector<Route> r = {
      {"GET",
       "/",
       Scope::kNone,
       GetConsolePage,
       "The review console (web page)",
       {},
       "",
       "text/html",
       {200}},
      {"GET",
       "/web/{file}",
       Scope::kNone,
       GetWebAsset,
       "The console's scripts and styles",
       {},
       "",
       "text/javascript",
       {200, 304, 404}},
      {"GET",
       "/healthz",
       Scope::kNone,
       GetHealth,
       "Liveness and store figures",
       {},
       "",
       kJson,
       {200}},
      {"GET",
       "/metrics",
       Scope::kRead,
       GetMetrics,
       "Prometheus metrics",
       {},
       "",
       "text/plain",
       {200}},
      {"GET",
       "/api/v1/openapi.json",
       Scope::kNone,
       GetOpenApi,
       "This OpenAPI document",
       {},
       "",
       kJson,
       {200}},
      {"GET",
       "/api/v1/search",
       Scope::kRead,
       SearchCases,
       "Search cases by keyword",
       SearchFilterParams(),
       "",
       kJson,
       {200, 400, 501}},
      {"POST",
       "/api/v1/cases",
       Scope::kWrite,
       ImportCases,
       "Import many cases in one atomic batch (bad ones are listed, not stored)",
       {},
       "JSON Lines (one case a line) or a JSON array of cases",
       kJson,
       {200, 400, 413}},
      {"GET",
       "/api/v1/cases/{id}",
       Scope::kRead,
       GetCaseDossier,
       "The whole dossier of a case (一案一册), with an ETag",
       {},
       "",
       kJson,
       {200, 400, 404}},
      {"PUT",
       "/api/v1/cases/{id}",
       Scope::kWrite,
       PutCase,
       "Create (201) or replace (200) a case; If-Match / If-None-Match: *",
       {},
       "A case as canonical JSON",
       kJson,
       {200, 201, 400, 409, 412}},
      {"PATCH",
       "/api/v1/cases/{id}",
       Scope::kWrite,
       PatchCase,
       "Merge a JSON merge patch (RFC 7396) into a case; If-Match",
       {},
       "A JSON merge patch of the case",
       kJson,
       {200, 400, 404, 409, 412}},
      {"DELETE",
       "/api/v1/cases/{id}",
       Scope::kWrite,
       DeleteCase,
       "Delete a case (its history is kept); If-Match",
       {},
       "",
       kJson,
       {204, 404, 412}},
      {"GET",
       "/api/v1/cases/{id}/history",
       Scope::kRead,
       GetCaseHistory,
       "Every stored version of a case, oldest first",
       {},
       "",
       kJson,
       {200, 404}},
      {"GET",
       "/api/v1/cases/{id}/similar",
       Scope::kRead,
       SimilarToCase,
       "Cases similar to this one: score, near-duplicate similarity and flag, shared words, "
       "result and reply excerpt",
       kSimilarParams,
       "",
       kJson,
       {200, 400, 404, 501}},
      {"POST",
       "/api/v1/similar",
       Scope::kRead,
       SimilarToText,
       "Cases similar to a text not stored (a new proposal), near-duplicates flagged",
       kSimilarParams,
       "{\"text\": string, \"title\"?: string}",
       kJson,
       {200, 400, 413, 501}},
      EntryRoute("replies", AddReply, "reply"),
      EntryRoute("feedback", AddFeedback, "feedback"),
      EntryRoute("reviews", AddReview, "review"),
      EntryRoute("consultations", AddConsultation, "consultation"),
      EntryRoute("approvals", AddApproval, "leader's approval"),
      {"POST",
       "/api/v1/admin/backup",
       Scope::kAdmin,
       PostBackup,
       "Back the data directory up (a store checkpoint and the index) into a new folder",
       {},
       "{\"to\": \"/path/of/a/new/folder\"}",
       kJson,
       {200, 400, 409, 501}},
      {"GET",
       "/api/v1/cases/{id}/dossier",
       Scope::kRead,
       GetDossierPage,
       "The printable dossier of a case (一案一册): every part and its history, as HTML",
       {},
       "",
       "text/html",
       {200, 400, 404}},
      {"GET",
       "/api/v1/review/queue",
       Scope::kRead,
       GetReviewQueue,
       "The review queue (回头看): commitments by days left (undated apart), overdue replies, "
       "no consultation yet, unsatisfied feedback, 留作参考 awaiting approval or re-check, "
       "已经解决 to verify, reopened cases, rule exceptions",
       CaseFilterParams(
           {{"as_of", "string",
             "The day asked about, YYYY-MM-DD (default today, UTC); "
             "nothing dated after it counts",
             false},
            {"limit", "integer", "Most items per section, 1..1000 (default 200)", false},
            {"offset", "integer", "Items to skip per section, 0..10000 (default 0)", false},
            {"section", "string", "Only this section (e.g. commitments, rule_exceptions)", false}}),
       "",
       kJson,
       {200, 400}},
      {"GET",
       "/api/v1/stats",
       Scope::kRead,
       GetStats,
       "Statistics as the office reports them: headline by kind and role, results with "
       "shares, on-time replies, satisfaction, disclosure, key cases, by unit and year",
       CaseFilterParams({{"as_of", "string",
                          "The day asked about, YYYY-MM-DD (default today); nothing dated after "
                          "it counts",
                          false}}),
       "",
       kJson,
       {200, 400}},
      {"GET",
       "/api/v1/export.csv",
       Scope::kRead,
       ExportCsv,
       "Cases as CSV for Excel (UTF-8 with BOM, formula-safe)",
       CaseFilterParams({{"include_body", "integer", "1 = add the full text column", false}}),
       "",
       "text/csv",
       {200, 400}},
  };
  return r;
}

namespace {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 1;  // Paths begin with '/'.
  if (path.size() <= 1) return parts;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

bool MatchPattern(const std::string& pattern, const std::vector<std::string>& parts,
                  std::map<std::string, std::string>* params) {
  std::vector<std::string> want = SplitPath(pattern);
  if (want.size() != parts.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string& w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (parts[i].empty()) return false;
      found[w.substr(1, w.size() - 2)] = parts[i];
    } else if (w != parts[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

}  // namespace

RouteMatch MatchRoute(const std::vector<Route>& routes, const std::string& method,
                      const std::string& path) {
  RouteMatch m;
  if (path.empty() || path[0] != '/') return m;
  std::vector<std::string> parts = SplitPath(path);
  std::set<std::string> allowed;
  for (const Route& route : routes) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(route.pattern, parts, &params)) continue;
    if (route.method == method) {
      m.route = &route;
      m.path_params = std::move(params);
      return m;
    }
    allowed.insert(route.method);
  }
  m.path_known = !allowed.empty();
  for (const std::string& a : allowed) m.allowed += (m.allowed.empty() ? "" : ", ") + a;
  return m;
}

}  // namespace casebook::api
