// The figure check page in a real browser against the real server (ZT_WEB_TEST=figcheck.test.mjs):
// a manager pastes a paragraph of a seed report and sees the sum that does not add up, quoted,
// with its figures; a consistent statement raises nothing; an uploaded text file is read; a
// file that is not UTF-8 text is refused on the page; a citizen cannot use the check.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  env, skipUnless, useBrowser, newPage, byId, shot, call, apiLogin, pageLogin, newPassword,
} from './support.mjs'

const skip = skipUnless('ZT_MANAGER_USER', 'ZT_MANAGER_PASS', 'ZT_CITIZEN_USER', 'ZT_CITIZEN_PASS')
const state = useBrowser('figcheck', skip)

// STANDARDS.md §16: the outcomes sum to 268, not 272; 65.2万 = 54.8万 + 10.4万 holds.
const WRONG_SUM = '全年审结行政复议案件272宗，其中：撤销84宗，变更1宗，确认违法7宗，责令履行8宗，驳回19宗，维持112宗，终止审理(含调解、和解)37宗。'
const CONSISTENT = '共收到来电诉求65.2万宗，直接回复54.8万宗，转派工单10.4万宗。'

test('a manager checks the figures of a pasted and an uploaded report', { skip }, async () => {
  const { password } = await apiLogin(env.ZT_MANAGER_USER, env.ZT_MANAGER_PASS, newPassword('fig'))
  const page = await newPage(state, 'manager')
  await pageLogin(page, env.ZT_MANAGER_USER, password)
  await byId(page, 'nav-figcheck').click()

  await byId(page, 'figcheck-text').fill(`${WRONG_SUM}\n${CONSISTENT}`)
  await byId(page, 'figcheck-run').click()
  await byId(page, 'figcheck-summary').waitFor()
  const findings = byId(page, 'figcheck-finding')
  assert.equal(await findings.count(), 1)
  assert.equal(await findings.first().getAttribute('data-kind'), 'parts_do_not_sum')
  assert.equal(await findings.first().getAttribute('data-severity'), 'error')
  const sentence = await byId(page, 'figcheck-sentence').first().innerText()
  assert.ok(sentence.includes('审结行政复议案件272宗'), sentence)
  const explanation = await byId(page, 'figcheck-explanation').first().innerText()
  assert.ok(explanation.includes('268'), explanation)
  // The figures behind the finding: the total and its seven parts.
  assert.equal(await findings.first().locator('tbody tr').count(), 8)
  await shot(state, page, '1-finding')

  // An uploaded UTF-8 file (with a BOM) holding only the consistent statement: nothing found.
  await byId(page, 'figcheck-file').setInputFiles({
    name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from(`\uFEFF${CONSISTENT}\n`, 'utf8'),
  })
  await page.waitForFunction(() => document.querySelector('[data-testid="figcheck-text"]').value.startsWith('共收到'))
  assert.equal(await byId(page, 'figcheck-text').inputValue(), `${CONSISTENT}\n`)
  await byId(page, 'figcheck-run').click()
  await byId(page, 'figcheck-none').waitFor()
  assert.equal(await byId(page, 'figcheck-finding').count(), 0)

  // A file that is not UTF-8 (GBK bytes of 报告) is refused and leaves the text as it was.
  await byId(page, 'figcheck-file').setInputFiles({
    name: 'gbk.txt', mimeType: 'text/plain', buffer: Buffer.from([0xb1, 0xa8, 0xb8, 0xe6]),
  })
  await byId(page, 'figcheck-upload-error').waitFor()
  assert.equal(await byId(page, 'figcheck-text').inputValue(), `${CONSISTENT}\n`)

  // The API behind the page refuses citizens and empty text.
  const { session: citizen } = await apiLogin(env.ZT_CITIZEN_USER, env.ZT_CITIZEN_PASS, newPassword('figc'))
  const refused = await call('POST', '/api/v1/reports/check', { session: citizen, body: { text: WRONG_SUM } })
  assert.equal(refused.status, 403, refused.text)
  const anonymous = await call('POST', '/api/v1/reports/check', { body: { text: WRONG_SUM } })
  assert.equal(anonymous.status, 401, anonymous.text)

  assert.deepEqual(state.problems, [])
})
