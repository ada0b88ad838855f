// The "done when" journey of issue 4 in the browser against a running server (node --test):
// a citizen applies online, books a window (预约办: a slot of the department's window, for the
// application), is accepted by the window clerk with a missing secondary material (容缺),
// supplies it, is approved by the reviewer, and downloads the receipt (受理通知书). The window's
// check-in page shows the booking. The receipt is checked through the response: a PDF
// (application/pdf, "%PDF-") named after the receipt number. Harness: tests/web/step_harness.mjs;
// run with tests/web/e2e.sh and ZT_WEB_TEST=application_journey.test.mjs.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import {
  env, BASE, newPage, shot, byId, waitForHash, fetchJson, withExpectedHttpError, login,
  assertNoProblems, step, assertText, apiAs,
} from './step_harness.mjs'

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase()
const state = { itemName: `预约容缺事项${stamp}`, itemCode: `ZT-E2E-YY-${stamp}`, receiptNo: '', caseId: '', bookingCode: '', bookingDay: '' }
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
let clerkPage
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

step('citizen books a window for the application (预约办)', async () => {
  const page = citizenPage
  await byId(page, 'nav-appointments').click()
  await waitForHash(page, '#/appointments')
  await byId(page, 'appt-application').click()
  await page.locator('.el-select-dropdown__item', { hasText: state.receiptNo }).click()
  // The slots of the windows that handle the item: the department's and the 一窗 windows.
  const book = page.locator('[data-testid=appt-slots] [data-testid=appt-book]:not([disabled])').first()
  await book.waitFor()
  await book.click()
  await byId(page, 'appt-booked').waitFor()
  const code = page.locator('[data-testid=appt-mine] [data-testid=appt-code][data-status=booked]').first()
  state.bookingCode = (await code.innerText()).trim()
  assert.match(state.bookingCode, /^YY-\d{8}-\d{4}$/)
  const mine = await fetchJson(page, '/api/v1/appointments')
  assert.equal(mine.status, 200)
  const booking = mine.body.items.find((b) => b.code === state.bookingCode)
  assert.ok(booking, 'the booking is listed')
  assert.equal(booking.receipt_no, state.receiptNo, 'booked for the application')
  assert.equal(booking.status, 'booked')
  state.bookingDay = booking.day
  // The seat is taken: the slot shows one seat fewer.
  const slots = await fetchJson(page, `/api/v1/appointment-slots?item_id=${encodeURIComponent(booking.item_id)}&from=${booking.day}&days=1`)
  const slot = slots.body.items.find((s) => s.id === booking.slot_id)
  assert.ok(slot && slot.booked >= 1 && slot.remaining === slot.capacity - slot.booked)
  await shot(page, 'journey-02-booked')
  assertNoProblems('while booking')
})

step('the window sees the booking on its check-in page', async () => {
  const page = clerkPage = await newPage('clerk')
  await login(page, env.ZT_CLERK_USER, '#/workbench')
  await page.goto(`${BASE}/#/appointments/desk?day=${state.bookingDay}`)
  await page.locator(`[data-testid=desk-status][data-code="${state.bookingCode}"]`).waitFor()
  await shot(page, 'journey-03-desk')
  assertNoProblems('on the check-in page')
})

step('clerk finds it in the work queue and accepts it with the secondary material missing (容缺)', async () => {
  const page = clerkPage
  await byId(page, 'nav-workbench').click()
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
  // The response itself: a PDF, named after the receipt number, not cached.
  const caseId = await page.evaluate(() => location.hash.split('/').pop().split('?')[0])
  const res = await page.evaluate(async (id) => {
    const r = await fetch(`/api/v1/applications/${id}/documents/acceptance-notice.pdf`, { credentials: 'same-origin' })
    const bytes = new Uint8Array(await r.arrayBuffer())
    return { status: r.status, type: r.headers.get('Content-Type'), disposition: r.headers.get('Content-Disposition'),
      head: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length }
  }, caseId)
  assert.equal(res.status, 200)
  assert.match(res.type, /^application\/pdf/)
  assert.equal(res.head, '%PDF-')
  assert.ok(res.disposition.includes(`${state.receiptNo}-acceptance-notice.pdf`), res.disposition)
  assert.ok(res.size > 2000)
  assertNoProblems('while downloading the notice')
})
