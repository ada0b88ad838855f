// A small stand-in for the zhengtong server, for testing the web front end before (or without)
// the C++ binary: serves web/dist under the same strict CSP the real server sends, and
// implements the slice of docs/api.md the pages use, in memory. It checks what the real
// server checks that the front end must get right: the session cookie, X-CSRF-Token on
// mutations, If-Match (428/412), Idempotency-Key replays, unknown JSON fields (400), and
// problem+json errors with field pointers.
//
//   node tests/web/mock-server.mjs [--port 0] [--dist web/dist]   # prints "listening <url>"
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def }
const DIST = path.resolve(opt('--dist', path.join(here, '../../web/dist')))
const PORT = Number(opt('--port', process.env.PORT || 0))

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"

export const DEMO = {
  admin: { username: 'admin_sj', password: 'Admin#2026', role: 'department_admin', display_name: '部门管理员' },
  citizen: { username: 'citizen1', password: 'Citizen#2026', role: 'citizen', display_name: '张三', id_number: '440802199001011234', phone: '13812345678' },
  clerk: { username: 'clerk_sj', password: 'Clerk#2026', role: 'window_clerk', display_name: '窗口一号' },
  reviewer: { username: 'reviewer_sj', password: 'Reviewer#2026', role: 'reviewer', display_name: '审批一号' },
  manager: { username: 'manager', password: 'Manager#2026', role: 'bureau_manager', display_name: '局领导' },
}
const ROLE_NAMES = { citizen: '公众', window_clerk: '窗口受理人员', reviewer: '审批人员', department_admin: '部门管理员', bureau_manager: '局领导' }
const TYPE_NAMES = { licensing: '行政许可', confirmation: '行政确认', payment: '行政给付', award: '行政奖励', adjudication: '行政裁决', other_power: '其他行政权力', public_service: '公共服务' }
const STATE_NAMES = { submitted: '已提交', accepted: '已受理', not_accepted: '不予受理', approved: '审批通过', denied: '不予批准', concluded: '已办结', withdrawn: '已撤回' }
const ACTION_NAMES = { submit: '提交申请', accept: '受理', not_accept: '不予受理', approve: '审批通过', deny: '不予批准', conclude: '办结', withdraw: '撤回' }
const REGION = '440802'
const DEPT = { id: 'd-ck-sj', name: '赤坎区市场监督管理局', short_name: '赤坎市监局', region_code: REGION, credit_code: '11440802MB2C12345X' }

const accounts = Object.values(DEMO).map((a, i) => ({
  id: 'a' + (i + 1), username: a.username, password: a.password, display_name: a.display_name, role: a.role,
  role_name: ROLE_NAMES[a.role], region_code: REGION, department_id: ['department_admin', 'window_clerk', 'reviewer'].includes(a.role) ? DEPT.id : '',
  must_change_password: false, id_number: a.id_number || '', phone: a.phone || '',
}))
const sessions = new Map() // token -> { accountId, csrf }
const items = []
const apps = []
const idem = new Map()
let seq = 0

const now = () => { const d = new Date(Date.now() + 8 * 3600e3); return d.toISOString().replace(/\.\d+Z$/, '+08:00') }
const today = () => now().slice(0, 10)
function addWorkingDays(ymd, n) {
  const d = new Date(ymd + 'T00:00:00Z')
  while (n > 0) { d.setUTCDate(d.getUTCDate() + 1); const w = d.getUTCDay(); if (w !== 0 && w !== 6) n-- }
  return d.toISOString().slice(0, 10)
}
const maskId = (s) => s && s.length === 18 ? s.slice(0, 6) + '********' + s.slice(14) : s
const maskPhone = (s) => s && s.length === 11 ? s.slice(0, 3) + '****' + s.slice(7) : s
const maskName = (s) => s ? s[0] + '*'.repeat(Math.max(1, [...s].length - 1)) : s
const publicAccount = (a) => ({ id: a.id, username: a.username, display_name: a.display_name, role: a.role, role_name: a.role_name, region_code: a.region_code, department_id: a.department_id, must_change_password: a.must_change_password })

class Problem extends Error {
  constructor(status, code, title, detail = '', errors) { super(title); Object.assign(this, { status, code, title, detail, errors }) }
}
function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(JSON.stringify(body))
}
function sendProblem(res, req, p) {
  const body = { type: `https://zhengtong.invalid/problems/${p.code}`, title: p.title, status: p.status, detail: p.detail, instance: req.url.split('?')[0], code: p.code, request_id: crypto.randomUUID() }
  if (p.errors) body.errors = p.errors
  res.writeHead(p.status, { 'Content-Type': 'application/problem+json; charset=utf-8' })
  res.end(JSON.stringify(body))
}
async function readBody(req, allowed) {
  const chunks = []
  for await (const c of req) chunks.push(c)
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text) return { text, body: {} }
  let body
  try { body = JSON.parse(text) } catch { throw new Problem(400, 'invalid_argument', '请求体不是合法的 JSON') }
  if (allowed) for (const k of Object.keys(body)) if (!allowed.includes(k)) throw new Problem(400, 'invalid_argument', '请求参数有误', `未知字段 ${k}`, [{ pointer: '/' + k, key: 'field.unknown', message: '未知字段' }])
  return { text, body }
}
function cookie(req, name) {
  const m = (req.headers.cookie || '').split(/;\s*/).find((c) => c.startsWith(name + '='))
  return m ? m.slice(name.length + 1) : ''
}
function auth(req, { required = true, mutating = false } = {}) {
  const s = sessions.get(cookie(req, 'zt_session'))
  if (!s) { if (required) throw new Problem(401, 'unauthenticated', '请先登录'); return null }
  if (mutating && req.headers['x-csrf-token'] !== s.csrf) throw new Problem(403, 'csrf', 'CSRF 校验失败', '缺少或错误的 X-CSRF-Token')
  return { ...accounts.find((a) => a.id === s.accountId), session: s }
}
function requireRole(acc, ...roles) { if (!roles.includes(acc.role)) throw new Problem(403, 'permission_denied', '无权执行此操作') }
function checkIfMatch(req, version) {
  const h = req.headers['if-match']
  if (!h) throw new Problem(428, 'precondition_required', '缺少 If-Match')
  if (h !== `"${version}"`) throw new Problem(412, 'precondition_failed', '数据已被修改，请刷新后重试')
}
function appView(a, acc) {
  const own = acc && acc.id === a.applicant_account
  const allowed = []
  if (acc) {
    if (acc.role === 'window_clerk' && a.state === 'submitted') allowed.push('accept', 'not_accept')
    if (acc.role === 'reviewer' && a.state === 'accepted') allowed.push('approve', 'deny')
    if (['window_clerk', 'reviewer'].includes(acc.role) && ['approved', 'denied'].includes(a.state)) allowed.push('conclude')
    if (own && ['submitted', 'accepted'].includes(a.state)) allowed.push('withdraw')
  }
  const { applicant_account, ...rest } = a
  return { ...rest, state_name: STATE_NAMES[a.state], applicant: own ? a.applicant : { name: a.applicant.name, id_number: maskId(a.applicant.id_number), phone: maskPhone(a.applicant.phone) }, allowed_transitions: allowed }
}
const TRANSITIONS = {
  accept: { from: ['submitted'], to: 'accepted', roles: ['window_clerk'] },
  not_accept: { from: ['submitted'], to: 'not_accepted', roles: ['window_clerk'], note: true },
  approve: { from: ['accepted'], to: 'approved', roles: ['reviewer'] },
  deny: { from: ['accepted'], to: 'denied', roles: ['reviewer'], note: true },
  conclude: { from: ['approved', 'denied'], to: 'concluded', roles: ['window_clerk', 'reviewer'] },
  withdraw: { from: ['submitted', 'accepted'], to: 'withdrawn', roles: [], applicant: true },
}

async function handleApi(req, res, url) {
  const p = url.pathname.slice('/api/v1'.length)
  const m = req.method
  const q = url.searchParams
  let mm
  if (p === '/session' && m === 'POST') {
    const { body } = await readBody(req, ['username', 'password'])
    const errs = []
    if (!body.username) errs.push({ pointer: '/username', key: 'field.required', message: '请输入用户名' })
    if (!body.password) errs.push({ pointer: '/password', key: 'field.required', message: '请输入密码' })
    if (errs.length) throw new Problem(400, 'invalid_argument', '请求参数有误', '', errs)
    const a = accounts.find((x) => x.username === body.username && x.password === body.password)
    if (!a) throw new Problem(401, 'unauthenticated', '用户名或密码错误')
    const token = crypto.randomBytes(16).toString('hex'); const csrf = crypto.randomBytes(16).toString('hex')
    sessions.set(token, { accountId: a.id, csrf })
    return sendJson(res, 200, { account: publicAccount(a), csrf_token: csrf }, { 'Set-Cookie': `zt_session=${token}; HttpOnly; SameSite=Strict; Path=/` })
  }
  if (p === '/session' && m === 'GET') { const a = auth(req); return sendJson(res, 200, { account: publicAccount(a), csrf_token: a.session.csrf }) }
  if (p === '/session' && m === 'DELETE') { auth(req, { mutating: true }); sessions.delete(cookie(req, 'zt_session')); res.writeHead(204); return res.end() }
  if (p === '/session/password' && m === 'POST') {
    const a = auth(req, { mutating: true }); const { body } = await readBody(req, ['old_password', 'new_password'])
    const acc = accounts.find((x) => x.id === a.id)
    if (body.old_password !== acc.password) throw new Problem(400, 'invalid_argument', '原密码错误', '', [{ pointer: '/old_password', key: 'password.wrong', message: '原密码错误' }])
    if (!body.new_password || body.new_password.length < 8) throw new Problem(400, 'invalid_argument', '新密码太短', '', [{ pointer: '/new_password', key: 'password.short', message: '至少 8 位' }])
    acc.password = body.new_password; acc.must_change_password = false; res.writeHead(204); return res.end()
  }
  if (p === '/items' && m === 'GET') {
    const a = auth(req, { required: false })
    const staff = a && a.role !== 'citizen'
    let list = items.filter((it) => staff ? (a.role === 'bureau_manager' || it.department_id === a.department_id) : it.status === 'published')
    if (q.get('q')) list = list.filter((it) => it.name.includes(q.get('q')) || it.code.includes(q.get('q')))
    if (q.get('status')) list = list.filter((it) => it.status === q.get('status'))
    if (q.get('department_id')) list = list.filter((it) => it.department_id === q.get('department_id'))
    return sendJson(res, 200, { items: list, total_size: list.length })
  }
  if ((mm = /^\/items\/([^/]+)$/.exec(p)) && m === 'GET') {
    const it = items.find((x) => x.id === mm[1])
    const a = auth(req, { required: false })
    if (!it || (it.status !== 'published' && !(a && a.role !== 'citizen'))) throw new Problem(404, 'not_found', '事项不存在')
    return sendJson(res, 200, it, { ETag: `"${it.version}"` })
  }
  if (p === '/items' && m === 'POST') {
    const a = auth(req, { mutating: true }); requireRole(a, 'department_admin')
    const { body } = await readBody(req, ['code', 'name', 'type', 'department_id', 'region_code', 'statutory_limit_wd', 'promised_limit_wd', 'case_kind', 'online', 'materials'])
    const errs = []
    if (!body.name) errs.push({ pointer: '/name', key: 'field.required', message: '请填写事项名称' })
    if (!/^[A-Za-z0-9-]{6,64}$/.test(body.code || '')) errs.push({ pointer: '/code', key: 'item.code', message: '编码须为 6–64 位字母、数字或连字符' })
    if (body.statutory_limit_wd && body.promised_limit_wd > body.statutory_limit_wd) errs.push({ pointer: '/promised_limit_wd', key: 'item.promised_gt_statutory', message: '承诺时限不得超过法定时限' })
    ;(body.materials || []).forEach((x, i) => { if (!x.name) errs.push({ pointer: `/materials/${i}/name`, key: 'field.required', message: '请填写材料名称' }) })
    if (body.department_id !== a.department_id) errs.push({ pointer: '/department_id', key: 'scope', message: '只能为本部门创建事项' })
    if (errs.length) throw new Problem(400, 'invalid_argument', '请求参数有误', '请检查标出的字段', errs)
    const it = { id: 'i' + (++seq), ...body, type_name: TYPE_NAMES[body.type], department_name: DEPT.name, status: 'draft', version: 1, created_at: now(), updated_at: now() }
    items.push(it)
    return sendJson(res, 201, it, { ETag: '"1"' })
  }
  if ((mm = /^\/items\/([^/]+)\/(publish|withdraw)$/.exec(p)) && m === 'POST') {
    const a = auth(req, { mutating: true }); requireRole(a, 'department_admin')
    const it = items.find((x) => x.id === mm[1]); if (!it) throw new Problem(404, 'not_found', '事项不存在')
    checkIfMatch(req, it.version)
    it.status = mm[2] === 'publish' ? 'published' : 'withdrawn'; it.version++; it.updated_at = now()
    return sendJson(res, 200, it, { ETag: `"${it.version}"` })
  }
  if (p === '/applications' && m === 'POST') {
    const a = auth(req, { mutating: true }); requireRole(a, 'citizen', 'window_clerk')
    const { text, body } = await readBody(req, ['item_id', 'channel', 'applicant', 'form'])
    const key = req.headers['idempotency-key']
    if (key && idem.has(key)) {
      const prev = idem.get(key)
      if (prev.text !== text) throw new Problem(422, 'idempotency_mismatch', '同一 Idempotency-Key 的请求内容不同')
      return sendJson(res, 201, prev.response)
    }
    const it = items.find((x) => x.id === body.item_id && x.status === 'published')
    if (!it) throw new Problem(400, 'invalid_argument', '事项不存在或未发布', '', [{ pointer: '/item_id', key: 'item.not_found', message: '事项不存在或未发布' }])
    const applicant = body.applicant || { name: a.display_name, id_number: a.id_number, phone: a.phone }
    const app = {
      id: 'c' + (++seq), receipt_no: `${REGION}-${today().replaceAll('-', '')}-${String(apps.length + 1).padStart(5, '0')}`,
      item_id: it.id, item_code: it.code, item_name: it.name, department_id: it.department_id, department_name: it.department_name, region_code: REGION,
      state: 'submitted', version: 1, applicant, applicant_account: a.role === 'citizen' ? a.id : '', channel: body.channel || 'online', form: body.form || {},
      submitted_at: now(), accepted_at: null, decided_at: null, concluded_at: null, statutory_limit_wd: it.statutory_limit_wd, promised_limit_wd: it.promised_limit_wd,
      promised_deadline: null, statutory_deadline: null, outcome: '', last_note: '',
      steps: [{ action: 'submit', action_name: ACTION_NAMES.submit, at: now(), actor_role: a.role, note: '' }],
    }
    apps.push(app)
    const response = appView(app, a)
    if (key) idem.set(key, { text, response })
    return sendJson(res, 201, response, { ETag: '"1"' })
  }
  if (p === '/applications' && m === 'GET') {
    const a = auth(req)
    let list = a.role === 'citizen' ? apps.filter((x) => x.applicant_account === a.id) : apps.filter((x) => a.role === 'bureau_manager' || x.department_id === a.department_id)
    if (q.get('state')) list = list.filter((x) => x.state === q.get('state'))
    list = [...list].sort((x, y) => String(x.promised_deadline || '9999').localeCompare(String(y.promised_deadline || '9999')))
    return sendJson(res, 200, { items: list.map((x) => { const { steps, ...v } = appView(x, a); return v }), total_size: list.length })
  }
  if ((mm = /^\/applications\/([^/]+)$/.exec(p)) && m === 'GET') {
    const a = auth(req)
    const app = apps.find((x) => x.id === mm[1])
    if (!app || (a.role === 'citizen' ? app.applicant_account !== a.id : app.department_id !== a.department_id)) throw new Problem(404, 'not_found', '办件不存在')
    return sendJson(res, 200, appView(app, a), { ETag: `"${app.version}"` })
  }
  if ((mm = /^\/applications\/([^/]+)\/transitions$/.exec(p)) && m === 'POST') {
    const a = auth(req, { mutating: true })
    const app = apps.find((x) => x.id === mm[1]); if (!app) throw new Problem(404, 'not_found', '办件不存在')
    const { body } = await readBody(req, ['transition', 'note'])
    checkIfMatch(req, app.version)
    const tr = TRANSITIONS[body.transition]
    if (!tr) throw new Problem(400, 'invalid_argument', '未知的操作', '', [{ pointer: '/transition', key: 'case.unknown_transition', message: '未知的操作' }])
    if (!tr.from.includes(app.state)) throw new Problem(409, 'failed_precondition', '当前状态不允许此操作')
    if (tr.applicant ? app.applicant_account !== a.id : !tr.roles.includes(a.role)) throw new Problem(403, 'permission_denied', '无权执行此操作')
    if (tr.note && !(body.note || '').trim()) throw new Problem(400, 'invalid_argument', '请填写意见', '', [{ pointer: '/note', key: 'case.field_required', message: '请填写意见' }])
    app.state = tr.to; app.version++; app.last_note = body.note || ''
    const t = now()
    if (body.transition === 'accept') { app.accepted_at = t; app.promised_deadline = addWorkingDays(today(), app.promised_limit_wd); app.statutory_deadline = addWorkingDays(today(), app.statutory_limit_wd) }
    if (['approve', 'deny', 'not_accept'].includes(body.transition)) { app.decided_at = t; app.outcome = tr.to }
    if (body.transition === 'conclude') app.concluded_at = t
    app.steps.push({ action: body.transition, action_name: ACTION_NAMES[body.transition], at: t, actor_role: a.role, note: body.note || '' })
    return sendJson(res, 200, appView(app, a), { ETag: `"${app.version}"` })
  }
  if (p === '/progress' && m === 'GET') {
    const app = apps.find((x) => x.receipt_no === q.get('receipt_no') && x.applicant.id_number === (q.get('id_number') || '').toUpperCase())
    if (!app) throw new Problem(404, 'not_found', '未找到办件', '受理编号与身份证号不匹配')
    return sendJson(res, 200, {
      receipt_no: app.receipt_no, item_name: app.item_name, department_name: app.department_name, state: app.state, state_name: STATE_NAMES[app.state],
      applicant: { name: maskName(app.applicant.name) }, submitted_at: app.submitted_at, promised_deadline: app.promised_deadline,
      steps: app.steps.map((s) => ({ action: s.action, action_name: s.action_name, at: s.at })),
    })
  }
  if (p === '/stats/departments' && m === 'GET') {
    const a = auth(req); requireRole(a, 'bureau_manager')
    const mine = apps.filter((x) => x.department_id === DEPT.id)
    const accepted = mine.filter((x) => x.accepted_at).length
    const concluded = mine.filter((x) => x.state === 'concluded').length
    const onTime = mine.filter((x) => x.state === 'concluded' && x.concluded_at.slice(0, 10) <= (x.promised_deadline || '9999')).length
    const pct = (n, d) => (d ? Math.round((1000 * n) / d) / 10 : 0)
    return sendJson(res, 200, { items: [{
      department_id: DEPT.id, department_name: DEPT.name, submitted: mine.length, accepted, concluded,
      conclusion_rate: { value: pct(concluded, accepted), numerator: concluded, denominator: accepted, formula: '办结率 = 已办结件数 ÷ 已受理件数 × 100%' },
      on_time_rate: { value: pct(onTime, concluded), numerator: onTime, denominator: concluded, formula: '按时办结率 = 承诺时限内办结件数 ÷ 已办结件数 × 100%' },
      average_working_days: { value: 0, numerator: 0, denominator: concluded, formula: '平均办理工作日 = Σ(受理至办结的工作日) ÷ 已办结件数' },
    }] })
  }
  throw new Problem(404, 'not_found', '接口不存在')
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf' }
function serveStatic(req, res, url) {
  let rel = decodeURIComponent(url.pathname)
  if (rel === '/') rel = '/index.html'
  const file = path.join(DIST, path.normalize(rel).replace(/^([/\\])+/, ''))
  if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }); return res.end('not found')
  }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' })
  fs.createReadStream(file).pipe(res)
}

export function start(port = PORT) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost')
    try {
      if (url.pathname.startsWith('/api/v1/')) return await handleApi(req, res, url)
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' })
      return serveStatic(req, res, url)
    } catch (e) {
      if (e instanceof Problem) return sendProblem(res, req, e)
      console.error(e)
      return sendProblem(res, req, new Problem(500, 'internal', '服务器内部错误'))
    }
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await start()
  console.log(`listening http://127.0.0.1:${server.address().port}`)
}
