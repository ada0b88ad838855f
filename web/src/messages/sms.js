// The citizen's SMS login on the login page (AUTH-06, docs/security.md).
export default {
  'zh-CN': {
    sms: {
      passwordMode: '密码登录',
      smsMode: '短信验证码登录',
      phone: '手机号码',
      request: '获取验证码',
      resend: '重新获取验证码',
      resendIn: '{seconds} 秒后可重新获取',
      sent: '如该号码已注册，验证码已发送，5 分钟内有效。',
      code: '短信验证码（6 位数字）'
    }
  },
  en: {
    sms: {
      passwordMode: 'Password',
      smsMode: 'SMS code',
      phone: 'Mobile number',
      request: 'Send code',
      resend: 'Send a new code',
      resendIn: 'New code in {seconds} s',
      sent: 'If the number is registered, a code was sent. It is valid for 5 minutes.',
      code: 'SMS code (6 digits)'
    }
  }
}
