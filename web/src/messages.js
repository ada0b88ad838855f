// UI messages. Plain objects; zh-CN is the source language. Avoid the characters
// @ | { } in texts except for named interpolation like {n}.
export default {
  'zh-CN': {
    app: { title: '政通', subtitle: '政务服务平台', skip: '跳到主要内容' },
    nav: {
      home: '事项查询', track: '进度查询', login: '登录', logout: '退出',
      my: '我的办件', workbench: '工作台', items: '事项管理', dashboard: '管理看板',
      password: '修改密码', lang: 'English', langLabel: '切换语言', elder: '大字', elderOff: '标准',
      elderLabel: '大字模式（关爱版）',
    },
    common: {
      search: '搜索', submit: '提交', cancel: '取消', confirm: '确定', back: '返回', loading: '加载中…',
      none: '—', yes: '是', no: '否', required: '必需', optional: '可选', refresh: '刷新',
      detail: '详情', open: '办理', workingDays: '{n} 个工作日', onTheSpot: '当场办结', noLimit: '未规定',
      empty: '暂无数据', total: '共 {n} 条', error: '出错了', actions: '操作',
    },
    home: {
      heading: '事项查询', placeholder: '输入事项名称或关键词，如：营业执照', searchLabel: '事项关键词',
      results: '查询结果', name: '事项名称', code: '事项编码', department: '实施部门', type: '事项类型',
      promised: '承诺时限', noResult: '没有找到相关事项，请换个关键词试试。', tiles: '常用服务',
      tileSearch: '找事项', tileTrack: '查进度', tileMy: '我的办件', tileLogin: '登录',
    },
    item: {
      heading: '办事指南', name: '事项名称', code: '事项编码', department: '实施部门', type: '事项类型',
      caseKind: '办件类型', instant: '即办件', promisedKind: '承诺件', statutory: '法定办结时限',
      promised: '承诺办结时限', online: '网上办理', materials: '申请材料', materialName: '材料名称',
      materialRequired: '是否必需', materialNote: '备注', noMaterials: '无需提交材料', apply: '在线办理',
      offline: '本事项暂不支持网上办理，请到窗口办理。', status: '状态',
    },
    apply: {
      heading: '在线申请', needLogin: '在线办理需要先以个人账号登录。', applicant: '申请人信息',
      name: '申请人姓名', idNumber: '身份证号', phone: '联系电话', form: '申请信息', note: '申请说明',
      notePlaceholder: '请简要说明申请事由', submit: '提交申请', success: '申请已提交',
      receiptNo: '受理编号', keepIt: '请记下受理编号，可凭受理编号和身份证号查询办理进度。',
      state: '当前状态', submittedAt: '提交时间', promisedLimit: '承诺时限', statutoryLimit: '法定时限',
      deadline: '承诺办结日期', deadlineLater: '受理后按工作日计算', track: '查询进度', my: '查看我的办件',
      prefillHint: '已根据您的账号预填，如需为本人申请可直接提交。', citizenOnly: '只有个人账号可以在线申请。',
      selfHint: '在线申请以本人名义提交：姓名和身份证号以账号登记信息为准，联系电话可另行填写。',
      phoneOptional: '联系电话（可选）', phonePlaceholder: '留空则使用账号登记的手机号',
    },
    track: {
      heading: '进度查询', receiptNo: '受理编号', idNumber: '身份证号', submit: '查询',
      hint: '请输入受理编号和申请人身份证号。', state: '办理状态', item: '事项', steps: '办理过程',
    },
    login: {
      heading: '登录', username: '用户名', password: '密码', submit: '登录', hint: '个人用户请使用身份证号或注册的用户名登录。',
    },
    password: {
      heading: '修改密码', must: '首次登录或密码已重置，请先修改密码。', old: '原密码', new: '新密码', confirm: '确认新密码',
      mismatch: '两次输入的新密码不一致', done: '密码已修改', submit: '修改密码',
      mustDetail: '为保障账号安全，初始密码不能继续使用。修改后需要用新密码重新登录。',
      rule: '至少 {n} 个字符，最多 128 个字符；不能与原密码相同。建议使用一句不易猜到的短语。',
      account: '账号：{name}', doneTitle: '密码已修改', loginAgain: '为保障安全，该账号已在所有设备上退出，请使用新密码重新登录。',
    },
    apps: {
      heading: '我的办件', receiptNo: '受理编号', item: '事项名称', state: '状态', submittedAt: '提交时间',
      deadline: '承诺办结日期', applicant: '申请人', department: '部门', channel: '渠道',
      idNumber: '身份证号', phone: '联系电话', acceptedAt: '受理时间', decidedAt: '决定时间',
      concludedAt: '办结时间', statutoryDeadline: '法定办结日期', outcome: '办理结果', lastNote: '最近意见',
      steps: '办理过程', form: '申请信息', noSteps: '暂无记录',
    },
    work: {
      heading: '工作台', queue: '待办队列', filter: '按状态筛选', all: '全部', overdue: '已超期', nearDue: '临近到期',
      drawer: '办件详情', note: '意见', noteRequired: '请填写意见（必填）', noteOptional: '意见（可选）',
      done: '操作成功', stale: '办件已被他人更新，已重新载入，请确认后再操作。',
    },
    tr: {
      accept: '受理', not_accept: '不予受理', approve: '审批通过', deny: '不予批准', conclude: '办结', withdraw: '撤回',
    },
    states: {
      submitted: '已提交', accepted: '已受理', not_accepted: '不予受理', approved: '审批通过',
      denied: '不予批准', concluded: '已办结', withdrawn: '已撤回',
    },
    admin: {
      heading: '事项管理', create: '新建事项', list: '本部门事项', status: '状态', version: '版本',
      publish: '发布', withdraw: '撤回', published: '已发布', draft: '草稿', withdrawnStatus: '已撤回',
      createTitle: '新建事项（草稿）', code: '事项编码', codeHint: '字母、数字或连字符，6–64 位',
      name: '事项名称', type: '事项类型', caseKind: '办件类型', statutory: '法定时限（工作日）',
      promised: '承诺时限（工作日）', online: '可网上办理', materials: '申请材料', addMaterial: '添加材料',
      removeMaterial: '删除', materialName: '材料名称', materialRequired: '必需', materialNote: '备注',
      created: '草稿已创建', publishedOk: '已发布', updatedAt: '更新时间', department: '实施部门', region: '行政区划',
    },
    types: {
      licensing: '行政许可', confirmation: '行政确认', payment: '行政给付', award: '行政奖励',
      adjudication: '行政裁决', other_power: '其他行政权力', public_service: '公共服务',
    },
    dash: {
      heading: '管理看板', department: '部门', submitted: '申请数', onTime: '按时办结率', accepted: '受理数', concluded: '办结数', rate: '办结率',
      avg: '平均办理时长（工作日）', fraction: '{num} / {den}', region: '区域',
    },
    roles: {
      citizen: '申请人', window_clerk: '窗口受理人员', reviewer: '审批人员', department_admin: '部门管理员',
      bureau_manager: '局领导', system: '系统',
    },
    channels: { online: '网上办理', window: '窗口', kiosk: '自助终端', mobile: '移动端' },
    err: {
      network: '无法连接服务器，请稍后再试。', unknown: '请求失败（{status}）', fields: '请检查以下字段：',
    },
  },
  en: {
    app: { title: 'Zhengtong', subtitle: 'Government Services', skip: 'Skip to main content' },
    nav: {
      home: 'Find a service', track: 'Track progress', login: 'Log in', logout: 'Log out',
      my: 'My applications', workbench: 'Workbench', items: 'Service items', dashboard: 'Dashboard',
      password: 'Change password', lang: '中文', langLabel: 'Switch language', elder: 'Large text', elderOff: 'Standard',
      elderLabel: 'Large-text mode',
    },
    common: {
      search: 'Search', submit: 'Submit', cancel: 'Cancel', confirm: 'OK', back: 'Back', loading: 'Loading…',
      none: '—', yes: 'Yes', no: 'No', required: 'Required', optional: 'Optional', refresh: 'Refresh',
      detail: 'Details', open: 'Handle', workingDays: '{n} working days', onTheSpot: 'On the spot', noLimit: 'Not stated',
      empty: 'No data', total: '{n} in total', error: 'Something went wrong', actions: 'Actions',
    },
    home: {
      heading: 'Find a service', placeholder: 'Service name or keyword, e.g. business licence', searchLabel: 'Service keyword',
      results: 'Results', name: 'Service', code: 'Code', department: 'Department', type: 'Type',
      promised: 'Promised time', noResult: 'Nothing found. Try another keyword.', tiles: 'Common tasks',
      tileSearch: 'Find a service', tileTrack: 'Track progress', tileMy: 'My applications', tileLogin: 'Log in',
    },
    item: {
      heading: 'Service guide', name: 'Service', code: 'Code', department: 'Department', type: 'Type',
      caseKind: 'Case kind', instant: 'Instant', promisedKind: 'Promised', statutory: 'Statutory time limit',
      promised: 'Promised time limit', online: 'Online', materials: 'Materials', materialName: 'Material',
      materialRequired: 'Required', materialNote: 'Note', noMaterials: 'No materials needed', apply: 'Apply online',
      offline: 'This service cannot be applied for online; please visit a service window.', status: 'Status',
    },
    apply: {
      heading: 'Apply online', needLogin: 'Please log in with a personal account to apply online.', applicant: 'Applicant',
      name: 'Name', idNumber: 'ID number', phone: 'Phone', form: 'Application', note: 'Description',
      notePlaceholder: 'Briefly describe your application', submit: 'Submit application', success: 'Application submitted',
      receiptNo: 'Receipt number', keepIt: 'Keep this receipt number: with it and your ID number you can track progress.',
      state: 'State', submittedAt: 'Submitted at', promisedLimit: 'Promised limit', statutoryLimit: 'Statutory limit',
      deadline: 'Promised conclusion date', deadlineLater: 'Computed in working days once accepted', track: 'Track progress', my: 'My applications',
      prefillHint: 'Prefilled from your account; submit as is to apply for yourself.', citizenOnly: 'Only personal accounts can apply online.',
      selfHint: 'You apply in your own name: the name and ID number registered with your account are used; you may give another phone number.',
      phoneOptional: 'Phone (optional)', phonePlaceholder: 'Leave empty to use the phone number of your account',
    },
    track: {
      heading: 'Track progress', receiptNo: 'Receipt number', idNumber: 'ID number', submit: 'Track',
      hint: 'Enter the receipt number and the applicant’s ID number.', state: 'State', item: 'Service', steps: 'History',
    },
    login: {
      heading: 'Log in', username: 'Username', password: 'Password', submit: 'Log in', hint: 'Citizens log in with their ID number or registered username.',
    },
    password: {
      heading: 'Change password', must: 'Please change your password before you continue.', old: 'Current password', new: 'New password', confirm: 'Confirm new password',
      mismatch: 'The new passwords do not match', done: 'Password changed', submit: 'Change password',
      mustDetail: 'For your account’s security the initial password cannot be kept. After the change, log in again with the new password.',
      rule: 'At least {n} and at most 128 characters, different from the current one. A phrase that is hard to guess works well.',
      account: 'Account: {name}', doneTitle: 'Password changed', loginAgain: 'For your security the account has been logged out everywhere. Please log in with the new password.',
    },
    apps: {
      heading: 'My applications', receiptNo: 'Receipt number', item: 'Service', state: 'State', submittedAt: 'Submitted',
      deadline: 'Promised date', applicant: 'Applicant', department: 'Department', channel: 'Channel',
      idNumber: 'ID number', phone: 'Phone', acceptedAt: 'Accepted', decidedAt: 'Decided',
      concludedAt: 'Concluded', statutoryDeadline: 'Statutory date', outcome: 'Outcome', lastNote: 'Latest note',
      steps: 'History', form: 'Application details', noSteps: 'No records yet',
    },
    work: {
      heading: 'Workbench', queue: 'Queue', filter: 'Filter by state', all: 'All', overdue: 'Overdue', nearDue: 'Due soon',
      drawer: 'Case details', note: 'Note', noteRequired: 'Note (required)', noteOptional: 'Note (optional)',
      done: 'Done', stale: 'The case was changed by someone else and has been reloaded; please check and try again.',
    },
    tr: {
      accept: 'Accept', not_accept: 'Do not accept', approve: 'Approve', deny: 'Deny', conclude: 'Conclude', withdraw: 'Withdraw',
    },
    states: {
      submitted: 'Submitted', accepted: 'Accepted', not_accepted: 'Not accepted', approved: 'Approved',
      denied: 'Denied', concluded: 'Concluded', withdrawn: 'Withdrawn',
    },
    admin: {
      heading: 'Service items', create: 'New item', list: 'Items of my department', status: 'Status', version: 'Version',
      publish: 'Publish', withdraw: 'Withdraw', published: 'Published', draft: 'Draft', withdrawnStatus: 'Withdrawn',
      createTitle: 'New item (draft)', code: 'Code', codeHint: 'Letters, digits or hyphens, 6–64 characters',
      name: 'Name', type: 'Type', caseKind: 'Case kind', statutory: 'Statutory limit (working days)',
      promised: 'Promised limit (working days)', online: 'Online application', materials: 'Materials', addMaterial: 'Add material',
      removeMaterial: 'Remove', materialName: 'Material', materialRequired: 'Required', materialNote: 'Note',
      created: 'Draft created', publishedOk: 'Published', updatedAt: 'Updated', department: 'Department', region: 'Region',
    },
    types: {
      licensing: 'Licensing', confirmation: 'Confirmation', payment: 'Payment', award: 'Award',
      adjudication: 'Adjudication', other_power: 'Other power', public_service: 'Public service',
    },
    dash: {
      heading: 'Dashboard', department: 'Department', submitted: 'Submitted', onTime: 'On-time rate', accepted: 'Accepted', concluded: 'Concluded', rate: 'Conclusion rate',
      avg: 'Average time (working days)', fraction: '{num} / {den}', region: 'Region',
    },
    roles: {
      citizen: 'Applicant', window_clerk: 'Window clerk', reviewer: 'Reviewer', department_admin: 'Department admin',
      bureau_manager: 'Bureau manager', system: 'System',
    },
    channels: { online: 'Online', window: 'Window', kiosk: 'Kiosk', mobile: 'Mobile' },
    err: {
      network: 'Cannot reach the server. Please try again later.', unknown: 'Request failed ({status})', fields: 'Please check these fields:',
    },
  },
}
