// Account administration and the audit search in the browser (ZT_WEB_TEST=accountsadmin.test.mjs;
// docs/security.md "Account administration", "Audit search"): the city's system administrator
// creates a window clerk on #/admin/accounts and sees its one-time initial password, disables it
// (the clerk's live session is refused at once) and resets its authenticator with a reason; the
// audit administrator finds those events on #/audit, while the system administrator is sent away
// from #/audit and refused by the API (403 audit.admin_only) — the negative control.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import {
  env, BASE, skipUnless, useBrowser, newPage, byId, shot, call, apiLogin, pageLogin, newPassword,
} from './support.mjs'

const skip = skipUnless('ZT_ADMIN_PASS')
const state = useBrowser('accountsadmin', skip)
const SYSADMIN = 'zj-sysadmin'
const AUDITADMIN = 'zj-auditadmin'

test('a system administrator creates, disables and resets an account; the audit administrator finds it', { skip }, async () => {
  const { session: sys, password: sysPassword } = await apiLogin(SYSADMIN, env.ZT_ADMIN_PASS, newPassword('sys'))
  const { password: auditPassword } = await apiLogin(AUDITADMIN, env.ZT_ADMIN_PASS, newPassword('aud'))
  const username = `web-clerk-${crypto.randomInt(1e6)}`
  const departments = await call('GET', '/api/v1/departments?region=440802', { session: sys })
  assert.equal(departments.status, 200, departments.text)
  const department = departments.json.items[0].id

  const page = await newPage(state, 'sysadmin')
  await pageLogin(page, SYSADMIN, sysPassword)
  await byId(page, 'nav-accounts-admin').click()
  await byId(page, 'accounts-table').waitFor()
  assert.equal(await byId(page, 'nav-audit-search').count(), 0, 'no audit link for the system administrator')
  await byId(page, 'accounts-create').click()
  await byId(page, 'accounts-new-username').fill(username)
  await byId(page, 'accounts-new-name').fill('网页测试')
  await byId(page, 'accounts-new-region').fill('440802')
  await byId(page, 'accounts-new-department').fill(department)
  await byId(page, 'accounts-new-submit').click()
  const initial = (await byId(page, 'accounts-initial-password').innerText()).trim()
  assert.ok(initial.length >= 10, 'the initial password is shown')
  await shot(state, page, '1-created')

  // The clerk logs in with it (and must change it), then is disabled while logged in.
  const { session: clerk } = await apiLogin(username, initial, newPassword('clk'))
  assert.equal((await call('GET', '/api/v1/session', { session: clerk })).status, 200)
  // The list is ordered by username, 50 a page: page on until the new account shows.
  for (let i = 0; i < 20 && (await byId(page, `accounts-disable-${username}`).count()) === 0; i++) {
    await byId(page, 'accounts-more').click()
    await page.waitForTimeout(300)
  }
  await byId(page, `accounts-disable-${username}`).click()
  await byId(page, 'accounts-reason').fill('离岗')
  await byId(page, 'accounts-reason-submit').click()
  await page.waitForFunction((u) => document.querySelector(`[data-testid="accounts-status-${u}"]`)?.textContent?.includes('停用'), username)
  assert.equal((await call('GET', '/api/v1/session', { session: clerk })).status, 401, 'the live session ends')

  // A reset without a reason is refused; with one it succeeds.
  await byId(page, `accounts-reset-${username}`).click()
  await byId(page, 'accounts-reason-submit').click()
  await byId(page, 'problem').waitFor()
  await byId(page, 'accounts-reason').fill('手机丢失，本人到场核验')
  await byId(page, 'accounts-reason-submit').click()
  await byId(page, 'problem').waitFor({ state: 'detached' })
  await shot(state, page, '2-disabled')

  // Negative control: the system administrator may not read the audit.
  const refused = await call('GET', '/api/v1/audit/events', { session: sys })
  assert.equal(refused.status, 403, refused.text)
  assert.equal(refused.json.key, 'audit.admin_only')
  await page.goto(`${BASE}/#/audit`)
  await page.waitForFunction(() => !location.hash.startsWith('#/audit'))

  const audit = await newPage(state, 'auditadmin')
  await pageLogin(audit, AUDITADMIN, auditPassword)
  await byId(audit, 'nav-audit-search').click()
  await byId(audit, 'audit-action').fill('account.second_factor_reset')
  await byId(audit, 'audit-search').click()
  await audit.waitForFunction(() => document.querySelector('[data-testid="audit-table"]')?.innerText.includes('手机丢失'))
  const text = await byId(audit, 'audit-table').innerText()
  assert.ok(text.includes('account.second_factor_reset'))
  assert.ok(text.includes('system_admin'))
  await shot(state, audit, '3-audit')
  assert.deepEqual(state.problems.filter((p) => !p.includes('403') && !p.includes('400')), [])
})
