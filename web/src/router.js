import { createRouter, createWebHashHistory } from 'vue-router'
import { session, initSession, homeFor, onPasswordChangeRequired, onSecondFactorEnrolmentRequired } from './api.js'
import Home from './views/Home.vue'

const routes = [
  { path: '/', name: 'home', component: Home },
  { path: '/items/:id', name: 'item', component: () => import('./views/ItemGuide.vue') },
  { path: '/items/:id/apply', name: 'apply', component: () => import('./views/Apply.vue'), meta: { roles: ['citizen'] } },
  { path: '/track', name: 'track', component: () => import('./views/Track.vue') },
  { path: '/licences/verify', name: 'licence-verify', component: () => import('./views/LicenceVerify.vue') },
  { path: '/licences', name: 'licence-wallet', component: () => import('./views/LicenceWallet.vue'), meta: { roles: ['citizen'] } },
  { path: '/admin/licences', name: 'licence-admin', component: () => import('./views/LicenceAdmin.vue'), meta: { roles: ['department_admin', 'window_clerk', 'reviewer'] } },
  { path: '/login', name: 'login', component: () => import('./views/Login.vue') },
  { path: '/totp', name: 'totp', component: () => import('./views/TotpEnrol.vue'), meta: { auth: true } },
  { path: '/password', name: 'password', component: () => import('./views/ChangePassword.vue'), meta: { auth: true } },
  { path: '/my', name: 'my', component: () => import('./views/MyApplications.vue'), meta: { roles: ['citizen'] } },
  { path: '/my/:id', name: 'my-detail', component: () => import('./views/ApplicationPage.vue'), meta: { roles: ['citizen'] } },
  { path: '/appointments', name: 'appointments', component: () => import('./views/AppointmentBook.vue'), meta: { roles: ['citizen'] } },
  { path: '/appointments/desk', name: 'appointment-desk', component: () => import('./views/AppointmentDesk.vue'), meta: { roles: ['window_clerk', 'front_desk_clerk', 'bureau_manager'] } },
  { path: '/workbench', name: 'workbench', component: () => import('./views/Workbench.vue'), meta: { roles: ['window_clerk', 'front_desk_clerk', 'reviewer'] } },
  { path: '/admin/items', name: 'admin-items', component: () => import('./views/ItemsAdmin.vue'), meta: { roles: ['department_admin'] } },
  { path: '/admin/catalogue', name: 'catalog-manage', component: () => import('./views/CatalogManage.vue'), meta: { roles: ['department_admin', 'bureau_manager'] } },
  { path: '/guide/:id', name: 'catalog-guide', component: () => import('./views/CatalogGuide.vue') },
  { path: '/catalogue/search', name: 'catalog-search', component: () => import('./views/CatalogSearch.vue') },
  { path: '/life-events', name: 'life-events', component: () => import('./views/LifeEvents.vue') },
  { path: '/life-events/:id', name: 'life-event', component: () => import('./views/LifeEvents.vue') },
  { path: '/power-list', name: 'power-list', component: () => import('./views/PowerList.vue') },
  { path: '/delegations', name: 'delegations', component: () => import('./views/DelegationLedger.vue') },
  { path: '/admin/drift', name: 'drift', component: () => import('./views/DriftReport.vue'), meta: { roles: ['bureau_manager', 'department_admin'] } },
  { path: '/dashboard', name: 'dashboard', component: () => import('./views/Dashboard.vue'), meta: { roles: ['bureau_manager'] } },
  { path: '/ratings', name: 'ratings', component: () => import('./views/RatingStats.vue') },
  { path: '/rectifications', name: 'rectifications', component: () => import('./views/RatingRectifications.vue'), meta: { roles: ['department_admin', 'reviewer', 'bureau_manager'] } },
  { path: '/indicators', name: 'indicators', component: () => import('./views/DashboardIndicators.vue'), meta: { roles: ['bureau_manager', 'department_admin', 'window_clerk', 'reviewer'] } },
  { path: '/bigscreen', name: 'bigscreen', component: () => import('./views/BigScreen.vue'), meta: { roles: ['bureau_manager', 'department_admin', 'window_clerk', 'reviewer'] } },
  { path: '/reports/check', name: 'figure-check', component: () => import('./views/FigureCheck.vue'), meta: { roles: ['bureau_manager', 'department_admin', 'reviewer', 'hotline_supervisor'] } },
  { path: '/reports/annual', name: 'annual-report', component: () => import('./views/ReportAnnual.vue'), meta: { roles: ['bureau_manager'] } },
  { path: '/hotline/desk', name: 'hotline-desk', component: () => import('./views/HotlineDesk.vue'), meta: { roles: ['hotline_agent', 'hotline_supervisor'] } },
  { path: '/hotline/inbox', name: 'hotline-inbox', component: () => import('./views/HotlineInbox.vue'), meta: { roles: ['department_admin', 'reviewer', 'window_clerk', 'bureau_manager'] } },
  { path: '/outbox', name: 'outbox', component: () => import('./views/MaterialsOutbox.vue'), meta: { roles: ['department_admin', 'window_clerk', 'reviewer', 'bureau_manager'] } },
  { path: '/hotline/supervision', name: 'hotline-supervision', component: () => import('./views/HotlineSupervision.vue'), meta: { roles: ['hotline_supervisor', 'bureau_manager'] } },
  { path: '/admin/accounts', name: 'accounts-admin', component: () => import('./views/AccountsAdmin.vue'), meta: { roles: ['system_admin', 'security_admin', 'department_admin'] } },
  { path: '/exports', name: 'exports', component: () => import('./views/ExportRequests.vue'), meta: { roles: ['department_admin', 'bureau_manager', 'hotline_supervisor'] } },
  { path: '/audit', name: 'audit-search', component: () => import('./views/AuditSearch.vue'), meta: { roles: ['audit_admin'] } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  if (!session.ready) await initSession()
  const needsAuth = to.meta.auth || to.meta.roles
  if (needsAuth && !session.account) {
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  // Until the initial password is changed the server answers 403 to every other API call, so
  // no other page would work: public pages included (they call the API with the cookie).
  if (session.account?.must_change_password && to.name !== 'password' && to.name !== 'login') {
    return { name: 'password', query: { redirect: to.fullPath } }
  }
  // Staff without an authenticator may only enrol one (AUTH-05): every other API call is 403.
  if (session.account?.second_factor_enrolment_required && !['totp', 'login', 'password'].includes(to.name)) {
    return { name: 'totp', query: { redirect: to.fullPath } }
  }
  if (to.meta.roles && !to.meta.roles.includes(session.account.role)) {
    if (to.name === 'apply') return true // the page explains that only citizens can apply
    return homeFor(session.account)
  }
  return true
})

// A 403 auth.password_change_required from any API call (say the flag was set after login):
// go to 修改密码, coming back to this page afterwards.
onPasswordChangeRequired(() => {
  const current = router.currentRoute.value
  if (current.name === 'password' || current.name === 'login') return
  router.replace({ name: 'password', query: { redirect: current.fullPath } })
})

// A 403 auth.second_factor_enrolment_required from any API call: go to the enrolment page.
onSecondFactorEnrolmentRequired(() => {
  const current = router.currentRoute.value
  if (['totp', 'login', 'password'].includes(current.name)) return
  router.replace({ name: 'totp', query: { redirect: current.fullPath } })
})
