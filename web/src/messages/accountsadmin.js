// Account administration (views/AccountsAdmin.vue) and the audit search (views/AuditSearch.vue);
// docs/security.md "Account administration" and "Audit search".
const rolesZh = {
  window_clerk: '窗口受理人员', reviewer: '审批人员', department_admin: '部门管理员', bureau_manager: '局管理人员',
  system_admin: '系统管理员', security_admin: '安全管理员', audit_admin: '审计管理员', hotline_agent: '话务员',
  hotline_supervisor: '热线督办回访人员', front_desk_clerk: '综合窗口受理人员',
}
const rolesEn = {
  window_clerk: 'Window clerk', reviewer: 'Reviewer', department_admin: 'Department admin', bureau_manager: 'Bureau manager',
  system_admin: 'System administrator', security_admin: 'Security administrator', audit_admin: 'Audit administrator',
  hotline_agent: 'Hotline agent', hotline_supervisor: 'Hotline supervisor', front_desk_clerk: 'Front-desk clerk (一窗)',
}
export default {
  'zh-CN': {
    accountsadmin: {
      nav: '账号管理',
      title: '账号管理',
      lead: '您只能管理自己有权授予的账号（三员分立）：安全管理员管理系统管理员和审计管理员，系统管理员管理业务人员，部门管理员管理本部门的窗口和审批人员。所有操作记入审计日志。',
      create: '新建账号', username: '用户名', name: '姓名', role: '角色', region: '区划代码', department: '部门编号',
      status: '状态', enabled: '启用', disabled: '已停用', totp: '动态验证码', totpOn: '已绑定', totpOff: '未绑定',
      lastLogin: '最近登录', actions: '操作', disable: '停用', enable: '启用', resetTotp: '重置验证器',
      reason: '理由', reasonHint: '请写明理由（2 至 200 字），将记入审计日志', confirm: '确定', cancel: '取消',
      initialPassword: '初始密码（仅显示一次，首次登录须修改）：', more: '下一页', empty: '没有可管理的账号',
      roles: rolesZh,
    },
    auditsearch: {
      nav: '审计检索',
      title: '审计记录检索',
      lead: '仅审计管理员可检索和导出审计记录；每次检索和导出本身也记入审计日志。证件号码和手机号码已脱敏。',
      actor: '操作人账号', action: '操作（前缀）', objectType: '对象类型', objectId: '对象编号', result: '结果',
      requestId: '请求编号', from: '开始时间', until: '结束时间', any: '全部', search: '检索', export: '导出 CSV',
      at: '时间', details: '详情', more: '下一页', seq: '序号', sourceIp: '来源地址',
      results: { ok: '成功', denied: '拒绝', failed: '失败' },
    },
  },
  en: {
    accountsadmin: {
      nav: 'Accounts',
      title: 'Account administration',
      lead: 'You manage only the accounts you may grant (separation of the three administrators): the security administrator manages system and audit administrators, the system administrator operational staff, a department administrator the clerks and reviewers of the department. Everything is audited.',
      create: 'New account', username: 'Username', name: 'Name', role: 'Role', region: 'Region code', department: 'Department id',
      status: 'Status', enabled: 'Enabled', disabled: 'Disabled', totp: 'Authenticator', totpOn: 'Enrolled', totpOff: 'Not enrolled',
      lastLogin: 'Last login', actions: 'Actions', disable: 'Disable', enable: 'Enable', resetTotp: 'Reset authenticator',
      reason: 'Reason', reasonHint: 'Give a reason (2 to 200 characters); it is kept in the audit trail', confirm: 'OK', cancel: 'Cancel',
      initialPassword: 'Initial password (shown once; must be changed at the first login): ', more: 'Next page', empty: 'No accounts to manage',
      roles: rolesEn,
    },
    auditsearch: {
      nav: 'Audit search',
      title: 'Audit trail search',
      lead: 'Only the audit administrator searches and exports the audit trail; every search and export is itself recorded. ID and mobile numbers are masked.',
      actor: 'Actor account', action: 'Action (prefix)', objectType: 'Object type', objectId: 'Object id', result: 'Result',
      requestId: 'Request id', from: 'From', until: 'Until', any: 'Any', search: 'Search', export: 'Export CSV',
      at: 'Time', details: 'Details', more: 'Next page', seq: 'Seq', sourceIp: 'Source',
      results: { ok: 'OK', denied: 'Denied', failed: 'Failed' },
    },
  },
}
