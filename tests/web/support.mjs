// What every browser test needs: the environment e2e.sh sets, one Chromium per test file, API
// calls with a session, a login that changes the seeded initial password, pages that collect
// console and page errors, and screenshots when asked for.
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

// The reason to skip when a variable the test needs is not set (false when all are).
export function skipUnless(...names) {
  const missing = [!BASE && 'ZT_BASE_URL', ...names.filter((k) => !env[k])].filter(Boolean)
  return missing.length ? `missing env: ${missing.join(', ')}` : false
}

// Registers the before/after hooks of one test file and returns its browser state; errors
// seen on any page end up in `problems`, which each test asserts empty.
export function useBrowser(prefix, skip) {
  const state = { browser: null, problems: [], contexts: [], prefix }
  let userDataDir
  before(async () => {
    if (skip) return
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true })
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-web-chromium-'))
    state.browser = await chromium.launch({
      env: { ...process.env, TMPDIR: userDataDir },
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  })
  after(async () => {
    for (const c of state.contexts) await c.close().catch(() => {})
    if (state.browser) await state.browser.close()
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true })
  })
  return state
}

export async function newPage(state, actor, { locale = 'zh-CN' } = {}) {
  const context = await state.browser.newContext({ locale, viewport: { width: 1366, height: 900 }, acceptDownloads: true })
  state.contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  page.on('console', (msg) => { if (msg.type() === 'error') state.problems.push(`[${actor}] console error: ${msg.text()}`) })
  page.on('pageerror', (err) => state.problems.push(`[${actor}] page error: ${err.message}`))
  return page
}

export const byId = (page, id) => page.getByTestId(id)

export async function shot(state, page, name) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${state.prefix}-${name}.png`), fullPage: true })
}

export async function call(method, url, { session, body, ifMatch } = {}) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (session) {
    headers.Cookie = session.cookie
    if (method !== 'GET') headers['X-CSRF-Token'] = session.csrf
  }
  if (ifMatch) headers['If-Match'] = ifMatch
  const r = await fetch(BASE + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await r.text()
  let json = null
  try { json = text ? JSON.parse(text) : null } catch { json = null }
  return {
    status: r.status, json, text, type: r.headers.get('content-type'), cookie: r.headers.get('set-cookie'),
    etag: r.headers.get('etag'),
  }
}

export const newPassword = (tag) => `Zt-${tag}-${crypto.randomBytes(12).toString('base64url')}`

// Logs in through the API, changing the seeded initial password to `changed` on the first
// login; returns the session and the password that now works.
export async function apiLogin(user, pass, changed) {
  let r = await call('POST', '/api/v1/session', { body: { username: user, password: pass } })
  assert.equal(r.status, 200, `login ${user}: ${r.text}`)
  let session = { cookie: r.cookie.split(';')[0], csrf: r.json.csrf_token, account: r.json.account }
  if (!session.account.must_change_password) return { session, password: pass }
  const change = await call('POST', '/api/v1/session/password',
    { session, body: { old_password: pass, new_password: changed } })
  assert.equal(change.status, 204, change.text)
  r = await call('POST', '/api/v1/session', { body: { username: user, password: changed } })
  assert.equal(r.status, 200, r.text)
  session = { cookie: r.cookie.split(';')[0], csrf: r.json.csrf_token, account: r.json.account }
  return { session, password: changed }
}

// Logs in on the page with a password that no longer needs changing.
export async function pageLogin(page, user, password) {
  await page.goto(`${BASE}/#/login`)
  await byId(page, 'login-username').fill(user)
  await byId(page, 'login-password').fill(password)
  await byId(page, 'login-submit').click()
  await page.waitForFunction(() => !location.hash.startsWith('#/login'))
}

// Steps of one journey: each a node:test test, skipped once an earlier step has failed (the
// failed step already fails the run; the later ones would only fail for its reason).
export function journeySteps(skip) {
  let failed = false
  return function step(name, fn) {
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
}
