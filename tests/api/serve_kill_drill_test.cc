// The SIGKILL drill, through real processes on one data directory:
// `casebook serve` killed at random moments while three writers run (PUT with
// If-Match or If-None-Match, PATCH, bulk POST /api/v1/cases of JSON Lines)
// and restarted, 24 times; `casebook import` killed mid-run, 3 times, while no
// server runs (a served directory refuses it: the store's lock; writes then go
// through POST /api/v1/cases, which the bulk writer does). Afterwards every
// write that was acknowledged (a 2xx, or the import's exit 0) is in the
// case's history at its version with its content, each case holds its last
// acknowledged content (or a later write that got no answer), the restarted
// server's index finds each case by what it holds, and `casebook verify`
// passes. A SIGKILL loses no page cache: this drills process crashes, not
// power loss.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "api/cli_process.h"
#include "test_util.h"

namespace casebook::test {
namespace {

using nlohmann::json;

constexpr int kServeKills = 24;
constexpr int kImportKills = 3;        // After serve kills 6, 12 and 18.
constexpr int kSharedCases = 30;       // P-0 .. P-29: the PUT and PATCH writers meet there.
constexpr int kImportCases = 4000;     // Per killed import: about a second to import.
constexpr int kSearchedImported = 50;  // Imported cases searched for at the end.

const char kImportBody[] =
    "建议在老旧小区周边增设公共停车位，错时开放机关单位停车场，规范路边停车收费，"
    "并加强违停治理，缓解居民停车难问题。";

// A word the analyzer keeps whole, unique to one write: its content.
std::string Token(const std::string& who, int round, int n) {
  return "dk" + who + std::to_string(round) + "n" + std::to_string(n);
}
std::string Title(const std::string& token) { return "演练 " + token + " 关于社区停车的建议"; }
// The token in a title Title() made; "" for any other title.
std::string TokenOf(const std::string& title) {
  const size_t at = title.find(" dk");
  if (title.rfind("演练", 0) != 0 || at == std::string::npos) return "";
  return title.substr(at + 1, title.find(' ', at + 1) - at - 1);
}

// What the writers know of the writes they sent. Thread-safe.
class WriteLedger {
 public:
  struct Ack {
    std::string token;
    int64_t version;  // Exactly this version when `exact`, else at least.
    bool exact;
  };
  void Acked(const std::string& id, const std::string& token, int64_t version, bool exact) {
    std::lock_guard<std::mutex> lock(mu_);
    acks_[id].push_back({token, version, exact});
  }
  // Sent, no answer: it may or may not have landed.
  void Unanswered(const std::string& id, const std::string& token) {
    std::lock_guard<std::mutex> lock(mu_);
    unanswered_[id].insert(token);
    ++unanswered_count_;
  }
  // A request that got no answer: when the connection broke with it in flight
  // (not when it was refused: the server was gone before), each of `writes`
  // ({id, token}) may have landed.
  void NoAnswer(const httplib::Result& r,
                const std::vector<std::pair<std::string, std::string>>& writes) {
    if (r.error() == httplib::Error::Connection) return;
    for (const auto& [id, token] : writes) Unanswered(id, token);
  }
  void Failed(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.push_back(what);
  }
  // Only once the writers are done.
  const std::map<std::string, std::vector<Ack>>& acks() const { return acks_; }
  const std::set<std::string>& unanswered(const std::string& id) const {
    static const std::set<std::string> kNone;
    auto it = unanswered_.find(id);
    return it == unanswered_.end() ? kNone : it->second;
  }
  int unanswered_count() const { return unanswered_count_; }
  std::vector<std::string> failures() const { return failures_; }

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<Ack>> acks_;
  std::map<std::string, std::set<std::string>> unanswered_;
  int unanswered_count_ = 0;
  std::vector<std::string> failures_;
};

std::unique_ptr<httplib::Client> Connect(int port) {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
  c->set_keep_alive(true);
  c->set_read_timeout(10, 0);
  return c;
}

int64_t VersionOf(const httplib::Result& r) {
  json j = json::parse(r->body, nullptr, false);
  return j.is_object() && j["case"].is_object() ? j["case"].value("version", int64_t{0}) : 0;
}

// Until a request gets no answer: GET a shared case, PUT it back with a new
// title under If-Match of its ETag (If-None-Match: * when absent).
void PutWriter(int port, int round, WriteLedger* ledger) {
  auto c = Connect(port);
  std::mt19937 rng(round);
  for (int n = 0;; ++n) {
    const std::string id = "P-" + std::to_string(rng() % kSharedCases);
    const std::string path = "/api/v1/cases/" + id;
    auto got = c->Get(path.c_str());
    if (!got) return;
    const std::string token = Token("p", round, n);
    const json doc = {{"title", Title(token)}, {"year", 2023}, {"body", "建议增加停车位。"}};
    const httplib::Headers condition =
        got->status == 404 ? httplib::Headers{{"If-None-Match", "*"}}
                           : httplib::Headers{{"If-Match", got->get_header_value("ETag")}};
    auto r = c->Put(path.c_str(), condition, doc.dump(), "application/json");
    if (!r) return ledger->NoAnswer(r, {{id, token}});
    if (r->status == 200 || r->status == 201) {
      ledger->Acked(id, token, VersionOf(r), true);
    } else if (r->status != 412) {
      ledger->Failed("PUT " + id + ": " + std::to_string(r->status) + " " + r->body);
    }
  }
}

// Until a request gets no answer: PATCH the title of a shared case.
void PatchWriter(int port, int round, WriteLedger* ledger) {
  auto c = Connect(port);
  std::mt19937 rng(1000 + round);
  for (int n = 0;; ++n) {
    const std::string id = "P-" + std::to_string(rng() % kSharedCases);
    const std::string token = Token("m", round, n);
    auto r = c->Patch(("/api/v1/cases/" + id).c_str(), json{{"title", Title(token)}}.dump(),
                      "application/merge-patch+json");
    if (!r) return ledger->NoAnswer(r, {{id, token}});
    if (r->status == 200) {
      ledger->Acked(id, token, VersionOf(r), true);
    } else if (r->status != 404 && r->status != 409) {  // Not created yet; lost 5 races.
      ledger->Failed("PATCH " + id + ": " + std::to_string(r->status) + " " + r->body);
    }
  }
}

// The bulk writer's own cases (B-*), across rounds: each one's acknowledged
// version so far (a lower bound once a batch went unanswered).
struct BulkCases {
  int next_new = 0;
  std::map<std::string, int64_t> versions;
};

// Until a request gets no answer: POST batches of 4 new cases and up to 4
// acknowledged ones rewritten, as JSON Lines.
void BulkWriter(int port, int round, BulkCases* mine, WriteLedger* ledger) {
  auto c = Connect(port);
  std::mt19937 rng(2000 + round);
  for (int n = 0;; ++n) {
    std::vector<std::string> fresh, again;
    for (int k = 0; k < 4; ++k) fresh.push_back("B-" + std::to_string(mine->next_new++));
    for (int k = 0; k < 4 && !mine->versions.empty(); ++k) {
      auto it = std::next(mine->versions.begin(), rng() % mine->versions.size());
      if (std::find(again.begin(), again.end(), it->first) == again.end())
        again.push_back(it->first);
    }
    std::string body;
    const std::string token = Token("b", round, n);
    for (const auto* ids : {&fresh, &again}) {
      for (const std::string& id : *ids) {
        body += json{{"id", id}, {"title", Title(token)}, {"year", 2022}}.dump() + "\n";
      }
    }
    auto r = c->Post("/api/v1/cases", body, "application/x-ndjson");
    if (!r) {
      std::vector<std::pair<std::string, std::string>> sent;
      for (const auto* ids : {&fresh, &again})
        for (const std::string& id : *ids) sent.emplace_back(id, token);
      ledger->NoAnswer(r, sent);
      return;
    }
    const json j = json::parse(r->body, nullptr, false);
    if (r->status != 200 || j.value("added", -1) != int(fresh.size()) ||
        j.value("updated", -1) != int(again.size())) {
      ledger->Failed("bulk POST: " + std::to_string(r->status) + " " + r->body);
      return;
    }
    for (const std::string& id : fresh) ledger->Acked(id, token, mine->versions[id] = 1, true);
    for (const std::string& id : again) ledger->Acked(id, token, ++mine->versions[id], false);
  }
}

// `casebook import` of kImportCases new cases, SIGKILLed after a random
// delay; returns true when it had finished (exit 0) before the kill, its
// cases then acknowledged.
bool KillImport(const ScopedTempDir& tmp, int round, std::mt19937* rng, WriteLedger* ledger) {
  const std::string file = (tmp / ("import-" + std::to_string(round) + ".jsonl")).string();
  std::string lines;
  for (int k = 0; k < kImportCases; ++k) {
    const std::string id = "I-" + std::to_string(round) + "-" + std::to_string(k);
    lines += json{{"id", id},
                  {"title", Title(Token("i", round, k))},
                  {"year", 2021},
                  {"body", kImportBody}}
                 .dump() +
             "\n";
  }
  WriteFile(file, lines);
  const std::string data = (tmp / "data").string();
  const int pid = StartCasebook({"import", "--data", data, "--no-duplicate-check", file},
                                (tmp / "import.out").string(), (tmp / "import.err").string());
  std::this_thread::sleep_for(std::chrono::milliseconds(20 + (*rng)() % 400));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  const bool finished = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  for (int k = 0; k < kImportCases; ++k) {
    const std::string id = "I-" + std::to_string(round) + "-" + std::to_string(k);
    const std::string token = Token("i", round, k);
    finished ? ledger->Acked(id, token, 1, true) : ledger->Unanswered(id, token);
  }
  return finished;
}

// The case's history as {version, token}, oldest first; empty when absent.
std::vector<std::pair<int64_t, std::string>> History(httplib::Client& c, const std::string& id) {
  std::vector<std::pair<int64_t, std::string>> out;
  auto r = c.Get(("/api/v1/cases/" + id + "/history").c_str());
  if (!r || r->status != 200) return out;
  const json body = json::parse(r->body);
  for (const json& v : body["versions"]) {
    out.emplace_back(v.value("version", int64_t{0}), TokenOf(v.value("title", "")));
  }
  return out;
}

bool SearchFinds(httplib::Client& c, const std::string& token, const std::string& id) {
  auto r = c.Get(("/api/v1/search?limit=100&facets=0&q=" + token).c_str());
  if (!r || r->status != 200) return false;
  const json body = json::parse(r->body);
  for (const json& hit : body["hits"]) {
    if (hit.value("id", "") == id) return true;
  }
  return false;
}

// Every acknowledged write of `id` is in its history; the case holds its last
// acknowledged content or an unanswered one sent later; search finds it by
// what it holds (unless `search` is false).
void CheckCase(httplib::Client& c, const WriteLedger& ledger, const std::string& id,
               const std::vector<WriteLedger::Ack>& acks, bool search) {
  const auto history = History(c, id);
  ASSERT_FALSE(history.empty()) << id << ": acknowledged, but absent";
  const WriteLedger::Ack* last = &acks.front();
  for (const WriteLedger::Ack& ack : acks) {
    if (ack.version > last->version) last = &ack;
    bool found = false;
    for (const auto& [version, token] : history) {
      found |= token == ack.token && (ack.exact ? version == ack.version : version >= ack.version);
    }
    EXPECT_TRUE(found) << id << ": acknowledged write " << ack.token << " (version "
                       << (ack.exact ? "" : ">= ") << ack.version << ") is not in its history";
  }
  const auto& [version, token] = history.back();
  const bool later = ledger.unanswered(id).count(token) > 0 && version > last->version;
  EXPECT_TRUE((token == last->token && version >= last->version) || later)
      << id << " holds " << token << " at version " << version << "; last acknowledged "
      << last->token << " at " << last->version;
  if (search) {
    EXPECT_TRUE(SearchFinds(c, token, id)) << id << ": search for " << token;
  }
}

// Polls /healthz until the index has applied every store change; "" then,
// else the last answer.
std::string IndexLevelWithin(httplib::Client& c, std::chrono::seconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  std::string last = "no answer";
  while (std::chrono::steady_clock::now() < until) {
    auto r = c.Get("/healthz");
    if (r && r->status == 200) {
      if (json::parse(r->body)["index"].value("lag", -1) == 0) return "";
      last = r->body;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return last;
}

TEST(ServeKillDrillTest, AcknowledgedWritesSurviveSigkills) {
  ScopedTempDir tmp;
  const std::string data = (tmp / "data").string();
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  WriteLedger ledger;
  BulkCases bulk;
  int rounds_cut_mid_write = 0, imports_cut = 0;
  for (int round = 0; round < kServeKills; ++round) {
    ServeProcess serve(data, {"--threads", "8"});
    ASSERT_GT(serve.port(), 0) << "restart " << round << ":\n" << serve.log();
    const int unanswered_before = ledger.unanswered_count();
    std::vector<std::thread> writers;
    writers.emplace_back(PutWriter, serve.port(), round, &ledger);
    writers.emplace_back(PatchWriter, serve.port(), round, &ledger);
    writers.emplace_back(BulkWriter, serve.port(), round, &bulk, &ledger);
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 400));
    serve.Kill();
    for (auto& w : writers) w.join();
    rounds_cut_mid_write += ledger.unanswered_count() > unanswered_before;
    if (round % 6 == 5 && round / 6 < kImportKills) {
      imports_cut += !KillImport(tmp, round, &rng, &ledger);
    }
  }
  for (const std::string& f : ledger.failures()) ADD_FAILURE() << f;
  // Kills that found no write in flight would prove nothing.
  EXPECT_GE(rounds_cut_mid_write, kServeKills / 2);
  EXPECT_GE(imports_cut, 1);

  ServeProcess serve(data);
  ASSERT_GT(serve.port(), 0) << serve.log();
  httplib::Client c("127.0.0.1", serve.port());
  ASSERT_EQ(IndexLevelWithin(c, std::chrono::seconds(20)), "") << serve.log();
  size_t checked = 0, imported = 0;
  for (const auto& [id, acks] : ledger.acks()) {
    const bool is_import = id[0] == 'I';
    CheckCase(c, ledger, id, acks, !is_import || imported++ < kSearchedImported);
    ++checked;
  }
  EXPECT_GT(checked, size_t{kSharedCases});
  // Cases of killed imports: absent, or whole (the title they were sent with).
  std::string import_samples;
  for (int round = 5; round < 6 * kImportKills; round += 6) {
    int present = 0, sampled = 0;
    for (int k = 0; k < kImportCases; k += 97, ++sampled) {
      const std::string id = "I-" + std::to_string(round) + "-" + std::to_string(k);
      const auto history = History(c, id);
      if (history.empty()) continue;
      ++present;
      EXPECT_EQ(history.back().second, Token("i", round, k)) << id;
    }
    import_samples += " " + std::to_string(present) + "/" + std::to_string(sampled);
  }
  EXPECT_EQ(serve.Stop(), 0) << serve.log();
  const ProcessResult verify = RunCasebook({"verify", "--data", data});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  std::printf(
      "%d serve kills (%d with writes in flight), %d import kills (%d mid-run; sampled cases "
      "stored:%s), %zu cases with acknowledged writes checked\n",
      kServeKills, rounds_cut_mid_write, kImportKills, imports_cut, import_samples.c_str(),
      checked);
}

}  // namespace
}  // namespace casebook::test
