// Demo cases composed from phrases written for this project. Places and units
// are fictional; the register follows the genre (关于……的建议, 【案由】, 答复).
#include "api/cli/demo_generator.h"

#include <algorithm>
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
  const char* reply[3];  // Sentences of the reply.
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
     "区住房保障局",
     "区规划资源局",
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
     "区绿化市容局",
     "区城管执法局",
     {"我局已对{place}的投放点进行排摸，完成改造一百二十处。",
      "全区已建立分类收运全程监管平台，对混装混运开展专项执法。",
      "我们将继续加强宣传引导，推动垃圾分类成为居民的自觉行动。"},
     "垃圾分类"},
    {"缓解{place}学校周边交通拥堵",
     {"每天上下学高峰时段，{place}学校周边道路车辆排起长队，接送家长占道停车现象突出。",
      "学校门口人行横道缺少信号灯，学生过马路存在安全隐患。",
      "周边停车资源不足，临时停车位供不应求。"},
     {"建议在学校周边设置限时临时停车位，高峰时段增派交警疏导。",
      "建议增设行人过街信号灯和护学岗。", "建议推广错峰放学和校车接送，减少私家车接送。"},
     "区交通委",
     "区公安分局",
     {"我委会同公安交警部门对{place}学校周边道路进行了实地踏勘。",
      "已在校门口增设行人过街信号灯两处，并施划临时停车泊位四十个。",
      "后续将结合道路改造工程，进一步优化学校周边交通组织。"},
     "交通"},
    {"完善社区居家养老服务体系",
     {"{place}老年人口占比已超过百分之三十，居家养老服务需求快速增长。",
      "社区长者食堂数量不足，助餐服务覆盖面有限。", "专业护理人员短缺，服务质量参差不齐。"},
     {"建议在每个街道至少建设一家综合为老服务中心。",
      "建议扩大长者食堂和助餐点覆盖范围，给予运营补贴。", "建议加强养老护理员培训，提高薪酬待遇。"},
     "区民政局",
     "区卫生健康委",
     {"我局已制定社区嵌入式养老服务设施三年行动计划。",
      "今年新建长者食堂八家、助餐点十五个，{place}已实现全覆盖。",
      "我们将继续完善养老护理员职业技能培训和激励机制。"},
     "养老"},
    {"整治{place}河道水环境",
     {"{place}部分河道水体发黑发臭，沿岸存在雨污混接和违法排污。",
      "河道保洁频次不够，漂浮物清理不及时。", "河长制落实中存在巡河走过场的现象。"},
     {"建议开展雨污混接专项排查和整改。", "建议加大河道保洁投入，实行网格化管理。",
      "建议公开河长履职情况，接受群众监督。"},
     "区水务局",
     "区生态环境局",
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
     "区房屋管理局",
     "区市场监管局",
     {"我局已建立物业服务企业信用评价体系，评价结果向社会公开。",
      "维修资金应急使用流程已压缩至五个工作日。",
      "对{place}反映的问题，已约谈相关物业企业并督促整改。"},
     "物业"},
    {"支持中小微企业纾困发展",
     {"受市场环境影响，{place}不少中小微企业经营困难，融资难融资贵问题突出。",
      "惠企政策分散在多个部门，企业知晓度和申报便利度不高。", "部分企业反映房租成本压力大。"},
     {"建议设立中小微企业融资担保专项资金。", "建议建设惠企政策一网通办平台，实现免申即享。",
      "建议对国有物业承租企业减免房租。"},
     "区商务委",
     "区财政局",
     {"我委会同财政部门设立了中小微企业融资担保资金。",
      "惠企政策已全部纳入一网通办平台，二十项政策实现免申即享。",
      "我们将持续跟踪{place}企业诉求，及时研究解决。"},
     "营商环境"},
    {"加强{place}菜市场升级改造",
     {"{place}部分标准化菜市场设施陈旧，环境卫生较差。", "菜市场周边占道经营、乱设摊问题反复出现。",
      "部分新建居住区周边缺少菜市场，居民买菜不便。"},
     {"建议制定菜市场升级改造计划并给予资金支持。", "建议加强菜市场周边市容管理。",
      "建议在新建居住区同步规划建设社区菜市场。"},
     "区商务委",
     "区城管执法局",
     {"今年已完成{place}三家标准化菜市场改造。", "城管部门对菜市场周边开展常态化巡查。",
      "新建居住区菜市场已纳入公共服务设施配套规划。"},
     "民生"},
    {"推进{place}停车难综合治理",
     {"{place}老小区停车位严重不足，夜间车辆只能停在消防通道和人行道上。",
      "周边单位和商场的停车场夜间空置，错时共享机制没有建立起来。",
      "非机动车乱停放挤占盲道，影响行人通行。"},
     {"建议推行机关企事业单位停车场夜间向周边居民错时开放。",
      "建议利用边角地建设立体停车库，并给予建设补贴。", "建议规范非机动车停放点位，加强日常巡查。"},
     "区交通委",
     "区房屋管理局",
     {"我委已梳理{place}可共享停车资源，首批开放错时停车位三百个。",
      "两处立体停车库已完成立项，预计明年底建成。", "我们将联合街道持续整治非机动车乱停放。"},
     "停车"},
    {"加强社区卫生服务能力建设",
     {"{place}社区卫生服务中心全科医生数量偏少，家庭医生签约后服务跟不上。",
      "基层常用药品种类有限，慢性病患者不得不去大医院配药。",
      "社区检查设备陈旧，部分项目无法开展。"},
     {"建议增加全科医生编制，完善基层医务人员激励机制。", "建议扩大社区药品目录，推行慢病长处方。",
      "建议更新社区卫生服务中心检查设备，推进远程诊疗。"},
     "区卫生健康委",
     "区医保局",
     {"今年全区新招录全科医生四十名，家庭医生团队扩充至一百二十个。",
      "社区药品目录已与二级医院衔接，慢病长处方最长可开十二周。",
      "我委将分批更新{place}社区卫生服务中心的检查设备。"},
     "医疗卫生"},
    {"优化{place}公交线网和站点设置",
     {"{place}新建大型居住区周边公交线路少、班次稀，居民出行不便。",
      "部分公交站点距离地铁站较远，换乘步行时间长。", "末班车时间偏早，夜间返家的上班族只能打车。"},
     {"建议开通连接地铁站的社区接驳线。", "建议优化站点设置，缩短与轨道交通站点的换乘距离。",
      "建议延长重点线路的末班车时间。"},
     "区交通委",
     "区建设管理委",
     {"我委已新辟{place}至地铁站的接驳线两条，高峰班次间隔缩短至八分钟。",
      "三处公交站点已向地铁出入口方向迁移。", "重点线路末班车已延长至二十二点三十分。"},
     "交通"},
    {"加强{place}校外培训和课后服务管理",
     {"双减政策实施后，{place}家长对课后服务的需求明显增加。",
      "部分学校课后服务内容单一，以看管和作业辅导为主。",
      "无证校外培训机构转入地下，存在安全隐患。"},
     {"建议引入文体艺术和科技类优质资源丰富课后服务。", "建议对课后服务教师给予合理补贴。",
      "建议建立校外培训联合执法机制，加强日常监管。"},
     "区教育局",
     "区市场监管局",
     {"全区中小学课后服务已实现全覆盖，引进社会优质课程一百余门。",
      "课后服务补贴已纳入教师绩效，今年起按课时发放。",
      "我局会同市场监管部门对{place}开展了校外培训专项检查。"},
     "教育"},
    {"保障{place}外卖快递骑手权益",
     {"{place}外卖和快递骑手数量增长很快，劳动保障覆盖不足。",
      "骑手休息场所缺乏，夏季高温天气下只能在街边等单。",
      "部分骑手为赶时间闯红灯、逆行，交通事故时有发生。"},
     {"建议推动平台企业为骑手缴纳职业伤害保障。",
      "建议在商圈和社区建设骑手驿站，提供饮水、充电和休息服务。",
      "建议加强对平台算法的指导，合理设置配送时限。"},
     "区人力资源社会保障局",
     "区总工会",
     {"我局已推动辖区主要平台参加新就业形态职业伤害保障试点。",
      "区总工会在{place}建成骑手驿站十二个。", "我们将会同交警部门加强骑手交通安全教育。"},
     "劳动保障"},
    {"加快{place}公共文化设施建设",
     {"{place}人口导入较快，公共图书馆和文化活动中心明显不足。",
      "现有文化设施开放时间与上班族的空闲时间不匹配。", "社区文化活动形式单一，青年人参与度不高。"},
     {"建议在新建社区配建综合文化活动室。", "建议推行文化场馆错时延时开放。",
      "建议引入社会力量参与社区文化活动策划和运营。"},
     "区文化旅游局",
     "区规划资源局",
     {"我局已将{place}文化活动中心建设纳入明年重点项目。",
      "区图书馆及分馆已实行夜间开放至二十一点。",
      "我们通过政府购买服务引入专业团队，开展青年喜爱的文化活动。"},
     "公共文化"},
    {"做好{place}防汛排涝工作",
     {"每逢暴雨，{place}低洼地段积水严重，部分居民家中进水。",
      "老旧雨水管网排水能力不足，泵站运行不稳定。", "地下车库和地下空间缺少挡水设施。"},
     {"建议对积水点开展系统排查，制定一点一策。", "建议加快雨水管网改造和泵站提标。",
      "建议督促物业为地下车库配备挡水板和应急排水设备。"},
     "区水务局",
     "区应急管理局",
     {"我局已对{place}的九处积水点逐一制定整改方案。", "两座雨水泵站提标改造已开工，汛期前完工。",
      "我们已会同房管部门检查地下车库防汛物资配备情况。"},
     "防汛"},
    {"提升{place}农村人居环境",
     {"{place}部分村庄生活污水直排河沟，农村环境面貌有待提升。", "村内道路狭窄破损，路灯覆盖不足。",
      "农村生活垃圾收运体系不健全，偏远村组收运不及时。"},
     {"建议加快农村生活污水处理设施建设和运维。", "建议实施村内道路提档升级和路灯补点工程。",
      "建议完善农村垃圾收运网络，实行定时收运。"},
     "区农业农村委",
     "区水务局",
     {"今年{place}新建农村生活污水处理设施覆盖农户一千二百户。",
      "村内道路改造纳入乡村振兴项目，计划三年内完成。", "我委已督促各镇落实农村生活垃圾日产日清。"},
     "乡村振兴"},
};

// Sentences any proposal may open or close with; {place} and {n} are filled in.
const char* const kContext[] = {"近年来，随着城市更新和人口结构变化，这一问题日益突出。",
                                "据代表在{place}的走访调研，约有{n}户居民反映过此类问题。",
                                "今年以来，市民服务热线共受理相关诉求{n}件，同比有所上升。",
                                "该问题多次被列入社区议事会讨论事项，但始终未能根本解决。",
                                "群众对此反映强烈，希望有关部门尽快研究解决。",
                                "代表多次接待选民来访，{place}居民对此意见集中。",
                                "从全市情况看，类似问题在中心城区和近郊均不同程度存在。",
                                "相关部门虽已采取一些措施，但效果与群众期待仍有差距。"};
const char* const kClosing[] = {"以上建议，请有关部门研究采纳。",
                                "建议将此项工作列入明年区政府实事项目，明确时间表和责任单位。",
                                "希望承办单位加强与代表的沟通，及时反馈办理进展。",
                                "建议建立定期评估机制，每半年向人大常委会报告一次落实情况。",
                                "建议借鉴兄弟区的经验做法，先行试点、逐步推开。",
                                "恳请相关部门加强统筹协调，形成工作合力。"};

const char* const kPlaces[] = {"东湖区桂园街道", "西陵区临江街道", "南湾区梅溪镇",
                               "北塘区枫林镇",   "东湖区明珠社区", "西陵区柳岸新村"};
const char* const kNames[] = {"王建国", "李秀英", "张伟", "刘芳", "陈明", "杨丽",
                              "赵强",   "黄静",   "周涛", "吴敏", "徐磊", "孙燕"};
const char* const kAffiliations[] = {"东湖区代表团", "西陵区代表团", "民盟",     "民进",
                                     "九三学社",     "农工党",       "经济界别", "医卫界别"};

std::string Fill(std::string s, const std::string& place, int n = 0) {
  for (size_t at; (at = s.find("{place}")) != std::string::npos;) s.replace(at, 7, place);
  for (size_t at; (at = s.find("{n}")) != std::string::npos;) s.replace(at, 3, std::to_string(n));
  return s;
}

// 1 or 2 of the three sentences, in a random order.
std::vector<const char*> PickSome(std::mt19937_64& rng, const char* const (&from)[3]) {
  std::vector<const char*> v(from, from + 3);
  for (size_t i = v.size() - 1; i > 0; --i) std::swap(v[i], v[rng() % (i + 1)]);
  v.pop_back();
  if (rng() % 2) v.pop_back();
  return v;
}

const char* const kOrdinals[] = {"一", "二", "三"};

// Word variants: each occurrence of a word may be written as one of its
// alternatives, so that two proposals on one matter read differently.
const std::vector<std::vector<const char*>> kVariants = {
    {"建议", "提议", "希望", "请求"},     {"居民", "群众", "市民", "住户"},
    {"加强", "强化", "加大", "切实加强"}, {"问题", "情况", "现象", "难题"},
    {"部门", "单位", "职能部门"},         {"尽快", "抓紧", "及早", "加快"},
    {"部分", "一些", "个别", "不少"},     {"进一步", "切实", "持续", "更好地"},
    {"存在", "出现", "暴露出"},           {"推进", "推动", "落实"},
    {"研究", "研究制定", "论证"},         {"相关", "有关", "相应"},
    {"不足", "不够", "有限", "短缺"},     {"完善", "健全", "优化"},
    {"街道", "镇街", "属地街道"},         {"小区", "社区", "住宅小区", "居住区"}};

// Details that make each proposal its own: where, when, how many.
const char* const kRoads[] = {"滨江路", "学府路", "新华路",   "春申路", "松涛路", "银杏大道",
                              "建设路", "光明路", "园区二路", "长寿路", "青年路", "南港大道"};
const char* const kSpots[] = {"菜场门口",   "地铁站出口", "幼儿园旁",   "公交枢纽",      "商业街",
                              "老年活动室", "河道沿线",   "停车场入口", "社区卫生服务站"};
const char* const kTimes[] = {"早高峰", "晚上八点以后", "周末",   "雨天",
                              "节假日", "夏季",         "寒暑假", "傍晚"};

std::string Vary(std::mt19937_64& rng, std::string s) {
  for (const auto& group : kVariants) {
    size_t at = 0;
    while ((at = s.find(group[0], at)) != std::string::npos) {
      const std::string to = group[rng() % group.size()];
      s.replace(at, std::string(group[0]).size(), to);
      at += to.size();
    }
  }
  return s;
}

std::string Detail(std::mt19937_64& rng) {
  std::string road = kRoads[rng() % (sizeof kRoads / sizeof kRoads[0])];
  std::string spot = kSpots[rng() % (sizeof kSpots / sizeof kSpots[0])];
  std::string time = kTimes[rng() % (sizeof kTimes / sizeof kTimes[0])];
  int n = 2 + static_cast<int>(rng() % 40);
  switch (rng() % 3) {
    case 0:
      return "例如" + road + spot + "一带，" + time + "尤为明显，居民反映已有" + std::to_string(n) +
             "年。";
    case 1:
      return "代表在" + road + "实地察看时看到，" + spot + "周边" + time + "的情况与居民所说一致。";
    default:
      return "据" + road + "附近" + std::to_string(n * 10) + "余名居民联名反映，" + spot +
             "的问题" + time + "最为突出。";
  }
}

// The body of a proposal: 案由 (context + problem) and numbered 建议.
std::string ComposeBody(std::mt19937_64& rng, const Topic& t, const std::string& place) {
  std::string body = "【案由】";
  const size_t n_context = sizeof kContext / sizeof kContext[0];
  body += Fill(Vary(rng, kContext[rng() % n_context]), place, 20 + static_cast<int>(rng() % 900));
  for (const char* s : PickSome(rng, t.problem)) body += Fill(Vary(rng, s), place);
  body += Detail(rng);
  body += Detail(rng);
  body += "\n【建议】";
  auto asks = PickSome(rng, t.ask);
  for (size_t i = 0; i < asks.size(); ++i) {
    body += std::string(kOrdinals[i]) + "、" + Vary(rng, asks[i]) + "\n";
  }
  body += Vary(rng, kClosing[rng() % (sizeof kClosing / sizeof kClosing[0])]);
  return body;
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
  Satisfaction sat = s < 7   ? Satisfaction::kSatisfied
                     : s < 9 ? Satisfaction::kBasicallySatisfied
                             : Satisfaction::kUnsatisfied;
  c.feedback.push_back({Date(y, 6, 1 + rng() % 28), c.proposers[0].name, sat,
                        sat == Satisfaction::kUnsatisfied
                            ? "答复内容较原则，希望进一步落实具体措施。"
                            : "对办理态度和答复内容表示认可。"});
  if (sat == Satisfaction::kUnsatisfied) {
    c.replies.push_back(
        {2, ReplyKind::kSecond, Date(y, 8, 1 + rng() % 28), t.lead_unit,
         Fill("针对代表的意见，我们再次赴{place}调研，细化了工作措施和时间节点。", place),
         c.result});
  }
  c.status = rng() % 5 == 0 ? CaseStatus::kReplied : CaseStatus::kClosed;
  if (y < 2026 && rng() % 3 == 0) {
    c.reviews.push_back(
        {Date(y + 1, 3, 1 + rng() % 28), ReviewKind::kLookBack, "回头看：承诺事项已按计划推进。",
         rng() % 4 ? ReviewOutcome::kConfirmed : ReviewOutcome::kRehandle, "区政府办公室"});
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
  c.session =
      cppcc ? "市政协第十四届委员会第" + std::to_string(c.year - o.first_year + 1) + "次会议"
            : "市第十六届人民代表大会第" + std::to_string(c.year - o.first_year + 1) + "次会议";
  c.title = "关于" + Fill(t.subject, place) + (cppcc ? "的提案" : "的建议");
  c.body = ComposeBody(rng, t, place);
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

// The review process's records an office keeps beside the replies: leaders'
// approvals of most 留作参考 cases, closure assessments that postponed the
// closing of most cases left unsatisfied, the cases a look-back reopened,
// and key cases supervised by a vice district head. Drawn from their own
// generator so the rest of each case stays as it was.
void AddReviewRecords(std::mt19937_64& rng, Case& c) {
  static const char* const kLeaders[] = {"张副区长", "李副区长", "王副区长"};
  const std::string first_reply = c.replies.empty() ? c.received : c.replies.front().date;
  if (c.result == CaseResult::kReference && rng() % 100 < 85) {
    c.approvals.push_back({ApprovalKind::kReference,
                           kLeaders[rng() % 3],
                           first_reply.substr(0, 8) + "28",
                           "同意留作参考，条件成熟时推进。",
                           {}});
  }
  const bool unsatisfied =
      !c.feedback.empty() && c.feedback.back().satisfaction == Satisfaction::kUnsatisfied;
  if (unsatisfied && c.status == CaseStatus::kClosed && rng() % 100 < 70) {
    c.reviews.push_back({std::to_string(c.year) + "-12-15",
                         ReviewKind::kClosureAssessment,
                         "办结评估：代表仍不满意，推迟结案，继续跟踪。",
                         ReviewOutcome::kPostponed,
                         "区政府办公室",
                         {}});
  }
  for (const Review& r : c.reviews) {
    if (r.kind == ReviewKind::kLookBack && r.outcome == ReviewOutcome::kRehandle) {
      c.status = CaseStatus::kReopened;
    }
  }
  if (c.role == Role::kLead && rng() % 5 == 0) {
    c.key_case = true;
    c.supervising_leader = kLeaders[rng() % 3];
  }
}

}  // namespace

std::vector<Case> GenerateDemoCases(const DemoOptions& options) {
  std::mt19937_64 rng(options.seed);
  std::vector<Case> out;
  out.reserve(options.count);
  for (int i = 0; i < options.count; ++i) {
    Case c = MakeCase(rng, options, i);
    if (i % 29 == 28) {
      // Now and then the same proposal is filed again a year later (重复提出):
      // the near-duplicate detector should flag these.
      const Case& earlier = out[rng() % out.size()];
      if (earlier.year < c.year) {
        c.title = earlier.title;
        c.body = earlier.body + "该问题此前已经提出，但至今未得到有效解决，特再次提出。";
        c.tags = earlier.tags;
      }
    }
    std::mt19937_64 review_rng(options.seed * 1000003 + static_cast<uint64_t>(i));
    AddReviewRecords(review_rng, c);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace casebook
