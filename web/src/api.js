// Same-origin client for /api/v1 (docs/api.md). Adds X-CSRF-Token on mutations, Accept-Language
// per the selected language, If-Match and Idempotency-Key when asked; turns problem+json
// responses into ApiError.
import { reactive } from 'vue'

export const session = reactive({
  account: null,
  csrf: '',
  ready: false,
})

let currentLang = 'zh-CN'
export function setApiLanguage(lang) { currentLang = lang }

const LOGGED_IN_FLAG = 'zt_logged_in'

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`)
    this.status = status
    this.problem = problem || null
  }
  get title() { return this.problem?.title || '' }
  get detail() { return this.problem?.detail || '' }
  get code() { return this.problem?.code || '' }
  get key() { return this.problem?.key || '' }
  // { "/applicant/id_number": "message", ... }
  get fieldErrors() {
    const out = {}
    for (const e of this.problem?.errors || []) {
      if (!e || !e.pointer) continue
      // Body fields come as JSON Pointers ("/applicant/id_number"); query parameters and
      // headers by name ("receipt_no", "If-Match"). Index both under a leading "/".
      const key = e.pointer.startsWith('/') ? e.pointer : '/' + e.pointer
      if (!(key in out)) out[key] = e.message || e.key || ''
    }
    return out
  }
}

// Called when the server refuses a request because the account still has its initial (or a
// reset) password: 403 with problem key auth.password_change_required. main.js sends the user
// to the 修改密码 page.
let passwordChangeHandler = null
export function onPasswordChangeRequired(fn) { passwordChangeHandler = fn }

// Called when the server refuses a request because a staff account has not enrolled its
// authenticator yet (403 auth.second_factor_enrolment_required): router.js sends the user to
// the enrolment page (#/totp).
let enrolmentHandler = null
export function onSecondFactorEnrolmentRequired(fn) { enrolmentHandler = fn }

export function newIdempotencyKey() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID()
  // crypto.randomUUID exists only in secure contexts; fall back to getRandomValues (v4 layout).
  const b = new Uint8Array(16)
  globalThis.crypto.getRandomValues(b)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export function quoteEtag(version) {
  return `"${version}"`
}

export async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json, application/problem+json', 'Accept-Language': currentLang }
  let body
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (method !== 'GET' && method !== 'HEAD' && session.csrf) headers['X-CSRF-Token'] = session.csrf
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey
  let url = '/api/v1' + path
  if (opts.query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(opts.query)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
    }
    const s = qs.toString()
    if (s) url += '?' + s
  }
  let res
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, null)
  }
  const etag = res.headers.get('ETag')
  const type = res.headers.get('Content-Type') || ''
  let data = null
  if (res.status !== 204) {
    const text = await res.text()
    if (text && (type.includes('json') || /^[\s]*[{[]/.test(text))) {
      try { data = JSON.parse(text) } catch { data = null }
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.noAuthReset) clearSession()
    const error = new ApiError(res.status, data && typeof data === 'object' ? data : null)
    if (res.status === 403 && error.key === 'auth.password_change_required') {
      if (session.account) session.account.must_change_password = true
      if (passwordChangeHandler) passwordChangeHandler()
    }
    if (res.status === 403 && error.key === 'auth.second_factor_enrolment_required') {
      if (session.account) session.account.second_factor_enrolment_required = true
      if (enrolmentHandler) enrolmentHandler()
    }
    throw error
  }
  return { data, etag, status: res.status }
}

export function setSession(data) {
  session.account = data.account
  session.csrf = data.csrf_token || ''
  try { localStorage.setItem(LOGGED_IN_FLAG, '1') } catch { /* storage may be off */ }
}

export function clearSession() {
  session.account = null
  session.csrf = ''
  try { localStorage.removeItem(LOGGED_IN_FLAG) } catch { /* ignore */ }
}

// Restores the session after a reload. Asks the server only when this browser logged in
// before, so anonymous visitors cause no 401 in the console.
export async function initSession() {
  let flagged = false
  try { flagged = localStorage.getItem(LOGGED_IN_FLAG) === '1' } catch { /* ignore */ }
  if (flagged) {
    try {
      const { data } = await api('GET', '/session')
      setSession(data)
    } catch {
      clearSession()
    }
  }
  session.ready = true
}

// `totp`: the authenticator's code, for staff who have enrolled one (401
// auth.second_factor_required asks for it).
export async function login(username, password, totp = '') {
  const body = { username, password }
  if (totp) body.totp = totp
  const { data } = await api('POST', '/session', { body, noAuthReset: true })
  setSession(data)
  return data.account
}

export async function logout() {
  try { await api('DELETE', '/session') } catch { /* already gone */ }
  clearSession()
}

// POST /session/password. On success (204) the server ends every session of the account,
// this one included, and clears the cookie: the user logs in again with the new password.
export async function changePassword(oldPassword, newPassword) {
  await api('POST', '/session/password', { body: { old_password: oldPassword, new_password: newPassword } })
  clearSession()
}

export function homeFor(account) {
  if (!account) return '/'
  switch (account.role) {
    case 'citizen': return '/my'
    case 'window_clerk':
    case 'front_desk_clerk':
    case 'reviewer': return '/workbench'
    case 'bureau_manager': return '/dashboard'
    case 'department_admin': return '/admin/items'
    case 'hotline_agent': return '/hotline/desk'
    case 'hotline_supervisor': return '/hotline/supervision'
    default: return '/'
  }
}

// TOTP enrolment of a staff account (AUTH-05): POST /session/totp returns the secret, the
// otpauth:// URI and its QR code (rows of '1'/'0' modules); confirming with a current code
// enables it and opens the session.
export async function beginTotpEnrolment() {
  const { data } = await api('POST', '/session/totp')
  return data
}

export async function confirmTotpEnrolment(code) {
  await api('POST', '/session/totp/confirm', { body: { code } })
  if (session.account) {
    session.account.second_factor_enrolment_required = false
    session.account.totp_enabled = true
  }
}
