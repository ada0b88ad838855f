import { createI18n } from 'vue-i18n'
import { ref } from 'vue'
import messages from './messages.js'
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
