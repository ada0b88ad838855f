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

// The server's legal clock (docs/case-engine.md) decides what is due: `clock.status` is
// normal | yellow | red | overdue | paused | stopped. A submitted case without a clock (its
// acceptance_due unknown) only counts as overdue when the server says it is deemed accepted.
// Returns the status worth showing, or '' for normal, stopped or no clock.
const SHOWN = new Set(['yellow', 'red', 'overdue', 'paused'])
export function clockStatus(app) {
  if (!app) return ''
  const s = app.clock?.status
  if (s) return SHOWN.has(s) ? s : ''
  if (app.state === 'submitted' && app.deemed_accepted) return 'overdue'
  return ''
}

// Element Plus tag type for a clock status.
export function clockTagType(status) {
  return { overdue: 'danger', red: 'danger', yellow: 'warning', paused: 'info', normal: 'success', stopped: 'info' }[status] || 'info'
}

// The due day a list shows: acceptance_due while the case waits for acceptance, the promised
// deadline afterwards.
export function dueDate(app) {
  if (!app) return ''
  if (app.state === 'submitted' || app.state === 'correction_pending') return app.acceptance_due || ''
  return app.promised_deadline || ''
}

export function formText(form) {
  if (!form) return ''
  if (typeof form === 'string') return form
  if (typeof form === 'object' && !Array.isArray(form) && Object.keys(form).length === 0) return ''
  if (typeof form.description === 'string' && Object.keys(form).length === 1) return form.description
  return JSON.stringify(form, null, 2)
}

// Filters change faster than the server answers: a slow answer to an earlier request must not
// overwrite the answer to a later one. `const isLatest = latest.begin()` before the request,
// `if (!isLatest()) return` after it.
export function latestRequest() {
  let current = 0
  return {
    begin() {
      const mine = ++current
      return () => mine === current
    },
  }
}
