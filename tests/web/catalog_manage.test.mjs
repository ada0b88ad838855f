// Catalogue management in the browser against a running server (node --test; tests/web/e2e.sh
// seeds a database, starts the real binary and runs this as CTest web_catalog_manage). Flow: the
// seeded department admin opens 事项管理 and creates a draft item record; a promised limit above
// the statutory one and a bad 统一社会信用代码 are refused with the server's message and nothing is
// saved; the corrected draft is saved and submitted for review; the admin cannot approve their
// own version; the city's bureau manager (a second account) approves and publishes it; an
// anonymous visitor opens the printable 办事指南 and sees the record's elements, and the catalogue
// as of today lists it. The seeded accounts' initial passwords are changed through the API first.
import assert from 'node:assert/strict'
import { env, BASE, skipUnless, useBrowser, newPage, byId, shot, call, newPassword, apiLogin, pageLogin, journeySteps } from './support.mjs'

const skip = skipUnless('ZT_ADMIN_USER', 'ZT_ADMIN_PASS', 'ZT_MANAGER_USER', 'ZT_MANAGER_PASS')
const state = useBrowser('catalog', skip)
const stamp = `${Date.now().toString(36)}`.toUpperCase()
const CODE = `ZT-CM-${stamp}`
const NAME = `食品经营许可（新办）${stamp}`
const shared = { admin: null, manager: null, adminPass: '', managerPass: '', credit: '', itemId: '' }

// Chromium logs every 4xx fetch as a console error; the refusals this test provokes are expected.
function dropExpected(status) {
  state.problems = state.problems.filter((p) => !p.includes(`status of ${status}`))
}

const step = journeySteps(skip)

step('the department admin and the bureau manager log in (initial passwords changed)', async () => {
  const a = await apiLogin(env.ZT_ADMIN_USER, env.ZT_ADMIN_PASS, newPassword('cm-admin'))
  const m = await apiLogin(env.ZT_MANAGER_USER, env.ZT_MANAGER_PASS, newPassword('cm-manager'))
  Object.assign(shared, { admin: a.session, manager: m.session, adminPass: a.password, managerPass: m.password })
  const departments = await call('GET', `/api/v1/departments?region=${a.session.account.region_code}`, { session: a.session })
  assert.equal(departments.status, 200, departments.text)
  const own = departments.json.items.find((d) => d.id === a.session.account.department_id)
  assert.ok(own && own.credit_code, 'the admin’s department has a credit code')
  shared.credit = own.credit_code
})

step('the admin creates a draft: bad input is refused, the corrected draft is saved and submitted', async () => {
  const page = await newPage(state, 'admin')
  await pageLogin(page, env.ZT_ADMIN_USER, shared.adminPass)
  await page.goto(`${BASE}/#/admin/catalogue`)
  await byId(page, 'cm-new').click()
  await byId(page, 'cm-code').fill(CODE)
  await byId(page, 'cm-name').fill(NAME)
  await byId(page, 'cm-statutory').fill('20')
  await byId(page, 'cm-promised').fill('25')
  await byId(page, 'cm-body').fill('湛江市市场监督管理局')
  await byId(page, 'cm-credit').fill(shared.credit)
  await byId(page, 'cm-law').fill('《中华人民共和国食品安全法》')
  await byId(page, 'cm-article').fill('第三十五条')
  await byId(page, 'cm-article-text').fill('国家对食品生产经营实行许可制度。')
  await byId(page, 'cm-conditions').fill('有与经营的食品品种、数量相适应的经营场所')
  await byId(page, 'cm-depth').selectOption('fully_online')
  await byId(page, 'cm-visits').fill('0')
  await byId(page, 'cm-windows').fill('3号综合窗口, 4号窗口')
  await byId(page, 'cm-one-window').check()
  await byId(page, 'cm-tolerance').check()
  await byId(page, 'cm-materials').fill('食品经营许可申请书\n*经营场所平面图')

  // Promised above statutory: the server refuses it and names the field.
  await byId(page, 'cm-save').click()
  await byId(page, 'problem').waitFor()
  assert.match(await byId(page, 'problem').innerText(), /承诺办结时限|promised/)
  await byId(page, 'cm-promised').fill('10')
  // A credit code with a wrong check character.
  const bad = shared.credit.slice(0, 17) + (shared.credit[17] === '0' ? '1' : '0')
  await byId(page, 'cm-credit').fill(bad)
  await byId(page, 'cm-save').click()
  await page.getByTestId('problem').getByText(/统一社会信用代码|credit code/).first().waitFor()
  dropExpected(400)
  const none = await call('GET', `/api/v1/items?q=${encodeURIComponent(CODE)}`, { session: shared.admin })
  assert.equal(none.json.total_size, 0, 'nothing was saved by the refused attempts')

  await byId(page, 'cm-credit').fill(shared.credit)
  await byId(page, 'cm-save').click()
  await page.locator('[data-testid=cm-status][data-status=draft]').waitFor()
  await shot(state, page, '01-draft')
  await byId(page, 'cm-submit').click()
  await page.locator('[data-testid=cm-open-version][data-state=review]').waitFor()
  // The admin's own version is listed for review but the server refuses their approval.
  const row = page.locator(`[data-testid=cm-review-row][data-code="${CODE}"]`)
  await row.waitFor()
  await row.getByTestId('cm-approve').click()
  await page.getByTestId('problem').getByText(/审核人不能是|other than its author/).waitFor()
  dropExpected(403)
  await shot(state, page, '02-submitted')

  const found = await call('GET', `/api/v1/items?q=${encodeURIComponent(CODE)}`, { session: shared.admin })
  assert.equal(found.json.total_size, 1)
  shared.itemId = found.json.items[0].id
  assert.deepEqual(state.problems, [])
})

step('the bureau manager approves and publishes it', async () => {
  const page = await newPage(state, 'manager')
  await pageLogin(page, env.ZT_MANAGER_USER, shared.managerPass)
  await page.goto(`${BASE}/#/admin/catalogue`)
  const row = page.locator(`[data-testid=cm-review-row][data-code="${CODE}"]`)
  await row.waitFor()
  await shot(state, page, '03-review-queue')
  await row.getByTestId('cm-approve').click()
  await row.waitFor({ state: 'detached' })
  const record = await call('GET', `/api/v1/catalogue/items/${shared.itemId}`)
  assert.equal(record.status, 200, record.text)
  assert.equal(record.json.status, 'published')
  assert.equal(record.json.versions.length, 1)
  assert.equal(record.json.versions[0].state, 'published')
  assert.equal(record.json.versions[0].reviewed_by, shared.manager.account.id)
  assert.deepEqual(state.problems, [])
})

step('an anonymous visitor reads the printable guide, and the catalogue as of today lists it', async () => {
  const page = await newPage(state, 'visitor')
  await page.goto(`${BASE}/#/guide/${shared.itemId}`)
  await byId(page, 'cg-name').getByText(NAME).waitFor()
  assert.equal(await byId(page, 'cg-code').innerText(), CODE)
  assert.equal(await byId(page, 'cg-credit').innerText(), shared.credit)
  assert.match(await byId(page, 'cg-legal').innerText(), /第三十五条[\s\S]*国家对食品生产经营实行许可制度/)
  assert.match(await byId(page, 'cg-windows').innerText(), /3号综合窗口/)
  assert.equal(await byId(page, 'cg-visits').innerText(), '0')
  assert.equal(await page.locator('[data-testid=cg-version][data-state=published]').count(), 1)
  assert.equal(await byId(page, 'cg-material').count(), 2)
  await shot(state, page, '04-guide')
  // Printed, the guide drops the print button and the site's navigation.
  await page.emulateMedia({ media: 'print' })
  assert.equal(await byId(page, 'cg-print').isVisible(), false)
  assert.equal(await page.locator('nav.main-nav').isVisible(), false)
  assert.equal(await byId(page, 'cg-name').isVisible(), true)
  await shot(state, page, '05-guide-print')

  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const at = await call('GET', `/api/v1/catalogue/items?as_of=${today}`)
  assert.equal(at.status, 200, at.text)
  assert.ok(at.json.items.some((i) => i.code === CODE), 'the catalogue as of today lists the item')
  const before = await call('GET', '/api/v1/catalogue/items?as_of=2020-01-01')
  assert.ok(!before.json.items.some((i) => i.code === CODE), 'and not before it was published')
  assert.deepEqual(state.problems, [])
})

step('the admin exports the full record, edits a cell and imports it back: a bad file imports nothing', async () => {
  const department = shared.admin.account.department_id
  const exported = await fetch(`${BASE}/api/v1/items/export.csv?department_id=${department}`,
    { headers: { Cookie: shared.admin.cookie } })
  assert.equal(exported.status, 200)
  const text = await exported.text()
  const lines = text.split('\r\n')
  const header = lines[0]
  assert.ok(header.includes('situation_materials'), header)
  const line = lines.find((l) => l.startsWith(`${CODE},`))
  assert.ok(line && line.includes('3号综合窗口;4号窗口'), `the exported row carries the windows: ${line}`)
  const edited = `${header}\r\n${line.replace('3号综合窗口;4号窗口', '5号窗口')}\r\n`
  const wrongColumn = edited.replace('situation_materials', 'situation_material')

  const page = await newPage(state, 'admin-import')
  await pageLogin(page, env.ZT_ADMIN_USER, shared.adminPass)
  await page.goto(`${BASE}/#/admin/catalogue`)
  await byId(page, 'cm-import-file').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(wrongColumn) })
  await page.locator('[data-testid=cm-import-row][data-key="csv.header"]').waitFor()
  dropExpected(400)
  await shot(state, page, '06-import-refused')
  await byId(page, 'cm-import-file').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(edited) })
  await byId(page, 'cm-import-result').waitFor()
  assert.match(await byId(page, 'cm-import-result').innerText(), /1/)
  await shot(state, page, '07-import-done')

  // The published version stays in force; the edit is a new draft version for review.
  const record = await call('GET', `/api/v1/catalogue/items/${shared.itemId}`, { session: shared.admin })
  assert.equal(record.status, 200, record.text)
  assert.equal(record.json.status, 'published')
  assert.deepEqual(record.json.elements.windows, ['3号综合窗口', '4号窗口'])
  assert.equal(record.json.open_version.state, 'draft')
  assert.deepEqual(record.json.open_version.content.elements.windows, ['5号窗口'])
  assert.deepEqual(state.problems, [])
})
