// Private to the api module: how the session handlers render the caller's account and the
// TOTP enrolment's QR code (account_routes.cc).
#pragma once

#include <boost/json.hpp>
#include <string_view>

#include "zt/service/account_service.h"

namespace zt::api {

// The account of a session: RenderAccount plus totp_enabled and
// second_factor_enrolment_required, which the web shell uses to send staff to enrolment.
boost::json::object RenderSessionAccount(const service::Session& session);

// The QR code of `payload` as rows of '1' (dark) and '0' modules, quiet zone excluded, for the
// enrolment page to draw: an image the page builds itself needs no inline script or data URL
// under the Content-Security-Policy. Empty when the payload cannot be encoded.
boost::json::array RenderQrRows(std::string_view payload);

}  // namespace zt::api
