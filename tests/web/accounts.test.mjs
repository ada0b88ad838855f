// e2e: staff-second-factor required
// The staff second factor (AUTH-05, AZ-06) in a real browser against the real server running
// its default policy (the line above tells e2e.sh not to relax it; ZT_WEB_TEST=accounts.test.mjs):
// a department admin's first login changes the password and lands on the enrolment page, which
// shows the QR code and the key; every other page and API call is refused until a current code
// is entered; then the page opens the admin's home, and the next login on the page asks for the
// code after the password. A citizen logs in with the password alone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import {
  BASE, env, skipUnless, useBrowser, newPage, byId, shot, call, newPassword,
} from './support.mjs'

const skip = skipUnless('ZT_ADMIN_USER', 'ZT_ADMIN_PASS', 'ZT_CITIZEN_USER', 'ZT_CITIZEN_PASS')
const state = useBrowser('accounts', skip)

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out = []
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(ch)
    assert.ok(index >= 0, `base32 character ${ch}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

// RFC 6238 with HMAC-SHA1, 6 digits, 30 s; `offset` steps from now.
function totp(secret, offset = 0) {
  const step = Math.floor(Date.now() / 1000 / 30) + offset
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest()
  const at = mac[mac.length - 1] & 0x0f
  const number = ((mac[at] & 0x7f) << 24) | (mac[at + 1] << 16) | (mac[at + 2] << 8) | mac[at + 3]
  return String(number % 1_000_000).padStart(6, '0')
}

async function submitLogin(page, user, password) {
  await page.goto(`${BASE}/#/login`)
  await byId(page, 'login-username').fill(user)
  await byId(page, 'login-password').fill(password)
  await byId(page, 'login-submit').click()
}

test('staff enrol an authenticator before anything else, then log in with its code', { skip }, async () => {
  const admin = env.ZT_ADMIN_USER
  const password = newPassword('totp')
  const page = await newPage(state, 'admin')

  // First login: the initial password must be changed, then the login again lands on enrolment.
  await submitLogin(page, admin, env.ZT_ADMIN_PASS)
  await page.waitForFunction(() => location.hash.startsWith('#/password'))
  await byId(page, 'pw-old').fill(env.ZT_ADMIN_PASS)
  await byId(page, 'pw-new').fill(password)
  await byId(page, 'pw-confirm').fill(password)
  await byId(page, 'pw-submit').click()
  await page.waitForFunction(() => location.hash.startsWith('#/login'))
  await byId(page, 'login-username').fill(admin)
  await byId(page, 'login-password').fill(password)
  await byId(page, 'login-submit').click()
  await page.waitForFunction(() => location.hash.startsWith('#/totp'))
  await byId(page, 'totp-qr').waitFor()
  // A square code: version 1 (21 modules) or larger, drawn with its quiet zone.
  const viewBox = await byId(page, 'totp-qr').getAttribute('viewBox')
  const side = Number(viewBox.split(' ')[2])
  assert.ok(side >= 29, viewBox)
  assert.ok(await byId(page, 'totp-qr').locator('rect').count() > 100)
  const secret = await byId(page, 'totp-secret').getAttribute('data-secret')
  assert.match(secret, /^[A-Z2-7]{32}$/)
  await shot(state, page, '1-enrol')

  // Any other page sends the admin back here; the API behind it refuses with the gate's key.
  await page.goto(`${BASE}/#/admin/items`)
  await page.waitForFunction(() => location.hash.startsWith('#/totp'))
  const cookies = await page.context().cookies()
  const cookie = cookies.find((c) => c.name === 'zt_session')
  const me = await call('GET', '/api/v1/session', { session: { cookie: `zt_session=${cookie.value}` } })
  assert.equal(me.status, 200, me.text)
  assert.equal(me.json.account.second_factor_enrolment_required, true)
  const refused = await call('GET', '/api/v1/applications', { session: { cookie: `zt_session=${cookie.value}` } })
  assert.equal(refused.status, 403, refused.text)
  assert.equal(refused.json.key, 'auth.second_factor_enrolment_required')

  // Re-entering the page starts a new pending secret; read it again. A wrong code is refused.
  await byId(page, 'totp-qr').waitFor()
  const current = await byId(page, 'totp-secret').getAttribute('data-secret')
  const right = totp(current, -1) // the previous step: the current one stays unused for the next login
  await byId(page, 'totp-code').fill(right === '000000' ? '111111' : '000000')
  await byId(page, 'totp-submit').click()
  await page.locator('.el-form-item__error').first().waitFor()
  assert.ok(page.url().includes('#/totp'))
  await byId(page, 'totp-code').fill(right)
  await byId(page, 'totp-submit').click()
  await page.waitForFunction(() => !location.hash.startsWith('#/totp'))
  const opened = await call('GET', '/api/v1/applications', { session: { cookie: `zt_session=${cookie.value}` } })
  assert.equal(opened.status, 200, opened.text)
  await shot(state, page, '2-enrolled')

  // The next login on the page: the password, then the code field, then in.
  await byId(page, 'nav-logout').click()
  await page.waitForFunction(() => !document.querySelector('[data-testid="nav-logout"]'))
  await submitLogin(page, admin, password)
  await byId(page, 'login-totp').waitFor()
  assert.ok(page.url().includes('#/login'))
  await shot(state, page, '3-code')
  await byId(page, 'login-totp').fill(totp(current))
  await byId(page, 'login-submit').click()
  await page.waitForFunction(() => !location.hash.startsWith('#/login') && !location.hash.startsWith('#/totp'))
  await byId(page, 'nav-logout').waitFor()

  // The password alone over the API says the code is needed, and opens no session.
  const apiOnly = await call('POST', '/api/v1/session', { body: { username: admin, password } })
  assert.equal(apiOnly.status, 401, apiOnly.text)
  assert.equal(apiOnly.json.key, 'auth.second_factor_required')
  assert.equal(apiOnly.cookie, null)
  assert.deepEqual(state.problems.filter((p) => !p.includes('401') && !p.includes('403') && !p.includes('400')), [])
})

test('citizens log in with the password alone', { skip }, async () => {
  const page = await newPage(state, 'citizen')
  const password = newPassword('cit')
  await submitLogin(page, env.ZT_CITIZEN_USER, env.ZT_CITIZEN_PASS)
  await page.waitForFunction(() => location.hash.startsWith('#/password'))
  await byId(page, 'pw-old').fill(env.ZT_CITIZEN_PASS)
  await byId(page, 'pw-new').fill(password)
  await byId(page, 'pw-confirm').fill(password)
  await byId(page, 'pw-submit').click()
  await page.waitForFunction(() => location.hash.startsWith('#/login'))
  await byId(page, 'login-username').fill(env.ZT_CITIZEN_USER)
  await byId(page, 'login-password').fill(password)
  await byId(page, 'login-submit').click()
  await page.waitForFunction(() => !location.hash.startsWith('#/login') && !location.hash.startsWith('#/password'))
  assert.ok(!page.url().includes('#/totp'), page.url())
  assert.equal(await byId(page, 'login-totp').count(), 0)
})
