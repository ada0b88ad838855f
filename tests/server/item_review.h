// Publishing an item over HTTP the only way the API allows it: its author submits it
// (POST /api/v1/items/{id}/publish, the older route, now "submit for review"), and a second
// person — the bureau manager over its region or another administrator of its department —
// approves it (POST /api/v1/catalogue/items/{id}/review).
#pragma once

#include <boost/json.hpp>
#include <string>

#include <gtest/gtest.h>

#include "http_session.h"
#include "server_process.h"

namespace zt::testing {

// Submits the draft `item_id` (its ETag `etag`) as `author` and approves it as `reviewer`;
// returns the published item's ETag ("" with a failed EXPECT when a step was refused).
inline std::string PublishThroughReview(std::uint16_t port, const Session& author,
                                        const Session& reviewer, const std::string& item_id,
                                        const std::string& etag) {
  auto submitted = Http(port, "POST", "/api/v1/items/" + item_id + "/publish", "",
                        author.With({{"If-Match", etag}}));
  EXPECT_EQ(submitted.status, 200) << submitted.body;
  if (submitted.status != 200) return "";
  auto approved = Http(port, "POST", "/api/v1/catalogue/items/" + item_id + "/review",
                       boost::json::serialize(boost::json::object{{"decision", "approve"}}),
                       reviewer.With({{"If-Match", submitted.Header("etag")}}));
  EXPECT_EQ(approved.status, 200) << approved.body;
  return approved.status == 200 ? approved.Header("etag") : "";
}

}  // namespace zt::testing
