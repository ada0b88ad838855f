import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C++ server serves web/dist at "/" under a strict CSP:
//   script-src 'self'; style-src 'self'; img-src 'self' data:
// so: no inline scripts, no eval. Vue SFC templates are precompiled here and `vue` resolves to
// its runtime-only build. vue-i18n's messages are plain JS objects; vue-i18n 11 compiles them
// with its JIT compiler into an AST that is interpreted (no `new Function`), which is CSP-safe.
export default defineConfig({
  base: '/',
  plugins: [vue()],
  define: {
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_JIT_COMPILATION__: 'true',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `npm run dev` proxies the API to a local server (ZT_API_URL, default 127.0.0.1:8080).
    proxy: { '/api': process.env.ZT_API_URL || 'http://127.0.0.1:8080' },
  },
})
