// INP-06 (RELIABILITY.md): stored XSS in Chromium under the strict CSP (node --test; CTest runs
// it as web_xss through tests/web/e2e.sh with ZT_WEB_TEST=xss.test.mjs).
// The kept payload list (tests/security/xss_payloads.json: script tags, event handlers, javascript:
// and data: URLs, srcdoc, raw-text breakouts, attribute breakouts, encoded variants, CSS, mutation
// XSS, Vue template syntax, markdown links) is stored through the API in every free-text field a
// user writes and others see: item names, material names and notes; application form values, case
// notes and uploaded file names; a 12345 work order's caller, address, title and content; a
// knowledge article; a rating comment and the rectification's notes; a power item (name, legal
// basis, duties, accountability) and a life event (name, description). Every payload is stored in
// several of them, batched into few records so the run stays short. Then each page that renders
// them is opened in Chromium as an account that may see it, public and staff (including the staff
// case drawer). If a payload ever ran it would set window.__xss or open a dialog; on every page the
// test checks that window.__xss stays undefined, no dialog opened, no CSP violation was reported
// (the page never even tried to apply injected markup or an inline style), no console or page
// error occurred, and that the payloads are shown literally as text where the page shows the field.
// Every HTML response's CSP is checked too: no 'unsafe-inline' and no 'unsafe-eval' anywhere.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { env, BASE, skipUnless, useBrowser, newPage as openPage, byId, call, apiLogin, newPassword, pageLogin } from './support.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const skip = skipUnless('ZT_ADMIN_USER', 'ZT_ADMIN_PASS', 'ZT_CITIZEN_USER', 'ZT_CITIZEN_PASS',
  'ZT_CLERK_USER', 'ZT_REVIEWER_USER', 'ZT_MANAGER_USER')
const browser = useBrowser('xss', skip)
const stamp = Date.now().toString(36).toUpperCase()
const MARK = `XSS${stamp}`
const AGENT = env.ZT_HOTLINE_AGENT_USER || 'zj-12345-agent1'
const SUPERVISOR = env.ZT_HOTLINE_SUPERVISOR_USER || 'zj-12345-supervisor'

// Each sets window.__xss (or opens a dialog) if it ever runs.
const PAYLOADS = JSON.parse(fs.readFileSync(path.join(here, '../security/xss_payloads.json'), 'utf8'))
  .map((p) => p.payload)
const N = PAYLOADS.length
const figures = { stored: 0, pages: 0, literal: 0 }

// Payloads joined with `sep` into strings of at most `max` characters, starting at `from`,
// wrapping around the list until `count` payloads are used.
function batch(from, count, max, sep = '\n') {
  const out = []
  let current = ''
  for (let k = 0; k < count; k++) {
    const p = PAYLOADS[(from + k) % N]
    const next = current ? current + sep + p : p
    if (next.length > max) {
      out.push(current)
      current = p
    } else {
      current = next
    }
  }
  if (current) out.push(current)
  return out
}

const squash = (s) => s.replace(/\s+/g, ' ').trim()
// The case pages show the form as JSON (util.js formText): quotes and backslashes escaped.
const asJson = (s) => JSON.stringify(s).slice(1, -1)

// A valid one-page PDF (the uploads are judged by their bytes).
function pdf() {
  const stream = 'BT /F1 18 Tf 40 100 Td (xss) Tj ET'
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets = []
  objects.forEach((body, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

async function upload(session, caseId, material, fileName) {
  const qs = new URLSearchParams({ material, file_name: fileName })
  const r = await fetch(`${BASE}/api/v1/applications/${caseId}/materials?${qs}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/pdf', Accept: 'application/json', Cookie: session.cookie, 'X-CSRF-Token': session.csrf },
    body: pdf(),
  })
  const text = await r.text()
  return { status: r.status, text, json: text ? JSON.parse(text) : null }
}

async function page(actor) {
  const p = await openPage(browser, actor)
  p.on('dialog', async (d) => {
    browser.problems.push(`[${actor}] a dialog opened: ${d.message()}`)
    await d.dismiss()
  })
  await p.addInitScript(() => {
    window.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`)
    })
  })
  return p
}

function checkCsp(csp, where) {
  assert.match(csp, /script-src 'self'(;|$)/, `CSP of ${where}: ${csp}`)
  assert.match(csp, /style-src 'self'(;|$)/, `CSP of ${where}: ${csp}`)
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `CSP of ${where}: ${csp}`)
}

// Checks the page as it is now: nothing ran, nothing was refused, and every string of `literal`
// is shown as text.
async function check(p, actor, where, literal = []) {
  await p.waitForTimeout(300) // let onload/onerror/autofocus/animation handlers fire if any exist
  const seen = await p.evaluate(() => ({ xss: window.__xss, csp: window.__cspViolations, text: document.body.innerText }))
  assert.equal(seen.xss, undefined, `${actor} ${where}: a payload ran (window.__xss=${seen.xss})`)
  assert.deepEqual(seen.csp, [], `${actor} ${where}: CSP violations`)
  assert.deepEqual(browser.problems, [], browser.problems.join('\n'))
  const text = squash(seen.text)
  const missing = literal.filter((s) => !text.includes(squash(s)))
  assert.deepEqual(missing, [], `${actor} ${where}: not shown literally`)
  figures.literal += literal.length
}

// Opens `hash`, waits for `ready` (a test id or text), and checks the page.
async function visit(p, actor, hash, { ready, text, literal } = {}) {
  const response = await p.goto(`${BASE}/#${hash}`)
  if (response) checkCsp(response.headers()['content-security-policy'] || '', hash)
  await p.waitForLoadState('networkidle')
  if (ready) await byId(p, ready).first().waitFor()
  if (text) await p.getByText(text, { exact: false }).first().waitFor()
  await check(p, actor, hash, literal)
  figures.pages++
}

test(`${N} stored payloads in every user-written field never run in any page`, { skip }, async () => {
  assert.ok(N >= 200, `the kept list has ${N} payloads`)
  const login = async (user, pass, tag) => apiLogin(user, pass, newPassword(`xss-${tag}`))
  const admin = await login(env.ZT_ADMIN_USER, env.ZT_ADMIN_PASS, 'admin')
  const manager = await login(env.ZT_MANAGER_USER, env.ZT_MANAGER_PASS || env.ZT_ADMIN_PASS, 'manager')
  const citizen = await login(env.ZT_CITIZEN_USER, env.ZT_CITIZEN_PASS, 'citizen')
  const clerk = await login(env.ZT_CLERK_USER, env.ZT_CLERK_PASS || env.ZT_ADMIN_PASS, 'clerk')
  const reviewer = await login(env.ZT_REVIEWER_USER, env.ZT_REVIEWER_PASS || env.ZT_ADMIN_PASS, 'reviewer')
  const agent = await login(AGENT, env.ZT_ADMIN_PASS, 'agent')
  const supervisor = await login(SUPERVISOR, env.ZT_ADMIN_PASS, 'supervisor')
  const me = admin.session.account

  // Items: every payload is a material name and a material note; the item names are payloads.
  const items = []
  for (let k = 0; k * 100 < N; k++) {
    const slice = PAYLOADS.slice(k * 100, k * 100 + 100)
    const materials = slice.map((p, j) => ({ name: `M${k * 100 + j} ${p}`, required: false, note: PAYLOADS[(k * 100 + j + 37) % N] }))
    const name = `${MARK}-${k} ${PAYLOADS[(k * 7 + 1) % N]}`
    let r = await call('POST', '/api/v1/items', {
      session: admin.session,
      body: {
        code: `${me.department_id}-XSS${stamp}${k}`, name, type: 'licensing', department_id: me.department_id,
        region_code: me.region_code, statutory_limit_wd: 20, promised_limit_wd: 5, materials,
      },
    })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.json.name, name) // stored as sent
    assert.deepEqual(r.json.materials.map((m) => m.name), materials.map((m) => m.name))
    const id = r.json.id
    r = await call('POST', `/api/v1/items/${id}/publish`, { session: admin.session, ifMatch: r.etag })
    assert.equal(r.status, 200, r.text)
    r = await call('POST', `/api/v1/catalogue/items/${id}/review`, { session: manager.session, ifMatch: r.etag, body: { decision: 'approve' } })
    assert.equal(r.status, 200, r.text)
    items.push({ id, name, materials })
    figures.stored += 1 + materials.length * 2
  }

  // Application 1: every payload a form value; file names; a 补正 note (the staff and citizen
  // case pages show them).
  const form = Object.fromEntries(PAYLOADS.map((p, i) => [`f${String(i).padStart(3, '0')}`, p]))
  let r = await call('POST', '/api/v1/applications', { session: citizen.session, body: { item_id: items[0].id, form } })
  assert.equal(r.status, 201, r.text)
  const case1 = r.json.id
  figures.stored += N
  const fileNames = []
  for (let i = 0; i < 12; i++) {
    const up = await upload(citizen.session, case1, items[0].materials[i].name, `${PAYLOADS[(i * 23 + 5) % N]}.pdf`)
    assert.equal(up.status, 201, up.text)
    fileNames.push(up.json.file_name)
    figures.stored++
  }
  const correction = batch(0, N, 2000)[0]
  r = await call('GET', `/api/v1/applications/${case1}`, { session: clerk.session })
  r = await call('POST', `/api/v1/applications/${case1}/transitions`,
    { session: clerk.session, ifMatch: r.etag, body: { transition: 'request_correction', note: correction } })
  assert.equal(r.status, 200, r.text)
  figures.stored++

  // Application 2: concluded with notes, rated badly with a payload comment; the department's
  // rectification notes are payloads too.
  r = await call('POST', '/api/v1/applications', { session: citizen.session, body: { item_id: items[1].id, form: { a: PAYLOADS[N - 1] } } })
  assert.equal(r.status, 201, r.text)
  const case2 = r.json.id
  const stepNotes = batch(40, N, 2000)
  for (const [who, transition, note] of [[clerk, 'accept', stepNotes[0]], [reviewer, 'approve', stepNotes[1]], [clerk, 'conclude', stepNotes[2]]]) {
    r = await call('POST', `/api/v1/applications/${case2}/transitions`, { session: who.session, ifMatch: r.etag, body: { transition, note } })
    assert.equal(r.status, 200, `${transition}: ${r.text}`)
    figures.stored++
  }
  const comment = batch(120, N, 500)[0]
  r = await call('POST', '/api/v1/ratings', { session: citizen.session, body: { case_id: case2, level: 'very_dissatisfied', comment } })
  assert.equal(r.status, 201, r.text)
  figures.stored++
  const rects = await call('GET', `/api/v1/ratings/by-case/${case2}`, { session: citizen.session })
  assert.equal(rects.status, 200, rects.text)
  const rectId = rects.json.rectification?.id || rects.json.items?.[0]?.rectification?.id
  assert.ok(rectId, `no rectification for the bad rating: ${rects.text}`)
  const rectNote = batch(160, N, 2000)[0]
  r = await call('GET', `/api/v1/rectifications/${rectId}`, { session: admin.session })
  r = await call('POST', `/api/v1/rectifications/${rectId}/transitions`,
    { session: admin.session, ifMatch: r.etag, body: { transition: 'verify_real', note: rectNote } })
  assert.equal(r.status, 200, r.text)
  figures.stored++

  // 12345 work orders with payloads in every text field (content: 4,000 characters at most), and a
  // knowledge article.
  const orders = []
  for (const [k, content] of batch(0, N, 4000).entries()) {
    r = await call('POST', '/api/v1/hotline/orders', {
      session: agent.session,
      body: {
        source: 'phone', caller_name: PAYLOADS[k + 2], caller_phone: '13807591234', matter_type: 'complaint',
        category_code: '0401', region_code: '440800', address: PAYLOADS[k + 50], title: `${MARK}-${k} ${PAYLOADS[k]}`,
        content, disposition: 'dispatch',
      },
    })
    assert.equal(r.status, 201, r.text)
    orders.push({ number: r.json.number, caller: PAYLOADS[k + 2], literal: [content, PAYLOADS[k + 50], `${MARK}-${k} ${PAYLOADS[k]}`] })
    figures.stored += 4
  }
  const articleTitle = `${MARK} ${PAYLOADS[9]}`
  const articleBody = batch(0, N, 5000)[0]
  r = await call('POST', '/api/v1/hotline/knowledge', {
    session: supervisor.session, body: { title: articleTitle, body: articleBody, keywords: MARK, category_code: '0401' },
  })
  assert.equal(r.status, 201, r.text)
  figures.stored += 2

  // A power item (name, legal basis, duties, 50 accountability cases) and a life event.
  const powerCode = `XSS-${stamp}`
  const STAGES = ['accept', 'review', 'decide', 'deliver', 'execute', 'supervise', 'other'] // each once
  const duties = batch(60, 150, 2000).slice(0, STAGES.length)
  const accountability = PAYLOADS.slice(200, 250)
  r = await call('POST', '/api/v1/catalogue/power-items', {
    session: admin.session,
    body: {
      code: powerCode, name: `${MARK} ${PAYLOADS[20]}`, category_code: '02', department_id: me.department_id,
      legal_basis: batch(10, 30, 2000)[0], steps: duties.map((duty, i) => ({ stage: STAGES[i], duty })), accountability,
    },
  })
  assert.equal(r.status, 201, r.text)
  figures.stored += 2 + duties.length + accountability.length
  const description = batch(90, N, 2000)[0]
  r = await call('POST', '/api/v1/catalogue/life-events', {
    session: manager.session,
    body: {
      code: `XSS-LE-${stamp}`, name: `${MARK} ${PAYLOADS[30]}`, audience: 'person', description, region_code: '440800',
      item_ids: [items[0].id, items[1].id], keywords: [MARK],
    },
  })
  assert.equal(r.status, 201, r.text)
  const eventId = r.json.id
  figures.stored += 2

  // The public pages.
  const visitor = await page('visitor')
  for (const item of items) {
    await visit(visitor, 'visitor', `/items/${item.id}`, {
      text: item.name.split(' ')[0], literal: [item.name, ...item.materials.map((m) => m.name), ...item.materials.map((m) => m.note)],
    })
  }
  await visit(visitor, 'visitor', `/guide/${items[0].id}`, { text: MARK, literal: items[0].materials.map((m) => m.name) })
  await visit(visitor, 'visitor', `/catalogue/search?q=${MARK}`, { text: MARK, literal: items.map((i) => i.name) })
  await visit(visitor, 'visitor', '/')
  await visit(visitor, 'visitor', `/life-events/${eventId}`, { ready: 'life-event-name', literal: [`${MARK} ${PAYLOADS[30]}`, description] })
  await visit(visitor, 'visitor', '/power-list', { ready: 'power-counts' })
  await visit(visitor, 'visitor', '/ratings')

  // The citizen's pages.
  const cp = await page('citizen')
  await pageLogin(cp, env.ZT_CITIZEN_USER, citizen.password)
  await visit(cp, 'citizen', '/my', { text: MARK })
  await visit(cp, 'citizen', `/my/${case1}`, { ready: 'materials-panel', literal: [...PAYLOADS.map(asJson), correction, ...fileNames] })
  await visit(cp, 'citizen', `/my/${case2}`, { ready: 'rating-given', literal: [comment] })
  await visit(cp, 'citizen', `/items/${items[0].id}/apply`, { text: MARK })

  // Staff pages: the department admin.
  const ap = await page('admin')
  await pageLogin(ap, env.ZT_ADMIN_USER, admin.password)
  await visit(ap, 'admin', '/admin/items', { text: MARK })
  await visit(ap, 'admin', '/admin/catalogue')
  await visit(ap, 'admin', '/hotline/inbox', { ready: `hotline-open-${orders[0].number}` })
  for (const order of orders) {
    await byId(ap, `hotline-open-${order.number}`).click()
    await byId(ap, 'hotline-order').getByText(order.number, { exact: false }).first().waitFor()
    await check(ap, 'admin', `the work order ${order.number}`, order.literal)
  }
  await visit(ap, 'admin', '/rectifications', { ready: `rect-open-${rectId}` })
  await byId(ap, `rect-open-${rectId}`).click()
  await byId(ap, 'rect-detail').waitFor()
  await check(ap, 'admin', 'the rectification', [comment, rectNote])
  await visit(ap, 'admin', '/power-list', { ready: 'power-counts' })
  await byId(ap, 'power-q').fill(powerCode)
  await byId(ap, 'power-apply').click()
  await byId(ap, `power-open-${powerCode}`).click()
  await byId(ap, `power-revise-${powerCode}`).waitFor()
  await check(ap, 'admin', 'the power item', [`${MARK} ${PAYLOADS[20]}`, ...accountability, ...duties])

  // The window clerk's and the reviewer's case drawer.
  for (const [actor, user, who, caseId, literal] of [
    ['clerk', env.ZT_CLERK_USER, clerk, case1, [...PAYLOADS.map(asJson), ...fileNames]],
    ['reviewer', env.ZT_REVIEWER_USER, reviewer, case2, [stepNotes[2]]],
  ]) {
    const sp = await page(actor)
    await pageLogin(sp, user, who.password)
    await visit(sp, actor, '/workbench', { ready: 'queue-table' })
    await byId(sp, 'queue-mode-all').click()
    await sp.waitForLoadState('networkidle')
    const receipt = (await call('GET', `/api/v1/applications/${caseId}`, { session: who.session })).json.receipt_no
    await sp.locator(`[data-testid="queue-open"][data-receipt="${receipt}"]`).click()
    await byId(sp, 'case-drawer').waitFor()
    await sp.waitForLoadState('networkidle')
    await check(sp, actor, `the case drawer of ${receipt}`, literal)
  }

  // The hotline: the agent's desk with the knowledge base, the supervisor's and manager's pages.
  const hp = await page('agent')
  await pageLogin(hp, AGENT, agent.password)
  await visit(hp, 'agent', '/hotline/desk', { ready: 'hotline-intake' })
  await byId(hp, 'hotline-title').fill(MARK)
  await byId(hp, 'hotline-article').first().waitFor()
  await check(hp, 'agent', 'the knowledge panel', [articleTitle])
  // The centre sees the caller's name (departments see it masked).
  for (const order of orders) {
    await byId(hp, `hotline-row-${order.number}`).click()
    await byId(hp, 'hotline-order').getByText(order.number, { exact: false }).first().waitFor()
    await check(hp, 'agent', `the work order ${order.number}`, [order.caller, ...order.literal])
  }
  const sv = await page('supervisor')
  await pageLogin(sv, SUPERVISOR, supervisor.password)
  await visit(sv, 'supervisor', '/hotline/supervision')
  const mp = await page('manager')
  await pageLogin(mp, env.ZT_MANAGER_USER, manager.password)
  await visit(mp, 'manager', '/dashboard')
  // A chart's tooltip (ECharts) appears on hover: its HTML form was refused by the CSP (inline
  // style attributes); the chart draws it on the canvas instead.
  await visit(mp, 'manager', '/indicators', { ready: 'chart-months-canvas' })
  const canvas = byId(mp, 'chart-months-canvas')
  await mp.waitForTimeout(500) // the chart's first drawing
  await canvas.scrollIntoViewIfNeeded()
  const box = await canvas.boundingBox()
  for (const x of [0.3, 0.5, 0.7]) await mp.mouse.move(box.x + box.width * x, box.y + box.height * 0.6, { steps: 3 })
  await mp.waitForTimeout(300)
  await check(mp, 'manager', 'a dashboard chart under the mouse')
  await visit(mp, 'manager', '/admin/catalogue')
  await visit(mp, 'manager', `/life-events/${eventId}`, { ready: 'life-event-name', literal: [description] })

  // Negative control: the same markup put into the page as HTML (what a v-html would do) is
  // caught: the CSP refuses its handler and its inline style, and the listener reports both.
  await visitor.evaluate(() => { window.__cspViolations = [] })
  await visitor.evaluate(() => document.body.insertAdjacentHTML('beforeend',
    '<img src=x onerror="window.__xss=0"><b style="color:red">x</b>'))
  await visitor.waitForTimeout(500)
  const control = await visitor.evaluate(() => ({ xss: window.__xss, csp: window.__cspViolations }))
  assert.equal(control.xss, undefined, 'the CSP let an inline handler run')
  assert.ok(control.csp.some((v) => v.startsWith('script-src')), `an injected inline handler went unreported: ${control.csp}`)
  assert.ok(control.csp.some((v) => v.startsWith('style-src')), `an injected inline style went unreported: ${control.csp}`)
  browser.problems.length = 0 // the control's own console report of the refusal
  console.log(`[figures] INP-06: ${N} payloads, ${figures.stored} stored values, ${figures.pages} pages opened, ` +
    `${figures.literal} values checked shown as text, 0 executions, 0 CSP violations`)
})
