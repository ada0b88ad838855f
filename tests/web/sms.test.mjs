// 短信验证码登录 (AUTH-06) in a real browser against the real server (ZT_WEB_TEST=sms.test.mjs):
// e2e.sh points ZT_SMS_OUTBOX at a directory where the server's development adapter writes each
// SMS. A citizen registered through the API switches the login page to the SMS tab, asks for a
// code, sees the resend countdown (the button disabled), types the code read from the outbox
// and lands on their home page; a wrong code is refused on the page first.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { BASE, env, skipUnless, useBrowser, newPage, byId, shot, call, newPassword } from './support.mjs'

const skip = skipUnless('ZT_SMS_OUTBOX')
const state = useBrowser('sms', skip)

// A valid resident ID number (GB 11643 check character) with a random sequence number.
function idNumber() {
  const first17 = `44080219900101${String(100 + Math.floor(Math.random() * 900))}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

function lastCode(phone) {
  const file = path.join(env.ZT_SMS_OUTBOX, `${phone}.txt`)
  if (!fs.existsSync(file)) return ''
  const codes = fs.readFileSync(file, 'utf8').match(/[0-9]{6}/g) || []
  return codes.length ? codes[codes.length - 1] : ''
}

test('a citizen logs in with an SMS code on the login page', { skip }, async () => {
  const phone = `1390759${String(1000 + Math.floor(Math.random() * 9000))}`
  const registered = await call('POST', '/api/v1/citizens', {
    body: { id_number: idNumber(), name: '短信测试', phone, password: newPassword('sms') },
  })
  assert.equal(registered.status, 201, registered.text)

  const page = await newPage(state, 'citizen')
  await page.goto(`${BASE}/#/login`)
  await byId(page, 'login-mode-sms').click()
  await byId(page, 'sms-phone').fill(phone)
  await byId(page, 'sms-request').click()
  await byId(page, 'sms-sent').waitFor()
  // The resend countdown: the button is disabled and says how long to wait.
  assert.equal(await byId(page, 'sms-request').isDisabled(), true)
  const secondsLeft = async () => Number((await byId(page, 'sms-request').innerText()).match(/([0-9]+) 秒后可重新获取/)[1])
  const first = await secondsLeft()
  assert.ok(first > 50 && first <= 60, `countdown starts near 60, got ${first}`)
  await page.waitForTimeout(2100)
  assert.ok((await secondsLeft()) < first, 'the countdown runs')
  const code = lastCode(phone)
  assert.match(code, /^[0-9]{6}$/)

  await byId(page, 'sms-code').fill(code === '000000' ? '000001' : '000000')
  await byId(page, 'sms-submit').click()
  await page.getByText('验证码错误、已使用或已过期').first().waitFor()
  await shot(state, page, 'wrong-code')

  await byId(page, 'sms-code').fill(code)
  await byId(page, 'sms-submit').click()
  await page.waitForURL(/#\/my/)
  await shot(state, page, 'logged-in')
  const session = await page.evaluate(async () => (await fetch('/api/v1/session')).json())
  assert.equal(session.account.role, 'citizen')
})
