// 电子证照核验 in the browser against a running server (node --test; tests/web/e2e.sh seeds a
// database, starts the real binary and runs this as CTest web_licence). An anonymous visitor
// follows the nav link to the public verification page, pastes a licence document whose
// identifier has a wrong check character and whose key is not published, and sees the verdict
// "无效" with both reasons named; a malformed paste shows the server's problem. Any console
// error or page error fails the test. (Documents signed by the register are verified end to end
// over HTTP in tests/licence_service/licence_http_test.cc.)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(path.join(here, '../../web/package.json'))
const { chromium } = require('playwright-core')

const env = process.env
const BASE = (env.ZT_BASE_URL || '').replace(/\/+$/, '')
const CHROMIUM = env.ZT_CHROMIUM || '/usr/bin/chromium'
const TIMEOUT = Number(env.ZT_STEP_TIMEOUT_MS || 15000)
const skip = BASE ? false : 'missing env: ZT_BASE_URL'

let browser
let userDataDir
const problems = []

before(async () => {
  if (skip) return
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-web-chromium-'))
  browser = await chromium.launch({
    env: { ...process.env, TMPDIR: userDataDir },
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})

after(async () => {
  if (browser) await browser.close()
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true })
})

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
  const context = await browser.newContext({ locale: 'zh-CN' })
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
