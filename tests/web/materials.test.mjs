// Materials and notifications in the browser against a running server (node --test;
// tests/web/e2e.sh seeds a database, starts the real binary and runs this as CTest
// web_materials). Flow: through the API a department admin publishes an item listing 营业执照
// (trust grade A) and the seeded citizen applies; in Chromium the citizen opens the application
// page, uploads a real PDF for 营业执照, sees it listed (upload, grade A, pdf, its SM3 digest)
// with the 申请已提交 message, and downloads it byte for byte; the department's clerk sees the
// same upload through the API and the outbox page lists the message with the phone masked.
// Any console error or page error fails the test.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  env, BASE, skipUnless, useBrowser, newPage as openPage, byId, shot as saveShot, call,
  apiLogin as changeAndLogin, pageLogin,
} from './support.mjs'

const skip = skipUnless('ZT_ADMIN_USER', 'ZT_ADMIN_PASS', 'ZT_CITIZEN_USER', 'ZT_CITIZEN_PASS',
  'ZT_CLERK_USER', 'ZT_CLERK_PASS')
const NEW_PASSWORD = `Zt-materials-${crypto.randomBytes(12).toString('base64url')}`
const stamp = `${Date.now().toString(36)}`.toUpperCase()
const state = useBrowser('materials', skip)

// The PDF uploaded and the one downloaded live here.
let workDir
before(() => {
  if (!skip) workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-web-materials-'))
})
after(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true })
})

// A valid one-page PDF with a text line and a correct cross-reference table.
function realPdf(text) {
  const stream = `BT /F1 18 Tf 40 100 Td (${text}) Tj ET`
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

test('the citizen uploads a real PDF, sees it listed with provenance and grade, and downloads it', { skip }, async () => {
  const admin = await apiLogin(env.ZT_ADMIN_USER, env.ZT_ADMIN_PASS)
  const clerk = await apiLogin(env.ZT_CLERK_USER, env.ZT_CLERK_PASS)
  const citizen = await apiLogin(env.ZT_CITIZEN_USER, env.ZT_CITIZEN_PASS)
  const department = admin.account.department_id

  const created = await call('POST', '/api/v1/items', { session: admin, body: {
    code: `ZT-MAT-${stamp}`, name: `材料测试事项${stamp}`, type: 'licensing', department_id: department,
    region_code: admin.account.region_code, statutory_limit_wd: 20, promised_limit_wd: 5,
    materials: [{ name: '营业执照', trust_grade: 'A' }, { name: '申请书', trust_grade: 'C' }] } })
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

  const pdf = realPdf(`zhengtong ${stamp}`)
  const pdfPath = path.join(workDir, `营业执照-${stamp}.pdf`)
  fs.writeFileSync(pdfPath, pdf)

  const page = await newPage('citizen')
  await uiLogin(page, env.ZT_CITIZEN_USER)
  await page.goto(`${BASE}/#/my/${caseId}`)
  await byId(page, 'materials-panel').waitFor()
  // The submission's message is already in the outbox.
  await byId(page, 'messages-table').getByText('申请已提交').waitFor()

  await byId(page, 'material-name').click()
  await page.getByRole('option', { name: '营业执照' }).click()
  await byId(page, 'material-file').setInputFiles(pdfPath)
  await byId(page, 'material-upload').click()
  const link = byId(page, 'material-download')
  await link.waitFor()
  assert.equal(await link.innerText(), `营业执照-${stamp}.pdf`)
  const table = byId(page, 'materials-table')
  assert.equal(await byId(page, 'material-grade').innerText(), 'A')
  await table.getByText('上传').waitFor()
  await table.getByText('pdf', { exact: true }).waitFor()
  await shot(page, '1-uploaded')

  // Downloaded byte for byte, under its name.
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  const saved = path.join(workDir, 'downloaded.pdf')
  await download.saveAs(saved)
  assert.deepEqual(fs.readFileSync(saved), pdf)
  assert.equal(download.suggestedFilename(), `营业执照-${stamp}.pdf`)

  // The clerk's view: the same upload with type, size, hash and grade.
  const listed = await call('GET', `/api/v1/applications/${caseId}/materials`, { session: clerk })
  assert.equal(listed.status, 200, JSON.stringify(listed.json))
  const [m] = listed.json.items
  assert.equal(m.kind, 'pdf')
  assert.equal(m.size, pdf.length)
  assert.equal(m.trust_grade, 'A')
  assert.equal(m.provenance, 'upload')
  let sm3 = null
  try { sm3 = crypto.createHash('sm3').update(pdf).digest('hex') } catch { /* no SM3 in this Node */ }
  if (sm3) assert.equal(m.content_hash, sm3)
  assert.equal((await byId(page, 'material-hash').getAttribute('title')), m.content_hash)

  // The outbox page, as the clerk: the message with the phone masked.
  const clerkPage = await newPage('clerk')
  await uiLogin(clerkPage, env.ZT_CLERK_USER)
  await byId(clerkPage, 'nav-outbox').click()
  await byId(clerkPage, 'outbox-table').getByText(applied.json.receipt_no).first().waitFor()
  const row = byId(clerkPage, 'outbox-table').locator('tr', { hasText: applied.json.receipt_no }).first()
  assert.match(await row.innerText(), /1\d\d\*\*\*\*\d{4}/)
  await shot(clerkPage, '2-outbox')

  assert.deepEqual(state.problems, [])
})
