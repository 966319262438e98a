/** Simplified Chinese, the default language. en-US.ts must have the same keys (the compiler checks). */
const zhCN = {
  app: { name: 'CaseHub 接诉即办', short: 'CaseHub' },
  common: {
    loading: '加载中…', save: '保存', submit: '提交', cancel: '取消', confirm: '确定', close: '关闭', search: '搜索',
    refresh: '刷新', reset: '重置', actions: '操作', none: '无', unknown: '未知', yes: '是', no: '否', back: '返回',
    failed: '操作失败', done: '已完成', required: '必填', details: '详情', all: '全部', open: '打开',
  },
  lang: { label: '语言', zh: '中文', en: 'English' },
  menu: { dispatch: '指挥中心', inbox: '承办单位', supervision: '督办考核', audit: '审计日志', cases: '案件查询' },
  roles: {
    Dispatcher: '派单员', Handler: '承办人', Supervisor: '督办员', WorkflowAdmin: '流程管理员', GridWorker: '网格员',
    Auditor: '审计员', SystemAdmin: '系统管理员',
  },
  auth: {
    title: '登录', userName: '用户名', password: '密码', signIn: '登录', signOut: '退出登录',
    demoHint: '演示账号：dispatcher、h.lb-cg（承办单位代码小写）、supervisor、wfadmin、auditor、admin，密码 CaseHub!2026',
    failed: '用户名或密码错误', sessionExpired: '登录已过期，请重新登录',
  },
  errors: {
    forbiddenTitle: '无权访问', forbidden: '您的角色或辖区无权查看此页面。',
    notFoundTitle: '页面不存在', notFound: '您访问的页面不存在。', caseNotFound: '未找到该案件。',
    generic: '请求失败', home: '返回首页',
  },
  time: {
    days: '{{count}}天', hours: '{{count}}小时', minutes: '{{count}}分钟', separator: '',
    remaining: '剩余 {{span}} (工作时间)', overdue: '超时 {{span}} (工作时间)', waiting: '已等待 {{span}}',
  },
  card: { Blue: '蓝牌', Yellow: '黄牌', Red: '红牌', none: '—' },
  kind: { Enquiry: '咨询', HelpRequest: '求助', Complaint: '投诉', Report: '举报', Suggestion: '建议' },
  channel: {
    Hotline: '12345热线', CitizenApp: '市民上报', GridPatrol: '网格员巡查', Whistle: '吹哨', Sensor: '物联感知',
    PublicOpinion: '舆情', Open311: 'Open311',
  },
  status: {
    New: '新建', PendingDispatch: '待派单', Dispatched: '已派单', Accepted: '已签收', Completed: '已办结',
    Closed: '已结案', Merged: '已合并', Cancelled: '已撤销',
  },
  stage: { Dispatch: '派单', Accept: '签收', FirstContact: '首次联系', Completion: '办结', Callback: '回访' },
  notice: {
    order: '督办', reminder: '催办', 'card.blue': '蓝牌预警', 'card.yellow': '黄牌', 'card.red': '红牌', escalated: '提级',
    'extension.requested': '延期申请', 'extension.decided': '延期审批',
  },
  satisfaction: { Satisfied: '满意', PartlySatisfied: '基本满意', NotSatisfied: '不满意' },
  cases: {
    lookupTitle: '案件查询', lookupPlaceholder: '输入受理编号或案件ID', trackingNumber: '受理编号', title: '标题',
    kind: '类别', grade: '等级', status: '状态', channel: '来源渠道', description: '诉求内容', address: '地址',
    location: '坐标', complainant: '诉求人', name: '姓名', phone: '电话', idNumber: '证件号', masked: '已脱敏',
    receivedAt: '受理时间', occurredAt: '发生时间', dispatchedAt: '派单时间', acceptedAt: '签收时间', dueAt: '办结时限',
    closedAt: '结案时间', reply: '答复', repliedAt: '答复时间', reopenCount: '重办次数', callback: '回访结果',
    callbackResolved: '问题已解决', attachments: '附件', item: '事项', department: '承办单位', jurisdiction: '属地',
    grid: '网格', duplicateOf: '重复于', probableDuplicateOf: '疑似重复于', facts: '案件信息', clocks: '环节时限',
    timeline: '办理过程', map: '位置', noMap: '无位置信息', workflowDiagram: '流程图', noWorkflow: '该案件没有流程', waitingHere: '当前等待', stageCol: '环节', limit: '时限', remaining: '剩余时间',
    cards: '亮牌', clockOpen: '计时中', clockPaused: '已挂起', clockMet: '已完成', onTime: '按时', late: '超时',
    workflow: '流程实例',
  },
  unit: { Minutes: '分钟', WorkingHours: '工作小时', WorkingDays: '工作日' },
  actions: {
    remind: '催办', order: '督办', escalate: '提级办理', suspend: '挂起', resume: '恢复计时', extension: '申请延期',
    contact: '记录联系', reminderText: '催办内容', demand: '督办要求', orderDue: '答复期限', note: '说明', reason: '理由',
    requestedDueAt: '申请延至', stage: '环节', done: '已提交', resumed: '已恢复计时',
  },
  dispatch: {
    title: '指挥中心工作台', queues: { new: '新件', unmatched: '未匹配', returned: '退单', duplicates: '疑似重复', escalated: '提级' },
    oldest: '最久 {{span}}', searchPlaceholder: '受理编号或关键词（/）', waiting: '等待时长', holder: '处理人',
    unclaimed: '未认领', claim: '认领', claimed: '已认领', release: '释放', heldBy: '已被 {{user}} 认领',
    dispatch: '派单', merge: '合并', escalate: '提级', intake: '新建来电', shortcuts: '快捷键',
    drawerTitle: '派单：{{title}}', itemPicker: '事项', itemSearch: '搜索事项名称或代码', suggestions: '系统建议',
    confidence: '置信度 {{value}}%', departmentPicker: '承办单位', ruleSuggestion: '规则建议：{{name}}',
    overrideReason: '改派理由', overrideReasonHelp: '未采用规则建议时必须填写理由', overrideReasonHint: '采用规则建议时可不填', dispatched: '已派单至 {{name}}',
    mergeTitle: '合并重复件', mergeParent: '合并到（受理编号）', merged: '已合并', escalateNote: '提级说明',
    escalated: '已提级', noTask: '该案件没有可处理的派单任务', mustClaim: '请先认领',
    help: {
      title: '快捷键', jk: '上/下移动选中行', c: '认领选中案件', d: '打开派单', o: '打开案件详情', slash: '聚焦搜索框',
      n: '新建来电', m: '合并选中案件', e: '提级选中案件', question: '显示本帮助',
    },
  },
  intake: {
    title: '来电登记', kind: '诉求类别', titleField: '标题', description: '诉求内容', address: '地址',
    name: '来电人姓名', phone: '来电号码', anonymous: '匿名', submit: '登记（Ctrl+Enter）', created: '已登记，受理编号 {{number}}',
    phoneInvalid: '请输入有效的电话号码', answerAndClose: '当场答复并办结', answerRequired: '请填写电话中给出的答复', answered: '咨询件 {{number}} 已当场答复并办结', answer: '答复内容',
  },
  inbox: {
    title: '本单位待办', accept: '签收', accepted: '已签收', complete: '办结', completed: '已办结', return: '退单',
    returned: '已退回', result: '办理结果', resultHelp: '最多 4000 字', attachments: '附件（仅登记文件信息）',
    addAttachment: '添加附件', fileName: '文件名', contentType: '类型', size: '大小（字节）', returnReason: '退单理由',
    extension: '申请延期', suspend: '挂起', respondOrder: '答复督办', orderId: '督办单', response: '答复内容',
    responded: '已答复', department: '单位', orders: '督办单', noOrders: '暂无督办', notifications: '通知',
  },
  supervision: {
    title: '督办考核', overdue: '超时案件', stage: '环节', department: '承办单位', overdueBy: '超时',
    from: '开始', to: '结束', trend: '每日趋势', cardsByDept: '各单位亮牌', ranking: '考核排名',
    honour: '红榜', blacklist: '黑榜', score: '综合得分', export: '导出 CSV', alerts: '突增预警',
    acknowledge: '确认', acknowledged: '已确认', day: '日期', area: '区域', count: '数量', threshold: '阈值',
    drill: '查看案件', dispatched: '派单量', completed: '办结量', dimension: '维度',
    dimensions: { department: '承办单位', orgUnit: '行政区划', grid: '网格' }, rate: { satisfaction: '满意率', resolution: '解决率', response: '响应率' },
    escalations: '提级案件', extensions: '延期申请', approve: '批准', reject: '驳回', decided: '已处理',
  },
  public: {
    reportTitle: '市民诉求上报', statusTitle: '办理进度查询', kind: '诉求类别', titleField: '标题',
    description: '详细描述', address: '地址', latitude: '纬度', longitude: '经度', useLocation: '使用当前位置',
    locating: '定位中…', locationFailed: '无法获取位置', photos: '照片（仅登记文件信息）', name: '姓名', phone: '手机号',
    phoneInvalid: '请输入 11 位手机号', submit: '提交', submitted: '提交成功', trackingNumber: '受理编号',
    keepNumber: '请记下受理编号，凭编号和手机号后四位查询办理进度。', queryStatus: '查询进度',
    phoneLast4: '手机号后四位', query: '查询', notFound: '未找到该案件，请核对受理编号和手机号后四位。',
    stage: '当前状态', department: '承办单位', reply: '答复', noReply: '暂无答复', rateTitle: '满意度评价',
    resolved: '问题是否已解决', comment: '意见建议', rated: '感谢您的评价！', newReport: '再报一件',
  },
  audit: {
    title: '审计日志', at: '时间', actor: '操作人', ip: 'IP 地址', action: '操作', entity: '对象', entityId: '对象ID',
    field: '字段', before: '修改前', after: '修改后', range: '时间范围', noChanges: '无字段变化',
  },
};

export default zhCN;
export type Messages = typeof zhCN;
