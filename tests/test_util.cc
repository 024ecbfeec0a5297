#include "test_util.h"

#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

namespace casebook::test {

ScopedTempDir::ScopedTempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto p = std::filesystem::temp_directory_path() /
             ("casebook-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    if (std::filesystem::create_directory(p)) {
      path_ = p;
      return;
    }
  }
  ADD_FAILURE() << "could not create a temporary directory";
}

ScopedTempDir::~ScopedTempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

std::filesystem::path CorpusDir() {
  std::filesystem::path p = CASEBOOK_CORPUS_DIR;
  if (const char* env = std::getenv("CASEBOOK_CORPUS")) p = env;
  std::error_code ec;
  if (!std::filesystem::is_directory(p, ec)) return {};
  return p;
}

std::filesystem::path CorpusFile(const std::string& name) {
  auto dir = CorpusDir();
  if (dir.empty()) return {};
  auto p = dir / name;
  return std::filesystem::exists(p) ? p : std::filesystem::path();
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::filesystem::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary);
  out << content;
}

std::vector<std::string> ReadLines(const std::filesystem::path& p, size_t max) {
  std::vector<std::string> out;
  std::ifstream in(p, std::ios::binary);
  std::string line;
  while (out.size() < max && std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

Case SampleCase(const std::string& id) {
  Case c;
  c.id = id;
  c.kind = CaseKind::kDeputySuggestion;
  c.level = Level::kMunicipal;
  c.year = 2021;
  c.session = "市十五届人大五次会议";
  c.number = "第0123号";
  c.title = "关于加快推进吴泾化工区转型的建议";
  c.body = "【案由】吴泾化工区周边居民反映异味问题。【建议】一、加强监测。二、推进转型。";
  c.proposers = {{"张三", "闵行区代表团", {}}, {"李四", "", {}}};
  c.role = Role::kLead;
  c.units.lead = {"区生态环境局"};
  c.units.co = {"区规划资源局", "吴泾镇"};
  c.received = "2021-02-01";
  c.assigned = "2021-02-20";
  c.reply_due = "2021-05-31";
  c.result = CaseResult::kSolving;
  c.commitment_due = "2022-06-30";
  c.status = CaseStatus::kReplied;
  c.replies = {{1,
                ReplyKind::kFirst,
                "2021-05-20",
                "区生态环境局",
                "已开展专项监测。",
                CaseResult::kSolving,
                {}}};
  c.consultations = {
      {"2021-04-10", ConsultationForm::kMeeting, {"张三", "区生态环境局"}, "面商", {}}};
  c.feedback = {{"2021-06-01", "张三", Satisfaction::kBasicallySatisfied, "希望加快进度", {}}};
  c.reviews = {
      {"2022-03-01", ReviewKind::kLookBack, "按计划推进", ReviewOutcome::kConfirmed, "区府办", {}}};
  c.disclosure = {true, "2021-06-15", "https://example.gov.cn/reply/0123", true};
  c.tags = {"环境", "化工区"};
  c.source = {"cases.jsonl", 12, "abc123", "2021-07-01T00:00:00Z", true};
  c.extra = {{"custom_note", "保留此字段"}};
  return c;
}

}  // namespace casebook::test
