#include "zt/service/catalog_service.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "catalog_internal.h"
#include "zt/core/region_code.h"
#include "zt/service/audit.h"

namespace zt::service {
namespace {

using catalog_internal::IsDepartmentAdminOf;
using catalog_internal::ItemEvent;

// Staff in whose scope the item lies see it in any status; everyone else sees published.
bool CanSeeUnpublished(const std::optional<accounts::Actor>& actor,
                       const catalog::ServiceItem& item) {
  return actor && accounts::CanSeeDepartmentRecord(*actor, item.region_code, item.department_id);
}

// Version 1 of a new item: a draft whose content is the item itself.
catalog::ItemVersion FirstVersion(const catalog::ServiceItem& item, const accounts::Actor& actor,
                                  Instant now) {
  catalog::ItemVersion v;
  v.item_id = item.id;
  v.number = 1;
  v.author_id = actor.account_id.value();
  v.content = item;
  v.created_at = now;
  v.updated_at = now;
  return v;
}

// Bumped by every CatalogService's InvalidateIndex: the API builds one service per route
// group, and a publish through any of them must make every index stale (a rebuild too many
// when two stores share a process is harmless).
std::atomic<std::uint64_t> g_catalog_generation{1};

}  // namespace

std::string RegionScopePrefix(std::string_view region_code) {
  std::string prefix(region_code);
  if (prefix.size() == 6) {
    while (prefix.size() > 2 && prefix.ends_with("00")) prefix.resize(prefix.size() - 2);
  }
  return prefix;
}

Result<std::string> RegionFilterPrefix(std::string_view region) {
  if (region.empty()) return std::string();
  auto code = RegionCode::Parse(region);
  if (!code) return FieldFail("region", "region.format", "not a region code");
  return RegionScopePrefix(code->value());
}

std::string NewId(Crypto& crypto, std::string_view prefix) {
  return std::string(prefix) + crypto.RandomToken(16);
}

Result<ItemView> CatalogService::Create(const accounts::Actor& actor, catalog::ServiceItem item,
                                        const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(catalog::Validate(item));
  if (!RegionCode::Parse(item.region_code)) {
    return FieldFail("/region_code", "region.format", "not a region code");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(item.department_id));
  if (!department) {
    return FieldFail("/department_id", "department.unknown", "no such department");
  }
  ZT_ASSIGN_OR_RETURN(auto region, tx->FindRegion(item.region_code));
  if (!region) return FieldFail("/region_code", "region.unknown", "no such region");
  if (!IsDepartmentAdminOf(actor, item.department_id, item.region_code)) {
    return AuditDenied(store_, clock_, actor, "item", item.code, ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.not_your_department",
                            "only the department's administrator publishes its items"),
                       tx);
  }
  Instant now = clock_.Now();
  item.id = ItemId(NewId(crypto_, "i_"));
  item.status = catalog::ItemStatus::kDraft;
  item.version = 1;
  item.created_at = now;
  item.updated_at = now;
  auto inserted = tx->InsertItem(item);
  if (!inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "item.code_taken", "an item with this code exists",
                  {{"/code", "item.code_taken", "an item with this code exists"}});
    }
    return std::unexpected(inserted.error());
  }
  if (!item.elements.parent_id.empty()) {
    ZT_ASSIGN_OR_RETURN(auto parent, tx->FindItem(item.elements.parent_id));
    if (!parent || parent->department_id != item.department_id) {
      return FieldFail("/elements/parent_id", "item.parent_unknown",
                       "the parent item is not one of this department's items");
    }
  }
  ZT_RETURN_IF_ERROR(tx->catalog().PutItemElements(item.id, item.elements));
  ZT_RETURN_IF_ERROR(tx->catalog().InsertItemVersion(FirstVersion(item, actor, now)));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(ItemEvent(now, "item.created", item, actor, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return ItemView{std::move(item), department->name};
}

Result<ItemView> CatalogService::ChangeStatus(const accounts::Actor& actor, const ItemId& id,
                                              std::int64_t if_match, catalog::ItemStatus from,
                                              catalog::ItemStatus to, const char* action,
                                              const RequestContext& ctx,
                                              std::string_view load_reason) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindItem(id));
  if (!found || !CanSeeUnpublished(actor, *found)) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx,
                       catalog_internal::ItemNotFound(), tx);
  }
  if (!IsDepartmentAdminOf(actor, found->department_id, found->region_code)) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.not_your_department",
                            "only the department's administrator publishes its items"),
                       tx);
  }
  if (found->version != if_match) {
    return Fail(
        ErrorCode::kAborted, "version.stale",
        "the item has changed since it was read (version " + std::to_string(found->version) + ")");
  }
  if (found->status != from) {
    return Fail(ErrorCode::kFailedPrecondition, "item.status_not_allowed",
                std::string("cannot ") + action + " an item that is " +
                    std::string(catalog::ItemStatusName(found->status)));
  }
  // The version the change applies to: publishing puts the open draft in force from today
  // (an item stored before versions existed gets its first version now); withdrawing ends
  // the version in force yesterday, so it is not in force on the day it is withdrawn.
  ZT_ASSIGN_OR_RETURN(auto versions, tx->catalog().ListItemVersions(id));
  ZT_ASSIGN_OR_RETURN(auto elements, tx->catalog().FindItemElements(id));
  catalog::ServiceItem item = *found;
  if (elements) item.elements = std::move(*elements);
  item.status = to;
  item.version = found->version + 1;
  item.updated_at = clock_.Now();
  const Date today = CivilDateCst(item.updated_at);
  catalog::ItemVersion* open = nullptr;
  catalog::ItemVersion* in_force = nullptr;
  for (auto& v : versions) {
    if (v.state == catalog::VersionState::kDraft || v.state == catalog::VersionState::kReview) {
      open = &v;
    }
    if (v.state == catalog::VersionState::kPublished) in_force = &v;
  }
  if (to == catalog::ItemStatus::kPublished) {
    if (open && open->state == catalog::VersionState::kReview) {
      return Fail(ErrorCode::kFailedPrecondition, "item.in_review",
                  "the item is in review: the reviewer publishes it");
    }
    catalog::ItemVersion version = open ? *open : FirstVersion(item, actor, item.updated_at);
    if (!open) version.number = versions.empty() ? 1 : versions.back().number + 1;
    version.content = item;
    version.state = catalog::VersionState::kPublished;
    version.effective_from = today;
    version.updated_at = item.updated_at;
    ZT_RETURN_IF_ERROR(open ? tx->catalog().UpdateItemVersion(version)
                            : tx->catalog().InsertItemVersion(version));
  } else if (in_force) {
    in_force->state = catalog::VersionState::kWithdrawn;
    in_force->effective_to = today.AddDays(-1);
    in_force->updated_at = item.updated_at;
    ZT_RETURN_IF_ERROR(tx->catalog().UpdateItemVersion(*in_force));
  }
  ZT_RETURN_IF_ERROR(tx->UpdateItem(item, found->version));
  EventDraft e = ItemEvent(item.updated_at, std::string("item.") + action, item, actor, ctx);
  if (to == catalog::ItemStatus::kPublished) {
    // Published without a second person: the event says who loaded it and why.
    e.details.push_back({"initial_load", "true"});
    e.details.push_back({"loaded_by", actor.account_id.value()});
    e.details.push_back({"reason", std::string(load_reason)});
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(item.department_id));
  ZT_RETURN_IF_ERROR(tx->Commit());
  InvalidateIndex();
  return ItemView{std::move(item), department ? department->name : ""};
}

Result<ItemView> CatalogService::PublishInitialLoad(const accounts::Actor& actor, const ItemId& id,
                                                    std::int64_t if_match, std::string_view reason,
                                                    const RequestContext& ctx) {
  if (reason.empty() || reason.size() > 200) {
    return FieldFail("reason", "item.initial_load_reason",
                     "an initial load says why it skips review (1 to 200 bytes)");
  }
  return ChangeStatus(actor, id, if_match, catalog::ItemStatus::kDraft,
                      catalog::ItemStatus::kPublished, "published", ctx, reason);
}

Result<ItemView> CatalogService::Withdraw(const accounts::Actor& actor, const ItemId& id,
                                          std::int64_t if_match, const RequestContext& ctx) {
  return ChangeStatus(actor, id, if_match, catalog::ItemStatus::kPublished,
                      catalog::ItemStatus::kWithdrawn, "withdrawn", ctx, "");
}

Result<ItemView> CatalogService::Get(const std::optional<accounts::Actor>& actor,
                                     const ItemId& id) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindItem(id));
  if (!found ||
      (found->status != catalog::ItemStatus::kPublished && !CanSeeUnpublished(actor, *found))) {
    return catalog_internal::ItemNotFound();
  }
  ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(found->department_id));
  return ItemView{std::move(*found), department ? department->name : ""};
}

Result<Page<ItemView>> CatalogService::List(const std::optional<accounts::Actor>& actor,
                                            ItemQuery query) {
  bool staff = actor && actor->role != accounts::Role::kCitizen && !actor->region_code.empty();
  if (!staff && !query.text.empty()) return Search(query);
  if (staff && accounts::IsDepartmentalRole(actor->role)) {
    // Departmental staff list their own department's items in any status.
    query.department_id = actor->department_id;
  } else if (staff && actor->role == accounts::Role::kBureauManager) {
    auto scope = RegionCode::Parse(actor->region_code);
    if (scope && query.region_prefix.empty()) {
      query.region_prefix = RegionScopePrefix(actor->region_code);
    }
  } else {
    query.status = catalog::ItemStatus::kPublished;
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto page, tx->ListItems(query));
  Page<ItemView> out;
  out.total = page.total;
  std::map<std::string, std::string> names;
  for (auto& item : page.items) {
    auto it = names.find(item.department_id.value());
    if (it == names.end()) {
      ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(item.department_id));
      it = names.emplace(item.department_id.value(), department ? department->name : "").first;
    }
    out.items.push_back(ItemView{std::move(item), it->second});
  }
  return out;
}

Result<std::vector<catalog::ServiceItem>> ListAllItems(UnitOfWork& tx, ItemQuery query) {
  constexpr int kPage = 1000;
  std::vector<catalog::ServiceItem> all;
  query.offset = 0;
  query.limit = kPage;
  while (true) {
    ZT_ASSIGN_OR_RETURN(auto page, tx.ListItems(query));
    std::size_t got = page.items.size();
    for (auto& item : page.items) all.push_back(std::move(item));
    if (got < static_cast<std::size_t>(kPage)) break;
    query.offset += kPage;
  }
  return all;
}

Result<std::optional<catalog::ServiceItem>> FindItemByCode(UnitOfWork& tx, std::string_view code) {
  ItemQuery same_code;
  same_code.text = std::string(code);
  ZT_ASSIGN_OR_RETURN(auto candidates, ListAllItems(tx, same_code));
  for (auto& c : candidates) {
    if (c.code == code) return std::optional<catalog::ServiceItem>(std::move(c));
  }
  return std::optional<catalog::ServiceItem>();
}

void CatalogService::InvalidateIndex() {
  std::unique_lock lock(index_mutex_);
  ++g_catalog_generation;
  index_.reset();
}

Result<std::shared_ptr<const CatalogService::IndexSnapshot>> CatalogService::Index() {
  std::uint64_t version = 0;
  {
    std::shared_lock lock(index_mutex_);
    version = g_catalog_generation.load();
    if (index_ && index_version_ == version) return index_;
  }
  // Built outside the lock; installed only if nothing was published or withdrawn meanwhile
  // (a concurrent change bumps the generation, and this snapshot may predate it).
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ItemQuery published;
  published.status = catalog::ItemStatus::kPublished;
  ZT_ASSIGN_OR_RETURN(auto items, ListAllItems(*tx, published));
  ZT_ASSIGN_OR_RETURN(auto departments, tx->ListDepartments(""));
  auto snapshot = std::make_shared<IndexSnapshot>(std::move(items));
  for (const auto& d : departments) snapshot->department_names[d.id.value()] = d.name;
  std::unique_lock lock(index_mutex_);
  if (g_catalog_generation.load() == version) {
    index_ = snapshot;
    index_version_ = version;
  }
  return std::shared_ptr<const IndexSnapshot>(std::move(snapshot));
}

Result<Page<ItemView>> CatalogService::Search(const ItemQuery& query) {
  ZT_ASSIGN_OR_RETURN(auto snapshot, Index());
  catalog::SearchQuery q;
  q.text = query.text;
  q.region_prefix = query.region_prefix;
  q.department_id = query.department_id;
  auto hits = snapshot->index.Search(q);
  Page<ItemView> out;
  out.total = static_cast<std::int64_t>(hits.size());
  std::size_t from = static_cast<std::size_t>(std::max(query.offset, 0));
  std::size_t limit = static_cast<std::size_t>(std::max(query.limit, 0));
  for (std::size_t i = from; i < hits.size() && i < from + limit; ++i) {
    auto name = snapshot->department_names.find(hits[i].item->department_id.value());
    out.items.push_back(
        ItemView{*hits[i].item, name == snapshot->department_names.end() ? "" : name->second});
  }
  return out;
}

Result<std::string> CatalogService::ExportCsv(const accounts::Actor& actor,
                                              const DepartmentId& department, bool bom,
                                              const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindDepartment(department));
  if (!found || !IsDepartmentAdminOf(actor, department, found->region_code)) {
    return AuditDenied(store_, clock_, actor, "department", department.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.not_your_department",
                            "only the department's administrator exports its items"),
                       tx);
  }
  ItemQuery query;
  query.department_id = department;
  ZT_ASSIGN_OR_RETURN(auto items, ListAllItems(*tx, query));
  std::map<std::string, std::string> codes;
  for (auto& item : items) {
    codes[item.id.value()] = item.code;
    ZT_ASSIGN_OR_RETURN(auto elements, tx->catalog().FindItemElements(item.id));
    if (elements) item.elements = std::move(*elements);
    // What the department is working on: the open draft or review version when there is one
    // (importing the edited row replaces that draft), else the item's record.
    if (item.status != catalog::ItemStatus::kDraft) {
      ZT_ASSIGN_OR_RETURN(auto versions, tx->catalog().ListItemVersions(item.id));
      if (!versions.empty() && (versions.back().state == catalog::VersionState::kDraft ||
                                versions.back().state == catalog::VersionState::kReview)) {
        catalog::ServiceItem content = versions.back().content;
        content.id = item.id;
        content.code = item.code;
        item = std::move(content);
      }
    }
  }
  return catalog::FormatItemsCsv(items, codes, bom);
}

Result<ImportOutcome> CatalogService::ImportCsv(const accounts::Actor& actor, std::string_view csv,
                                                const RequestContext& ctx,
                                                const ImportProgress& progress) {
  if (actor.role != accounts::Role::kDepartmentAdmin || actor.department_id.empty()) {
    return AuditDenied(store_, clock_, actor, "item", "import", ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.not_your_department",
                            "only a department's administrator imports its items"));
  }
  catalog::ParsedItemsCsv parsed = catalog::ParseItemsCsv(csv);
  ImportOutcome outcome;
  outcome.errors = std::move(parsed.errors);
  const int total = static_cast<int>(parsed.items.size());
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  // Checks against the store for the rows that parsed; rows that did not are already listed.
  std::map<std::string, std::optional<Department>> departments;
  std::set<std::string> regions_known, regions_unknown;
  // What each row will do: create a draft, replace a draft, open a revision, or nothing.
  enum class Plan { kCreate, kReplaceDraft, kRevise, kUnchanged };
  struct Row {
    Plan plan = Plan::kCreate;
    std::optional<catalog::ServiceItem> existing;  // with its elements
    std::vector<catalog::ItemVersion> versions;
    std::string department_name;
  };
  std::vector<Row> plans(parsed.items.size());
  std::map<std::string, ItemId> ids_by_code;  // the file's items and the parents found
  for (std::size_t i = 0; i < parsed.items.size(); ++i) {
    catalog::ServiceItem& item = parsed.items[i];
    const int row = parsed.rows[i];
    std::size_t before = outcome.errors.size();
    auto add = [&](std::string field, std::string key, std::string message) {
      outcome.errors.push_back({row, std::move(field), std::move(key), std::move(message)});
    };
    auto dep = departments.find(item.department_id.value());
    if (dep == departments.end()) {
      ZT_ASSIGN_OR_RETURN(auto d, tx->FindDepartment(item.department_id));
      dep = departments.emplace(item.department_id.value(), std::move(d)).first;
    }
    if (!dep->second) {
      add("department_id", "department.unknown",
          "no such department: " + item.department_id.value());
    }
    bool region_ok = regions_known.contains(item.region_code);
    if (!region_ok && !regions_unknown.contains(item.region_code)) {
      std::optional<Region> r;
      if (RegionCode::Parse(item.region_code)) {
        ZT_ASSIGN_OR_RETURN(r, tx->FindRegion(item.region_code));
      }
      (r ? regions_known : regions_unknown).insert(item.region_code);
      region_ok = r.has_value();
    }
    if (!region_ok) add("region_code", "region.unknown", "no such region: " + item.region_code);
    if (dep->second && region_ok &&
        !IsDepartmentAdminOf(actor, item.department_id, item.region_code)) {
      add("department_id", "item.not_your_department",
          "you administer " + actor.department_id.value() + ", not " + item.department_id.value());
    }
    ZT_ASSIGN_OR_RETURN(auto same, FindItemByCode(*tx, item.code));
    Row& plan = plans[i];
    if (dep->second) plan.department_name = dep->second->name;
    if (same && outcome.errors.size() == before) {
      if (same->department_id != item.department_id) {
        add("code", "item.code_taken", "an item with code " + item.code + " exists");
      } else if (same->region_code != item.region_code) {
        add("region_code", "item.region_locked",
            "item " + item.code + " is implemented in " + same->region_code);
      } else if (same->status == catalog::ItemStatus::kWithdrawn) {
        add("code", "item.status_not_allowed", "item " + item.code + " is withdrawn");
      } else {
        ZT_ASSIGN_OR_RETURN(auto elements, tx->catalog().FindItemElements(same->id));
        if (elements) same->elements = std::move(*elements);
        ZT_ASSIGN_OR_RETURN(plan.versions, tx->catalog().ListItemVersions(same->id));
        const bool open = !plan.versions.empty() &&
                          (plan.versions.back().state == catalog::VersionState::kDraft ||
                           plan.versions.back().state == catalog::VersionState::kReview);
        if (open && plan.versions.back().state == catalog::VersionState::kReview) {
          add("code", "item.in_review", "item " + item.code + " is in review");
        }
        ZT_ASSIGN_OR_RETURN(auto implementation, tx->catalog().FindImplementation(same->id));
        if (implementation && (item.name != same->name || item.type != same->type ||
                               item.statutory_limit_wd != same->statutory_limit_wd)) {
          add("name", "item.element_locked",
              "name, type and statutory limit are set by the basic catalogue");
        }
        plan.plan = same->status == catalog::ItemStatus::kDraft || open ? Plan::kReplaceDraft
                                                                        : Plan::kRevise;
        plan.existing = std::move(same);
      }
    }
    if (outcome.errors.size() == before) {
      item.id = plan.existing ? plan.existing->id : ItemId(NewId(crypto_, "i_"));
      ids_by_code[item.code] = item.id;
    }
    if (progress && (i + 1) % 500 == 0) progress("checking rows", static_cast<int>(i + 1), total);
  }
  // Parents: an item of this file or of the department, named by its code.
  for (std::size_t i = 0; i < parsed.items.size(); ++i) {
    const std::string& parent_code = parsed.parent_codes[i];
    catalog::ServiceItem& item = parsed.items[i];
    if (parent_code.empty() || item.id.empty()) continue;
    auto in_file = ids_by_code.find(parent_code);
    std::optional<catalog::ServiceItem> parent;
    if (in_file == ids_by_code.end()) {
      ZT_ASSIGN_OR_RETURN(parent, FindItemByCode(*tx, parent_code));
    }
    const bool same_department =
        in_file != ids_by_code.end()
            ? std::any_of(parsed.items.begin(), parsed.items.end(),
                          [&](const catalog::ServiceItem& p) {
                            return p.code == parent_code && p.department_id == item.department_id;
                          })
            : parent && parent->department_id == item.department_id;
    if (!same_department) {
      outcome.errors.push_back({parsed.rows[i], "parent_code", "item.parent_unknown",
                                "no item " + parent_code + " of this department"});
      continue;
    }
    item.elements.parent_id = in_file != ids_by_code.end() ? in_file->second : parent->id;
  }
  // Rows whose record would not change write nothing.
  for (std::size_t i = 0; i < parsed.items.size(); ++i) {
    Row& plan = plans[i];
    if (!plan.existing) continue;
    catalog::ServiceItem current =
        plan.existing->status != catalog::ItemStatus::kDraft && plan.plan == Plan::kReplaceDraft
            ? plan.versions.back().content
            : *plan.existing;
    current.id = parsed.items[i].id;
    if (catalog::ItemCsvCells(current, current.elements.parent_id.value()) ==
        catalog::ItemCsvCells(parsed.items[i], parsed.items[i].elements.parent_id.value())) {
      plan.plan = Plan::kUnchanged;
    }
  }
  if (!outcome.errors.empty()) {
    std::stable_sort(outcome.errors.begin(), outcome.errors.end(),
                     [](const auto& a, const auto& b) { return a.row < b.row; });
    return outcome;  // tx rolls back: it wrote nothing
  }
  Instant now = clock_.Now();
  for (std::size_t i = 0; i < parsed.items.size(); ++i) {
    catalog::ServiceItem content = std::move(parsed.items[i]);
    Row& plan = plans[i];
    if (plan.plan == Plan::kUnchanged) {
      ++outcome.unchanged;
      continue;
    }
    EventDraft e;
    if (plan.plan == Plan::kCreate) {
      content.status = catalog::ItemStatus::kDraft;
      content.version = 1;
      content.created_at = now;
      content.updated_at = now;
      ZT_RETURN_IF_ERROR(tx->InsertItem(content));
      ZT_RETURN_IF_ERROR(tx->catalog().PutItemElements(content.id, content.elements));
      ZT_RETURN_IF_ERROR(tx->catalog().InsertItemVersion(FirstVersion(content, actor, now)));
      e = ItemEvent(now, "item.created", content, actor, ctx);
      outcome.created.push_back(ItemView{content, plan.department_name});
    } else {
      catalog::ServiceItem item = *plan.existing;
      catalog::ServiceItem next = item;
      const bool first = item.status == catalog::ItemStatus::kDraft;
      if (first) {
        // A never-published item's record is its draft.
        next = content;
        next.status = item.status;
        next.created_at = item.created_at;
      }
      next.version = item.version + 1;
      next.updated_at = now;
      ZT_RETURN_IF_ERROR(tx->UpdateItem(next, item.version));
      if (first) ZT_RETURN_IF_ERROR(tx->catalog().PutItemElements(item.id, next.elements));
      content.status = catalog::ItemStatus::kDraft;
      const bool open = plan.plan == Plan::kReplaceDraft && !plan.versions.empty() &&
                        plan.versions.back().state == catalog::VersionState::kDraft;
      catalog::ItemVersion version;
      if (open) {
        version = plan.versions.back();
      } else {
        version.item_id = item.id;
        version.number = plan.versions.empty() ? 1 : plan.versions.back().number + 1;
        version.author_id = actor.account_id.value();
        version.created_at = now;
      }
      version.content = content;
      version.updated_at = now;
      ZT_RETURN_IF_ERROR(open ? tx->catalog().UpdateItemVersion(version)
                              : tx->catalog().InsertItemVersion(version));
      e = ItemEvent(now,
                    plan.plan == Plan::kRevise ? "item.revision_started" : "item.draft_updated",
                    next, actor, ctx);
      e.details.push_back({"content_version", std::to_string(version.number)});
      outcome.updated.push_back(ItemView{next, plan.department_name});
    }
    e.details.push_back({"source", "csv_import"});
    ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
    if (progress && (i + 1) % 500 == 0) progress("writing rows", static_cast<int>(i + 1), total);
  }
  ZT_RETURN_IF_ERROR(tx->Commit());
  if (progress) progress("writing rows", total, total);
  return outcome;
}

Result<CatalogFigures> CatalogService::Figures(const accounts::Actor& actor,
                                               std::string_view region,
                                               const DepartmentId& department,
                                               std::optional<Date> as_of) {
  CatalogFigures out;
  out.department_id = department;
  if (actor.role == accounts::Role::kBureauManager && !actor.region_code.empty()) {
    std::string asked = region.empty() ? actor.region_code : std::string(region);
    auto asked_code = RegionCode::Parse(asked);
    if (!asked_code) return FieldFail("region", "region.format", "not a region code");
    auto scope = RegionCode::Parse(actor.region_code);
    if (!scope || !scope->Contains(*asked_code)) {
      return Fail(ErrorCode::kPermissionDenied, "stats.out_of_scope",
                  "the region lies outside your scope");
    }
    out.region_prefix = RegionScopePrefix(asked);
  } else if (actor.role == accounts::Role::kDepartmentAdmin && !actor.department_id.empty()) {
    if (!department.empty() && department != actor.department_id) {
      return Fail(ErrorCode::kPermissionDenied, "stats.out_of_scope",
                  "you see the figures of your own department only");
    }
    if (!region.empty()) {
      if (!RegionCode::Parse(region))
        return FieldFail("region", "region.format", "not a region code");
      out.region_prefix = RegionScopePrefix(region);
    }
    if (!out.region_prefix.empty() &&
        !RegionScopePrefix(actor.region_code).starts_with(out.region_prefix) &&
        !out.region_prefix.starts_with(RegionScopePrefix(actor.region_code))) {
      return Fail(ErrorCode::kPermissionDenied, "stats.out_of_scope",
                  "the region lies outside your scope");
    }
    if (out.region_prefix.empty()) out.region_prefix = RegionScopePrefix(actor.region_code);
    out.department_id = actor.department_id;
  } else {
    return Fail(ErrorCode::kPermissionDenied, "stats.catalog_not_allowed",
                "catalogue figures are for bureau managers and department administrators");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  std::vector<catalog::ServiceItem> items;
  if (as_of) {
    // The catalogue frozen at the reporting date: each item's version then in force.
    VersionsInForceQuery frozen{*as_of, out.region_prefix, out.department_id};
    ZT_ASSIGN_OR_RETURN(auto versions, tx->catalog().VersionsInForce(frozen));
    for (auto& v : versions) items.push_back(std::move(v.content));
  } else {
    ItemQuery query;
    query.region_prefix = out.region_prefix;
    query.department_id = out.department_id;
    query.status = catalog::ItemStatus::kPublished;
    ZT_ASSIGN_OR_RETURN(items, ListAllItems(*tx, query));
  }
  // Departmental admins see only their department's records inside their region.
  std::erase_if(items, [&](const catalog::ServiceItem& item) {
    return !accounts::CanSeeDepartmentRecord(actor, item.region_code, item.department_id);
  });
  out.items = static_cast<std::int64_t>(items.size());
  out.indicators = catalog::CatalogIndicators(items);
  return out;
}

}  // namespace zt::service
