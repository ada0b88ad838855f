// The 12345 hotline in the browser against a running, seeded server (node --test; CTest runs it
// as web_hotline through tests/web/e2e.sh with ZT_WEB_TEST=hotline.test.mjs):
// an agent takes a call on the keyboard-driven desk and dispatches it (a 市场监管 complaint in
// the city, which the seeded routing rules send to 440800-scj); the department's administrator
// (ZT_ADMIN_USER, of 440800-scj) signs for it and replies from the inbox; the centre's
// supervisor calls the citizen back from the supervision view and closes it as resolved.
// The seeded hotline accounts (docs/hotline.md) share the demo password ZT_ADMIN_PASS; each is
// asked to change it at its first login. Any console error or page error fails the test.
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { env, BASE, skipUnless, useBrowser, newPage as openPage, byId, shot as saveShot, journeySteps } from './support.mjs'

const AGENT = env.ZT_HOTLINE_AGENT_USER || 'zj-12345-agent1'
const SUPERVISOR = env.ZT_HOTLINE_SUPERVISOR_USER || 'zj-12345-supervisor'
const DEPARTMENT = env.ZT_ADMIN_USER || ''
const skip = skipUnless('ZT_ADMIN_USER', 'ZT_ADMIN_PASS')
const NEW_PASSWORD = `Zt-hotline-${crypto.randomBytes(12).toString('base64url')}`
const stamp = Date.now().toString(36).toUpperCase()
const TITLE = `商场拒绝退货${stamp}`

const browser = useBrowser('hotline', skip)
const state = { number: '' }

const newPage = (actor) => openPage(browser, actor)
const shot = (page, name) => saveShot(browser, page, name)

async function submitLogin(page, user, pass) {
  await byId(page, 'login-username').fill(user)
  await byId(page, 'login-password').fill(pass)
  await byId(page, 'login-submit').click()
  await page.waitForFunction(() => !location.hash.startsWith('#/login') || document.querySelector('[data-testid=problem]'))
}

// Logs in with the demo password; at the first login the app asks for a new password.
async function login(page, user) {
  await page.goto(`${BASE}/#/login`)
  await submitLogin(page, user, env.ZT_ADMIN_PASS)
  if (await byId(page, 'problem').count()) assert.fail(`login as ${user} failed: ${await byId(page, 'problem').innerText()}`)
  if ((await page.evaluate(() => location.hash)).startsWith('#/password')) {
    await byId(page, 'pw-old').fill(env.ZT_ADMIN_PASS)
    await byId(page, 'pw-new').fill(NEW_PASSWORD)
    await byId(page, 'pw-confirm').fill(NEW_PASSWORD)
    await byId(page, 'pw-submit').click()
    await page.waitForFunction(() => location.hash.startsWith('#/login'))
    await byId(page, 'password-changed').waitFor()
    await submitLogin(page, user, NEW_PASSWORD)
  }
  await byId(page, 'current-user').waitFor()
}

const step = journeySteps(skip)

step('an agent takes a call on the keyboard and dispatches it', async () => {
  const page = await newPage('agent')
  await login(page, AGENT)
  // An agent's home is the desk: no click needed after logging in.
  await byId(page, 'hotline-intake').waitFor()
  assert.match(page.url(), /#\/hotline\/desk/)
  // The caller's number field takes the focus once the desk has loaded: the agent just types.
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'hotline-caller-phone')
  await page.keyboard.type('13807591234')
  await byId(page, 'hotline-caller-name').fill('林女士')
  await byId(page, 'hotline-type').selectOption('complaint')
  await byId(page, 'hotline-category').selectOption('0401')
  await byId(page, 'hotline-region').fill('440800')
  await byId(page, 'hotline-address').fill('赤坎区海滨大道北88号')
  await byId(page, 'hotline-title').fill(TITLE)
  // The knowledge-base panel follows the title: 退货 finds the seeded article.
  await byId(page, 'hotline-title').fill('退货')
  // Wait for the article itself: an earlier keystroke's answer may be on screen first.
  await byId(page, 'hotline-article').filter({ hasText: '七天无理由退货' }).first().waitFor()
  assert.match(await byId(page, 'hotline-article').first().innerText(), /七天无理由退货/)
  await byId(page, 'hotline-title').fill(TITLE)
  await byId(page, 'hotline-content').fill('网购商品七天内申请退货被拒')
  await shot(page, 'desk')
  // Ctrl+Enter dispatches.
  await byId(page, 'hotline-content').press('Control+Enter')
  const panel = byId(page, 'hotline-order')
  await panel.waitFor()
  await page.waitForFunction(() => document.querySelector('[data-testid=hotline-order]')?.dataset.state === 'dispatched')
  const heading = await panel.locator('h2').innerText()
  state.number = heading.match(/12345-\d{8}-\d{6}/)[0]
  assert.ok(state.number, heading)
  assert.match(await panel.innerText(), /市场监督管理局/)
  await byId(page, `hotline-row-${state.number}`).waitFor()
  assert.deepEqual(browser.problems, [])
})

step('the department signs for it and replies from its inbox', async () => {
  const page = await newPage('department')
  await login(page, DEPARTMENT)
  await byId(page, 'nav-hotline-inbox').click()
  await byId(page, `hotline-open-${state.number}`).click()
  await page.waitForFunction(() => document.querySelector('[data-testid=hotline-order]')?.dataset.state === 'dispatched')
  // The department sees the caller masked.
  assert.match(await byId(page, 'hotline-order').innerText(), /138\*\*\*\*1234/)
  await byId(page, 'hotline-act-accept').click()
  await page.waitForFunction(() => document.querySelector('[data-testid=hotline-order]')?.dataset.state === 'accepted')
  await byId(page, 'hotline-reply-note').fill('已约谈商场，同意退货并退款')
  await byId(page, 'hotline-act-reply').click()
  await page.waitForFunction(() => document.querySelector('[data-testid=hotline-order]')?.dataset.state === 'replied')
  await shot(page, 'inbox')
  assert.deepEqual(browser.problems, [])
})

step('the centre calls the citizen back and closes it as resolved', async () => {
  const page = await newPage('supervisor')
  await login(page, SUPERVISOR)
  await byId(page, 'nav-hotline-supervision').click()
  await byId(page, 'hotline-list-call_backs_due').getByTestId(`hotline-open-${state.number}`).click()
  await page.waitForFunction(() => document.querySelector('[data-testid=hotline-order]')?.dataset.state === 'replied')
  await byId(page, 'hotline-call_back-satisfaction').click()
  await page.getByRole('option', { name: '满意', exact: true }).click()
  await byId(page, 'hotline-act-call_back').click()
  await page.waitForFunction(() => document.querySelector('[data-testid=hotline-order]')?.dataset.state === 'called_back')
  await byId(page, 'hotline-act-close_resolved').click()
  await page.waitForFunction(() => document.querySelector('[data-testid=hotline-order]')?.dataset.state === 'closed_resolved')
  assert.match(await byId(page, 'hotline-order-state').innerText(), /已解决/)
  await shot(page, 'closed')
  assert.deepEqual(browser.problems, [])
})
