// Materials and notifications through the services on a real store (SQLite or PostgreSQL,
// chosen at build time) and a real blob directory: the type decided by content (and the zip
// guards), the bytes kept outside the database under their SM3 address, provenance and trust
// grade, scope (others get 404), bad input writing nothing; the outbox written in the
// transition's own transaction, delivery with retries, backoff and the final failed state.
#include "zt/service/material_service.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "expect_error.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zip_fixture.h"
#include "zt/calendar/calendar.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/application_service.h"
#include "zt/service/catalog_service.h"
#include "zt/service/notification_service.h"
#include "zt/store/file_blob_store.h"

namespace zt::service {
namespace {

namespace fs = std::filesystem;
using accounts::Actor;
using accounts::Role;
using zt::testing::BuildZip;
using zt::testing::FailsWith;
using zt::testing::TinyPdf;
using zt::testing::ZipEntry;

constexpr const char* kPassword = "correct horse battery";

Instant At(const char* rfc3339) { return *ParseInstant(rfc3339); }

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// ---- content detection (pure) ------------------------------------------------------------

TEST(DetectContentType, DecidesByTheBytesNotTheName) {
  UploadLimits limits;
  EXPECT_EQ(DetectContentType(TinyPdf(), limits)->kind, "pdf");
  EXPECT_EQ(DetectContentType(std::string("\xFF\xD8\xFF\xE0"
                                          "JFIF",
                                          8),
                              limits)
                ->kind,
            "jpeg");
  EXPECT_EQ(DetectContentType(std::string("\x89PNG\r\n\x1A\n\0\0", 10), limits)->kind, "png");
  // A text file is refused whatever it is called; an HTML page likewise.
  EXPECT_TRUE(FailsWith(DetectContentType("just text, called x.pdf", limits),
                        ErrorCode::kInvalidArgument, "material.type_not_allowed"));
  EXPECT_TRUE(FailsWith(DetectContentType("<html><script>alert(1)</script>", limits),
                        ErrorCode::kInvalidArgument, "material.type_not_allowed"));
  EXPECT_TRUE(
      FailsWith(DetectContentType("", limits), ErrorCode::kInvalidArgument, "material.empty"));
  limits.max_bytes = 100;
  EXPECT_TRUE(FailsWith(DetectContentType(TinyPdf(), limits), ErrorCode::kInvalidArgument,
                        "material.too_large"));
}

TEST(DetectContentType, RecognisesOfdDocxXlsxAndRefusesOtherZips) {
  UploadLimits limits;
  EXPECT_EQ(DetectContentType(BuildZip({{"OFD.xml", "<ofd:OFD/>"}, {"Doc_0/Document.xml", "<d/>"}}),
                              limits)
                ->kind,
            "ofd");
  EXPECT_EQ(DetectContentType(
                BuildZip({{"[Content_Types].xml", "<T/>"}, {"word/document.xml", "<w/>"}}), limits)
                ->kind,
            "docx");
  EXPECT_EQ(DetectContentType(
                BuildZip({{"[Content_Types].xml", "<T/>"}, {"xl/workbook.xml", "<x/>"}}), limits)
                ->kind,
            "xlsx");
  EXPECT_TRUE(FailsWith(DetectContentType(BuildZip({{"a.txt", "hello"}}), limits),
                        ErrorCode::kInvalidArgument, "material.type_not_allowed"));
  std::string truncated = BuildZip({{"OFD.xml", "<ofd:OFD/>"}});
  truncated.resize(truncated.size() - 10);  // the end record cut off
  EXPECT_TRUE(FailsWith(DetectContentType(truncated, limits), ErrorCode::kInvalidArgument,
                        "material.archive_malformed"));
}

TEST(DetectContentType, ZipBombGuards) {
  UploadLimits limits;
  limits.max_zip_entries = 10;
  std::vector<ZipEntry> many{{"OFD.xml", "<ofd/>"}};
  for (int i = 0; i < 10; ++i) many.push_back({"Doc_0/p" + std::to_string(i) + ".xml", "x"});
  EXPECT_TRUE(FailsWith(DetectContentType(BuildZip(many), limits), ErrorCode::kInvalidArgument,
                        "material.archive_entries"));
  // 4 GB declared behind a few bytes: refused by the total before anything is inflated.
  ZipEntry huge{"Doc_0/big.xml", std::string(1000, 'a'), 0xF0000000u, std::nullopt};
  EXPECT_TRUE(FailsWith(DetectContentType(BuildZip({{"OFD.xml", "<ofd/>"}, huge}), limits),
                        ErrorCode::kInvalidArgument, "material.archive_size"));
  // Within the total but 1000:1.
  ZipEntry dense{"Doc_0/dense.xml", std::string(1000, 'a'), 1000u * 1000u, std::nullopt};
  EXPECT_TRUE(FailsWith(DetectContentType(BuildZip({{"OFD.xml", "<ofd/>"}, dense}), limits),
                        ErrorCode::kInvalidArgument, "material.archive_ratio"));
  for (const char* name :
       {"../../etc/passwd", "/etc/passwd", "Doc_0/../../x", "C:evil", "Doc_0\\..\\x"}) {
    EXPECT_TRUE(FailsWith(DetectContentType(BuildZip({{"OFD.xml", "<ofd/>"}, {name, "x"}}), limits),
                          ErrorCode::kInvalidArgument, "material.archive_path"))
        << name;
  }
  // ".." inside a name that is not a path segment is harmless.
  EXPECT_TRUE(DetectContentType(BuildZip({{"OFD.xml", "<ofd/>"}, {"Doc_0/a..b.xml", "x"}}), limits)
                  .has_value());
}

TEST(SafeFileName, KeepsTheStemDropsPathsAndQuotesUsesTheDetectedExtension) {
  DetectedType pdf{"pdf", "application/pdf", ".pdf"};
  EXPECT_EQ(SafeFileName("营业执照.pdf", pdf), "营业执照.pdf");
  EXPECT_EQ(SafeFileName("../../etc/passwd", pdf), "passwd.pdf");
  EXPECT_EQ(SafeFileName("a\"b;c\r\n.exe", pdf), "abc.pdf");
  EXPECT_EQ(SafeFileName("", pdf), "material.pdf");
  EXPECT_EQ(SafeFileName("C:\\Users\\x\\scan.png", pdf), "scan.pdf");
}

TEST(MessageTemplates, EveryMilestoneInBothLanguagesWithPlaceholdersFilled) {
  std::map<std::string, std::string> params{{"name", "陈晓明"},
                                            {"receipt_no", "440802-1"},
                                            {"item_name", "食品经营许可"},
                                            {"note", "缺身份证"},
                                            {"due", "2025-10-20"}};
  std::vector<std::string> milestones;
  for (const auto& t : MessageTemplates()) {
    milestones.push_back(t.milestone);
    for (const auto* text : {&t.subject_zh, &t.body_zh, &t.subject_en, &t.body_en}) {
      ASSERT_FALSE(text->empty()) << t.milestone;
      EXPECT_EQ(RenderTemplate(*text, params).find('{'), std::string::npos) << *text;
    }
    EXPECT_NE(RenderTemplate(t.body_zh, params).find("440802-1"), std::string::npos);
  }
  EXPECT_EQ(milestones, (std::vector<std::string>{"submitted", "correction", "accepted",
                                                  "not_accepted", "tolerance_deadline", "approved",
                                                  "denied", "certificate_ready", "concluded"}));
  EXPECT_EQ(RenderTemplate("{a}-{unknown}-{a}", {{"a", "1"}}), "1-{unknown}-1");
}

TEST(RetryPolicy, BackoffDoublesUpToTheCap) {
  RetryPolicy p;
  EXPECT_EQ(BackoffAfter(1, p), std::chrono::minutes(1));
  EXPECT_EQ(BackoffAfter(2, p), std::chrono::minutes(2));
  EXPECT_EQ(BackoffAfter(4, p), std::chrono::minutes(8));
  EXPECT_EQ(BackoffAfter(20, p), std::chrono::hours(1));
}

// ---- on a real store ---------------------------------------------------------------------

// A stand-in for an SMS gateway that is down for the first `failures` attempts.
class FlakyGateway final : public Notifier {
 public:
  explicit FlakyGateway(int failures) : failures_(failures) {}
  std::string_view name() const override { return "sms"; }
  Status Send(const OutboxMessage& m) override {
    received.push_back(m.id);
    if (failures_-- > 0) return Fail(ErrorCode::kUnavailable, "sms.down", "gateway timeout");
    return Ok();
  }
  std::vector<std::string> received;

 private:
  int failures_;
};

class MaterialServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto seeded = testing::PutTwoDistricts(*store_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
    admin_ = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    clerk_ = Staff("ck-clerk", Role::kWindowClerk, "440802", "440802-scj");
    reviewer_ = Staff("ck-reviewer", Role::kReviewer, "440802", "440802-scj");
    xiashan_clerk_ = Staff("xs-clerk", Role::kWindowClerk, "440803", "440803-scj");
    citizen_ = Citizen(123, "陈晓明", "13807591234");
    other_citizen_ = Citizen(125, "林秀英", "13807591235");
    item_ = PublishedItem();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(blob_dir_, ec);
  }

  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts_.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt,
        ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return AccountService::ActorOf(*a);
  }

  Actor Citizen(int serial, const char* name, const char* phone) {
    std::string id = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), serial);
    auto c = accounts_.RegisterCitizen({id, name, phone, kPassword}, ctx_);
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return AccountService::ActorOf(*c);
  }

  ItemId PublishedItem() {
    catalog::ServiceItem item;
    item.code = "440802-scj-mat-1";
    item.name = "食品经营许可";
    item.department_id = DepartmentId("440802-scj");
    item.region_code = "440802";
    item.statutory_limit_wd = 20;
    item.promised_limit_wd = 5;
    item.materials = {{"申请书", true, "", false, "C", ""},
                      {"营业执照", true, "", false, "A", ""},
                      {"场所平面图", true, "", true, "B", ""}};
    auto created = catalog_.Create(admin_, item, ctx_);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto published = catalog_.PublishInitialLoad(admin_, created->item.id, created->item.version,
                                                 "test fixture", ctx_);
    EXPECT_TRUE(published.has_value()) << published.error().ToString();
    return published->item.id;
  }

  caseflow::ApplicationCase Submit(const Actor& citizen) {
    SubmitRequest request;
    request.item_id = item_;
    auto view = apps_.Submit(citizen, request, ctx_);
    EXPECT_TRUE(view.has_value()) << view.error().ToString();
    return view->record;
  }

  std::int64_t EventCount() {
    auto report = store_->VerifyChain();
    EXPECT_TRUE(report.has_value());
    EXPECT_TRUE(report->intact);
    return report->entries;
  }

  std::vector<OutboxMessage> Messages(const CaseId& id = CaseId()) {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.has_value());
    OutboxQuery q;
    q.case_id = id;
    q.limit = 1000;
    auto rows = (*tx)->outbox().ListMessages(q);
    EXPECT_TRUE(rows.has_value());
    return rows.value_or(std::vector<OutboxMessage>{});
  }

  std::size_t BlobFiles() {
    std::size_t n = 0;
    if (!fs::exists(blob_dir_)) return 0;
    for (const auto& e : fs::recursive_directory_iterator(blob_dir_)) n += e.is_regular_file();
    return n;
  }

  fs::path BlobPath(const std::string& hash) {
    return fs::path(blob_dir_) / hash.substr(0, 2) / hash.substr(2, 2) / hash;
  }

  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
  SimulatedClock clock_{At("2025-09-30T10:00:00+08:00")};
  std::string blob_dir_ = (fs::temp_directory_path() / ("zt-blobs-" + std::to_string(::getpid()) +
                                                        "-" + crypto_.RandomToken(6)))
                              .string();
  store::FileBlobStore blobs_{blob_dir_};
  AccountService accounts_{*store_, crypto_, clock_};
  CatalogService catalog_{*store_, crypto_, clock_};
  ApplicationService apps_{*store_, crypto_, clock_, calendar::WorkingCalendar::China()};
  MaterialService materials_{*store_, crypto_, blobs_, clock_};
  RequestContext ctx_{"req-test", "127.0.0.1"};
  Actor admin_, clerk_, reviewer_, xiashan_clerk_, citizen_, other_citizen_;
  ItemId item_;
};

TEST_F(MaterialServiceTest, UploadKeepsBytesOutsideTheDatabaseUnderTheirSm3Address) {
  auto c = Submit(citizen_);
  std::int64_t events = EventCount();
  std::string pdf = TinyPdf();
  auto m = materials_.Upload(citizen_, c.id, {"营业执照", "../营业执照 扫描件.pdf", pdf}, ctx_);
  ASSERT_TRUE(m.has_value()) << m.error().ToString();
  EXPECT_EQ(m->provenance, "upload");
  EXPECT_EQ(m->kind, "pdf");
  EXPECT_EQ(m->content_type, "application/pdf");
  EXPECT_EQ(m->size, static_cast<std::int64_t>(pdf.size()));
  EXPECT_EQ(m->hash_algorithm, "SM3");
  EXPECT_EQ(m->content_hash, crypto_.Digest(pdf));
  EXPECT_EQ(m->content_hash.size(), 64u);
  EXPECT_EQ(m->trust_grade, "A");  // the catalogue's grade of 营业执照
  EXPECT_EQ(m->file_name, "营业执照 扫描件.pdf");
  EXPECT_EQ(ReadFile(BlobPath(m->content_hash)), pdf);
  EXPECT_EQ(EventCount(), events + 1);

  auto listed = materials_.List(citizen_, c.id);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].record.id, m->id);
  EXPECT_TRUE((*listed)[0].downloadable);

  auto file = materials_.Download(reviewer_, m->id, ctx_);
  ASSERT_TRUE(file.has_value()) << file.error().ToString();
  EXPECT_EQ(file->bytes, pdf);

  // The same content twice is one blob; the record is per upload.
  auto again = materials_.Upload(clerk_, c.id, {"申请书", "b.pdf", pdf}, ctx_);
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(again->trust_grade, "C");
  EXPECT_EQ(BlobFiles(), 1u);
  EXPECT_EQ(materials_.List(clerk_, c.id)->size(), 2u);
}

TEST_F(MaterialServiceTest, BadInputStoresNothing) {
  auto c = Submit(citizen_);
  std::int64_t events = EventCount();
  std::string bomb = BuildZip(
      {{"OFD.xml", "<ofd/>"}, {"Doc_0/big.xml", std::string(1000, 'a'), 1000u * 1000u, {}}});
  EXPECT_TRUE(FailsWith(materials_.Upload(citizen_, c.id, {"营业执照", "x.pdf", "not a pdf"}, ctx_),
                        ErrorCode::kInvalidArgument, "material.type_not_allowed"));
  EXPECT_TRUE(FailsWith(materials_.Upload(citizen_, c.id, {"营业执照", "x.pdf", ""}, ctx_),
                        ErrorCode::kInvalidArgument, "material.empty"));
  EXPECT_TRUE(FailsWith(materials_.Upload(citizen_, c.id, {"营业执照", "x.ofd", bomb}, ctx_),
                        ErrorCode::kInvalidArgument, "material.archive_ratio"));
  EXPECT_TRUE(FailsWith(materials_.Upload(citizen_, c.id, {"户口本", "x.pdf", TinyPdf()}, ctx_),
                        ErrorCode::kInvalidArgument, "material.name_unknown"));
  MaterialService small(*store_, crypto_, blobs_, clock_, UploadLimits{64});
  EXPECT_TRUE(FailsWith(small.Upload(citizen_, c.id, {"营业执照", "x.pdf", TinyPdf()}, ctx_),
                        ErrorCode::kInvalidArgument, "material.too_large"));
  EXPECT_EQ(BlobFiles(), 0u);
  EXPECT_TRUE(materials_.List(citizen_, c.id)->empty());
  EXPECT_EQ(EventCount(), events);
}

TEST_F(MaterialServiceTest, OthersGetNotFoundAndOnlyApplicantOrClerkUpload) {
  auto c = Submit(citizen_);
  auto m = materials_.Upload(citizen_, c.id, {"营业执照", "a.pdf", TinyPdf()}, ctx_);
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(FailsWith(materials_.Download(other_citizen_, m->id, ctx_), ErrorCode::kNotFound,
                        "material.not_found"));
  EXPECT_TRUE(FailsWith(materials_.Download(xiashan_clerk_, m->id, ctx_), ErrorCode::kNotFound,
                        "material.not_found"));
  EXPECT_TRUE(FailsWith(materials_.Download(citizen_, "mat_nope", ctx_), ErrorCode::kNotFound,
                        "material.not_found"));
  EXPECT_TRUE(FailsWith(materials_.List(other_citizen_, c.id, ctx_), ErrorCode::kNotFound,
                        "application.not_found"));
  EXPECT_TRUE(
      FailsWith(materials_.Upload(other_citizen_, c.id, {"营业执照", "a.pdf", TinyPdf()}, ctx_),
                ErrorCode::kNotFound, "application.not_found"));
  EXPECT_TRUE(
      FailsWith(materials_.Upload(xiashan_clerk_, c.id, {"营业执照", "a.pdf", TinyPdf()}, ctx_),
                ErrorCode::kNotFound, "application.not_found"));
  EXPECT_TRUE(FailsWith(materials_.Upload(reviewer_, c.id, {"营业执照", "a.pdf", TinyPdf()}, ctx_),
                        ErrorCode::kPermissionDenied, "material.upload_not_allowed"));
  EXPECT_TRUE(materials_.Download(citizen_, m->id, ctx_).has_value());
  EXPECT_EQ(materials_.List(citizen_, c.id)->size(), 1u);
}

TEST_F(MaterialServiceTest, AClosedCaseTakesNoMaterials) {
  auto c = Submit(citizen_);
  auto view = apps_.Act(citizen_, c.id, {"withdraw", {}}, c.version, ctx_);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  EXPECT_TRUE(FailsWith(materials_.Upload(citizen_, c.id, {"营业执照", "a.pdf", TinyPdf()}, ctx_),
                        ErrorCode::kFailedPrecondition, "material.case_closed"));
  EXPECT_EQ(BlobFiles(), 0u);
}

TEST_F(MaterialServiceTest, ReusesTheSameApplicantsEarlierMaterialWithItsProvenance) {
  auto first = Submit(citizen_);
  auto m = materials_.Upload(citizen_, first.id, {"营业执照", "licence.pdf", TinyPdf()}, ctx_);
  ASSERT_TRUE(m.has_value());
  auto second = Submit(citizen_);
  auto reused = materials_.Reuse(citizen_, second.id, "营业执照", m->id, ctx_);
  ASSERT_TRUE(reused.has_value()) << reused.error().ToString();
  EXPECT_EQ(reused->provenance, "case");
  EXPECT_EQ(reused->source_ref, m->id);
  EXPECT_EQ(reused->source_case, first.id.value());
  EXPECT_EQ(reused->content_hash, m->content_hash);
  EXPECT_NE(reused->id, m->id);
  EXPECT_EQ(materials_.Download(citizen_, reused->id, ctx_)->bytes, TinyPdf());
  EXPECT_EQ(BlobFiles(), 1u);
  // Someone else's earlier material is not there for them.
  auto theirs = Submit(other_citizen_);
  EXPECT_TRUE(FailsWith(materials_.Reuse(other_citizen_, theirs.id, "营业执照", m->id, ctx_),
                        ErrorCode::kNotFound, "material.not_found"));
  EXPECT_TRUE(materials_.List(other_citizen_, theirs.id)->empty());
}

TEST_F(MaterialServiceTest, ChangedBytesOnDiskAreWithheld) {
  auto c = Submit(citizen_);
  auto m = materials_.Upload(citizen_, c.id, {"营业执照", "a.pdf", TinyPdf()}, ctx_);
  ASSERT_TRUE(m.has_value());
  std::string tampered = TinyPdf();
  tampered[10] = 'X';
  std::ofstream(BlobPath(m->content_hash), std::ios::binary | std::ios::trunc) << tampered;
  EXPECT_TRUE(FailsWith(materials_.Download(citizen_, m->id, ctx_), ErrorCode::kInternal,
                        "material.corrupt"));
  fs::remove(BlobPath(m->content_hash));
  EXPECT_TRUE(FailsWith(materials_.Download(citizen_, m->id, ctx_), ErrorCode::kNotFound,
                        "blob.not_found"));
}

TEST_F(MaterialServiceTest, MilestonesWriteOutboxMessagesInTheTransitionsTransaction) {
  auto c = Submit(citizen_);
  auto messages = Messages(c.id);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].milestone, "submitted");
  EXPECT_EQ(messages[0].recipient, "13807591234");
  EXPECT_EQ(messages[0].status, "pending");
  EXPECT_NE(messages[0].body.find(c.receipt_no), std::string::npos);
  EXPECT_NE(messages[0].body.find("陈晓明"), std::string::npos);

  // A refused transition (stale version) writes no message.
  EXPECT_FALSE(apps_.Act(clerk_, c.id, {"accept", {}}, c.version + 7, ctx_).has_value());
  EXPECT_EQ(Messages(c.id).size(), 1u);

  clock_.Advance(std::chrono::minutes(5));  // newest first below: a later instant
  auto accepted = apps_.Act(
      clerk_, c.id,
      {"accept_with_tolerance", {{"missing", "场所平面图"}, {"commitment", "五个工作日内补交"}}},
      c.version, ctx_);
  ASSERT_TRUE(accepted.has_value()) << accepted.error().ToString();
  messages = Messages(c.id);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].milestone, "tolerance_deadline");  // newest first
  ASSERT_FALSE(accepted->tasks.empty());
  EXPECT_NE(messages[0].body.find(accepted->tasks[0].due.ToString()), std::string::npos);
  EXPECT_NE(messages[0].body.find("场所平面图"), std::string::npos);
  EXPECT_NE(messages[0].id, messages[1].id);
}

TEST_F(MaterialServiceTest, DeliveryRetriesWithBackoffThenFailsForGood) {
  auto c = Submit(citizen_);
  FlakyGateway down(100);
  NotificationService notices(*store_, clock_, down, RetryPolicy{3});
  std::int64_t events = EventCount();
  auto r = notices.DeliverDue();
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->retrying, 1);
  auto m = Messages(c.id)[0];
  EXPECT_EQ(m.status, "pending");
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.next_attempt_at, clock_.Now() + std::chrono::minutes(1));
  EXPECT_NE(m.last_error.find("gateway timeout"), std::string::npos);
  // Not due again before the backoff has passed.
  EXPECT_EQ(notices.DeliverDue()->retrying, 0);
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_EQ(notices.DeliverDue()->retrying, 1);
  EXPECT_EQ(Messages(c.id)[0].next_attempt_at, clock_.Now() + std::chrono::minutes(2));
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_EQ(notices.DeliverDue()->failed, 1);
  m = Messages(c.id)[0];
  EXPECT_EQ(m.status, "failed");
  EXPECT_EQ(m.attempts, 3);
  clock_.Advance(std::chrono::hours(5));
  EXPECT_EQ(notices.DeliverDue()->failed, 0);  // final: never tried again
  EXPECT_EQ(down.received.size(), 3u);
  // Every attempt tried the same message id (the receiver's deduplication key).
  for (const auto& id : down.received) EXPECT_EQ(id, m.id);
  EXPECT_EQ(EventCount(), events + 3);
}

TEST_F(MaterialServiceTest, LocalOutboxDeliversOnceAndStaffSeeTheirDepartmentsMessages) {
  auto c = Submit(citizen_);
  FlakyGateway once_down(1);
  NotificationService notices(*store_, clock_, once_down);
  EXPECT_EQ(notices.DeliverDue()->retrying, 1);
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_EQ(notices.DeliverDue()->sent, 1);
  EXPECT_EQ(notices.DeliverDue()->sent, 0);
  auto m = Messages(c.id)[0];
  EXPECT_EQ(m.status, "sent");
  EXPECT_EQ(m.sent_at, clock_.Now());

  LocalOutboxNotifier local;
  NotificationService staff_view(*store_, clock_, local);
  std::int64_t total = 0;
  auto listed = staff_view.List(clerk_, {}, &total);
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(total, 1);
  EXPECT_EQ(staff_view.List(xiashan_clerk_, {}, &total)->size(), 0u);
  EXPECT_TRUE(
      FailsWith(staff_view.List(citizen_, {}), ErrorCode::kPermissionDenied, "outbox.not_allowed"));
  EXPECT_EQ(staff_view.OfCase(citizen_, c.id)->size(), 1u);
  EXPECT_TRUE(FailsWith(staff_view.OfCase(other_citizen_, c.id), ErrorCode::kNotFound,
                        "application.not_found"));
}

}  // namespace
}  // namespace zt::service
