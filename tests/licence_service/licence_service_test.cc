// Licences through the service on a real store: catalogue, issuing, keys, status, status lists,
// verification failures, issuing for a concluded application, once-only use, indicators and
// historical entry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "licence_fixture.h"
#include "zt/licence/identifier.h"
#include "zt/licence/status_list.h"

namespace zt::service {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class LicenceServiceTest : public LicenceFixture {};

std::vector<std::string> Reasons(const Result<VerifyReport>& r) {
  EXPECT_TRUE(r.has_value()) << r.error().ToString();
  return r ? r->verdict.reasons : std::vector<std::string>{"<error>"};
}

TEST_F(LicenceServiceTest, DepartmentAdminKeepsTheCatalogue) {
  auto created = licences_.CreateType(admin_, FoodType(), ctx_);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  EXPECT_EQ(created->department_id, "440802-scj");
  auto again = licences_.CreateType(admin_, FoodType(), ctx_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().key(), "licence_type.code_taken");
  auto by_clerk = licences_.CreateType(clerk_, FoodType(), ctx_);
  ASSERT_FALSE(by_clerk);
  EXPECT_EQ(by_clerk.error().code(), ErrorCode::kPermissionDenied);

  licence::LicenceType change = *created;
  change.opened = false;
  auto other_department = licences_.UpdateType(xs_admin_, change, 1, ctx_);
  ASSERT_FALSE(other_department);
  EXPECT_EQ(other_department.error().code(), ErrorCode::kNotFound);
  auto stale = licences_.UpdateType(admin_, change, 7, ctx_);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kAborted);
  auto closed = licences_.UpdateType(admin_, change, 1, ctx_);
  ASSERT_TRUE(closed.has_value()) << closed.error().ToString();
  EXPECT_FALSE(closed->opened);
  EXPECT_EQ(closed->version, 2);
  auto listed = licences_.ListTypes();
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_FALSE((*listed)[0].opened);

  licence::LicenceType bad = FoodType();
  bad.code = "lower";
  bad.fields.push_back({"scope", "重复", licence::FieldKind::kText, true, 10});
  auto invalid = licences_.CreateType(admin_, bad, ctx_);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(invalid.error().fields().size(), 2u);
}

TEST_F(LicenceServiceTest, ClerkIssuesASignedLicenceThatVerifies) {
  std::int64_t before = Events();
  LicenceView issued = IssueFood();
  const auto& c = issued.record.content;
  EXPECT_TRUE(licence::LicenceId::Parse(c.id).has_value()) << c.id;
  EXPECT_TRUE(c.id.starts_with(std::string("1.2.156.3005.2.") + kFoodType + "."));
  EXPECT_EQ(c.issuer_name, "赤坎区市场监督管理局");
  EXPECT_EQ(c.issue_date.ToString(), "2025-09-30");
  EXPECT_EQ(c.valid_until->ToString(), "2030-09-29");
  EXPECT_EQ(issued.record.algorithm, "SM2-SM3");
  EXPECT_EQ(issued.record.content_digest, crypto_.Digest(licence::CanonicalContent(c)));
  // type created, key created, licence issued
  EXPECT_EQ(Events(), before + 3);

  auto report = licences_.Verify(issued.document);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_TRUE(report->verdict.valid);
  EXPECT_THAT(report->verdict.warnings, IsEmpty());
  ASSERT_TRUE(report->key);
  EXPECT_EQ(report->key->key_id, issued.record.key_id);
  EXPECT_EQ(report->issuer_name, "赤坎区市场监督管理局");
  EXPECT_EQ(report->status, licence::LicenceStatus::kValid);

  // The serial counts per type and year.
  auto second = licences_.Issue(clerk_, FoodRequest("91350100M000100Y43"), ctx_);
  ASSERT_TRUE(second.has_value());
  auto a = licence::LicenceId::Parse(c.id);
  auto b = licence::LicenceId::Parse(second->record.content.id);
  EXPECT_EQ(a->serial(), "2025000001");
  EXPECT_EQ(b->serial(), "2025000002");
  EXPECT_NE(issued.record.status_index, second->record.status_index);
}

TEST_F(LicenceServiceTest, PrivateKeysAreStoredOnlyEncrypted) {
  LicenceView issued = IssueFood();
  auto tx = store_->Begin();
  ASSERT_TRUE(tx.has_value());
  auto keys = (*tx)->licences().ListKeys();
  ASSERT_TRUE(keys.has_value());
  ASSERT_EQ(keys->size(), 1u);
  const auto& k = (*keys)[0];
  EXPECT_TRUE(k.sealed_private_key.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  EXPECT_EQ(k.sealed_private_key.find("BEGIN PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(k.key_id, issued.record.key_id);
  (*tx).reset();
  // Published keys carry no private half at all.
  auto published = licences_.PublishedKeys();
  ASSERT_TRUE(published.has_value());
  EXPECT_EQ((*published)[0].public_key_pem.find("PRIVATE"), std::string::npos);
  // Another KEK cannot open the stored key: a copied database is no signing oracle.
  crypto::OpenSslSigner wrong("another key-encryption key!!");
  auto sig = wrong.Sign({k.key_id, k.algorithm, k.sealed_private_key}, "data");
  ASSERT_FALSE(sig);
  EXPECT_EQ(sig.error().key(), "licence.key_unsealable");
  // No KEK at all: verification only.
  crypto::OpenSslSigner verify_only("");
  LicenceService no_signing(*store_, crypto_, verify_only, clock_);
  auto refused = no_signing.Issue(clerk_, FoodRequest("91350100M000100Y43"), ctx_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().key(), "licence.signing_unavailable");
  auto verified = no_signing.Verify(issued.document);
  ASSERT_TRUE(verified.has_value());
  EXPECT_TRUE(verified->verdict.valid);
}

TEST_F(LicenceServiceTest, IssueIsRefusedOutOfScopeUnopenedOrInvalidAndWritesNothing) {
  ASSERT_TRUE(licences_.CreateType(admin_, FoodType(), ctx_).has_value());
  std::int64_t before = Events();
  auto other = licences_.Issue(xs_clerk_, FoodRequest(), ctx_);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().key(), "licence.issue_out_of_scope");
  auto by_citizen = licences_.Issue(citizen_, FoodRequest(), ctx_);
  ASSERT_FALSE(by_citizen);
  EXPECT_EQ(by_citizen.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Events(), before + 2);  // the two access.denied audits only

  IssueRequest bad = FoodRequest("91440802MA0000001C");  // wrong check character
  bad.fields.erase("premises");
  auto invalid = licences_.Issue(clerk_, bad, ctx_);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code(), ErrorCode::kInvalidArgument);
  std::vector<std::string> pointers;
  for (const auto& f : invalid.error().fields()) pointers.push_back(f.pointer);
  EXPECT_THAT(pointers, ElementsAre("/holder_id", "/fields/premises"));
  EXPECT_EQ(Events(), before + 2);
  auto listed = licences_.List(clerk_, {});
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->total, 0);

  licence::LicenceType closed = FoodType();
  closed.opened = false;
  ASSERT_TRUE(licences_.UpdateType(admin_, closed, 1, ctx_).has_value());
  auto not_opened = licences_.Issue(clerk_, FoodRequest(), ctx_);
  ASSERT_FALSE(not_opened);
  EXPECT_EQ(not_opened.error().key(), "licence_type.not_opened");
}

TEST_F(LicenceServiceTest, EachVerificationFailureIsNamed) {
  LicenceView issued = IssueFood();
  const LicenceDocument good = issued.document;

  LicenceDocument tampered = good;
  tampered.content.fields["scope"] = "预包装食品销售、酒类批发";
  EXPECT_THAT(Reasons(licences_.Verify(tampered)),
              ElementsAre("verify.content_tampered", "verify.signature_invalid"));

  // The visible content and the carried signed bytes must agree.
  LicenceDocument inconsistent = good;
  inconsistent.signed_content = licence::CanonicalContent(good.content) + "x";
  EXPECT_THAT(Reasons(licences_.Verify(inconsistent)), ElementsAre("verify.content_tampered"));

  LicenceDocument unknown_key = good;
  unknown_key.key_id = "00000000000000000000000000000000";
  EXPECT_THAT(Reasons(licences_.Verify(unknown_key)), ElementsAre("verify.key_unknown"));

  LicenceDocument bad_signature = good;
  bad_signature.signature = licence::Base64Encode(std::string(72, '\x01'));
  EXPECT_THAT(Reasons(licences_.Verify(bad_signature)), ElementsAre("verify.signature_invalid"));

  // A wrong check character: the identifier fails, and the content no longer matches either.
  LicenceDocument bad_id = good;
  bad_id.content.id.back() = bad_id.content.id.back() == '0' ? '1' : '0';
  EXPECT_THAT(Reasons(licences_.Verify(bad_id)),
              ElementsAre("verify.identifier_check", "verify.content_tampered",
                          "verify.signature_invalid"));

  // Signed with a key after its signing period ended (rotated out): the old key signs
  // content dated after its valid_until.
  ASSERT_TRUE(licences_.RotateKey(security_, "SM2-SM3", ctx_).has_value());
  auto tx = store_->Begin();
  ASSERT_TRUE(tx.has_value());
  auto old_key = (*tx)->licences().FindKey(good.key_id);
  ASSERT_TRUE(old_key.has_value() && old_key->has_value());
  ASSERT_TRUE((*old_key)->valid_until.has_value());
  (*tx).reset();
  LicenceDocument late = good;
  late.content.issued_at = *(*old_key)->valid_until + std::chrono::hours(1);
  std::string canonical = licence::CanonicalContent(late.content);
  auto sig = signer_.Sign({good.key_id, good.algorithm, (*old_key)->sealed_private_key}, canonical);
  ASSERT_TRUE(sig.has_value());
  late.signature = licence::Base64Encode(*sig);
  late.content_digest = crypto_.Digest(canonical);
  EXPECT_THAT(Reasons(licences_.Verify(late)), ElementsAre("verify.key_not_valid_at_issue"));
  // The genuine licence, signed inside the old key's period, still verifies after rotation.
  EXPECT_THAT(Reasons(licences_.Verify(good)), IsEmpty());

  // Suspended, then revoked.
  auto suspended =
      licences_.ChangeStatus(reviewer_, good.content.id, licence::StatusAction::kSuspend,
                             "责令停业整顿", "湛赤市监责〔2025〕3号", 1, ctx_);
  ASSERT_TRUE(suspended.has_value()) << suspended.error().ToString();
  EXPECT_THAT(Reasons(licences_.Verify(good)), ElementsAre("verify.suspended"));
  auto revoked = licences_.ChangeStatus(admin_, good.content.id, licence::StatusAction::kRevoke,
                                        "吊销许可证", "湛赤市监罚〔2025〕12号", 2, ctx_);
  ASSERT_TRUE(revoked.has_value()) << revoked.error().ToString();
  EXPECT_THAT(Reasons(licences_.Verify(good)), ElementsAre("verify.revoked"));
}

TEST_F(LicenceServiceTest, ExpiredLicenceFailsByDate) {
  LicenceView issued = IssueFood();
  clock_.Set(*ParseInstant("2030-09-29T23:00:00+08:00"));  // the last valid day
  EXPECT_THAT(Reasons(licences_.Verify(issued.document)), IsEmpty());
  clock_.Set(*ParseInstant("2030-09-30T08:00:00+08:00"));
  EXPECT_THAT(Reasons(licences_.Verify(issued.document)), ElementsAre("verify.expired"));
  auto expired =
      licences_.ChangeStatus(admin_, issued.record.content.id, licence::StatusAction::kExpire,
                             "有效期届满", "到期自动注销", 1, ctx_);
  ASSERT_TRUE(expired.has_value()) << expired.error().ToString();
  EXPECT_EQ(expired->record.status, licence::LicenceStatus::kExpired);
}

TEST_F(LicenceServiceTest, StatusChangesAreRuledLoggedAndPublished) {
  LicenceView issued = IssueFood();
  const std::string id = issued.record.content.id;
  std::int64_t before = Events();
  auto by_clerk =
      licences_.ChangeStatus(clerk_, id, licence::StatusAction::kSuspend, "r", "ref", 1, ctx_);
  ASSERT_FALSE(by_clerk);
  EXPECT_EQ(by_clerk.error().code(), ErrorCode::kPermissionDenied);
  auto other =
      licences_.ChangeStatus(xs_admin_, id, licence::StatusAction::kSuspend, "r", "ref", 1, ctx_);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), ErrorCode::kNotFound);
  auto no_reason =
      licences_.ChangeStatus(admin_, id, licence::StatusAction::kSuspend, "", "", 1, ctx_);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().fields().size(), 2u);
  EXPECT_EQ(Events(), before + 2);  // two refusals audited, nothing else

  auto suspended = licences_.ChangeStatus(admin_, id, licence::StatusAction::kSuspend, "停业整顿",
                                          "决定书 1 号", 1, ctx_);
  ASSERT_TRUE(suspended.has_value());
  EXPECT_EQ(suspended->record.version, 2);
  auto stale = licences_.ChangeStatus(admin_, id, licence::StatusAction::kReinstate, "整改完成",
                                      "决定书 2 号", 1, ctx_);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kAborted);

  // The suspension list has this licence's bit; the revocation list not.
  auto list = licences_.StatusList("suspension");
  ASSERT_TRUE(list.has_value()) << list.error().ToString();
  EXPECT_TRUE(licence::BitAt(list->bitstring, issued.record.status_index));
  EXPECT_EQ(list->bitstring.size(), 16384u);
  // Its signature verifies over the documented input.
  auto published = licences_.PublishedKeys();
  ASSERT_TRUE(published.has_value());
  std::string input = licence::StatusListSigningInput(
      "suspension", list->valid_from.time_since_epoch().count(), crypto_.Digest(list->bitstring));
  auto ok = signer_.Verify(list->algorithm, (*published)[0].public_key_pem, input,
                           *licence::Base64Decode(list->signature));
  EXPECT_TRUE(ok.value_or(false));
  auto revocations = licences_.StatusList("revocation");
  ASSERT_TRUE(revocations.has_value());
  EXPECT_FALSE(licence::BitAt(revocations->bitstring, issued.record.status_index));
  EXPECT_FALSE(licences_.StatusList("other").has_value());

  auto reinstated = licences_.ChangeStatus(admin_, id, licence::StatusAction::kReinstate,
                                           "整改完成", "决定书 2 号", 2, ctx_);
  ASSERT_TRUE(reinstated.has_value());
  auto revoked = licences_.ChangeStatus(admin_, id, licence::StatusAction::kRevoke, "吊销",
                                        "决定书 3 号", 3, ctx_);
  ASSERT_TRUE(revoked.has_value());
  auto after_revocation = licences_.ChangeStatus(admin_, id, licence::StatusAction::kReinstate,
                                                 "申诉", "决定书 4 号", 4, ctx_);
  ASSERT_FALSE(after_revocation);
  EXPECT_EQ(after_revocation.error().key(), "licence.status_transition");
  ASSERT_EQ(revoked->changes.size(), 3u);
  EXPECT_EQ(revoked->changes[2].reference, "决定书 3 号");
  EXPECT_EQ(revoked->changes[2].from_status, "valid");
  EXPECT_EQ(revoked->changes[2].to_status, "revoked");
  auto revocations_now = licences_.StatusList("revocation");
  ASSERT_TRUE(revocations_now.has_value());
  EXPECT_TRUE(licence::BitAt(revocations_now->bitstring, issued.record.status_index));
  // Each change is an event in the chain.
  auto tx = store_->Begin();
  ASSERT_TRUE(tx.has_value());
  auto events = (*tx)->ListEventsFor("licence", id);
  ASSERT_TRUE(events.has_value());
  std::vector<std::string> actions;
  for (const auto& e : *events) actions.push_back(e.event.action);
  EXPECT_THAT(actions, ElementsAre("licence.issued", "access.denied", "access.denied",
                                   "licence.suspended", "licence.valid", "licence.revoked"));
}

TEST_F(LicenceServiceTest, RotationKeepsOldKeysForVerification) {
  LicenceView first = IssueFood();
  auto by_clerk = licences_.RotateKey(clerk_, "SM2-SM3", ctx_);
  ASSERT_FALSE(by_clerk);
  EXPECT_EQ(by_clerk.error().code(), ErrorCode::kPermissionDenied);
  clock_.Advance(std::chrono::hours(1));
  auto rotated = licences_.RotateKey(security_, "SM2-SM3", ctx_);
  ASSERT_TRUE(rotated.has_value()) << rotated.error().ToString();
  EXPECT_NE(rotated->key_id, first.record.key_id);
  clock_.Advance(std::chrono::hours(1));
  auto second = licences_.Issue(clerk_, FoodRequest("91350100M000100Y43"), ctx_);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->record.key_id, rotated->key_id);
  auto keys = licences_.PublishedKeys();
  ASSERT_TRUE(keys.has_value());
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].key_id, first.record.key_id);
  EXPECT_EQ((*keys)[0].valid_until, rotated->valid_from);
  EXPECT_FALSE((*keys)[1].valid_until);
  EXPECT_TRUE(licences_.Verify(first.document)->verdict.valid);
  EXPECT_TRUE(licences_.Verify(second->document)->verdict.valid);

  // Ed25519 as the option.
  LicenceService ed(*store_, crypto_, signer_, clock_, {}, "Ed25519");
  auto third = ed.Issue(clerk_, FoodRequest("91440802MA0000001B"), ctx_);
  ASSERT_TRUE(third.has_value()) << third.error().ToString();
  EXPECT_EQ(third->record.algorithm, "Ed25519");
  EXPECT_EQ(licence::Base64Decode(third->record.signature)->size(), 64u);
  EXPECT_TRUE(licences_.Verify(third->document)->verdict.valid);
  LicenceDocument relabelled = third->document;
  relabelled.algorithm = "SM2-SM3";
  EXPECT_THAT(Reasons(licences_.Verify(relabelled)), ElementsAre("verify.signature_invalid"));
}

TEST_F(LicenceServiceTest, ConcludedApplicationGetsExactlyOneLicence) {
  auto item = PublishedItem("440802-scj-gt-1", {{"申请表", true, ""}});
  ASSERT_TRUE(licences_.CreateType(admin_, ResidenceType(item.code), ctx_).has_value());
  auto applied = Apply(citizen_, item, R"({"trade_name":"晓明海鲜档"})");
  // Not concluded yet: nothing to issue.
  auto early = licences_.IssueForCase(applied.record.id, ctx_);
  ASSERT_TRUE(early.has_value());
  EXPECT_FALSE(early->has_value());
  Conclude(applied.record.id);

  LicenceService with_form(*store_, crypto_, signer_, clock_,
                           [](std::string_view) -> std::map<std::string, std::string> {
                             return {{"trade_name", "晓明海鲜档"}, {"ignored", "x"}};
                           });
  auto first = with_form.IssueForCase(applied.record.id, ctx_);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  ASSERT_TRUE(first->has_value());
  const auto& lic = (*first)->record;
  EXPECT_EQ(lic.content.holder_id, citizen_id_);
  EXPECT_EQ(lic.content.holder_name, "陈晓明");
  EXPECT_EQ(lic.content.fields.at("trade_name"), "晓明海鲜档");
  EXPECT_EQ(lic.source, "application");
  EXPECT_EQ(lic.case_id, applied.record.id.value());
  EXPECT_FALSE(lic.content.valid_until);  // 长期有效

  std::int64_t events = Events();
  auto again = with_form.IssueForCase(applied.record.id, ctx_);
  ASSERT_TRUE(again.has_value() && again->has_value());
  EXPECT_EQ((*again)->record.content.id, lic.content.id);
  EXPECT_EQ(Events(), events);  // nothing written the second time

  // The holder sees it in their wallet; another citizen does not.
  auto wallet = licences_.List(citizen_, {});
  ASSERT_TRUE(wallet.has_value());
  ASSERT_EQ(wallet->total, 1);
  EXPECT_TRUE(licences_.Get(citizen_, lic.content.id).has_value());
  auto foreign = licences_.Get(other_, lic.content.id);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(licences_.List(other_, {})->total, 0);
}

TEST_F(LicenceServiceTest, SweepIssuesWhatACrashLeftBehind) {
  auto item = PublishedItem("440802-scj-gt-2", {{"申请表", true, ""}});
  ASSERT_TRUE(licences_.CreateType(admin_, ResidenceType(item.code), ctx_).has_value());
  auto a = Apply(citizen_, item);
  auto b = Apply(other_, item);
  Conclude(a.record.id);
  Conclude(b.record.id);
  ASSERT_TRUE(licences_.IssueForCase(a.record.id, ctx_).has_value());
  std::vector<std::string> failures;
  auto swept = licences_.IssuePending(ctx_, &failures);
  ASSERT_TRUE(swept.has_value()) << swept.error().ToString();
  EXPECT_EQ(*swept, 1);  // b only
  EXPECT_THAT(failures, IsEmpty());
  EXPECT_EQ(*licences_.IssuePending(ctx_, &failures), 0);
  auto tx = store_->Begin();
  ASSERT_TRUE(tx.has_value());
  EXPECT_TRUE((*tx)->licences().FindLicenceByCase(b.record.id.value())->has_value());
}

TEST_F(LicenceServiceTest, OnceOnlyUseOfTheApplicantsOwnLicence) {
  auto producing = PublishedItem("440802-scj-gt-3", {{"申请表", true, ""}});
  ASSERT_TRUE(licences_.CreateType(admin_, ResidenceType(producing.code), ctx_).has_value());
  auto mine_case = Apply(citizen_, producing);
  auto theirs_case = Apply(other_, producing);
  Conclude(mine_case.record.id);
  Conclude(theirs_case.record.id);
  auto mine = licences_.IssueForCase(mine_case.record.id, ctx_);
  auto theirs = licences_.IssueForCase(theirs_case.record.id, ctx_);
  ASSERT_TRUE(mine.has_value() && mine->has_value());
  ASSERT_TRUE(theirs.has_value() && theirs->has_value());
  const std::string mine_id = (*mine)->record.content.id;
  const std::string theirs_id = (*theirs)->record.content.id;

  catalog::Material replaceable{"个体工商户登记证明", true, ""};
  replaceable.licence_type_code = kResidenceType;
  auto needing = PublishedItem("440802-scj-sp-1", {{"申请表", true, ""}, replaceable});
  auto app = Apply(citizen_, needing);
  const CaseId case_id = app.record.id;

  auto foreign = licences_.UseInApplication(citizen_, case_id, replaceable.name, theirs_id, ctx_);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().key(), "licence_use.not_holder");
  auto not_replaceable = licences_.UseInApplication(citizen_, case_id, "申请表", mine_id, ctx_);
  ASSERT_FALSE(not_replaceable);
  EXPECT_EQ(not_replaceable.error().key(), "licence_use.material_not_replaceable");
  auto not_applicant =
      licences_.UseInApplication(other_, case_id, replaceable.name, theirs_id, ctx_);
  ASSERT_FALSE(not_applicant);
  EXPECT_EQ(not_applicant.error().code(), ErrorCode::kNotFound);

  std::int64_t before = Events();
  auto used = licences_.UseInApplication(citizen_, case_id, replaceable.name, mine_id, ctx_);
  ASSERT_TRUE(used.has_value()) << used.error().ToString();
  EXPECT_TRUE(used->verdict.valid);
  EXPECT_EQ(Events(), before + 1);
  auto twice = licences_.UseInApplication(citizen_, case_id, replaceable.name, mine_id, ctx_);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().key(), "licence_use.exists");

  // The clerk of the handling department sees it verified; a clerk elsewhere does not.
  auto seen = licences_.UsesOfCase(clerk_, case_id);
  ASSERT_TRUE(seen.has_value()) << seen.error().ToString();
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_TRUE((*seen)[0].verdict.valid);
  EXPECT_EQ((*seen)[0].use.material_name, replaceable.name);
  auto elsewhere = licences_.UsesOfCase(xs_clerk_, case_id);
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error().code(), ErrorCode::kNotFound);

  // Revoked later: the clerk sees the use no longer verifies.
  ASSERT_TRUE(licences_
                  .ChangeStatus(admin_, mine_id, licence::StatusAction::kRevoke, "撤销登记",
                                "决定书 9 号", 1, ctx_)
                  .has_value());
  auto after = licences_.UsesOfCase(clerk_, case_id);
  ASSERT_TRUE(after.has_value());
  EXPECT_THAT((*after)[0].verdict.reasons, ElementsAre("verify.revoked"));

  // The citizen sees who used which licence, when, for which case.
  auto my = licences_.MyUses(citizen_);
  ASSERT_TRUE(my.has_value());
  ASSERT_EQ(my->size(), 1u);
  EXPECT_EQ((*my)[0].licence_id, mine_id);
  EXPECT_EQ((*my)[0].receipt_no, app.record.receipt_no);
  EXPECT_EQ((*my)[0].department_id, "440802-scj");
  EXPECT_EQ(licences_.MyUses(other_)->size(), 0u);
}

TEST_F(LicenceServiceTest, IndicatorsFromTheRecord) {
  auto producing = PublishedItem("440802-scj-gt-4", {{"申请表", true, ""}});
  ASSERT_TRUE(licences_.CreateType(admin_, ResidenceType(producing.code), ctx_).has_value());
  IssueFood();  // the food type declares 4 historical licences
  std::vector<HistoricalRow> rows = {
      {"JY001",
       "甲公司",
       "91350100M000100Y43",
       "2019-05-01",
       "",
       {{"scope", "a"}, {"premises", "b"}}},
      {"JY002",
       "乙公司",
       "91440802MA0000001B",
       "2020-05-01",
       "",
       {{"scope", "a"}, {"premises", "b"}}},
  };
  ASSERT_TRUE(licences_.ImportHistorical(admin_, kFoodType, rows, 10, {}, ctx_).has_value());
  auto mine_case = Apply(citizen_, producing);
  Conclude(mine_case.record.id);
  auto mine = licences_.IssueForCase(mine_case.record.id, ctx_);
  ASSERT_TRUE(mine.has_value() && mine->has_value());
  catalog::Material replaceable{"个体工商户登记证明", true, ""};
  replaceable.licence_type_code = kResidenceType;
  auto needing = PublishedItem("440802-scj-sp-2", {{"申请表", true, ""}, replaceable});
  PublishedItem("440802-scj-sp-3", {replaceable});  // requires it, never used
  auto app = Apply(citizen_, needing);
  ASSERT_TRUE(licences_
                  .UseInApplication(citizen_, app.record.id, replaceable.name,
                                    (*mine)->record.content.id, ctx_)
                  .has_value());

  auto refused = licences_.Indicators(clerk_, *ParseDate("2025-01-01"), *ParseDate("2025-12-31"));
  ASSERT_FALSE(refused);
  auto ind = licences_.Indicators(manager_, *ParseDate("2025-09-30"), *ParseDate("2025-09-30"));
  ASSERT_TRUE(ind.has_value()) << ind.error().ToString();
  std::map<std::string, Indicator> by_key;
  for (const auto& i : *ind) by_key[i.key] = i;
  EXPECT_EQ(by_key["licence.departments_onboard"].value, 1.0);
  EXPECT_EQ(by_key["licence.types_listed"].value, 2.0);
  EXPECT_EQ(by_key["licence.types_opened"].value, 2.0);
  EXPECT_EQ(by_key["licence.types_issued"].value, 2.0);
  EXPECT_EQ(by_key["licence.issued_total"].value, 4.0);
  EXPECT_EQ(by_key["licence.issued_in_period"].value, 4.0);  // issued_at is today for all
  // 入库率: 2 entered of 4 declared.
  EXPECT_EQ(by_key["licence.entry_rate"].numerator, 2);
  EXPECT_EQ(by_key["licence.entry_rate"].denominator, 4);
  EXPECT_EQ(by_key["licence.entry_rate"].value, 50.0);
  // 用证率: one of the two items needing the licence used it.
  EXPECT_EQ(by_key["licence.use_rate"].value, 50.0);
  // 免提交: one of the 2 required materials of the one case filed for such an item.
  EXPECT_EQ(by_key["licence.no_submission_share"].numerator, 1);
  EXPECT_EQ(by_key["licence.no_submission_share"].denominator, 2);
  auto later = licences_.Indicators(manager_, *ParseDate("2025-10-01"), *ParseDate("2025-10-31"));
  ASSERT_TRUE(later.has_value());
  for (const auto& i : *later) {
    if (i.key == "licence.issued_in_period") {
      EXPECT_EQ(i.value, 0.0);
    }
  }
}

TEST_F(LicenceServiceTest, HistoricalEntryValidatesEveryRowAndReportsEach) {
  ASSERT_TRUE(licences_.CreateType(admin_, FoodType(), ctx_).has_value());
  std::vector<HistoricalRow> rows = {
      {"JY001",
       "甲公司",
       "91350100M000100Y43",
       "2019-05-01",
       "",
       {{"scope", "a"}, {"premises", "b"}}},
      {"JY002",
       "乙公司",
       "91350100M000100Y44",
       "2019-05-02",
       "",
       {{"scope", "a"}, {"premises", "b"}}},
      {"JY003",
       "丙公司",
       "91440802MA0000001B",
       "2019-13-01",
       "",
       {{"scope", "a"}, {"premises", "b"}}},
      {"", "丁公司", "91440802MA0000001B", "2020-01-01", "", {{"scope", "a"}}},
      {"JY005",
       "戊公司",
       "91440802MA0000001B",
       "2021-03-01",
       "2026-02-28",
       {{"scope", "a"}, {"premises", "b"}}},
  };
  std::vector<std::pair<std::size_t, std::size_t>> progress;
  auto report = licences_.ImportHistorical(
      admin_, kFoodType, rows, 2,
      [&](std::size_t done, std::size_t total) { progress.emplace_back(done, total); }, ctx_);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  ASSERT_EQ(report->size(), 5u);
  EXPECT_THAT((*report)[0].errors, IsEmpty());
  ASSERT_EQ((*report)[1].errors.size(), 1u);
  EXPECT_EQ((*report)[1].errors[0].pointer, "/holder_id");
  EXPECT_EQ((*report)[2].errors[0].pointer, "/issue_date");
  ASSERT_EQ((*report)[3].errors.size(), 1u);
  EXPECT_EQ((*report)[3].errors[0].pointer, "/number");
  EXPECT_THAT((*report)[4].errors, IsEmpty());
  EXPECT_EQ(progress, (std::vector<std::pair<std::size_t, std::size_t>>{{2, 5}, {4, 5}, {5, 5}}));
  auto listed = licences_.List(admin_, {});
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->total, 2);
  auto entered = licences_.Get(admin_, (*report)[4].licence_id);
  ASSERT_TRUE(entered.has_value());
  EXPECT_EQ(entered->record.source, "historical");
  EXPECT_EQ(entered->record.content.number, "JY005");
  EXPECT_EQ(entered->record.content.issue_date.ToString(), "2021-03-01");
  EXPECT_EQ(entered->record.content.valid_until->ToString(), "2026-02-28");
  EXPECT_TRUE(licences_.Verify(entered->document)->verdict.valid);
  auto by_clerk = licences_.ImportHistorical(clerk_, kFoodType, rows, 2, {}, ctx_);
  ASSERT_FALSE(by_clerk);
}

}  // namespace
}  // namespace zt::service
