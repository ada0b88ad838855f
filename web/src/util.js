// Display helpers. Times arrive as RFC 3339 with +08:00, so the wall-clock part is already
// Asia/Shanghai time; show it as "YYYY-MM-DD HH:mm" without converting through the host zone.
export function fmtTime(s) {
  if (!s) return '—'
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(s)
  return m ? `${m[1]} ${m[2]}` : String(s)
}

export function fmtDate(s) {
  if (!s) return '—'
  return String(s).slice(0, 10)
}

export function todayShanghai() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}

function dayNumber(ymd) {
  const [y, m, d] = ymd.split('-').map(Number)
  return Date.UTC(y, m - 1, d) / 86400000
}

const OPEN_STATES = new Set(['submitted', 'accepted', 'approved', 'denied'])

// 'overdue' | 'near' | '' for an application's promised deadline.
export function dueStatus(app, nearDays = 2) {
  if (!app || !app.promised_deadline || !OPEN_STATES.has(app.state)) return ''
  const left = dayNumber(fmtDate(app.promised_deadline)) - dayNumber(todayShanghai())
  if (left < 0) return 'overdue'
  if (left <= nearDays) return 'near'
  return ''
}

export function formText(form) {
  if (!form) return ''
  if (typeof form === 'string') return form
  if (typeof form === 'object' && !Array.isArray(form) && Object.keys(form).length === 0) return ''
  if (typeof form.description === 'string' && Object.keys(form).length === 1) return form.description
  return JSON.stringify(form, null, 2)
}
