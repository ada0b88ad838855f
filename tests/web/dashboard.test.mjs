// The indicator pages in a real browser against the real server (tests/web/e2e.sh seeds the
// demo city and starts it; ZT_WEB_TEST=dashboard.test.mjs): the bureau manager's overview
// shows the same numbers as the API with their formulas, drills down to the records behind a
// number, draws the charts with ECharts and exports a chart's data as CSV, keeps working in
// the 大字 theme; the big screen shows the headline figures; the annual report is generated
// with its figures bound to the prose. Any console error or page error fails the test.
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

const env = process.env
const BASE = (env.ZT_BASE_URL || '').replace(/\/+$/, '')
const SHOTS = env.ZT_SCREENSHOT_DIR || ''
const CHROMIUM = env.ZT_CHROMIUM || '/usr/bin/chromium'
const TIMEOUT = Number(env.ZT_STEP_TIMEOUT_MS || 15000)
const missing = [!BASE && 'ZT_BASE_URL', ...['ZT_MANAGER_USER', 'ZT_MANAGER_PASS'].filter((k) => !env[k])].filter(Boolean)
const skip = missing.length ? `missing env: ${missing.join(', ')}` : false
const NEW_PASSWORD = `Zt-dash-${crypto.randomBytes(12).toString('base64url')}`

let browser
let userDataDir
const contexts = []
const problems = []

before(async () => {
  if (skip) return
  if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true })
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

async function call(method, url, { session, body } = {}) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (session) {
    headers.Cookie = session.cookie
    if (method !== 'GET') headers['X-CSRF-Token'] = session.csrf
  }
  const r = await fetch(BASE + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await r.text()
  let json = null
  try { json = text ? JSON.parse(text) : null } catch { json = null }
  return { status: r.status, json, text, type: r.headers.get('content-type'), cookie: r.headers.get('set-cookie') }
}

// Logs in through the API, changing the seeded initial password on the first login.
async function apiLogin(user, pass) {
  let r = await call('POST', '/api/v1/session', { body: { username: user, password: pass } })
  assert.equal(r.status, 200, `login ${user}: ${r.text}`)
  let session = { cookie: r.cookie.split(';')[0], csrf: r.json.csrf_token, account: r.json.account }
  if (session.account.must_change_password) {
    const changed = await call('POST', '/api/v1/session/password',
      { session, body: { old_password: pass, new_password: NEW_PASSWORD } })
    assert.equal(changed.status, 204, changed.text)
    r = await call('POST', '/api/v1/session', { body: { username: user, password: NEW_PASSWORD } })
    assert.equal(r.status, 200)
    session = { cookie: r.cookie.split(';')[0], csrf: r.json.csrf_token, account: r.json.account }
  }
  return session
}

async function newPage(actor) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 }, acceptDownloads: true })
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`[${actor}] console error: ${msg.text()}`) })
  page.on('pageerror', (err) => problems.push(`[${actor}] page error: ${err.message}`))
  return page
}

const byId = (page, id) => page.getByTestId(id)
async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `dashboard-${name}.png`), fullPage: true })
}

test('the bureau manager reads indicators, charts, the big screen and the annual report', { skip }, async () => {
  const user = env.ZT_MANAGER_USER
  const session = await apiLogin(user, env.ZT_MANAGER_PASS)
  const region = session.account.region_code
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const q = `region=${region}&from=${today.slice(0, 4)}-01-01&to=${today}`
  const api = await call('GET', `/api/v1/indicators/values?${q}`, { session })
  assert.equal(api.status, 200, api.text)
  const byKey = Object.fromEntries(api.json.values.map((v) => [v.id, v]))
  const concluded = byKey['case.concluded']
  assert.ok(concluded.numerator > 0, 'the demo city has concluded cases this year')

  const page = await newPage('manager')
  await page.goto(`${BASE}/#/login`)
  await byId(page, 'login-username').fill(user)
  await byId(page, 'login-password').fill(NEW_PASSWORD)
  await byId(page, 'login-submit').click()
  await page.waitForFunction(() => !location.hash.startsWith('#/login'))
  await byId(page, 'nav-indicators').click()

  // The table shows the API's numbers, each with its formula.
  await byId(page, 'ind-value-case.concluded').waitFor()
  assert.equal((await byId(page, 'ind-value-case.concluded').innerText()).trim(), String(concluded.value))
  const onTime = byKey['case.on_time_rate']
  assert.equal((await byId(page, 'ind-value-case.on_time_rate').innerText()).trim(), `${onTime.value.toFixed(1)}%`)
  assert.ok((await byId(page, 'ind-table').innerText()).includes(onTime.formula))

  // Drill-down: the records behind the number of concluded cases.
  await byId(page, 'ind-num-case.concluded').click()
  await byId(page, 'ind-drill-row').first().waitFor()
  assert.equal(await byId(page, 'ind-drill-row').count(), Math.min(concluded.numerator, 200))
  await page.keyboard.press('Escape')

  // Charts are drawn, each with its data table; the months add up to the year.
  await page.locator('[data-testid="chart-months-canvas"] canvas').first().waitFor()
  await page.locator('[data-testid="chart-departments-canvas"] canvas').first().waitFor()
  await page.locator('[data-testid="chart-regions-canvas"] canvas').first().waitFor()
  const monthCells = await page.locator('[data-testid="chart-months-table"] tbody tr').evaluateAll(
    (rows) => rows.map((r) => Number(r.children[3].textContent) || 0))
  assert.equal(monthCells.reduce((a, b) => a + b, 0), concluded.numerator)
  await shot(page, '1-overview')

  // CSV of a chart: exactly its table, with a BOM.
  const [download] = await Promise.all([page.waitForEvent('download'), byId(page, 'chart-months-csv').click()])
  const csv = fs.readFileSync(await download.path(), 'utf8')
  assert.ok(csv.startsWith('\uFEFF'))
  const lines = csv.trim().split(/\r\n/)
  assert.equal(lines.length, monthCells.length + 1)
  assert.ok(lines[0].includes('办结量'))

  // The server's export of the values.
  const exported = await call('GET', `/api/v1/indicators/values?${q}&format=csv`, { session })
  assert.equal(exported.status, 200)
  assert.ok(exported.type.startsWith('text/csv'))
  assert.ok(exported.text.includes('case.on_time_rate'))

  // 大字: the charts redraw with larger labels and the table stays readable.
  await byId(page, 'elder-toggle').click()
  await page.waitForFunction(() => document.documentElement.classList.contains('elder'))
  await page.locator('[data-testid="chart-months-canvas"] canvas').first().waitFor()
  assert.equal((await byId(page, 'ind-value-case.concluded').innerText()).trim(), String(concluded.value))
  await shot(page, '2-elder')
  await byId(page, 'elder-toggle').click()

  // The big screen.
  await page.goto(`${BASE}/#/bigscreen`)
  await byId(page, 'big-case.concluded').waitFor()
  assert.ok((await byId(page, 'big-case.concluded').innerText()).includes(String(concluded.numerator)))
  await page.locator('[data-testid="big-months-canvas"] canvas').first().waitFor()
  await shot(page, '3-bigscreen')

  // The annual report: generated, the prose carries the figures of the record.
  await page.goto(`${BASE}/#/reports/annual`)
  await byId(page, 'report-generate').click()
  await page.waitForFunction(() => /草稿版本 [1-9]/.test(document.querySelector('[data-testid="report-meta"]')?.textContent || ''))
  const section = byId(page, 'report-section-government_services')
  assert.equal(await section.getAttribute('data-status'), 'data')
  const prose = await byId(page, 'report-prose-government_services').innerText()
  assert.ok(prose.includes(`办结${concluded.numerator}件`), prose)
  assert.ok(prose.includes(`按时办结率${onTime.value.toFixed(1)}%`), prose)
  await shot(page, '4-report')
  const pdf = await call('GET', `/api/v1/reports/annual/${region}/${today.slice(0, 4)}?format=pdf`, { session })
  assert.equal(pdf.status, 200)
  assert.equal(pdf.type, 'application/pdf')

  assert.deepEqual(problems, [])
})
