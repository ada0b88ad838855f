// 好差评 (docs/ratings.md): the rating panel, the rectification page and the public figures.
export default {
  'zh-CN': {
    rating: {
      nav: '差评整改', navStats: '好差评公示',
      panel: '服务评价（好差评）', rateHint: '办件已办结，请对本次服务作出评价（每件只能评价一次）。',
      level: '评价等级', tags: '评价标签', comment: '评价内容（可选）', channel: '评价渠道',
      submit: '提交评价', submitted: '评价已提交', yourRating: '您的评价', default: '默认评价',
      defaultHint: '办结后 7 日内未评价，系统默认为基本满意。',
      rectification: '差评整改', rerate: '再次评价', rerateHint: '部门已回访，请对整改结果再次评价。',
      reratingDone: '您的再次评价', due: '整改期限', overdue: '已超期',
      finding: '核实情况', measures: '整改措施', reply: '答复', callBack: '回访记录',
      notConcluded: '办件办结后可评价。',
      levels: {
        very_satisfied: '非常满意', satisfied: '满意', basically_satisfied: '基本满意',
        dissatisfied: '不满意', very_dissatisfied: '非常不满意',
      },
      channels: { online: '网上', window_pad: '窗口评价器', sms: '短信', hotline: '热线', system: '系统默认' },
      states: {
        opened: '待核实', verified_real: '属实待整改', verified_not_real: '不属实待答复',
        rectified: '已整改待答复', replied: '已答复待回访', called_back: '已回访',
        rerated: '已再次评价', closed: '已关闭',
      },
      tr: {
        verify_real: '核实属实', verify_not_real: '核实不属实', rectify: '完成整改', reply: '答复群众',
        call_back: '记录回访', close: '关闭',
      },
      noteLabel: '说明（必填）', noteRequired: '请填写说明',
      listHeading: '差评整改', receipt: '受理编号', item: '事项', department: '部门', score: '评分',
      state: '状态', opened: '开启时间', steps: '处理过程', empty: '暂无差评整改工单',
      statsHeading: '好差评公示', period: '统计期间', periodHint: '如 2026、2026-11 或 2026-Q4',
      all: '全部', overall: '总体', indicator: '指标', value: '数值', numerator: '分子',
      denominator: '分母', formula: '计算方法', noValue: '无数据', points: '分',
      byDepartment: '各部门', departmentCol: '部门',
      events: {
        rectification: {
          opened: '差评工单开启', verified_real: '核实属实', verified_not_real: '核实不属实', rectified: '完成整改', replied: '答复群众', called_back: '回访', rerated: '群众再次评价', closed: '关闭',
        },
      },
    },
  },
  en: {
    rating: {
      nav: 'Rectification', navStats: 'Ratings',
      panel: 'Rate this service', rateHint: 'The application is concluded: rate the service (once per application).',
      level: 'Rating', tags: 'Tags', comment: 'Comment (optional)', channel: 'Channel',
      submit: 'Submit rating', submitted: 'Rating submitted', yourRating: 'Your rating', default: 'Default rating',
      defaultHint: 'Not rated within 7 days of conclusion: rated "basically satisfied" by default.',
      rectification: 'Rectification', rerate: 'Rate again', rerateHint: 'The department called you back: rate the outcome.',
      reratingDone: 'Your second rating', due: 'Due', overdue: 'Overdue',
      finding: 'Finding', measures: 'Measures taken', reply: 'Reply', callBack: 'Call-back',
      notConcluded: 'The application can be rated once it is concluded.',
      levels: {
        very_satisfied: 'Very satisfied', satisfied: 'Satisfied', basically_satisfied: 'Basically satisfied',
        dissatisfied: 'Dissatisfied', very_dissatisfied: 'Very dissatisfied',
      },
      channels: { online: 'Online', window_pad: 'Window pad', sms: 'SMS', hotline: 'Hotline', system: 'Default' },
      states: {
        opened: 'To verify', verified_real: 'Founded: to rectify', verified_not_real: 'Unfounded: to reply',
        rectified: 'Rectified: to reply', replied: 'Replied: to call back', called_back: 'Called back',
        rerated: 'Rated again', closed: 'Closed',
      },
      tr: {
        verify_real: 'Founded', verify_not_real: 'Unfounded', rectify: 'Rectified', reply: 'Reply',
        call_back: 'Record call-back', close: 'Close',
      },
      noteLabel: 'Note (required)', noteRequired: 'Enter a note',
      listHeading: 'Rectification of bad ratings', receipt: 'Receipt no.', item: 'Item', department: 'Department',
      score: 'Score', state: 'State', opened: 'Opened', steps: 'Steps', empty: 'No rectification cases',
      statsHeading: 'Service ratings', period: 'Period', periodHint: 'e.g. 2026, 2026-11 or 2026-Q4',
      all: 'All', overall: 'Overall', indicator: 'Indicator', value: 'Value', numerator: 'Numerator',
      denominator: 'Denominator', formula: 'Formula', noValue: 'No data', points: 'points',
      byDepartment: 'By department', departmentCol: 'Department',
      events: {
        rectification: {
          opened: 'Opened', verified_real: 'Verified: founded', verified_not_real: 'Verified: unfounded', rectified: 'Rectified', replied: 'Replied', called_back: 'Called back', rerated: 'Rated again', closed: 'Closed',
        },
      },
    },
  },
}
