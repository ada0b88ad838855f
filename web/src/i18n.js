import { createI18n } from 'vue-i18n'
import { ref } from 'vue'
import baseMessages from './messages.js'

// Each area may keep its texts in src/messages/<area>.js ({ 'zh-CN': {…}, en: {…} }); they
// are merged over the base messages at build time.
const areaMessages = import.meta.glob('./messages/*.js', { eager: true, import: 'default' })
const messages = { 'zh-CN': { ...baseMessages['zh-CN'] }, en: { ...baseMessages.en } }
for (const area of Object.values(areaMessages)) {
  for (const lang of ['zh-CN', 'en']) Object.assign(messages[lang], area[lang] || {})
}
import { setApiLanguage } from './api.js'
import zhCn from 'element-plus/es/locale/lang/zh-cn.mjs'
import en from 'element-plus/es/locale/lang/en.mjs'

const LANG_KEY = 'zt_lang'
const saved = (() => { try { return localStorage.getItem(LANG_KEY) } catch { return null } })()
const initial = saved === 'en' ? 'en' : 'zh-CN'

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh-CN',
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

export const elementLocale = ref(initial === 'en' ? en : zhCn)

export function setLanguage(lang) {
  const l = lang === 'en' ? 'en' : 'zh-CN'
  i18n.global.locale.value = l
  elementLocale.value = l === 'en' ? en : zhCn
  setApiLanguage(l)
  document.documentElement.lang = l
  try { localStorage.setItem(LANG_KEY, l) } catch { /* ignore */ }
}

setLanguage(initial)
