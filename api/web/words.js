// The Chinese words offices write for the API's English enumeration names.
export const WORDS = {
  deputy_suggestion: '人大代表建议', cppcc_proposal: '政协提案', npc_motion: '议案', appeal: '群众来信', other: '其他',
  national: '全国', provincial: '省级', municipal: '市级', district: '区级',
  lead: '主办', co: '会办', joint: '合办',
  solved: '已经解决', solving: '正在解决', planned: '计划解决', reference: '留作参考',
  received: '已收到', handling: '办理中', replied: '已答复', closed: '已办结', reopened: '重新办理',
  first: '首次答复', second: '二次答复', interim: '中期答复',
  meeting: '面商', phone: '电话', video: '视频', wechat: '微信', email: '电子邮件', site_visit: '实地走访',
  satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意',
  look_back: '回头看', inspection: '督查', closure_assessment: '办结评估',
  confirmed: '确认', rehandle: '重新办理', postponed: '推迟结案',
  closure_exception: '结案例外', unknown: '未注明',
};

// The Chinese word for `v` ("" stays "").
export const zh = v => (v === undefined || v === null || v === '') ? '' : (WORDS[v] || String(v));

// Choices of a select: [[value, label], ...] for the names given.
export const choices = (...names) => names.map(n => [n, zh(n)]);

export const FACET_NAMES = { year: '年份', kind: '类别', result: '办理结果', role: '本单位角色', status: '办理状态', unit: '承办单位', level: '层级' };
