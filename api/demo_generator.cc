// Demo cases composed from phrases written for this project. Places and units
// are fictional; the register follows the genre (关于……的建议, 【案由】, 答复).
#include "api/demo_generator.h"

#include <cstdio>
#include <random>
#include <string>

namespace casebook {
namespace {

struct Topic {
  const char* subject;     // 关于{subject}的建议
  const char* problem[3];  // Sentences describing the problem.
  const char* ask[3];      // Sentences proposing measures.
  const char* lead_unit;
  const char* co_unit;
  const char* reply[3];    // Sentences of the reply.
  const char* tag;
};

const Topic kTopics[] = {
    {"加快推进老旧小区加装电梯",
     {"{place}多个建于上世纪九十年代的老旧小区没有电梯，老年居民上下楼十分困难。",
      "加装电梯涉及业主意见征询、资金分摊和管线迁移，推进速度较慢。",
      "部分小区低层住户担心采光和噪音，协调难度大。"},
     {"建议简化加装电梯审批流程，推行一站式受理。",
      "建议提高财政补贴标准，并允许使用住房公积金支付分摊费用。",
      "建议街道设立专门协调小组，做好低层住户的沟通工作。"},
     "区住房保障局", "区规划资源局",
     {"我局高度重视老旧小区加装电梯工作，已会同相关部门出台简化审批的实施意见。",
      "今年计划在{place}完成加装电梯六十台，补贴标准提高至每台二十八万元。",
      "下一步将把加装电梯纳入城市更新整体安排，定期向代表通报进展。"},
     "城市更新"},
    {"加强{place}垃圾分类精细化管理",
     {"{place}部分小区垃圾分类投放点设置不合理，定时定点投放执行不到位。",
      "湿垃圾破袋投放的要求落实不好，分类驳运环节存在混装混运现象。",
      "居民对垃圾分类的认识还不够，志愿者队伍不稳定。"},
     {"建议优化投放点布局，增设洗手池和雨棚等便民设施。",
      "建议加强分类驳运监管，对混装混运行为依法处罚。",
      "建议将垃圾分类纳入社区治理考核，建立长效机制。"},
     "区绿化市容局", "区城管执法局",
     {"我局已对{place}的投放点进行排摸，完成改造一百二十处。",
      "全区已建立分类收运全程监管平台，对混装混运开展专项执法。",
      "我们将继续加强宣传引导，推动垃圾分类成为居民的自觉行动。"},
     "垃圾分类"},
    {"缓解{place}学校周边交通拥堵",
     {"每天上下学高峰时段，{place}学校周边道路车辆排起长队，接送家长占道停车现象突出。",
      "学校门口人行横道缺少信号灯，学生过马路存在安全隐患。",
      "周边停车资源不足，临时停车位供不应求。"},
     {"建议在学校周边设置限时临时停车位，高峰时段增派交警疏导。",
      "建议增设行人过街信号灯和护学岗。",
      "建议推广错峰放学和校车接送，减少私家车接送。"},
     "区交通委", "区公安分局",
     {"我委会同公安交警部门对{place}学校周边道路进行了实地踏勘。",
      "已在校门口增设行人过街信号灯两处，并施划临时停车泊位四十个。",
      "后续将结合道路改造工程，进一步优化学校周边交通组织。"},
     "交通"},
    {"完善社区居家养老服务体系",
     {"{place}老年人口占比已超过百分之三十，居家养老服务需求快速增长。",
      "社区长者食堂数量不足，助餐服务覆盖面有限。",
      "专业护理人员短缺，服务质量参差不齐。"},
     {"建议在每个街道至少建设一家综合为老服务中心。",
      "建议扩大长者食堂和助餐点覆盖范围，给予运营补贴。",
      "建议加强养老护理员培训，提高薪酬待遇。"},
     "区民政局", "区卫生健康委",
     {"我局已制定社区嵌入式养老服务设施三年行动计划。",
      "今年新建长者食堂八家、助餐点十五个，{place}已实现全覆盖。",
      "我们将继续完善养老护理员职业技能培训和激励机制。"},
     "养老"},
    {"整治{place}河道水环境",
     {"{place}部分河道水体发黑发臭，沿岸存在雨污混接和违法排污。",
      "河道保洁频次不够，漂浮物清理不及时。",
      "河长制落实中存在巡河走过场的现象。"},
     {"建议开展雨污混接专项排查和整改。",
      "建议加大河道保洁投入，实行网格化管理。",
      "建议公开河长履职情况，接受群众监督。"},
     "区水务局", "区生态环境局",
     {"我局已完成{place}雨污混接点排查，整改率达到百分之九十五。",
      "河道保洁已实行市场化养护，保洁频次提高到每天两次。",
      "我们将定期公布河长巡河情况，欢迎代表继续监督。"},
     "水环境"},
    {"规范住宅小区物业服务管理",
     {"{place}部分小区物业服务质量下降，收费标准与服务内容不匹配。",
      "业主委员会组建难、运作不规范，维修资金使用审批程序繁琐。",
      "物业企业退出时交接混乱，影响居民正常生活。"},
     {"建议建立物业服务质量评价和信用管理制度。",
      "建议简化维修资金使用流程，推行应急维修绿色通道。",
      "建议指导街道做好物业企业退出的应急接管。"},
     "区房屋管理局", "区市场监管局",
     {"我局已建立物业服务企业信用评价体系，评价结果向社会公开。",
      "维修资金应急使用流程已压缩至五个工作日。",
      "对{place}反映的问题，已约谈相关物业企业并督促整改。"},
     "物业"},
    {"支持中小微企业纾困发展",
     {"受市场环境影响，{place}不少中小微企业经营困难，融资难融资贵问题突出。",
      "惠企政策分散在多个部门，企业知晓度和申报便利度不高。",
      "部分企业反映房租成本压力大。"},
     {"建议设立中小微企业融资担保专项资金。",
      "建议建设惠企政策一网通办平台，实现免申即享。",
      "建议对国有物业承租企业减免房租。"},
     "区商务委", "区财政局",
     {"我委会同财政部门设立了中小微企业融资担保资金。",
      "惠企政策已全部纳入一网通办平台，二十项政策实现免申即享。",
      "我们将持续跟踪{place}企业诉求，及时研究解决。"},
     "营商环境"},
    {"加强{place}菜市场升级改造",
     {"{place}部分标准化菜市场设施陈旧，环境卫生较差。",
      "菜市场周边占道经营、乱设摊问题反复出现。",
      "部分新建居住区周边缺少菜市场，居民买菜不便。"},
     {"建议制定菜市场升级改造计划并给予资金支持。",
      "建议加强菜市场周边市容管理。",
      "建议在新建居住区同步规划建设社区菜市场。"},
     "区商务委", "区城管执法局",
     {"今年已完成{place}三家标准化菜市场改造。",
      "城管部门对菜市场周边开展常态化巡查。",
      "新建居住区菜市场已纳入公共服务设施配套规划。"},
     "民生"},
};

const char* const kPlaces[] = {"东湖区桂园街道", "西陵区临江街道", "南湾区梅溪镇",
                               "北塘区枫林镇",   "东湖区明珠社区", "西陵区柳岸新村"};
const char* const kNames[] = {"王建国", "李秀英", "张伟", "刘芳", "陈明", "杨丽",
                              "赵强",   "黄静",   "周涛", "吴敏", "徐磊", "孙燕"};
const char* const kAffiliations[] = {"东湖区代表团", "西陵区代表团", "民盟", "民进",
                                     "九三学社", "农工党", "经济界别", "医卫界别"};

std::string Fill(std::string s, const std::string& place) {
  for (size_t at; (at = s.find("{place}")) != std::string::npos;) s.replace(at, 7, place);
  return s;
}

std::string Date(int year, int month, int day) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

CaseResult PickResult(std::mt19937_64& rng) {
  // Roughly the split offices report: most solved, some in progress, a fifth reference.
  int r = static_cast<int>(rng() % 100);
  if (r < 68) return CaseResult::kSolved;
  if (r < 76) return CaseResult::kSolving;
  if (r < 82) return CaseResult::kPlanned;
  return CaseResult::kReference;
}

void AddHandling(std::mt19937_64& rng, const Topic& t, const std::string& place, Case& c) {
  const int y = c.year;
  c.result = PickResult(rng);
  c.replies.push_back({1, ReplyKind::kFirst, Date(y, 5, 1 + rng() % 28), t.lead_unit,
                       Fill(std::string(t.reply[0]) + t.reply[1] + t.reply[2], place), c.result});
  if (c.result == CaseResult::kSolving || c.result == CaseResult::kPlanned) {
    // Promises fall due over the following two years, some already past.
    const int due_year = y + 1 + static_cast<int>(rng() % 2);
    const int due_month = 1 + static_cast<int>(rng() % 12);
    c.commitment_due = Date(due_year, due_month, 1 + rng() % 28);
  }
  c.consultations.push_back({Date(y, 4, 1 + rng() % 28),
                             rng() % 2 ? ConsultationForm::kMeeting : ConsultationForm::kPhone,
                             {c.proposers[0].name, t.lead_unit},
                             "承办单位与代表面商，介绍办理思路并听取意见。"});
  int s = static_cast<int>(rng() % 10);
  Satisfaction sat = s < 7 ? Satisfaction::kSatisfied
                           : s < 9 ? Satisfaction::kBasicallySatisfied : Satisfaction::kUnsatisfied;
  c.feedback.push_back({Date(y, 6, 1 + rng() % 28), c.proposers[0].name, sat,
                        sat == Satisfaction::kUnsatisfied ? "答复内容较原则，希望进一步落实具体措施。"
                                                          : "对办理态度和答复内容表示认可。"});
  if (sat == Satisfaction::kUnsatisfied) {
    c.replies.push_back({2, ReplyKind::kSecond, Date(y, 8, 1 + rng() % 28), t.lead_unit,
                         Fill("针对代表的意见，我们再次赴{place}调研，细化了工作措施和时间节点。",
                              place),
                         c.result});
  }
  c.status = rng() % 5 == 0 ? CaseStatus::kReplied : CaseStatus::kClosed;
  if (y < 2026 && rng() % 3 == 0) {
    c.reviews.push_back({Date(y + 1, 3, 1 + rng() % 28), ReviewKind::kLookBack,
                         "回头看：承诺事项已按计划推进。",
                         rng() % 4 ? ReviewOutcome::kConfirmed : ReviewOutcome::kRehandle,
                         "区政府办公室"});
  }
  c.disclosure = {c.role == Role::kLead, Date(y, 9, 1 + rng() % 28), "", true};
}

Case MakeCase(std::mt19937_64& rng, const DemoOptions& o, int index) {
  const Topic& t = kTopics[rng() % (sizeof kTopics / sizeof kTopics[0])];
  const std::string place = kPlaces[rng() % (sizeof kPlaces / sizeof kPlaces[0])];
  Case c;
  c.year = o.first_year + static_cast<int>(rng() % (o.last_year - o.first_year + 1));
  bool cppcc = rng() % 3 == 0;
  c.kind = cppcc ? CaseKind::kCppccProposal : CaseKind::kDeputySuggestion;
  c.level = Level::kMunicipal;
  char id[48];
  std::snprintf(id, sizeof id, "%d-DEMO-%s-%04d", c.year, cppcc ? "ZX" : "RD", index + 1);
  c.id = id;
  c.number = "第" + std::to_string(100 + index) + "号";
  c.session = cppcc ? "市政协第十四届委员会第" + std::to_string(c.year - o.first_year + 1) + "次会议"
                    : "市第十六届人民代表大会第" + std::to_string(c.year - o.first_year + 1) +
                          "次会议";
  c.title = "关于" + Fill(t.subject, place) + (cppcc ? "的提案" : "的建议");
  c.body = "【案由】" + Fill(t.problem[0], place) + Fill(t.problem[1], place) +
           Fill(t.problem[2], place) + "\n【建议】一、" + t.ask[0] + "\n二、" + t.ask[1] +
           "\n三、" + t.ask[2];
  c.proposers.push_back({kNames[rng() % 12], kAffiliations[rng() % 8], {}});
  c.role = rng() % 3 == 0 ? Role::kCo : Role::kLead;
  c.units.lead.push_back(t.lead_unit);
  if (rng() % 4 != 0) c.units.co.push_back(t.co_unit);
  c.received = Date(c.year, 2, 1 + rng() % 20);
  c.assigned = Date(c.year, 2, 21 + rng() % 7);
  c.reply_due = Date(c.year, 5, 31);
  c.tags = {t.tag};
  if (c.year == o.last_year && rng() % 2 == 0) {
    c.status = CaseStatus::kHandling;  // This year's cases still being handled.
  } else {
    AddHandling(rng, t, place, c);
  }
  return c;
}

}  // namespace

std::vector<Case> GenerateDemoCases(const DemoOptions& options) {
  std::mt19937_64 rng(options.seed);
  std::vector<Case> out;
  out.reserve(options.count);
  for (int i = 0; i < options.count; ++i) out.push_back(MakeCase(rng, options, i));
  return out;
}

}  // namespace casebook
