#include "zt/catalog/item.h"

#include <algorithm>
#include <array>

#include "zt/core/credit_code.h"
#include "zt/core/text.h"

namespace zt::catalog {
namespace {

struct TypeNames {
  ItemType type;
  std::string_view name;
  std::string_view name_zh;
  std::string_view code;
};

// In code order.
constexpr std::array<TypeNames, 11> kTypes{{
    {ItemType::kLicensing, "licensing", "行政许可", "01"},
    {ItemType::kPenalty, "penalty", "行政处罚", "02"},
    {ItemType::kCoercion, "coercion", "行政强制", "03"},
    {ItemType::kLevy, "levy", "行政征收", "04"},
    {ItemType::kPayment, "payment", "行政给付", "05"},
    {ItemType::kInspection, "inspection", "行政检查", "06"},
    {ItemType::kConfirmation, "confirmation", "行政确认", "07"},
    {ItemType::kAward, "award", "行政奖励", "08"},
    {ItemType::kAdjudication, "adjudication", "行政裁决", "09"},
    {ItemType::kOtherPower, "other_power", "其他行政权力", "10"},
    {ItemType::kPublicService, "public_service", "公共服务", "20"},
}};

constexpr std::size_t kMaxElementList = 20;
constexpr int kMaxVisits = 10;

constexpr int kMaxLimitDays = 365;
constexpr std::size_t kMaxMaterials = 100;

bool IsCodeChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '_';
}

bool IsLicenceCodeChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '_' || c == '.';
}

void ValidateMaterials(const std::vector<Material>& materials, const std::string& at,
                       std::vector<FieldError>& errors) {
  auto add = [&errors](std::string pointer, std::string key, std::string detail) {
    errors.push_back({std::move(pointer), std::move(key), std::move(detail)});
  };
  if (materials.size() > kMaxMaterials) {
    add(at, "item.too_many_materials", "at most 100 materials");
  }
  for (std::size_t i = 0; i < materials.size() && i < kMaxMaterials; ++i) {
    const auto& m = materials[i];
    const std::string here = at + "/" + std::to_string(i);
    if (m.name.empty() || Utf8Length(m.name) > 200) {
      add(here + "/name", "item.material_name_length",
          "a material needs a name of 1 to 200 characters");
    }
    if (!m.trust_grade.empty() && m.trust_grade != "A" && m.trust_grade != "B" &&
        m.trust_grade != "C" && m.trust_grade != "D") {
      add(here + "/trust_grade", "item.material_trust_grade", "a trust grade is one of A, B, C, D");
    }
    if (m.licence_type_code.size() > 64 ||
        !std::all_of(m.licence_type_code.begin(), m.licence_type_code.end(), IsLicenceCodeChar)) {
      add(here + "/licence_type_code", "item.material_licence_type",
          "a licence type code is at most 64 letters, digits, '-', '_' or '.'");
    }
    if (Utf8Length(m.shared_data) > 200) {
      add(here + "/shared_data", "item.text_length", "at most 200 characters");
    }
  }
}

}  // namespace

std::string_view ItemTypeName(ItemType t) {
  for (const auto& e : kTypes) {
    if (e.type == t) return e.name;
  }
  return "licensing";
}

std::string_view ItemTypeNameZh(ItemType t) {
  for (const auto& e : kTypes) {
    if (e.type == t) return e.name_zh;
  }
  return "行政许可";
}

std::string_view ItemTypeCode(ItemType t) {
  for (const auto& e : kTypes) {
    if (e.type == t) return e.code;
  }
  return "01";
}

const std::vector<ItemType>& AllItemTypes() {
  static const std::vector<ItemType> all = [] {
    std::vector<ItemType> out;
    for (const auto& e : kTypes) out.push_back(e.type);
    return out;
  }();
  return all;
}

Result<ItemType> ParseItemType(std::string_view name) {
  for (const auto& e : kTypes) {
    if (e.name == name) return e.type;
  }
  return FieldFail("/type", "item.type_unknown", "unknown item type: " + std::string(name));
}

std::string_view CaseKindName(CaseKind k) {
  switch (k) {
    case CaseKind::kInstant:
      return "instant";
    case CaseKind::kPromised:
      return "promised";
    case CaseKind::kReported:
      return "reported";
  }
  return "promised";
}

Result<CaseKind> ParseCaseKind(std::string_view name) {
  if (name == "instant") return CaseKind::kInstant;
  if (name == "promised") return CaseKind::kPromised;
  if (name == "reported") return CaseKind::kReported;
  return FieldFail("/case_kind", "item.case_kind_unknown",
                   "case_kind must be instant, promised or reported, not " + std::string(name));
}

std::string_view ItemTierName(ItemTier t) {
  switch (t) {
    case ItemTier::kMain:
      return "main";
    case ItemTier::kSub:
      return "sub";
    case ItemTier::kHandling:
      return "handling";
  }
  return "handling";
}

Result<ItemTier> ParseItemTier(std::string_view name) {
  if (name == "main") return ItemTier::kMain;
  if (name == "sub") return ItemTier::kSub;
  if (name == "handling") return ItemTier::kHandling;
  return FieldFail("/elements/tier", "item.tier_unknown",
                   "tier must be main, sub or handling, not " + std::string(name));
}

std::string_view OnlineDepthName(OnlineDepth d) {
  switch (d) {
    case OnlineDepth::kInformation:
      return "information";
    case OnlineDepth::kDownload:
      return "download";
    case OnlineDepth::kPreReview:
      return "pre_review";
    case OnlineDepth::kFullyOnline:
      return "fully_online";
  }
  return "information";
}

Result<OnlineDepth> ParseOnlineDepth(std::string_view name) {
  if (name == "information") return OnlineDepth::kInformation;
  if (name == "download") return OnlineDepth::kDownload;
  if (name == "pre_review") return OnlineDepth::kPreReview;
  if (name == "fully_online") return OnlineDepth::kFullyOnline;
  return FieldFail("/elements/online_depth", "item.online_depth_unknown",
                   "online_depth must be information, download, pre_review or fully_online");
}

std::string_view ItemStatusName(ItemStatus s) {
  switch (s) {
    case ItemStatus::kDraft:
      return "draft";
    case ItemStatus::kPublished:
      return "published";
    case ItemStatus::kWithdrawn:
      return "withdrawn";
  }
  return "draft";
}

Result<ItemStatus> ParseItemStatus(std::string_view name) {
  if (name == "draft") return ItemStatus::kDraft;
  if (name == "published") return ItemStatus::kPublished;
  if (name == "withdrawn") return ItemStatus::kWithdrawn;
  return FieldFail("/status", "item.status_unknown", "unknown item status: " + std::string(name));
}

Status Validate(const ServiceItem& item) {
  std::vector<FieldError> errors;
  auto add = [&errors](std::string pointer, std::string key, std::string detail) {
    errors.push_back({std::move(pointer), std::move(key), std::move(detail)});
  };
  if (item.name.empty() || Utf8Length(item.name) > 200) {
    add("/name", "item.name_length", "name must have 1 to 200 characters");
  }
  bool code_ok = item.code.size() >= 6 && item.code.size() <= 64;
  for (char c : item.code) code_ok = code_ok && IsCodeChar(c);
  if (!code_ok) {
    add("/code", "item.code_format", "code must be 6 to 64 letters, digits, '-' or '_'");
  }
  if (item.department_id.empty()) add("/department_id", "item.department_required", "required");
  if (item.statutory_limit_wd < 0 || item.statutory_limit_wd > kMaxLimitDays) {
    add("/statutory_limit_wd", "item.limit_range", "must be between 0 and 365 working days");
  }
  if (item.promised_limit_wd < 0 || item.promised_limit_wd > kMaxLimitDays) {
    add("/promised_limit_wd", "item.limit_range", "must be between 0 and 365 working days");
  } else if (item.statutory_limit_wd > 0 && item.promised_limit_wd > item.statutory_limit_wd) {
    add("/promised_limit_wd", "item.promised_exceeds_statutory",
        "the promised limit (" + std::to_string(item.promised_limit_wd) +
            ") may not exceed the statutory limit (" + std::to_string(item.statutory_limit_wd) +
            ")");
  }
  if (item.case_kind == CaseKind::kInstant && item.promised_limit_wd != 0) {
    add("/promised_limit_wd", "item.instant_promises_zero",
        "an instant item (即办件) is concluded on the spot: promised limit must be 0");
  }
  if (item.case_kind != CaseKind::kInstant && item.promised_limit_wd == 0) {
    add("/promised_limit_wd", "item.promised_needs_days",
        "a promised or reported item (承诺件/上报件) needs a promised limit of at least 1 "
        "working day");
  }
  ValidateMaterials(item.materials, "/materials", errors);
  ValidateElements(item, errors);
  if (errors.empty()) return Ok();
  std::string key = errors.front().key;
  return Fail(ErrorCode::kInvalidArgument, key, "the item has invalid fields", std::move(errors));
}

std::string_view VersionStateName(VersionState s) {
  switch (s) {
    case VersionState::kDraft:
      return "draft";
    case VersionState::kReview:
      return "review";
    case VersionState::kPublished:
      return "published";
    case VersionState::kSuperseded:
      return "superseded";
    case VersionState::kWithdrawn:
      return "withdrawn";
  }
  return "draft";
}

Result<VersionState> ParseVersionState(std::string_view name) {
  for (VersionState s : {VersionState::kDraft, VersionState::kReview, VersionState::kPublished,
                         VersionState::kSuperseded, VersionState::kWithdrawn}) {
    if (VersionStateName(s) == name) return s;
  }
  return FieldFail("/state", "item.version_state_unknown",
                   "unknown version state: " + std::string(name));
}

bool InForceAt(const ItemVersion& version, Date date) {
  if (version.state == VersionState::kDraft || version.state == VersionState::kReview) {
    return false;
  }
  if (!version.effective_from || *version.effective_from > date) return false;
  return !version.effective_to || date <= *version.effective_to;
}

void ValidateElements(const ServiceItem& item, std::vector<FieldError>& errors) {
  const ItemElements& e = item.elements;
  auto add = [&errors](std::string pointer, std::string key, std::string detail) {
    errors.push_back({std::move(pointer), std::move(key), std::move(detail)});
  };
  auto text = [&](const std::string& value, std::size_t max, const std::string& pointer) {
    if (Utf8Length(value) > max) {
      add(pointer, "item.text_length", "at most " + std::to_string(max) + " characters");
    }
  };
  auto list = [&](std::size_t size, const std::string& pointer) {
    if (size > kMaxElementList) add(pointer, "item.list_too_long", "at most 20 entries");
  };
  if (!e.implementing_body_credit_code.empty()) {
    if (auto code = CreditCode::Parse(e.implementing_body_credit_code); !code) {
      add("/elements/implementing_body_credit_code", "item.credit_code_invalid",
          "not a valid unified social credit code (" + code.error().key() + ")");
    }
  }
  text(e.implementing_body, 200, "/elements/implementing_body");
  if (e.tier == ItemTier::kMain && !e.parent_id.empty()) {
    add("/elements/parent_id", "item.main_has_parent", "a main item (主项) has no parent");
  }
  if (e.tier == ItemTier::kSub && e.parent_id.empty()) {
    add("/elements/parent_id", "item.parent_required", "a sub-item (子项) names its main item");
  }
  if (!e.parent_id.empty() && e.parent_id == item.id) {
    add("/elements/parent_id", "item.parent_self", "an item is not its own parent");
  }
  list(e.legal_basis.size(), "/elements/legal_basis");
  for (std::size_t i = 0; i < e.legal_basis.size() && i < kMaxElementList; ++i) {
    const std::string at = "/elements/legal_basis/" + std::to_string(i);
    if (e.legal_basis[i].law.empty() || Utf8Length(e.legal_basis[i].law) > 200) {
      add(at + "/law", "item.legal_basis_law", "a legal basis names its law (1 to 200 characters)");
    }
    text(e.legal_basis[i].article, 100, at + "/article");
    text(e.legal_basis[i].text, 4000, at + "/text");
  }
  text(e.conditions, 4000, "/elements/conditions");
  list(e.situations.size(), "/elements/situations");
  for (std::size_t i = 0; i < e.situations.size() && i < kMaxElementList; ++i) {
    const std::string at = "/elements/situations/" + std::to_string(i);
    if (e.situations[i].name.empty() || Utf8Length(e.situations[i].name) > 200) {
      add(at + "/name", "item.situation_name", "a situation needs a name of 1 to 200 characters");
    }
    text(e.situations[i].description, 2000, at + "/description");
    ValidateMaterials(e.situations[i].materials, at + "/materials", errors);
  }
  if (e.onsite_visits < 0 || e.onsite_visits > kMaxVisits) {
    add("/elements/onsite_visits", "item.visits_range", "between 0 and 10 visits");
  }
  if (e.online_depth == OnlineDepth::kFullyOnline && !item.online) {
    add("/elements/online_depth", "item.fully_online_not_online",
        "a fully online item (全程网办) must accept online applications");
  }
  if (e.online_depth == OnlineDepth::kFullyOnline && e.onsite_visits != 0) {
    add("/elements/onsite_visits", "item.fully_online_visits",
        "a fully online item (全程网办) needs no visit");
  }
  list(e.fees.size(), "/elements/fees");
  for (std::size_t i = 0; i < e.fees.size() && i < kMaxElementList; ++i) {
    const std::string at = "/elements/fees/" + std::to_string(i);
    if (e.fees[i].name.empty() || Utf8Length(e.fees[i].name) > 200) {
      add(at + "/name", "item.fee_name", "a fee needs a name of 1 to 200 characters");
    }
    text(e.fees[i].standard, 500, at + "/standard");
    text(e.fees[i].basis, 500, at + "/basis");
  }
  list(e.channels.size(), "/elements/channels");
  for (std::size_t i = 0; i < e.channels.size() && i < kMaxElementList; ++i) {
    if (e.channels[i].empty() || Utf8Length(e.channels[i]) > 100) {
      add("/elements/channels/" + std::to_string(i), "item.text_length", "1 to 100 characters");
    }
  }
  list(e.windows.size(), "/elements/windows");
  for (std::size_t i = 0; i < e.windows.size() && i < kMaxElementList; ++i) {
    if (e.windows[i].empty() || Utf8Length(e.windows[i]) > 100) {
      add("/elements/windows/" + std::to_string(i), "item.text_length", "1 to 100 characters");
    }
  }
  if (e.tolerance) {
    bool any_secondary = std::any_of(item.materials.begin(), item.materials.end(),
                                     [](const Material& m) { return m.secondary; });
    for (const auto& s : e.situations) {
      any_secondary = any_secondary || std::any_of(s.materials.begin(), s.materials.end(),
                                                   [](const Material& m) { return m.secondary; });
    }
    if (!any_secondary) {
      add("/elements/tolerance", "item.tolerance_needs_secondary",
          "容缺受理 needs at least one secondary material that may be supplied later");
    }
  }
}

}  // namespace zt::catalog
