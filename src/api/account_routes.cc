// Accounts: the second-factor gate's messages and the session rendering helpers
// (account_render.h). docs/security.md describes the policy.
#include <boost/json.hpp>

#include "account_render.h"
#include "render.h"
#include "routes.h"
#include "zt/document/qr.h"
#include "zt/http/problem.h"

namespace zt::api {
namespace json = boost::json;

namespace {

void RegisterAccountMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"auth.second_factor_enrolment_required", "工作人员须先绑定身份验证器（动态验证码）",
       "Staff must enrol an authenticator app first"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

}  // namespace

json::object RenderSessionAccount(const service::Session& session) {
  json::object account = RenderAccount(session.account);
  account["totp_enabled"] = session.account.totp_enabled;
  account["second_factor_enrolment_required"] = session.second_factor_enrolment_required;
  return account;
}

json::array RenderQrRows(std::string_view payload) {
  json::array rows;
  auto matrix = document::EncodeQr(payload);
  if (!matrix) return rows;
  for (int y = 0; y < matrix->size; ++y) {
    std::string row(static_cast<std::size_t>(matrix->size), '0');
    for (int x = 0; x < matrix->size; ++x) {
      if (matrix->At(x, y)) row[static_cast<std::size_t>(x)] = '1';
    }
    rows.push_back(json::string(row));
  }
  return rows;
}

void RegisterAccountRoutes(http::Router& /*router*/, const ApiDeps& /*deps*/) {
  RegisterAccountMessages();
}

}  // namespace zt::api
