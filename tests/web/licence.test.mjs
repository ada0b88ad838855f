// 电子证照核验 in the browser against a running server (node --test; tests/web/e2e.sh seeds a
// database, starts the real binary and runs this as CTest web_licence). An anonymous visitor
// follows the nav link to the public verification page, pastes a licence document whose
// identifier has a wrong check character and whose key is not published, and sees the verdict
// "无效" with both reasons named; a malformed paste shows the server's problem. Any console
// error or page error fails the test. (Documents signed by the register are verified end to end
// over HTTP in tests/licence_service/licence_http_test.cc.)
//
// The wallet: the seeded citizen (ZT_CITIZEN_USER, 陈晓明, who holds a 个体工商户营业执照) opens
// 我的证照, opens the licence, sees its QR code and downloads its PDF. The department: the
// seeded department admin of 440800-scj (ZT_ADMIN_USER) opens 证照管理, sees the department's
// types, issues a licence by hand, is refused a status change without a reason, then suspends a valid licence and sees the
// new status; then lists a new type, opens it, enters historical licences from a CSV upload
// (one row refused, reported), and records the citizen as an organisation's legal
// representative, whose wallet then shows that organisation's licence. Seeded accounts change
// their initial password at first login.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { env, BASE, skipUnless, useBrowser, shot as saveShot } from './support.mjs'

const TIMEOUT = Number(env.ZT_STEP_TIMEOUT_MS || 15000)
const skip = skipUnless()
const skipAccounts = skip || skipUnless('ZT_CITIZEN_USER', 'ZT_ADMIN_USER')
const NEW_PASSWORD = env.ZT_NEW_PASSWORD || `Zt-e2e-${crypto.randomBytes(12).toString('base64url')}`

// One Chromium for the file (support.mjs); the pages keep their own error filter (newPage).
const chromium = useBrowser('licence', skip)
const problems = []

// A well-formed document that cannot verify: check character 'Z' is wrong for this body, and
// no key "000…0" is published.
const document = {
  format: 'zt-licence-v1',
  content: {
    id: '1.2.156.3005.2.11100000000013338W050.11440800007000000X.2025000001.001.Z',
    type_code: '11100000000013338W050', type_name: '食品经营许可证', number: 'JY1',
    holder_kind: 'organisation', holder_id_kind: '001', holder_id: '91350100M000100Y43',
    holder_name: '某公司', issuer_code: '11440800007000000X', issuer_name: '湛江市市场监督管理局',
    region_code: '440800', issue_date: '2025-09-30', valid_from: '2025-09-30', valid_until: null,
    issued_at: 1759197600000, status_index: 1, fields: { scope: '预包装食品销售' },
  },
  proof: { algorithm: 'SM2-SM3', key_id: '00000000000000000000000000000000', content_digest: 'ab', signature: 'AA==' },
}

test('an anonymous visitor verifies a licence document and sees every reason', { skip }, async () => {
  const context = await chromium.browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  page.on('console', (msg) => { if (msg.type() === 'error' && !msg.text().includes('400')) problems.push(`console error: ${msg.text()}`) })
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  await page.goto(`${BASE}/#/`)
  await page.getByTestId('nav-licence-verify').click()
  await page.locator('textarea[data-testid="lv-input"], [data-testid="lv-input"] textarea').first().fill(JSON.stringify(document))
  await page.getByTestId('lv-submit').click()
  const verdict = page.getByTestId('lv-verdict')
  await verdict.waitFor()
  assert.equal(await verdict.getAttribute('data-valid'), 'false')
  assert.match(await verdict.innerText(), /无效/)
  const keys = await page.getByTestId('lv-reason').evaluateAll((els) => els.map((e) => e.dataset.key))
  assert.ok(keys.includes('verify.identifier_check'), keys.join(','))
  assert.ok(keys.includes('verify.key_unknown'), keys.join(','))
  assert.ok(keys.includes('verify.content_tampered'), keys.join(','))
  assert.match(await page.getByTestId('lv-result').innerText(), /证照标识格式或校验位错误/)

  // Not JSON at all: the problem is shown, no verdict.
  await page.locator('textarea[data-testid="lv-input"], [data-testid="lv-input"] textarea').first().fill('not json')
  await page.getByTestId('lv-submit').click()
  await page.locator('.el-alert, [role="alert"]').first().waitFor()
  assert.equal(await page.getByTestId('lv-verdict').count(), 0)
  await context.close()
  assert.deepEqual(problems, [])
})

// Logs in; a seeded account is sent to 修改密码 first: set NEW_PASSWORD and log in again.
// Later logins of the same account (a second test) use NEW_PASSWORD directly.
const changed = new Set()
async function login(page, user, initial) {
  const pass = changed.has(user) ? NEW_PASSWORD : initial
  const submit = async (password) => {
    await page.goto(`${BASE}/#/login`)
    await page.getByTestId('login-username').fill(user)
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => !location.hash.startsWith('#/login') || document.querySelector('[data-testid=problem]'))
  }
  await submit(pass)
  if ((await page.evaluate(() => location.hash)).startsWith('#/password')) {
    await page.getByTestId('pw-old').fill(pass)
    await page.getByTestId('pw-new').fill(NEW_PASSWORD)
    await page.getByTestId('pw-confirm').fill(NEW_PASSWORD)
    await page.getByTestId('pw-submit').click()
    await page.waitForFunction(() => location.hash.startsWith('#/login'))
    await submit(NEW_PASSWORD)
  }
  changed.add(user)
  await page.getByTestId('current-user').waitFor()
}

async function newPage(context) {
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !(allow400 && msg.text().includes('400'))) problems.push(`console error: ${msg.text()}`)
  })
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  return page
}
let allow400 = false

// ZT_SCREENSHOT_DIR keeps full-page screenshots there (default: none).
const shot = (page, name) => saveShot(chromium, page, name)

test('the citizen opens a licence in the wallet, sees its QR code and downloads its PDF', { skip: skipAccounts }, async () => {
  const context = await chromium.browser.newContext({ locale: 'zh-CN', acceptDownloads: true })
  const page = await newPage(context)
  await login(page, env.ZT_CITIZEN_USER, env.ZT_CITIZEN_PASS)
  await page.getByTestId('nav-licence-wallet').click()
  const open = page.getByTestId('lw-open').first()
  await open.waitFor()
  const id = await open.getAttribute('data-id')
  assert.match(id, /^1\.2\.156\.3005\.2\./)
  assert.match(await page.getByTestId('lw-list').innerText(), /个体工商户营业执照/)
  await open.click()
  const detail = page.getByTestId('lw-detail')
  await detail.waitFor()
  assert.equal(await page.getByTestId('lw-id').innerText(), id)
  const face = await detail.innerText()
  assert.match(face, /字号名称/) // the field under its type's label, not its name
  assert.match(face, /陈晓明/)
  // The QR code is the server's SVG, loaded and drawn.
  const qr = page.getByTestId('lw-qr')
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid=lw-qr]')
    return img && img.complete && img.naturalWidth > 0
  })
  assert.match(await qr.getAttribute('src'), /\/qr\.svg$/)
  await shot(page, 'wallet')
  // The PDF downloads as a real PDF.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lw-pdf').click()])
  const file = await download.path()
  const head = fs.readFileSync(file).subarray(0, 5).toString('latin1')
  assert.equal(head, '%PDF-')
  assert.equal(download.suggestedFilename(), 'licence.pdf')
  // The licence document (JSON) is the signed form.
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lw-json').click()])
  const doc = JSON.parse(fs.readFileSync(await json.path(), 'utf8'))
  assert.equal(doc.content.id, id)
  await context.close()
  assert.deepEqual(problems, [])
})

test('the department admin suspends a licence with a reason and a reference', { skip: skipAccounts }, async () => {
  const context = await chromium.browser.newContext({ locale: 'zh-CN' })
  const page = await newPage(context)
  await login(page, env.ZT_ADMIN_USER, env.ZT_ADMIN_PASS)
  await page.getByTestId('nav-licence-admin').click()
  await page.getByTestId('la-list').locator('[data-testid=la-status]').first().waitFor()
  assert.match(await page.getByTestId('la-types').innerText(), /食品经营许可证/)
  // Issue a 个体工商户营业执照 by hand to the seeded citizen; it appears in the list.
  const before = await page.locator('[data-testid=la-status]').count()
  await page.getByTestId('la-type').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '个体工商户营业执照' }).click()
  await page.locator('[data-testid="la-field-trade_name"] input, input[data-testid="la-field-trade_name"]').first().fill('浏览器测试小店')
  await page.locator('[data-testid="la-holder-name"] input, input[data-testid="la-holder-name"]').first().fill('陈晓明')
  await page.locator('[data-testid="la-holder-id"] input, input[data-testid="la-holder-id"]').first().fill(env.ZT_CITIZEN_USER)
  await page.getByTestId('la-issue-submit').click()
  const issued = page.getByTestId('la-issued')
  await issued.waitFor()
  assert.match(await issued.innerText(), /1\.2\.156\.3005\.2\.11100000MB0150001X010\./)
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=la-status]').length === n + 1, before)
  const valid = page.locator('[data-testid=la-status][data-status=valid]').first()
  const id = await valid.getAttribute('data-id')
  assert.ok(id, 'a valid licence is listed')
  await page.locator(`[data-testid=la-change][data-id="${id}"]`).click()
  await page.getByTestId('la-status-form').waitFor()
  // No reason, no reference: the server refuses and nothing changes.
  allow400 = true
  try {
    await page.getByTestId('la-status-submit').click()
    await page.getByTestId('la-status-form').locator('.el-alert, [role="alert"], [data-testid=problem]').first().waitFor()
  } finally {
    allow400 = false
  }
  await page.locator('textarea[data-testid="la-reason"], [data-testid="la-reason"] textarea').first().fill('责令停业整改（浏览器测试）')
  await page.locator('input[data-testid="la-reference"], [data-testid="la-reference"] input').first().fill('湛市监责改〔2026〕99号')
  await shot(page, 'admin-status-dialog')
  await page.getByTestId('la-status-submit').click()
  await page.locator(`[data-testid=la-status][data-id="${id}"][data-status=suspended]`).waitFor()
  assert.equal(await page.locator(`[data-testid=la-status][data-id="${id}"]`).innerText(), '暂扣')
  await context.close()
  assert.deepEqual(problems, [])
})

// The department admin lists a new type, opens it for issuing, enters two historical licences
// from a CSV upload (one refused, reported by row), and records the seeded citizen as the legal
// representative of the organisation that holds the entered licence; the citizen then finds the
// organisation's licence in the wallet under the organisation's name.
test('the admin lists and opens a type, enters historical licences, records a representative', { skip: skipAccounts }, async () => {
  const code = `E2E${crypto.randomInt(100000, 999999)}`
  const organisation = '91440802MA0000001B'
  const context = await chromium.browser.newContext({ locale: 'zh-CN' })
  const page = await newPage(context)
  await login(page, env.ZT_ADMIN_USER, env.ZT_ADMIN_PASS)
  await page.getByTestId('nav-licence-admin').click()
  await page.getByTestId('la-type-new').click()
  const form = page.getByTestId('lt-form')
  await form.waitFor()
  const fill = (testid, value) => form.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first().fill(value)
  await fill('lt-code', code)
  await fill('lt-name', '浏览器测试许可证')
  await fill('lt-field-name-0', 'scope')
  await fill('lt-field-label-0', '许可范围')
  await page.getByTestId('lt-save').click()
  const row = page.locator(`[data-testid=la-type-toggle][data-code="${code}"]`)
  await row.waitFor()
  assert.match(await page.getByTestId('la-types').innerText(), /浏览器测试许可证/)
  assert.equal(await row.innerText(), '开通签发') // listed, not opened
  await row.click()
  await page.waitForFunction((c) => document.querySelector(`[data-testid=la-type-toggle][data-code="${c}"]`)?.innerText === '停止签发', code)

  // 入库 from a CSV file: the page names the command line for a whole stock.
  assert.match(await page.getByTestId('li-cli-note').innerText(), /zhengtong licence import/)
  await page.getByTestId('li-type').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '浏览器测试许可证' }).click()
  assert.equal(await page.getByTestId('li-header').innerText(), 'number,holder_name,holder_id,issue_date,valid_until,scope')
  const csv = 'number,holder_name,holder_id,issue_date,valid_until,scope\n' +
    `E2E-1,湛江市赤坎区海鲜酒楼有限公司,${organisation},2019-05-01,,预包装食品销售\n` +
    'E2E-2,乙公司,not-a-code,2019-05-01,,预包装食品销售\n'
  await page.getByTestId('li-file').setInputFiles({ name: 'stock.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByTestId('li-submit').click()
  const summary = page.getByTestId('li-summary')
  await summary.waitFor()
  assert.match(await summary.innerText(), /共 2 行：入库 1 行，未通过 1 行/)
  assert.match(await page.getByTestId('li-rejected').innerText(), /\/holder_id/)
  await shot(page, 'admin-import')

  // The citizen (by ID number) becomes the organisation's legal representative.
  const rep = (testid, value) => page.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first().fill(value)
  await rep('lr-code', organisation)
  await rep('lr-org', '湛江市赤坎区海鲜酒楼有限公司')
  await rep('lr-id', env.ZT_CITIZEN_USER)
  await rep('lr-person', '陈晓明')
  await rep('lr-evidence', '营业执照法定代表人栏（浏览器测试）')
  await page.getByTestId('lr-submit').click()
  // The list may already hold seeded links, so wait for this organisation's own row (with its
  // end button) rather than for any row.
  const newLink = page.getByTestId('lr-list').locator('tr', { hasText: '湛江市赤坎区海鲜酒楼有限公司' })
  await newLink.locator('[data-testid=lr-end]').waitFor()
  assert.match(await newLink.innerText(), /陈晓明/)
  await context.close()

  const citizen = await chromium.browser.newContext({ locale: 'zh-CN' })
  const wallet = await newPage(citizen)
  await login(wallet, env.ZT_CITIZEN_USER, env.ZT_CITIZEN_PASS)
  await wallet.getByTestId('nav-licence-wallet').click()
  const org = wallet.locator(`[data-testid=lw-org][data-code="${organisation}"]`)
  await org.locator('[data-testid=lw-open]').first().waitFor()
  assert.match(await org.innerText(), /湛江市赤坎区海鲜酒楼有限公司 的证照/)
  assert.match(await org.innerText(), /浏览器测试许可证/)
  await org.locator('[data-testid=lw-open]').first().click()
  await wallet.getByTestId('lw-detail').waitFor()
  assert.match(await wallet.getByTestId('lw-detail').innerText(), /E2E-1/)
  await shot(wallet, 'wallet-organisation')
  await citizen.close()
  assert.deepEqual(problems, [])
})
