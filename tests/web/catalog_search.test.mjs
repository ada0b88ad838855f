// The public catalogue pages in a real browser against the seeded demo city
// (ZT_WEB_TEST=catalog_search.test.mjs): an anonymous visitor types 社保 and finds 社会保障卡申领
// through its everyday name, narrows it to county level, opens 新生儿出生一件事 and sees each
// material asked for once, and reads the 权责清单's counts per category; the city's bureau
// manager sees the delegation ledger's grants in force and the drift report.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE, env, skipUnless, useBrowser, newPage, byId, shot, apiLogin, pageLogin, newPassword,
} from './support.mjs'

const skip = skipUnless()
const state = useBrowser('catalog-search', skip)

test('an anonymous visitor searches, opens a life event and reads the power list', { skip }, async () => {
  const page = await newPage(state, 'visitor')
  // The page's first search (empty query) is held back until after the visitor's own search has
  // answered: its late answer must not replace the newer one (seen on a loaded CI machine).
  let releaseFirst
  const firstHeld = new Promise((resolve) => { releaseFirst = resolve })
  const isFirstSearch = (url) => url.pathname === '/api/v1/catalogue/search' && !url.searchParams.get('q')
  await page.route(isFirstSearch, async (route) => {
    await firstHeld
    await route.continue()
  })
  await page.goto(`${BASE}/#/`)
  await byId(page, 'nav-catalog-search').click()
  await byId(page, 'catalog-search-page').waitFor()
  await byId(page, 'search-q').fill('社保')
  await byId(page, 'search-submit').click()
  await page.waitForFunction(() => /社会保障卡申领/.test(document.querySelector('[data-testid="search-results"]')?.innerText || ''))
  const totalBefore = await byId(page, 'search-total').innerText()
  const firstAnswered = page.waitForResponse((r) => isFirstSearch(new URL(r.url())))
  releaseFirst()
  await (await firstAnswered).finished()
  await page.unroute(isFirstSearch)
  // Two animation frames: the page has applied (or dropped) that answer and rendered.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
  assert.equal(await byId(page, 'search-total').innerText(), totalBefore, 'the late answer to the first search is dropped')
  const all = Number((await byId(page, 'search-total').innerText()).match(/\d+/)[0])
  assert.ok(all >= 10, `社保 should find the city's and every district's 社会保障卡申领, got ${all}`)
  const why = await byId(page, 'why-440800-rsj-001').innerText()
  assert.equal(why, '常用说法', 'matched through the everyday name 社保 → 社会保障')
  await shot(state, page, '1-search')

  await byId(page, 'search-level').selectOption('county')
  await byId(page, 'search-submit').click()
  await page.waitForFunction((n) => {
    const m = (document.querySelector('[data-testid="search-total"]')?.innerText || '').match(/\d+/)
    return m && Number(m[0]) < n
  }, all)
  assert.equal(await byId(page, 'hit-440800-rsj-001').count(), 0, 'the city item is filtered out')

  await byId(page, 'link-life-events').click()
  await byId(page, 'life-event-YJS-440800-XSE').click()
  await byId(page, 'life-event-materials').waitFor()
  assert.equal(await byId(page, 'life-event-name').innerText(), '新生儿出生一件事')
  const items = await byId(page, 'life-event-items').locator('li').count()
  assert.ok(items >= 2, `bundled items: ${items}`)
  const rows = await byId(page, 'life-event-materials').locator('tbody tr').allInnerTexts()
  const forms = rows.filter((r) => r.startsWith('申请表'))
  assert.equal(forms.length, 1, `申请表 is asked for once: ${rows.join(' | ')}`)
  assert.ok(forms[0].includes(`${items} 个事项`), forms[0])
  await shot(state, page, '2-life-event')

  await byId(page, 'nav-power-list').click()
  await byId(page, 'power-counts').waitFor()
  const total = Number((await byId(page, 'power-total').innerText()).match(/\d+/)[0])
  let sum = 0
  for (const code of ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']) {
    sum += Number(await byId(page, `power-count-${code}`).innerText())
  }
  assert.ok(total > 0)
  assert.equal(sum, total, 'the categories add up to the total')
  assert.ok(Number(await byId(page, 'power-count-02').innerText()) > 0, 'every department has a penalty power')
  await shot(state, page, '3-power-list')
  assert.deepEqual(state.problems, [])
})

const managerSkip = skipUnless('ZT_MANAGER_USER', 'ZT_MANAGER_PASS')

test('the bureau manager reads the delegation ledger and the drift report', { skip: managerSkip }, async () => {
  const { password } = await apiLogin(env.ZT_MANAGER_USER, env.ZT_MANAGER_PASS, newPassword('cat'))
  const page = await newPage(state, 'manager')
  await pageLogin(page, env.ZT_MANAGER_USER, password)
  await byId(page, 'nav-delegations').click()
  await byId(page, 'delegation-date').fill('2022-06-30')
  await byId(page, 'delegation-apply').click()
  // The seeded document grants seven powers to two 街道 in 2021; one is taken back in 2023.
  await page.waitForFunction(() => /2022-06-30/.test(document.querySelector('[data-testid="delegation-in-force"]')?.innerText || ''))
  assert.match(await byId(page, 'delegation-in-force').innerText(), /共 14 项/)
  assert.ok(await byId(page, 'delegation-entries').locator('tbody tr').count() >= 15)
  await shot(state, page, '4-delegations')

  await byId(page, 'nav-drift').click()
  await byId(page, 'drift-rows').waitFor()
  const rows = await byId(page, 'drift-rows').locator('tbody tr').count()
  assert.ok(rows > 0, 'the seeded revision of a standard leaves implementations drifting')
  assert.match(await byId(page, 'drift-summary').innerText(), /个与基本目录不一致/)
  await shot(state, page, '5-drift')
  assert.deepEqual(state.problems, [])
})
