// Organisation licences used by the people who act for the organisation, and the signer's
// batch signing that historical entry (入库) relies on; on SQLite and PostgreSQL.
#include <boost/json.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "licence_fixture.h"

namespace zt::service {
namespace {

constexpr const char* kOrganisation = "91440802MA0000001B";  // the food licence's holder
constexpr const char* kOtherOrganisation = "91350100M000100Y43";

// The api's form reader does the same with the same library: top-level strings of the form.
std::map<std::string, std::string> ReadForm(std::string_view form_json) {
  std::map<std::string, std::string> out;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(form_json, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, val] : v.as_object()) {
    if (val.is_string()) out[std::string(k)] = std::string(val.as_string());
  }
  return out;
}

class RepresentativeTest : public LicenceFixture {
 protected:
  OrganisationRepresentative Link(const std::string& id_number, const std::string& code) {
    OrganisationRepresentative l;
    l.credit_code = code;
    l.organisation_name = "湛江市赤坎区海鲜酒楼有限公司";
    l.id_number = id_number;
    l.person_name = "陈晓明";
    l.capacity = "agent";
    l.evidence = "授权委托书 2025-017";
    return l;
  }

  std::string FiledFor(const std::string& code) {
    return R"({"holder_credit_code":")" + code + R"(","holder_name":"海鲜酒楼"})";
  }

  // An item whose material a food licence replaces.
  catalog::ServiceItem NeedingFoodLicence(const std::string& code) {
    catalog::Material replaceable{"食品经营许可证", true, ""};
    replaceable.licence_type_code = kFoodType;
    return PublishedItem(code, {{"申请表", true, ""}, replaceable});
  }

  LicenceService with_forms_{*store_, crypto_, signer_, clock_, ReadForm};
};

TEST_F(RepresentativeTest, StaffRecordValidatedLinksInTheirScope) {
  auto by_citizen =
      with_forms_.RecordRepresentative(citizen_, Link(citizen_id_, kOrganisation), ctx_);
  ASSERT_FALSE(by_citizen);
  EXPECT_EQ(by_citizen.error().code(), ErrorCode::kPermissionDenied);

  std::int64_t before = Events();
  OrganisationRepresentative bad = Link("110105199001011234", "91440802MA000000XX");
  bad.capacity = "boss";
  bad.evidence = "";
  auto invalid = with_forms_.RecordRepresentative(clerk_, bad, ctx_);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code(), ErrorCode::kInvalidArgument);
  std::vector<std::string> pointers;
  for (const auto& f : invalid.error().fields()) pointers.push_back(f.pointer);
  EXPECT_THAT(pointers, ::testing::UnorderedElementsAre("/credit_code", "/id_number", "/capacity",
                                                        "/evidence"));
  OrganisationRepresentative past = Link(citizen_id_, kOrganisation);
  past.valid_until = *ParseDate("2025-09-29");
  auto expired = with_forms_.RecordRepresentative(clerk_, past, ctx_);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().key(), "representative.valid_until");
  EXPECT_EQ(Events(), before);  // nothing written

  // A lower-case check character is stored canonical.
  std::string lower = kOrganisation;
  lower.back() = 'b';
  auto recorded = with_forms_.RecordRepresentative(clerk_, Link(citizen_id_, lower), ctx_);
  ASSERT_TRUE(recorded.has_value()) << recorded.error().ToString();
  EXPECT_EQ(recorded->credit_code, kOrganisation);
  EXPECT_EQ(recorded->department_id, "440802-scj");
  EXPECT_EQ(Events(), before + 1);
  auto twice = with_forms_.RecordRepresentative(admin_, Link(citizen_id_, kOrganisation), ctx_);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().key(), "representative.exists");

  EXPECT_EQ(with_forms_.ListRepresentatives(citizen_, "")->size(), 1u);
  EXPECT_EQ(with_forms_.ListRepresentatives(other_, "")->size(), 0u);
  EXPECT_EQ(with_forms_.ListRepresentatives(clerk_, kOrganisation)->size(), 1u);
  EXPECT_EQ(with_forms_.ListRepresentatives(clerk_, kOtherOrganisation)->size(), 0u);
  EXPECT_EQ(with_forms_.ListRepresentatives(xs_clerk_, "")->size(), 0u);  // another district

  auto elsewhere = with_forms_.EndRepresentative(xs_clerk_, recorded->id, "离职", 1, ctx_);
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error().code(), ErrorCode::kNotFound);
  auto stale = with_forms_.EndRepresentative(clerk_, recorded->id, "离职", 5, ctx_);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kAborted);
  auto no_reason = with_forms_.EndRepresentative(clerk_, recorded->id, "", 1, ctx_);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().key(), "representative.end_reason");
  auto ended = with_forms_.EndRepresentative(clerk_, recorded->id, "授权到期收回", 1, ctx_);
  ASSERT_TRUE(ended.has_value()) << ended.error().ToString();
  EXPECT_TRUE(ended->ended_at.has_value());
  EXPECT_EQ(ended->version, 2);
  auto again = with_forms_.EndRepresentative(clerk_, recorded->id, "再次", 2, ctx_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().key(), "representative.ended");
  // Ended, a new link may be recorded.
  EXPECT_TRUE(
      with_forms_.RecordRepresentative(clerk_, Link(citizen_id_, kOrganisation), ctx_).has_value());
}

TEST_F(RepresentativeTest, OnlyARepresentativeUsesTheOrganisationsLicenceAndOnlyForIt) {
  const std::string licence_id = IssueFood().record.content.id;
  auto item = NeedingFoodLicence("440802-scj-sp-9");
  auto for_org = Apply(citizen_, item, FiledFor(kOrganisation));
  const std::string material = "食品经营许可证";

  // Not (yet) a representative: refused, and the wallet shows nothing of it.
  auto before_link =
      with_forms_.UseInApplication(citizen_, for_org.record.id, material, licence_id, ctx_);
  ASSERT_FALSE(before_link);
  EXPECT_EQ(before_link.error().key(), "licence_use.not_holder");
  LicenceQuery org_query;
  org_query.holder_id = kOrganisation;
  EXPECT_EQ(with_forms_.List(citizen_, org_query)->total, 0);
  EXPECT_EQ(with_forms_.Get(citizen_, licence_id).error().code(), ErrorCode::kNotFound);

  auto link = with_forms_.RecordRepresentative(clerk_, Link(citizen_id_, kOrganisation), ctx_);
  ASSERT_TRUE(link.has_value()) << link.error().ToString();

  // The wallet of the representative shows the organisation's licence.
  auto listed = with_forms_.List(citizen_, org_query);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->total, 1);
  EXPECT_EQ(listed->items[0].content.id, licence_id);
  EXPECT_TRUE(with_forms_.Get(citizen_, licence_id).has_value());
  EXPECT_EQ(with_forms_.List(other_, org_query)->total, 0);
  EXPECT_EQ(with_forms_.Get(other_, licence_id).error().code(), ErrorCode::kNotFound);

  // Filed for another organisation: the licence cannot serve it.
  auto for_other = Apply(citizen_, item, FiledFor(kOtherOrganisation));
  auto wrong_org =
      with_forms_.UseInApplication(citizen_, for_other.record.id, material, licence_id, ctx_);
  ASSERT_FALSE(wrong_org);
  EXPECT_EQ(wrong_org.error().key(), "licence_use.not_holder");
  // Someone else filing for the organisation, without a link: refused.
  auto strangers = Apply(other_, item, FiledFor(kOrganisation));
  auto stranger =
      with_forms_.UseInApplication(other_, strangers.record.id, material, licence_id, ctx_);
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().key(), "licence_use.not_holder");

  std::int64_t before = Events();
  auto used = with_forms_.UseInApplication(citizen_, for_org.record.id, material, licence_id, ctx_);
  ASSERT_TRUE(used.has_value()) << used.error().ToString();
  EXPECT_TRUE(used->verdict.valid);
  EXPECT_EQ(used->use.holder_id, kOrganisation);
  EXPECT_EQ(Events(), before + 1);
  auto mine = with_forms_.MyUses(citizen_);
  ASSERT_TRUE(mine.has_value());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].licence_id, licence_id);
  EXPECT_EQ(with_forms_.MyUses(other_)->size(), 0u);

  // The link ends: the licence leaves the wallet and cannot be used again.
  ASSERT_TRUE(with_forms_.EndRepresentative(clerk_, link->id, "不再担任经办人", 1, ctx_));
  EXPECT_EQ(with_forms_.List(citizen_, org_query)->total, 0);
  EXPECT_EQ(with_forms_.Get(citizen_, licence_id).error().code(), ErrorCode::kNotFound);
  auto later = Apply(citizen_, item, FiledFor(kOrganisation));
  auto after_end =
      with_forms_.UseInApplication(citizen_, later.record.id, material, licence_id, ctx_);
  ASSERT_FALSE(after_end);
  EXPECT_EQ(after_end.error().key(), "licence_use.not_holder");
}

TEST_F(RepresentativeTest, ALinkHoldsUntilItsLastValidDay) {
  const std::string licence_id = IssueFood().record.content.id;
  OrganisationRepresentative link = Link(citizen_id_, kOrganisation);
  link.valid_until = *ParseDate("2025-10-01");
  ASSERT_TRUE(with_forms_.RecordRepresentative(clerk_, link, ctx_).has_value());
  EXPECT_TRUE(with_forms_.Get(citizen_, licence_id).has_value());
  clock_.Advance(std::chrono::hours(24));  // 2025-10-01: the last day
  EXPECT_TRUE(with_forms_.Get(citizen_, licence_id).has_value());
  clock_.Advance(std::chrono::hours(24));  // 2025-10-02
  EXPECT_EQ(with_forms_.Get(citizen_, licence_id).error().code(), ErrorCode::kNotFound);
}

// SignMany returns each input's own signature, in input order, on every worker thread.
TEST_F(RepresentativeTest, SignManySignsEachInputInOrderOnSeveralThreads) {
  crypto::OpenSslSigner four_threads(kTestKek, 4);
  for (std::string_view algorithm : {kSm2Sm3, kEd25519}) {
    auto key = four_threads.GenerateKey(algorithm);
    ASSERT_TRUE(key.has_value()) << key.error().ToString();
    SigningKeyRef ref{key->key_id, key->algorithm, key->sealed_private_key};
    std::vector<std::string> inputs;
    for (int i = 0; i < 200; ++i) inputs.push_back("zt-licence-v1\nnumber=" + std::to_string(i));
    auto sigs = four_threads.SignMany(ref, inputs);
    ASSERT_TRUE(sigs.has_value()) << sigs.error().ToString();
    ASSERT_EQ(sigs->size(), inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      EXPECT_TRUE(*signer_.Verify(algorithm, key->public_key_pem, inputs[i], (*sigs)[i]))
          << algorithm << " input " << i;
    }
    // A signature belongs to its own input only.
    EXPECT_FALSE(*signer_.Verify(algorithm, key->public_key_pem, inputs[1], (*sigs)[0]));
    EXPECT_TRUE(four_threads.SignMany(ref, std::vector<std::string>{})->empty());
    crypto::OpenSslSigner other_kek("another key-encryption key!!", 2);
    auto unsealable = other_kek.SignMany(ref, inputs);
    ASSERT_FALSE(unsealable);
    EXPECT_EQ(unsealable.error().key(), "licence.key_unsealable");
  }
}

TEST_F(RepresentativeTest, HistoricalEntrySignedInBatchesVerifiesRowByRow) {
  ASSERT_TRUE(licences_.CreateType(admin_, FoodType(), ctx_).has_value());
  std::vector<HistoricalRow> rows;
  for (int i = 0; i < 300; ++i) {
    rows.push_back({"JY" + std::to_string(9000 + i),
                    "商户" + std::to_string(i),
                    kOrganisation,
                    "2021-06-15",
                    "",
                    {{"scope", "预包装食品销售"}, {"premises", "霞山区"}}});
  }
  rows[150].holder_id = "not a code";  // one bad row in the middle of a batch
  auto report = licences_.ImportHistorical(admin_, kFoodType, rows, 128, {}, ctx_);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  std::set<std::string> ids;
  for (std::size_t i = 0; i < report->size(); ++i) {
    const auto& r = (*report)[i];
    EXPECT_EQ(r.row, i + 1);
    if (i == 150) {
      EXPECT_FALSE(r.errors.empty());
      EXPECT_TRUE(r.licence_id.empty());
      continue;
    }
    ASSERT_TRUE(r.errors.empty()) << i;
    ids.insert(r.licence_id);
    auto view = licences_.Get(admin_, r.licence_id);
    ASSERT_TRUE(view.has_value());
    EXPECT_EQ(view->record.content.number, rows[i].number);  // each row its own signature
    auto verified = licences_.Verify(view->document);
    ASSERT_TRUE(verified.has_value());
    EXPECT_TRUE(verified->verdict.valid) << i;
  }
  EXPECT_EQ(ids.size(), 299u);
}

}  // namespace
}  // namespace zt::service
