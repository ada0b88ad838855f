// Bulk exports in the browser (ZT_WEB_TEST=exports.test.mjs; docs/exports.md): a department
// admin asks on #/exports for an export of the department's applications; the page offers
// them no approval of their own request (and the API refuses it); a bureau manager, in another
// browser, approves it from the pending list; the admin downloads it once. The file names
// both people in its watermark (first and last line) and holds no plain ID or mobile number,
// only masked ones; a second download is refused.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import {
  env, BASE, skipUnless, useBrowser, newPage, byId, shot, call, apiLogin, pageLogin, newPassword,
} from './support.mjs'

const skip = skipUnless('ZT_ADMIN_USER', 'ZT_ADMIN_PASS', 'ZT_MANAGER_USER', 'ZT_MANAGER_PASS')
const state = useBrowser('exports', skip)

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

test('one person asks, another approves, the first downloads a watermarked masked file', { skip }, async () => {
  const { session: admin, password: adminPass } = await apiLogin(env.ZT_ADMIN_USER, env.ZT_ADMIN_PASS, newPassword('exa'))
  const { session: manager, password: managerPass } = await apiLogin(env.ZT_MANAGER_USER, env.ZT_MANAGER_PASS, newPassword('exm'))
  const reason = `年度办件核查 ${Date.now()}`

  const asker = await newPage(state, 'admin')
  await pageLogin(asker, env.ZT_ADMIN_USER, adminPass)
  await byId(asker, 'nav-exports').click()
  await byId(asker, 'export-form').waitFor()
  await byId(asker, 'export-reason').fill(reason)
  await byId(asker, 'export-submit').click()
  const own = asker.locator('[data-testid^="export-row-"][data-state="pending"]').first()
  await own.waitFor()
  const id = (await own.getAttribute('data-testid')).replace('export-row-', '')
  assert.match(id, /^x_/)
  // The requester is offered no approval of their own request, and the API refuses one.
  assert.equal(await own.getByTestId('export-approve').count(), 0)
  const self = await call('POST', `/api/v1/exports/${id}/approve`, { session: admin })
  assert.equal(self.status, 403, self.text)
  assert.equal(self.json.key, 'export.same_person')
  await shot(state, asker, '1-asked')

  const approver = await newPage(state, 'manager')
  await pageLogin(approver, env.ZT_MANAGER_USER, managerPass)
  await approver.goto(`${BASE}/#/exports`)
  await byId(approver, 'export-filter-pending').click()
  const row = byId(approver, `export-row-${id}`)
  await row.waitFor()
  await shot(state, approver, '2-pending')
  await row.getByTestId('export-approve').click()
  // Once approved it leaves the pending list and is listed among the approved requests.
  await row.waitFor({ state: 'detached' })
  await byId(approver, 'export-filter-approved').click()
  await byId(approver, `export-state-${id}`).waitFor()
  // The approver has no action left on it (the row's action cell is empty).
  assert.equal(await byId(approver, `export-row-${id}`).getByRole('button').count(), 0)
  await shot(state, approver, '3-approved')

  await asker.reload()
  await byId(asker, `export-row-${id}`).waitFor()
  const [download] = await Promise.all([
    asker.waitForEvent('download'),
    byId(asker, `export-row-${id}`).getByTestId('export-download').click(),
  ])
  const text = await fs.readFile(await download.path(), 'utf8')
  await asker.locator(`[data-testid="export-row-${id}"][data-state="downloaded"]`).waitFor({ state: 'attached' })
  await shot(state, asker, '4-downloaded')

  const lines = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  assert.ok(lines.length >= 3, text.slice(0, 300))
  for (const mark of [lines[0], lines[lines.length - 1]]) {
    assert.ok(mark.includes(`导出人 ${admin.account.display_name}`), mark)
    assert.ok(mark.includes(`审批人 ${manager.account.display_name}`), mark)
    assert.ok(mark.includes(id), mark)
  }
  assert.deepEqual(plainNumbers(text), [], 'plain numbers in the export')
  if (lines.length > 3) assert.match(text, /\d{6}\*{8}[\dX]{4}/, 'masked ID numbers are in the file')

  const again = await call('GET', `/api/v1/exports/${id}/file`, { session: admin })
  assert.equal(again.status, 409, again.text)
  assert.equal(again.json.key, 'export.downloaded')
  assert.deepEqual(state.problems, [])
})
