// Unmasking personal data (components/UnmaskNumbers.vue, docs/security.md).
export default {
  'zh-CN': {
    personaldata: {
      reveal: '查看完整号码',
      title: '查看完整证件号码和手机号码',
      hint: '查看将记入审计日志（查看人、时间、理由）。请写明业务理由。',
      reason: '理由，例如：回拨申请人核实材料',
      cancel: '取消',
      submit: '查看',
    },
  },
  en: {
    personaldata: {
      reveal: 'Show full numbers',
      title: 'Show the full ID and mobile numbers',
      hint: 'Every reveal is audited (who, when, why). State the business reason.',
      reason: 'Reason, e.g. calling the applicant back about a material',
      cancel: 'Cancel',
      submit: 'Show',
    },
  },
}
