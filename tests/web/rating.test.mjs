// 好差评 in the browser against a running server (node --test; tests/web/e2e.sh seeds a database,
// starts the real binary and runs this as CTest web_rating). Flow: through the API, a department
// admin publishes an item, the seeded citizen applies and the department's clerk and reviewer
// take the application to 办结; then in Chromium the citizen rates it 非常不满意 with a tag and a
// comment on the application page; the department admin opens 差评整改, verifies the rating as
// founded, rectifies, replies and records the call-back; the citizen sees the reply and rates
// again (满意); an anonymous visitor's 好差评公示 page shows the department's figures.
// The seeded accounts' initial passwords are changed through the API first (the password gate
// itself is tested by slice.test.mjs). Any console error or page error fails the test.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import {
  env, BASE, skipUnless, useBrowser, newPage as openPage, byId, shot as saveShot, call,
  apiLogin as changeAndLogin, pageLogin,
} from './support.mjs'

const skip = skipUnless('ZT_ADMIN_USER', 'ZT_ADMIN_PASS', 'ZT_CITIZEN_USER', 'ZT_CITIZEN_PASS',
  'ZT_CLERK_USER', 'ZT_CLERK_PASS', 'ZT_REVIEWER_USER', 'ZT_REVIEWER_PASS')
const NEW_PASSWORD = `Zt-rating-${crypto.randomBytes(12).toString('base64url')}`
const stamp = `${Date.now().toString(36)}`.toUpperCase()
const state = useBrowser('rating', skip)

const passwords = new Map()

// Logs in through the API, changing a seeded account's initial password on its first login.
async function apiLogin(user, initial) {
  const { session, password } = await changeAndLogin(user, passwords.get(user) || initial, NEW_PASSWORD)
  passwords.set(user, password)
  return session
}

const newPage = (actor) => openPage(state, actor)
const shot = (page, name) => saveShot(state, page, name)
const uiLogin = (page, user) => pageLogin(page, user, passwords.get(user))

test('a bad rating is rectified by the department and rated again by the citizen', { skip }, async () => {
  const admin = await apiLogin(env.ZT_ADMIN_USER, env.ZT_ADMIN_PASS)
  const clerk = await apiLogin(env.ZT_CLERK_USER, env.ZT_CLERK_PASS)
  const reviewer = await apiLogin(env.ZT_REVIEWER_USER, env.ZT_REVIEWER_PASS)
  const citizen = await apiLogin(env.ZT_CITIZEN_USER, env.ZT_CITIZEN_PASS)
  const department = admin.account.department_id

  // An item of the admin's department, applied for and concluded.
  const created = await call('POST', '/api/v1/items', { session: admin, body: {
    code: `ZT-RATE-${stamp}`, name: `好差评测试事项${stamp}`, type: 'licensing', department_id: department,
    region_code: admin.account.region_code, statutory_limit_wd: 20, promised_limit_wd: 5 } })
  assert.equal(created.status, 201, JSON.stringify(created.json))
  const published = await call('POST', `/api/v1/items/${created.json.id}/publish`, { session: admin, ifMatch: created.etag })
  assert.equal(published.status, 200, JSON.stringify(published.json))
  // The publish route sends it to review; a second person (the bureau manager) approves it.
  const manager = await apiLogin(env.ZT_MANAGER_USER, env.ZT_MANAGER_PASS)
  const approved = await call('POST', `/api/v1/catalogue/items/${created.json.id}/review`,
    { session: manager, body: { decision: 'approve' }, ifMatch: published.etag })
  assert.equal(approved.status, 200, JSON.stringify(approved.json))
  const applied = await call('POST', '/api/v1/applications', { session: citizen, body: { item_id: created.json.id } })
  assert.equal(applied.status, 201, JSON.stringify(applied.json))
  const caseId = applied.json.id
  let etag = applied.etag
  for (const [who, transition] of [[clerk, 'accept'], [reviewer, 'approve'], [clerk, 'conclude']]) {
    const r = await call('POST', `/api/v1/applications/${caseId}/transitions`,
      { session: who, body: { transition }, ifMatch: etag })
    assert.equal(r.status, 200, `${transition}: ${JSON.stringify(r.json)}`)
    etag = r.etag
  }

  // The citizen rates it badly on the application page.
  const citizenPage = await newPage('citizen')
  await uiLogin(citizenPage, env.ZT_CITIZEN_USER)
  await citizenPage.goto(`${BASE}/#/my/${caseId}`)
  await byId(citizenPage, 'rating-form').waitFor()
  await byId(citizenPage, 'rating-level-very_dissatisfied').check()
  await citizenPage.getByLabel('多次跑动').check()
  await byId(citizenPage, 'rating-comment').fill('材料清单与办事指南不一致，跑了三次')
  await shot(citizenPage, '1-rate')
  await byId(citizenPage, 'rating-submit').click()
  await byId(citizenPage, 'rating-given').waitFor()
  assert.equal(await byId(citizenPage, 'rating-level').getAttribute('data-level'), 'very_dissatisfied')
  assert.equal(await byId(citizenPage, 'rating-rectification').getAttribute('data-state'), 'opened')
  assert.equal(await byId(citizenPage, 'rating-form').count(), 0, 'a case is rated once')
  await shot(citizenPage, '2-rated')

  // The department works the rectification case through to the call-back.
  const adminPage = await newPage('department admin')
  await uiLogin(adminPage, env.ZT_ADMIN_USER)
  await byId(adminPage, 'nav-rectifications').click()
  await byId(adminPage, 'rectifications-page').waitFor()
  const byCase = await call('GET', `/api/v1/ratings/by-case/${caseId}`, { session: citizen })
  const rectId = byCase.json.rectification.id
  await byId(adminPage, `rect-open-${rectId}`).click()
  for (const [transition, note, state] of [
    ['verify_real', '经核查，窗口未一次性告知材料，属实', 'verified_real'],
    ['rectify', '修订一次性告知单并培训窗口人员', 'rectified'],
    ['reply', '已完成整改，向您致歉', 'replied'],
    ['call_back', '电话回访，申请人认可整改', 'called_back'],
  ]) {
    await byId(adminPage, `rect-note-${transition}`).fill(note)
    await byId(adminPage, `rect-act-${transition}`).click()
    await adminPage.waitForFunction((s) => document.querySelector('[data-testid=rect-detail]')?.dataset.state === s, state)
  }
  await shot(adminPage, '3-rectified')

  // The citizen sees the reply and rates again.
  await citizenPage.reload()
  await byId(citizenPage, 'rating-reply').waitFor()
  assert.equal(await byId(citizenPage, 'rating-reply').innerText(), '已完成整改，向您致歉')
  await byId(citizenPage, 'rating-level-satisfied').check()
  await byId(citizenPage, 'rating-submit').click()
  await byId(citizenPage, 'rerating-given').waitFor()
  assert.equal(await byId(citizenPage, 'rerating-level').getAttribute('data-level'), 'satisfied')
  assert.equal(await byId(citizenPage, 'rating-rectification').getAttribute('data-state'), 'rerated')
  await shot(citizenPage, '4-rerated')

  // The public page, anonymous: the department's row carries its figures.
  const visitor = await newPage('visitor')
  await visitor.goto(`${BASE}/#/ratings`)
  await byId(visitor, 'rating-indicators').waitFor()
  await byId(visitor, `dept-${department}`).waitFor()
  const uplift = await byId(visitor, 'ind-rerating_uplift').innerText()
  assert.notEqual(uplift, '无数据', 'a re-rating exists, so the uplift has a value')
  const stats = await call('GET', `/api/v1/stats/ratings?department_id=${department}`)
  const callBack = stats.json.indicators.find((i) => i.key === 'call_back_rate')
  assert.ok(callBack.numerator >= 1, JSON.stringify(callBack))
  await shot(visitor, '5-public')

  assert.deepEqual(state.problems, [])
})
