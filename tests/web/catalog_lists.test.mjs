// The catalogue's lists edited in a real browser against the seeded demo city
// (ZT_WEB_TEST=catalog_lists.test.mjs, CTest web_catalog_lists). The department admin records
// a power (权责清单) — a power without a name is refused and nothing is counted — then revises
// it, which makes revision 2 while revision 1 stays readable; the city's bureau manager
// bundles two published items into a life event and sees its merged material list, then records
// a 下放 document in the delegation ledger (赋权清单) and sees the total in force go up by one.
import assert from 'node:assert/strict'
import {
  BASE, env, skipUnless, useBrowser, newPage, byId, shot, call, apiLogin, pageLogin, newPassword, journeySteps,
} from './support.mjs'

const skip = skipUnless('ZT_ADMIN_USER', 'ZT_ADMIN_PASS', 'ZT_MANAGER_USER', 'ZT_MANAGER_PASS')
const state = useBrowser('catalog-lists', skip)
const stamp = Date.now().toString(36).toUpperCase()
const POWER = `CF-WEB-${stamp}`
const EVENT = `YJS-WEB-${stamp}`
const shared = { admin: null, manager: null, adminPass: '', managerPass: '' }

// Chromium logs every 4xx fetch as a console error; the refusals this test provokes are expected.
function dropExpected(status) {
  state.problems = state.problems.filter((p) => !p.includes(`status of ${status}`))
}
const number = async (page, id) => Number((await byId(page, id).innerText()).match(/\d+/)[0])

const step = journeySteps(skip)

step('the department admin and the bureau manager log in (initial passwords changed)', async () => {
  const a = await apiLogin(env.ZT_ADMIN_USER, env.ZT_ADMIN_PASS, newPassword('cl-admin'))
  const m = await apiLogin(env.ZT_MANAGER_USER, env.ZT_MANAGER_PASS, newPassword('cl-manager'))
  Object.assign(shared, { admin: a.session, manager: m.session, adminPass: a.password, managerPass: m.password })
})

step('the admin records a power: bad input is refused, the corrected one is counted', async () => {
  const page = await newPage(state, 'admin')
  await pageLogin(page, env.ZT_ADMIN_USER, shared.adminPass)
  await page.goto(`${BASE}/#/power-list`)
  await byId(page, 'power-counts').waitFor()
  const before = await number(page, 'power-count-02')
  const total = await number(page, 'power-total')

  await byId(page, 'power-new').click()
  await byId(page, 'power-code').fill(POWER)
  await byId(page, 'power-category').selectOption('02')
  await byId(page, 'power-legal-basis').fill('《中华人民共和国食品安全法》第一百二十二条')
  await byId(page, 'power-step-duty-0').fill('对违法行为立案调查')
  await byId(page, 'power-step-duty-1').fill('依法作出行政处罚决定')
  await byId(page, 'power-accountability').fill('对应当立案的不予立案的\n违反法定程序作出处罚的')
  // No name: the server names the field and records nothing.
  await byId(page, 'power-save').click()
  await byId(page, 'power-form').getByTestId('problem-field').first().waitFor()
  assert.match(await byId(page, 'power-form').getByTestId('problem').innerText(), /\/name/)
  dropExpected(400)

  await byId(page, 'power-name').fill(`对未取得食品经营许可从事经营活动的处罚 ${stamp}`)
  await byId(page, 'power-step-add').click()
  await byId(page, 'power-step-stage-2').selectOption('deliver')
  await byId(page, 'power-step-duty-2').fill('依法送达处罚决定书')
  await byId(page, 'power-save').click()
  await byId(page, 'power-saved').waitFor()
  assert.match(await byId(page, 'power-saved').innerText(), new RegExp(`${POWER} 第 1 版`))
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="power-count-02"]')?.innerText) === n, before + 1)
  assert.equal(await number(page, 'power-total'), total + 1, 'the total is computed from the list')
  await shot(state, page, '1-power-created')
})

step('the admin revises the power: revision 2 is in force, revision 1 stays readable', async () => {
  const page = await newPage(state, 'admin')
  await pageLogin(page, env.ZT_ADMIN_USER, shared.adminPass)
  await page.goto(`${BASE}/#/power-list`)
  await byId(page, 'power-q').fill(POWER)
  await byId(page, 'power-apply').click()
  await byId(page, `power-open-${POWER}`).click()
  await byId(page, `power-revise-${POWER}`).click()
  await byId(page, 'power-name').fill(`对未取得食品经营许可从事食品经营活动的处罚 ${stamp}`)
  await byId(page, 'power-accountability').fill('对应当立案的不予立案的\n违反法定程序作出处罚的\n擅自改变处罚种类、幅度的')
  await byId(page, 'power-save').click()
  await byId(page, 'power-saved').waitFor()
  assert.match(await byId(page, 'power-saved').innerText(), new RegExp(`${POWER} 第 2 版`))
  await byId(page, `power-open-${POWER}`).click()
  await byId(page, `power-revisions-${POWER}`).waitFor()
  assert.equal(await byId(page, `power-revisions-${POWER}`).locator('li').count(), 2)
  await shot(state, page, '2-power-revised')

  // Through the API: one record, two revisions, the first one's content kept.
  const list = await call('GET', `/api/v1/catalogue/power-items?q=${POWER}`)
  assert.equal(list.status, 200, list.text)
  assert.equal(list.json.total_size, 1)
  const id = list.json.items[0].id
  const read = await call('GET', `/api/v1/catalogue/power-items/${id}`)
  assert.equal(read.json.revision, 2)
  assert.equal(read.json.accountability.length, 3)
  assert.deepEqual(read.json.revisions.map((r) => r.revision), [1, 2])
  assert.ok(read.json.revisions[0].name.startsWith('对未取得食品经营许可从事经营活动的处罚'))
  assert.deepEqual(state.problems, [])
})

step('the bureau manager bundles two published items into a life event and sees the merged materials', async () => {
  const page = await newPage(state, 'manager')
  await pageLogin(page, env.ZT_MANAGER_USER, shared.managerPass)
  await page.goto(`${BASE}/#/life-events`)
  await byId(page, 'life-event-new').click()
  await byId(page, 'life-event-code').fill(EVENT)
  await byId(page, 'life-event-name-input').fill(`开办食品店一件事 ${stamp}`)
  await byId(page, 'life-event-audience').selectOption('enterprise')
  await byId(page, 'life-event-keywords').fill('开店 食品')
  await byId(page, 'life-event-find').fill('许可')
  await byId(page, 'life-event-find-go').click()
  const choices = page.locator('[data-testid^="life-event-choose-"]')
  await choices.nth(1).waitFor()
  await choices.nth(0).click()
  await choices.nth(1).click()
  assert.equal(await byId(page, 'life-event-chosen').locator('li').count(), 2)
  await byId(page, 'life-event-save').click()
  await page.waitForFunction(() => /#\/life-events\/le_/.test(location.hash))
  await byId(page, 'life-event-materials').waitFor()
  assert.equal(await byId(page, 'life-event-name').innerText(), `开办食品店一件事 ${stamp}`)
  assert.equal(await byId(page, 'life-event-items').locator('li').count(), 2)
  const rows = await byId(page, 'life-event-materials').locator('tbody tr').allInnerTexts()
  assert.ok(rows.length >= 1, 'the merged material list is shown')
  const names = rows.map((r) => r.split('\t')[0])
  assert.equal(new Set(names).size, names.length, `each material once: ${names.join(' | ')}`)
  await shot(state, page, '3-life-event')
  assert.deepEqual(state.problems, [])
})

step('the bureau manager records a 下放 document and the total in force goes up by one', async () => {
  // A body pair the seeded ledger already uses (the city's 城管执法 bureau and a 街道).
  const seeded = await call('GET', '/api/v1/catalogue/delegations?region=440800&kind=delegate')
  assert.equal(seeded.status, 200, seeded.text)
  const grant = seeded.json.items[0]
  assert.ok(grant && grant.to, 'the demo city has a seeded 下放 entry')

  const page = await newPage(state, 'manager')
  await pageLogin(page, env.ZT_MANAGER_USER, shared.managerPass)
  await page.goto(`${BASE}/#/delegations`)
  await byId(page, 'delegation-apply').click()
  await byId(page, 'delegation-in-force').waitFor()
  // "{date} 有效的赋权事项共 {n} 项": the count, not the date's year.
  const before = Number((await byId(page, 'delegation-in-force').innerText()).match(/共 (\d+) 项/)[1])

  await byId(page, 'delegation-new').click()
  await byId(page, 'delegation-kind').selectOption('delegate')
  await byId(page, 'delegation-document').fill(`湛城管〔2026〕${stamp}号`)
  await byId(page, 'delegation-from-region').fill(grant.from.region_code)
  await byId(page, 'delegation-from-body').fill(grant.from.body)
  await byId(page, 'delegation-to-region').fill(grant.to.region_code)
  await byId(page, 'delegation-to-body').fill(grant.to.body)
  await byId(page, 'delegation-item-ref-0').fill(`WEB-${stamp}`)
  await byId(page, 'delegation-item-name-0').fill('对占道经营的处罚')
  await byId(page, 'delegation-item-category-0').selectOption('02')
  await byId(page, 'delegation-save').click()
  await byId(page, 'delegation-recorded').waitFor()
  assert.match(await byId(page, 'delegation-recorded').innerText(), /共 1 项/)
  await page.waitForFunction((n) => {
    const m = (document.querySelector('[data-testid="delegation-in-force"]')?.innerText || '').match(/共 (\d+) 项/)
    return m && Number(m[1]) === n
  }, before + 1)
  await shot(state, page, '4-delegation')
  assert.deepEqual(state.problems, [])
})
