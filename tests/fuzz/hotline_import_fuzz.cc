// The 12345 import file: service::ParseImportCsv over the CSV text, as `zhengtong hotline
// import` reads it. Never crashes; a refusal carries a message key.
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "zt/service/hotline_service.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = zt::service::ParseImportCsv(text, 2);
  if (!rows) zt::fuzz::Check(!rows.error().key().empty(), "error without a key", text);
  for (std::string_view chunk : zt::service::SplitCsvRecords(text, 7)) {
    zt::fuzz::Check(chunk.size() <= text.size(), "a chunk larger than the text", text);
  }
  return 0;
}
