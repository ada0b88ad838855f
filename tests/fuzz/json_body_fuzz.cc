// http::JsonObjectReader, the strict reader every write endpoint uses: any body gives values
// or one kInvalidArgument with field errors; never an exception or a crash.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "zt/http/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  zt::http::JsonObjectReader r(body);
  (void)r.OptionalString("name", 1, 200);
  (void)r.OptionalInt("statutory_limit_wd", 0, 365);
  if (auto form = r.OptionalObject("form")) (void)form->OptionalString("id_number", 18, 18);
  if (auto list = r.OptionalArray("materials", 0, 50)) {
    for (std::size_t i = 0; i < list->size(); ++i) (void)list->StringAt(i, 0, 100);
  }
  zt::Status finished = r.Finish();
  if (!finished) {
    zt::fuzz::Check(finished.error().code() == zt::ErrorCode::kInvalidArgument,
                    "a body problem that is not kInvalidArgument", body);
  }
  return 0;
}
