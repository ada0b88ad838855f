// The delegation ledger (赋权清单): recording a document's entries, listing, totals at a date.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "zt/core/region_code.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"
#include "zt/service/delegation_service.h"

namespace zt::service {
namespace {

bool ManagesRegion(const accounts::Actor& actor, const RegionCode& region) {
  if (actor.role != accounts::Role::kBureauManager) return false;
  auto scope = RegionCode::Parse(actor.region_code);
  return scope && scope->Contains(region);
}

EventDraft RecordedEvent(Instant at, const catalog::DelegationEntry& e,
                         const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft event = ActorEvent(at, "delegation.recorded", "delegation", e.id, actor, ctx);
  event.details = {{"kind", std::string(catalog::DelegationKindName(e.kind))},
                   {"item_ref", e.item_ref},
                   {"category_code", e.category_code},
                   {"document_number", e.document_number},
                   {"from_region", e.from.region_code},
                   {"to_region", e.to ? e.to->region_code : ""},
                   {"effective_from", e.effective_from.ToString()}};
  return event;
}

}  // namespace

Result<std::vector<catalog::DelegationEntry>> DelegationService::Record(
    const accounts::Actor& actor, const DelegationBatch& batch, const RequestContext& ctx) {
  if (batch.items.empty()) {
    return FieldFail("/items", "delegation.items_empty", "a document lists at least one item");
  }
  if (batch.items.size() > kMaxDelegationBatch) {
    return FieldFail("/items", "delegation.items_too_many",
                     "at most " + std::to_string(kMaxDelegationBatch) + " items per request");
  }
  if (actor.role != accounts::Role::kBureauManager) {
    return AuditDenied(store_, clock_, actor, "delegation", batch.document_number, ctx,
                       Fail(ErrorCode::kPermissionDenied, "delegation.not_allowed",
                            "the delegation ledger is kept by the bureau above both bodies"));
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  std::vector<FieldError> errors;
  // Each region is looked up once; its level comes from the region table.
  std::map<std::string, std::optional<catalog::Level>> levels;
  bool out_of_scope = false;
  auto resolve = [&](const std::string& text,
                     const std::string& pointer) -> Result<std::optional<catalog::Level>> {
    auto code = RegionCode::Parse(text);
    if (!code) {
      errors.push_back({pointer, "region.format", "not a region code"});
      return std::nullopt;
    }
    if (!ManagesRegion(actor, *code)) out_of_scope = true;
    auto known = levels.find(code->value());
    if (known == levels.end()) {
      ZT_ASSIGN_OR_RETURN(auto region, tx->FindRegion(code->value()));
      std::optional<catalog::Level> level;
      if (region) level = catalog::LevelOfRegion(region->level);
      known = levels.emplace(code->value(), level).first;
    }
    if (!known->second) errors.push_back({pointer, "region.unknown", "no such region"});
    return known->second;
  };

  const Instant now = clock_.Now();
  std::vector<catalog::DelegationEntry> entries;
  entries.reserve(batch.items.size());
  ZT_ASSIGN_OR_RETURN(auto from_level, resolve(batch.from_region, "/from_region"));
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (std::size_t i = 0; i < batch.items.size(); ++i) {
    const DelegationItemInput& in = batch.items[i];
    const std::string at = "/items/" + std::to_string(i);
    catalog::DelegationEntry e;
    e.kind = batch.kind;
    e.item_ref = in.item_ref;
    e.item_name = in.item_name;
    e.category_list = batch.category_list;
    e.category_code = in.category_code;
    e.from = {batch.from_region, batch.from_body, from_level.value_or(catalog::Level::kCity)};
    e.document_number = batch.document_number;
    e.effective_from = batch.effective_from;
    e.effective_until = batch.effective_until;
    e.recorded_at = now;
    e.recorded_by = actor.account_id.value();
    std::string to_region = in.to_region.empty() ? batch.to_region : in.to_region;
    std::string to_body = in.to_body.empty() ? batch.to_body : in.to_body;
    std::optional<catalog::Level> to_level;
    if (!to_region.empty() || !to_body.empty()) {
      ZT_ASSIGN_OR_RETURN(to_level, resolve(to_region, at + "/to/region_code"));
      e.to = catalog::DelegationParty{to_region, to_body, to_level.value_or(e.from.level)};
    }
    std::vector<FieldError> own = catalog::ValidationErrors(e, at);
    // A level check against a region we could not resolve would only repeat that error.
    if (!from_level || (e.to && !to_level)) {
      std::erase_if(own, [](const FieldError& f) { return f.key == "delegation.level_direction"; });
    }
    errors.insert(errors.end(), own.begin(), own.end());
    if (!seen.emplace(e.item_ref, to_region, to_body).second) {
      errors.push_back({at + "/item_ref", "delegation.duplicate_item",
                        "the item is listed twice for the same body"});
    }
    entries.push_back(std::move(e));
  }
  if (out_of_scope) {
    return AuditDenied(store_, clock_, actor, "delegation", batch.document_number, ctx,
                       Fail(ErrorCode::kPermissionDenied, "delegation.not_allowed",
                            "a body of the document lies outside your region"),
                       tx);
  }
  // A 收回 must end a grant that is in force when it takes effect.
  if (batch.kind == catalog::DelegationKind::kTakeBack && errors.empty()) {
    ZT_ASSIGN_OR_RETURN(auto ledger,
                        tx->catalog().DelegationLedger(RegionScopePrefix(actor.region_code)));
    auto in_force = catalog::EffectiveGrants(ledger, batch.effective_from);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& back = entries[i];
      bool found = std::ranges::any_of(in_force, [&](const catalog::DelegationEntry& g) {
        return g.item_ref == back.item_ref && g.to && g.to->region_code == back.from.region_code &&
               g.to->body == back.from.body;
      });
      if (!found) {
        errors.push_back({"/items/" + std::to_string(i) + "/item_ref",
                          "delegation.nothing_to_take_back",
                          "the body holds no grant of this item on the effective date"});
      }
    }
  }
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "delegation.invalid",
                std::to_string(errors.size()) + " problem(s) in the document's entries",
                std::move(errors));
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    entries[i].id = NewId(crypto_, "dl_");
    ZT_RETURN_IF_ERROR(tx->catalog().InsertDelegation(entries[i], static_cast<int>(i)));
    ZT_RETURN_IF_ERROR(tx->AppendEvent(RecordedEvent(now, entries[i], actor, ctx)));
  }
  ZT_RETURN_IF_ERROR(tx->Commit());
  return entries;
}

Result<Page<catalog::DelegationEntry>> DelegationService::List(std::string_view region,
                                                               DelegationQuery query) {
  ZT_ASSIGN_OR_RETURN(query.region_prefix, RegionFilterPrefix(region));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->catalog().ListDelegations(query);
}

Result<DelegationTotalsView> DelegationService::Totals(std::string_view region, Date date) {
  ZT_ASSIGN_OR_RETURN(std::string prefix, RegionFilterPrefix(region));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto ledger, tx->catalog().DelegationLedger(prefix));
  return DelegationTotalsView{prefix, catalog::TotalsAt(ledger, date)};
}

}  // namespace zt::service
