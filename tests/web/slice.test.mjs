// End-to-end slice of the web front end against a running server (node --test).
//
//   ZT_BASE_URL=http://127.0.0.1:8080 ZT_ADMIN_USER=... ZT_ADMIN_PASS=... \
//   ZT_CITIZEN_USER=... ZT_CITIZEN_PASS=... ZT_CITIZEN_ID=... ZT_CLERK_USER=... ZT_CLERK_PASS=... \
//   ZT_REVIEWER_USER=... ZT_REVIEWER_PASS=... ZT_MANAGER_USER=... ZT_MANAGER_PASS=... \
//   [ZT_SCREENSHOT_DIR=/tmp/shots] node --test tests/web/slice.test.mjs
//
// (tests/web/run.sh installs, builds and runs this; `run.sh --mock` runs it against
// tests/web/mock-server.mjs.) Flow: a department admin creates and publishes an item; a
// citizen finds it and applies; a clerk accepts; a reviewer approves and the case is
// concluded; an anonymous visitor tracks it (已办结); the manager's dashboard counts it.
// Any console error, uncaught page error or CSP violation fails the test.
//
// playwright-core is a devDependency of web/ (one lock file); it drives Debian's
// /usr/bin/chromium and never downloads a browser.
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
const SHOTS = env.ZT_SCREENSHOT_DIR || ''
const CHROMIUM = env.ZT_CHROMIUM || '/usr/bin/chromium'
const TIMEOUT = Number(env.ZT_STEP_TIMEOUT_MS || 15000)
const REQUIRED = ['ZT_ADMIN_USER', 'ZT_ADMIN_PASS', 'ZT_CITIZEN_USER', 'ZT_CITIZEN_PASS', 'ZT_CITIZEN_ID',
  'ZT_CLERK_USER', 'ZT_CLERK_PASS', 'ZT_REVIEWER_USER', 'ZT_REVIEWER_PASS', 'ZT_MANAGER_USER', 'ZT_MANAGER_PASS']
const missing = [!BASE && 'ZT_BASE_URL', ...REQUIRED.filter((k) => !env[k])].filter(Boolean)
const skip = missing.length ? `missing env: ${missing.join(', ')}` : false

let browser
let userDataDir
const problems = [] // console errors, page errors, CSP violations, from every page
let expectedHttpError = 0 // while set, Chromium's "Failed to load resource: … status of N" for N is expected
const contexts = []
const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase()
const state = { itemName: `端到端测试事项${stamp}`, itemCode: `ZT-E2E-${stamp}`, receiptNo: '', department: '' }

before(async () => {
  if (skip) return
  if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true })
  // Playwright refuses a --user-data-dir argument to launch(): it starts Chromium with its own
  // fresh, empty --user-data-dir in a temp dir (removed on close). TMPDIR points it at ours, so
  // the profile is new and ours to remove; newContext() then isolates each actor's cookies.
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
  for (const c of contexts) await c.close().catch(() => {})
  if (browser) await browser.close()
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true })
})

async function newPage(actor) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } })
  contexts.push(context)
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`)
    })
  })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  page.on('console', (msg) => {
    const text = msg.text()
    if (expectedHttpError && text.startsWith('Failed to load resource') && text.includes(`status of ${expectedHttpError}`)) return
    if (msg.type() === 'error' || /Content Security Policy/i.test(text)) problems.push(`[${actor}] console ${msg.type()}: ${text}`)
  })
  page.on('pageerror', (err) => problems.push(`[${actor}] page error: ${err.message}`))
  return page
}

async function shot(page, name) {
  if (!SHOTS) return
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

const byId = (page, id) => page.getByTestId(id)

async function waitForHash(page, prefix) {
  await page.waitForFunction((p) => location.hash.startsWith(p), prefix)
}

async function login(page, user, pass, expectedHash) {
  await page.goto(`${BASE}/#/login`)
  await byId(page, 'login-username').fill(user)
  await byId(page, 'login-password').fill(pass)
  await byId(page, 'login-submit').click()
  await page.waitForFunction(() => !location.hash.startsWith('#/login') || document.querySelector('[data-testid=problem]'))
  const problem = page.getByTestId('problem')
  if (await problem.count()) assert.fail(`login as ${user} failed: ${await problem.innerText()}`)
  if ((await page.evaluate(() => location.hash)).startsWith('#/password')) {
    assert.fail(`account ${user} must change its password first; give the test an account that need not`)
  }
  await waitForHash(page, expectedHash)
  await byId(page, 'current-user').waitFor()
}

function assertNoProblems(where) {
  assert.deepEqual(problems, [], `console errors or CSP violations ${where}:\n${problems.join('\n')}`)
}

let failed = false
function step(name, fn) {
  test(name, { skip }, async (t) => {
    if (failed) return t.skip('an earlier step failed')
    try {
      await fn()
    } catch (e) {
      failed = true
      throw e
    }
  })
}

step('public home page renders under the CSP, in both languages and in large-text mode', async () => {
  const page = await newPage('visitor')
  await page.goto(`${BASE}/`)
  await byId(page, 'search-input').waitFor()
  await page.getByRole('heading', { level: 1, name: '事项查询' }).waitFor()
  await shot(page, '01-home-zh')
  await byId(page, 'lang-switch').click()
  await page.getByRole('heading', { level: 1, name: 'Find a service' }).waitFor()
  await byId(page, 'elder-toggle').click()
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true)
  assert.equal(await byId(page, 'elder-toggle').getAttribute('aria-pressed'), 'true')
  await shot(page, '02-home-en-large')
  await byId(page, 'elder-toggle').click()
  await byId(page, 'lang-switch').click()
  await page.getByRole('heading', { level: 1, name: '事项查询' }).waitFor()
  assertNoProblems('on the home page')
})

step('department admin creates and publishes an item', async () => {
  const page = await newPage('admin')
  await login(page, env.ZT_ADMIN_USER, env.ZT_ADMIN_PASS, '#/admin/items')
  await byId(page, 'item-new').click()
  await byId(page, 'item-form-name').fill(state.itemName)
  // A code the server refuses: the problem+json field error must appear next to the field.
  await byId(page, 'item-form-code').fill('x')
  expectedHttpError = 400
  try {
    await byId(page, 'item-form-submit').click()
    await byId(page, 'problem').waitFor()
    const codeItem = page.locator('.el-form-item', { has: byId(page, 'item-form-code') })
    await codeItem.locator('.el-form-item__error').waitFor()
    await shot(page, '03a-admin-field-error')
  } finally {
    expectedHttpError = 0
  }
  await byId(page, 'item-form-code').fill(state.itemCode)
  await byId(page, 'material-name-0').fill('申请人身份证明')
  await byId(page, 'material-note-0').fill('原件核验')
  await byId(page, 'material-add').click()
  await byId(page, 'material-name-1').fill('营业场所证明')
  await shot(page, '03-admin-create-item')
  await byId(page, 'item-form-submit').click()
  const row = page.locator('[data-testid=admin-items] tbody tr', { hasText: state.itemName })
  await row.getByTestId('admin-item-status').and(page.locator('[data-status=draft]')).waitFor()
  await row.getByTestId('item-publish').click()
  await row.locator('[data-testid=admin-item-status][data-status=published]').waitFor()
  await shot(page, '04-admin-published')
  assertNoProblems('while creating the item')
})

step('citizen finds the item, reads its guide and applies', async () => {
  const page = await newPage('citizen')
  await login(page, env.ZT_CITIZEN_USER, env.ZT_CITIZEN_PASS, '#/my')
  await byId(page, 'nav-home').click()
  await byId(page, 'search-input').fill(state.itemName)
  await byId(page, 'search-submit').click()
  await byId(page, 'item-link').filter({ hasText: state.itemName }).click()
  await assertText(byId(page, 'item-name'), state.itemName)
  await assertText(byId(page, 'item-code'), state.itemCode)
  state.department = (await byId(page, 'item-department').innerText()).trim()
  assert.ok(state.department, 'the guide shows the department')
  await assertText(byId(page, 'item-promised'), '10')
  assert.equal(await byId(page, 'item-material').count(), 2)
  await shot(page, '05-item-guide')
  await byId(page, 'apply-button').click()
  await byId(page, 'apply-note').fill('本人申请，端到端测试。')
  await shot(page, '06-apply-form')
  await byId(page, 'apply-submit').click()
  await byId(page, 'receipt-no').waitFor()
  state.receiptNo = (await byId(page, 'receipt-no').innerText()).trim()
  assert.match(state.receiptNo, /\S{6,}/, 'a receipt number is shown')
  await shot(page, '07-receipt')
  await byId(page, 'nav-my').click()
  await byId(page, 'myapp-link').filter({ hasText: state.receiptNo }).waitFor()
  assertNoProblems('while applying')
})

async function openCase(page, receiptNo, stateFilter) {
  await byId(page, 'queue-filter').selectOption(stateFilter)
  const link = page.locator(`[data-testid=queue-open][data-receipt="${receiptNo}"]`)
  await link.click()
  await page.locator('[data-testid=case-drawer] [data-testid=case-receipt]', { hasText: receiptNo }).waitFor()
}

async function transition(page, name, expectedState) {
  await byId(page, `transition-${name}`).click()
  await page.locator(`[data-testid=case-state][data-state=${expectedState}]`).waitFor()
}

let clerkPage
step('clerk finds the case in the queue and accepts it', async () => {
  clerkPage = await newPage('clerk')
  await login(clerkPage, env.ZT_CLERK_USER, env.ZT_CLERK_PASS, '#/workbench')
  await byId(clerkPage, 'queue-table').waitFor()
  await shot(clerkPage, '08-clerk-queue')
  await openCase(clerkPage, state.receiptNo, 'submitted')
  await transition(clerkPage, 'accept', 'accepted')
  await shot(clerkPage, '09-clerk-accepted')
  assertNoProblems('while accepting')
})

step('reviewer approves, and the case is concluded', async () => {
  const page = await newPage('reviewer')
  await login(page, env.ZT_REVIEWER_USER, env.ZT_REVIEWER_PASS, '#/workbench')
  await openCase(page, state.receiptNo, 'accepted')
  await transition(page, 'approve', 'approved')
  await shot(page, '10-reviewer-approved')
  if (await byId(page, 'transition-conclude').count()) {
    await transition(page, 'conclude', 'concluded')
  } else {
    await clerkPage.keyboard.press('Escape')
    await clerkPage.reload()
    await openCase(clerkPage, state.receiptNo, 'approved')
    await transition(clerkPage, 'conclude', 'concluded')
  }
  await byId(page, 'steps').getByTestId('step').first().waitFor()
  await shot(page, '11-concluded')
  assertNoProblems('while approving and concluding')
})

step('an anonymous visitor tracks the case and sees 已办结', async () => {
  const page = await newPage('visitor')
  await page.goto(`${BASE}/#/track`)
  await byId(page, 'track-receipt').fill(state.receiptNo)
  await byId(page, 'track-id').fill(env.ZT_CITIZEN_ID)
  await byId(page, 'track-submit').click()
  await assertText(byId(page, 'track-state'), '已办结')
  assert.ok(await byId(page, 'track-result').getByTestId('step').count() >= 4, 'the steps are listed')
  await shot(page, '12-track')
  assertNoProblems('while tracking')
})

step('the manager sees the department with at least one concluded case', async () => {
  const page = await newPage('manager')
  await login(page, env.ZT_MANAGER_USER, env.ZT_MANAGER_PASS, '#/dashboard')
  await byId(page, 'stats-table').waitFor()
  await page.locator('[data-testid=stats-concluded]').first().waitFor()
  const rows = await page.locator('[data-testid=stats-concluded]').evaluateAll((els) =>
    els.map((e) => ({ name: e.dataset.departmentName || '', n: Number(e.textContent.trim()) })))
  const dep = state.department
  const mine = rows.find((r) => r.name === dep) || rows.find((r) => r.name && (r.name.includes(dep) || dep.includes(r.name)))
  assert.ok(mine, `the dashboard lists the department ${dep}: ${JSON.stringify(rows)}`)
  assert.ok(mine.n >= 1, `concluded count for ${dep} is ${mine.n}`)
  await shot(page, '13-dashboard')
  assertNoProblems('on the dashboard')
})

async function assertText(locator, expected) {
  await locator.waitFor()
  const deadline = Date.now() + TIMEOUT
  let text = ''
  while (Date.now() < deadline) {
    text = (await locator.innerText()).trim()
    if (text.includes(expected)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.fail(`expected "${expected}" in "${text}"`)
}
