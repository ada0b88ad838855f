// The case engine in the browser against a running server (node --test), the application
// flow of docs/case-engine.md: a department admin publishes an item with a secondary
// material (容缺-eligible); a citizen applies online; the clerk finds it in the work queue and
// accepts it with that material missing (容缺受理: the missing material and the applicant's
// commitment, a supply task with its deadline); the citizen supplies it on their case page;
// the reviewer approves; the citizen downloads the 受理通知书 (a PDF with a QR code).
// Harness: tests/web/step_harness.mjs (tests/web/e2e.sh with
// ZT_WEB_TEST=application runs it against a freshly seeded server). The same journey with a
// window booked (预约办) is tests/web/application_journey.test.mjs.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import {
  env, newPage, shot, byId, withExpectedHttpError, login, assertNoProblems, step, assertText, apiAs,
} from './step_harness.mjs'

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase()
const state = { itemName: `容缺测试事项${stamp}`, itemCode: `ZT-E2E-RQ-${stamp}`, receiptNo: '', caseId: '' }
const SECONDARY = '经营场所使用证明'

step('department admin publishes an item with a secondary material', async () => {
  const page = await newPage('admin')
  const account = await login(page, env.ZT_ADMIN_USER, '#/admin/items')
  const r = await apiAs(page, env.ZT_ADMIN_USER, [
    { method: 'POST', path: '/api/v1/items', body: {
      code: state.itemCode, name: state.itemName, type: 'licensing', department_id: account.department_id,
      region_code: account.region_code, statutory_limit_wd: 20, promised_limit_wd: 5, online: true,
      materials: [{ name: '申请书', required: true }, { name: SECONDARY, required: true, secondary: true, trust_grade: 'C' }] } },
    { method: 'POST', path: '/api/v1/items/{last.id}/publish', ifMatchLast: true }, // to review
  ])
  assert.equal(r.login, 200)
  assert.equal(r.out[0].status, 201, JSON.stringify(r.out[0].body))
  assert.equal(r.out[1].status, 200, JSON.stringify(r.out[1].body))
  // Publishing needs a second person: the bureau manager approves the submitted draft.
  const managerPage = await newPage('manager')
  await login(managerPage, env.ZT_MANAGER_USER, '#/')
  const itemPath = `/api/v1/catalogue/items/${r.out[0].body.id}`
  const review = await apiAs(managerPage, env.ZT_MANAGER_USER, [
    { method: 'GET', path: itemPath },
    { method: 'POST', path: `${itemPath}/review`, body: { decision: 'approve' }, ifMatchLast: true },
  ])
  assert.equal(review.out[1].status, 200, JSON.stringify(review.out[1].body))
  assertNoProblems('while publishing the item')
})

let citizenPage
step('citizen applies online', async () => {
  const page = citizenPage = await newPage('citizen')
  await login(page, env.ZT_CITIZEN_USER, '#/my')
  await byId(page, 'nav-home').click()
  await byId(page, 'search-input').fill(state.itemName)
  await byId(page, 'search-submit').click()
  await byId(page, 'item-link').filter({ hasText: state.itemName }).click()
  await assertText(byId(page, 'item-name'), state.itemName)
  await byId(page, 'apply-button').click()
  await byId(page, 'apply-note').fill('本人申请，容缺受理端到端测试。')
  await byId(page, 'apply-submit').click()
  await byId(page, 'receipt-no').waitFor()
  state.receiptNo = (await byId(page, 'receipt-no').innerText()).trim()
  assert.match(state.receiptNo, /\S{6,}/)
  await shot(page, 'app-01-receipt')
  assertNoProblems('while applying')
})

step('clerk finds it in the work queue and accepts it with the secondary material missing (容缺)', async () => {
  const page = await newPage('clerk')
  await login(page, env.ZT_CLERK_USER, '#/workbench')
  await byId(page, 'queue-table').waitFor()
  await byId(page, 'queue-mode-queue').click()
  const link = page.locator(`[data-testid=queue-open][data-receipt="${state.receiptNo}"]`)
  await link.waitFor()
  const row = page.locator('[data-testid=queue-table] tbody tr', { has: link })
  await row.locator('[data-testid=queue-urgency][data-due-kind=acceptance]').waitFor()
  await link.click()
  const drawer = page.locator('[data-testid=case-drawer]')
  await drawer.locator('[data-testid=case-receipt]', { hasText: state.receiptNo }).waitFor()
  await drawer.getByTestId('transition-accept_with_tolerance').click()
  const dialog = page.locator('[data-testid=note-dialog]')
  // Both the material and the commitment are required, and checked before anything is sent.
  await byId(page, 'note-confirm').click()
  await dialog.locator('.el-form-item__error').nth(1).waitFor()
  // A main material cannot be waived: the server says so next to the field, nothing changes.
  await dialog.getByTestId('missing-input').fill('申请书')
  await dialog.getByTestId('commitment-input').fill('申请人承诺于五个工作日内补交经营场所使用证明。')
  await withExpectedHttpError(400, async () => {
    await byId(page, 'note-confirm').click()
    await dialog.locator('.el-form-item__error', { hasText: /主要材料|secondary/ }).waitFor()
  })
  await dialog.getByTestId('missing-input').fill(SECONDARY)
  await byId(page, 'note-confirm').click()
  await drawer.locator('[data-testid=case-state][data-state=accepted]').waitFor()
  await drawer.locator('[data-testid=task-row][data-kind=supply_materials][data-open=true]').waitFor()
  await assertText(drawer.locator('[data-testid=task-row][data-kind=supply_materials]'), SECONDARY)
  await drawer.getByTestId('doc-acceptance-notice').waitFor()
  await shot(page, 'app-02-tolerance')
  assertNoProblems('while accepting with tolerance')
})

step('citizen supplies the material on their case page', async () => {
  const page = citizenPage
  await byId(page, 'nav-my').click()
  await byId(page, 'myapp-link').filter({ hasText: state.receiptNo }).click()
  await page.locator('[data-testid=case-state][data-state=accepted]').waitFor()
  await page.locator('[data-testid=task-row][data-kind=supply_materials][data-open=true]').waitFor()
  await byId(page, 'transition-supply_materials').click()
  await page.locator('[data-testid=task-row][data-kind=supply_materials][data-open=false]').waitFor()
  assertNoProblems('while supplying the material')
})

step('reviewer approves from the work queue', async () => {
  const page = await newPage('reviewer')
  await login(page, env.ZT_REVIEWER_USER, '#/workbench')
  await byId(page, 'queue-table').waitFor()
  await byId(page, 'queue-mode-queue').click()
  const link = page.locator(`[data-testid=queue-open][data-receipt="${state.receiptNo}"]`)
  await link.click()
  const drawer = page.locator('[data-testid=case-drawer]')
  await drawer.getByTestId('transition-approve').click()
  await drawer.locator('[data-testid=case-state][data-state=approved]').waitFor()
  await drawer.locator('[data-testid=task-row][data-kind=certificate][data-open=true]').waitFor()
  await shot(page, 'app-03-approved')
  assertNoProblems('while approving')
})

step('citizen downloads the acceptance notice (PDF)', async () => {
  const page = citizenPage
  await page.reload()
  await page.locator('[data-testid=case-state][data-state=approved]').waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), byId(page, 'doc-acceptance-notice').click()])
  const file = await download.path()
  const bytes = fs.readFileSync(file)
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF')
  assert.ok(bytes.length > 2000, `a real document (${bytes.length} bytes)`)
  assert.match(download.suggestedFilename(), /acceptance-notice\.pdf$/)
  assertNoProblems('while downloading the notice')
})
