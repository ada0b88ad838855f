// File: seed.h
//
// The demo city: 湛江市 (440800) with its counties, districts and townships (NBS 2023), about
// 45 city departments and the main departments of each district, their window clerks,
// reviewers and administrators, a few hundred published service items and applications
// in every state, all written through the services so that every record has its events.
//
//   SeedOptions options{.applications = 300, .demo_password = "..."};
//   auto logins = SeedDemoCity(store, crypto, options);
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/blob_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::seed {

struct SeedOptions {
  int applications = 300;
  // Every demo account gets this password and must change it at first login.
  std::string demo_password;
  // The seed's "today": application history is spread over the 60 days before it.
  Instant now{};
  // Called as work proceeds: stage name, done, total.
  std::function<void(std::string_view stage, int done, int total)> progress;
  // Where demo materials' bytes go (docs/materials.md); none are seeded when null.
  service::BlobStore* blobs = nullptr;
};

struct DemoLogin {
  std::string role;
  std::string username;
  std::string display_name;
  std::string scope;  // region and department, readable
};

struct SeedResult {
  bool already_seeded = false;  // the store had accounts: nothing was written
  std::vector<DemoLogin> logins;
  int regions = 0;
  int departments = 0;
  int accounts = 0;
  int items = 0;
  int applications = 0;
};

// Seeds an empty store; on a store that has accounts already, writes nothing and returns
// already_seeded. Errors from the services pass through.
Result<SeedResult> SeedDemoCity(service::Store& store, service::Crypto& crypto,
                                const SeedOptions& options);

// The city-scale catalogue (`zhengtong seed --city-scale`): on a seeded demo city, about
// 8,000 published city items over the 45 city departments and, with their county, town and
// village implementations, 60,000 items in all (the size of Zhanjiang's 2023 catalogue).
inline constexpr int kCityScaleCityItems = 8000;
inline constexpr int kCityScaleTotalItems = 60000;
Result<int> SeedCityScaleCatalogue(service::Store& store, Instant now,
                                   const std::function<void(int done, int total)>& progress);

// A valid 统一社会信用代码 for a government body in `region6` with serial number `n`
// (登记管理部门 1 机构编制, 类别 1 机关), with both check characters computed.
std::string GovernmentCreditCode(std::string_view region6, int n);

// A valid 身份证号 for a person born on `birth` registered in `region6`, serial `n`.
std::string DemoIdNumber(std::string_view region6, Date birth, int n);

}  // namespace zt::seed
