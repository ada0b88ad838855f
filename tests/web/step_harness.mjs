// The step-wise browser harness of the application journeys (tests/web/application and
// application_journey): the environment e2e.sh sets, one Chromium, pages that collect console
// errors and CSP violations, login through the app with the first-login password change (the
// password gate probed in depth once), steps that skip after an earlier step failed, and
// same-origin API calls from inside a page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(path.join(here, '../../web/package.json'))
const { chromium } = require('playwright-core')

export const env = process.env
export const BASE = (env.ZT_BASE_URL || '').replace(/\/+$/, '')
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

// Current password per username: the seeded one until the first login changes it to
// NEW_PASSWORD (random, 24 characters; the policy asks for 10 to 128). ZT_NEW_PASSWORD
// overrides it, say to log in by hand afterwards.
const NEW_PASSWORD = env.ZT_NEW_PASSWORD || `Zt-e2e-${crypto.randomBytes(12).toString('base64url')}`
const passwords = new Map()
for (const role of ['ADMIN', 'CITIZEN', 'CLERK', 'REVIEWER', 'MANAGER']) {
  if (env[`ZT_${role}_USER`]) passwords.set(env[`ZT_${role}_USER`], env[`ZT_${role}_PASS`])
}
let checkedGate = false // the password-change gate is probed in depth once, on the first account
const askedToChange = new Map() // username → true when its first login went to 修改密码

// The password that works now for `user` (the seeded one until login() changed it).
export const passwordOf = (user) => passwords.get(user)
// The seeded accounts this run knows, and whether login() found each sent to 修改密码.
export const knownUsers = () => [...passwords.keys()]
export const wasAskedToChange = (user) => askedToChange.get(user) === true

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

export async function newPage(actor) {
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

export async function shot(page, name) {
  if (!SHOTS) return
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

export const byId = (page, id) => page.getByTestId(id)

export async function waitForHash(page, prefix) {
  await page.waitForFunction((p) => location.hash.startsWith(p), prefix)
}

export async function submitLogin(page, user, pass) {
  await byId(page, 'login-username').fill(user)
  await byId(page, 'login-password').fill(pass)
  await byId(page, 'login-submit').click()
  await page.waitForFunction(() => !location.hash.startsWith('#/login') || document.querySelector('[data-testid=problem]'))
}

// Reads GET /api/v1/session (or any same-origin URL) from inside the page, with its cookie.
export async function fetchJson(page, url) {
  return page.evaluate(async (u) => {
    const r = await fetch(u, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    let body = null
    try { body = await r.json() } catch { /* no body */ }
    return { status: r.status, body }
  }, url)
}

export async function withExpectedHttpError(status, fn) {
  expectedHttpError = status
  try {
    return await fn()
  } finally {
    expectedHttpError = 0
  }
}

// Logs in; on the first login of a seeded account the app shows 修改密码: change the initial
// password to NEW_PASSWORD, check that the app sends us back to 登录 with a message, and log in
// again with the new password.
export async function login(page, user, expectedHash, shotPrefix) {
  const pass = passwords.get(user)
  await page.goto(`${BASE}/#/login`)
  await submitLogin(page, user, pass)
  const problem = page.getByTestId('problem')
  if (await problem.count()) assert.fail(`login as ${user} failed: ${await problem.innerText()}`)
  if ((await page.evaluate(() => location.hash)).startsWith('#/password')) {
    askedToChange.set(user, true)
    await byId(page, 'must-change').waitFor()
    if (!checkedGate) {
      checkedGate = true
      await checkPasswordGate(page, expectedHash)
    }
    if (shotPrefix) await shot(page, `${shotPrefix}-password-change`)
    // A too-short password: the server's field error shows next to the field.
    await withExpectedHttpError(400, async () => {
      await byId(page, 'pw-old').fill(pass)
      await byId(page, 'pw-new').fill('short')
      await byId(page, 'pw-confirm').fill('short')
      await byId(page, 'pw-submit').click()
      await page.locator('.el-form-item', { has: byId(page, 'pw-new') }).locator('.el-form-item__error').waitFor()
    })
    await byId(page, 'pw-new').fill(NEW_PASSWORD)
    await byId(page, 'pw-confirm').fill(NEW_PASSWORD)
    await byId(page, 'pw-submit').click()
    await waitForHash(page, '#/login')
    await byId(page, 'password-changed').waitFor()
    passwords.set(user, NEW_PASSWORD)
    if (shotPrefix) await shot(page, `${shotPrefix}-password-changed-login`)
    if (checkedGate === true) {
      checkedGate = 'done'
      // Changing the password ended the session (the server ends every session of the account).
      const after = await withExpectedHttpError(401, () => fetchJson(page, '/api/v1/session'))
      assert.equal(after.status, 401, 'after a password change the old session is gone')
      // The initial password no longer works.
      await withExpectedHttpError(401, async () => {
        await submitLogin(page, user, pass)
        await byId(page, 'problem').waitFor()
      })
      assert.ok((await page.evaluate(() => location.hash)).startsWith('#/login'), 'the old password is refused')
      await page.goto(`${BASE}/#/login`)
      await page.reload() // a fresh login form, without the error of the refused attempt
    }
    const prefilled = await byId(page, 'login-username').inputValue()
    if (!prefilled.includes('*')) assert.ok(prefilled === '' || prefilled === user, `login form prefilled with ${prefilled}`)
    await submitLogin(page, user, NEW_PASSWORD)
    if (await problem.count()) assert.fail(`login as ${user} with the new password failed: ${await problem.innerText()}`)
  }
  assert.ok(!(await page.evaluate(() => location.hash)).startsWith('#/password'),
    `${user} is still asked to change the password after changing it`)
  await waitForHash(page, expectedHash)
  await byId(page, 'current-user').waitFor()
  const me = await fetchJson(page, '/api/v1/session')
  assert.equal(me.status, 200)
  assert.equal(me.body.account.must_change_password, false)
  return me.body.account
}

// While the initial password is unchanged, the app keeps the user on 修改密码 and the server
// refuses other API calls with 403 auth.password_change_required.
async function checkPasswordGate(page, elsewhere) {
  const me = await fetchJson(page, '/api/v1/session')
  assert.equal(me.status, 200, 'GET /api/v1/session works before the password change')
  assert.equal(me.body.account.must_change_password, true)
  const refused = await withExpectedHttpError(403, () => fetchJson(page, '/api/v1/items?page_size=1'))
  assert.equal(refused.status, 403, 'other API calls are refused before the password change')
  assert.equal(refused.body?.key, 'auth.password_change_required')
  for (const hash of ['#/', elsewhere]) {
    await page.goto(`${BASE}/${hash}`)
    await waitForHash(page, '#/password')
    await byId(page, 'must-change').waitFor()
  }
}

export function assertNoProblems(where) {
  assert.deepEqual(problems, [], `console errors or CSP violations ${where}:\n${problems.join('\n')}`)
}

let failed = false
export function step(name, fn) {
  test(name, { skip }, async (t) => {
    if (failed) return t.skip('an earlier step failed')
    try {
      await fn(t)
    } catch (e) {
      failed = true
      throw e
    }
  })
}


export async function assertText(locator, expected) {
  const text = (await locator.innerText()).trim()
  assert.ok(text.includes(expected), `expected "${expected}" in "${text}"`)
}

// A same-origin JSON call from inside the page with a fresh login: the app's CSRF token is not
// reachable from the test, so the setup logs in once more over the API.
export async function apiAs(page, user, calls) {
  return page.evaluate(async ({ user, pass, calls }) => {
    const login = await fetch('/api/v1/session', { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: user, password: pass }) })
    const session = await login.json()
    const out = []
    let last = null
    for (const c of calls) {
      const headers = { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': session.csrf_token }
      const path = c.path.replace('{last.id}', last?.body?.id || '')
      if (c.ifMatchLast) headers['If-Match'] = last.etag
      const r = await fetch(path, { method: c.method, credentials: 'same-origin', headers, body: c.body ? JSON.stringify(c.body) : undefined })
      let b = null
      try { b = await r.json() } catch { /* none */ }
      last = { status: r.status, body: b, etag: r.headers.get('ETag') }
      out.push(last)
    }
    return { login: login.status, out }
  }, { user, pass: passwords.get(user), calls })
}
