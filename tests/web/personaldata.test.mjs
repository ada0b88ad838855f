// Personal data in the browser (ZT_WEB_TEST=personaldata.test.mjs; docs/security.md "Personal
// data"): a window clerk files an application at the window for an applicant; on the clerk's
// case page the applicant's ID and mobile numbers are masked and the page text holds no plain
// ID number (18 characters with a valid GB 11643 check character) or mobile number; with a
// stated reason the clerk reveals them once, and the same page scan then finds them (the
// scanner's negative control). Over the API a blank reason is refused and a bureau manager may
// not unmask.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import {
  env, BASE, skipUnless, useBrowser, newPage, byId, shot, call, apiLogin, pageLogin, newPassword,
} from './support.mjs'

const skip = skipUnless('ZT_CLERK_USER', 'ZT_CLERK_PASS', 'ZT_MANAGER_USER', 'ZT_MANAGER_PASS')
const state = useBrowser('personaldata', skip)

// GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const checkChar = (first17) => '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0) % 11]
const validId = (s) => /^\d{17}[\dX]$/.test(s) && checkChar(s.slice(0, 17)) === s[17]

// Every plain ID number (valid check character) and mobile number standing whole in `text`.
function plainNumbers(text) {
  const found = []
  for (const m of text.matchAll(/[0-9Xx]+/g)) {
    const run = m[0].toUpperCase()
    if (run.length === 18 && validId(run)) found.push(run)
    if (/^1[3-9]\d{9}$/.test(run)) found.push(run)
  }
  return found
}

const serial = String(100 + crypto.randomInt(800)).padStart(3, '0')
const ID_NUMBER = (() => { const f = `44080219900307${serial}`; return f + checkChar(f) })()
const PHONE = `139${String(crypto.randomInt(1e8)).padStart(8, '0')}`

test('a clerk sees the applicant masked and reveals the numbers with a reason', { skip }, async () => {
  const { session: clerk, password } = await apiLogin(env.ZT_CLERK_USER, env.ZT_CLERK_PASS, newPassword('pdc'))
  const department = clerk.account.department_id
  const items = await call('GET', `/api/v1/items?department_id=${encodeURIComponent(department)}&status=published&page_size=100`, { session: clerk })
  assert.equal(items.status, 200, items.text)
  assert.ok(items.json.items.length > 0, `no published item of ${department}`)
  const r = await fetch(`${BASE}/api/v1/applications`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: clerk.cookie, 'X-CSRF-Token': clerk.csrf,
      'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ item_id: items.json.items[0].id, channel: 'window',
      applicant: { name: '隐私测试', id_number: ID_NUMBER, phone: PHONE } }),
  })
  const created = await r.json()
  assert.equal(r.status, 201, JSON.stringify(created))
  assert.ok(validId(ID_NUMBER))

  const page = await newPage(state, 'clerk')
  await pageLogin(page, env.ZT_CLERK_USER, password)
  await page.goto(`${BASE}/#/workbench`)
  await byId(page, 'queue-mode-all').click()
  await page.locator(`[data-testid="queue-open"][data-receipt="${created.receipt_no}"]`).click()
  await byId(page, 'case-applicant').waitFor()
  let text = await page.locator('body').innerText()
  assert.deepEqual(plainNumbers(text), [], 'plain numbers on the masked page')
  assert.ok(text.includes(`${ID_NUMBER.slice(0, 6)}********${ID_NUMBER.slice(14)}`), 'the masked ID number is shown')
  assert.ok(text.includes(`${PHONE.slice(0, 3)}****${PHONE.slice(7)}`), 'the masked phone is shown')
  await shot(state, page, '1-masked')

  await byId(page, 'unmask-open').click()
  await byId(page, 'unmask-reason').fill('申请人来电，回拨核实材料')
  await byId(page, 'unmask-submit').click()
  await byId(page, 'unmasked-numbers').waitFor()
  text = await page.locator('body').innerText()
  // Negative control: the same scan catches the revealed numbers.
  assert.deepEqual(plainNumbers(await byId(page, 'unmasked-numbers').innerText()), [ID_NUMBER, PHONE])
  assert.ok(plainNumbers(text).includes(ID_NUMBER))
  await shot(state, page, '2-revealed')

  const unmask = `/api/v1/applications/${encodeURIComponent(created.id)}/unmask`
  const blank = await call('POST', unmask, { session: clerk, body: { reason: '   ' } })
  assert.equal(blank.status, 400, blank.text)
  assert.equal(blank.json.key, 'personal_data.reason_required')
  const { session: manager } = await apiLogin(env.ZT_MANAGER_USER, env.ZT_MANAGER_PASS, newPassword('pdm'))
  const refused = await call('POST', unmask, { session: manager, body: { reason: '查看' } })
  assert.ok(refused.status === 403 || refused.status === 404, refused.text)
  assert.deepEqual(plainNumbers(refused.text), [])

  assert.deepEqual(state.problems, [])
})
