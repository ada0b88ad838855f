// Accounts: the staff second factor (views/TotpEnrol.vue, the code step of views/Login.vue),
// docs/security.md.
export default {
  'zh-CN': {
    accounts: {
      totpCode: '动态验证码',
      totpCodeHint: '请输入身份验证器应用中显示的 6 位动态验证码。',
      enrolHeading: '绑定身份验证器',
      enrolWhy: '工作人员登录须使用第二重身份鉴别（动态验证码）。绑定之前，除本页外的功能均不可用。',
      enrolStep1: '1. 用手机上的身份验证器应用（如 FreeOTP、Google Authenticator、微信小程序“腾讯身份验证器”）扫描下方二维码。',
      enrolManual: '无法扫码时，可手动输入密钥：',
      enrolStep2: '2. 输入应用中显示的 6 位动态验证码，完成绑定。以后每次登录都需要输入动态验证码。',
      enrolSubmit: '完成绑定',
      enrolDone: '已绑定身份验证器',
      qrLabel: '身份验证器二维码',
      already: '本账号已绑定身份验证器。',
    },
  },
  en: {
    accounts: {
      totpCode: 'Authenticator code',
      totpCodeHint: 'Enter the 6-digit code shown by your authenticator app.',
      enrolHeading: 'Set up your authenticator',
      enrolWhy: 'Staff log in with a second factor (a one-time code). Until it is set up, nothing but this page works.',
      enrolStep1: '1. Scan the QR code below with an authenticator app on your phone (FreeOTP, Google Authenticator, …).',
      enrolManual: 'If you cannot scan it, type in this key:',
      enrolStep2: '2. Enter the 6-digit code the app shows to finish. Every later login asks for a code.',
      enrolSubmit: 'Finish set-up',
      enrolDone: 'Authenticator set up',
      qrLabel: 'Authenticator QR code',
      already: 'This account already has an authenticator.',
    },
  },
}
