#include "audit_commands.h"

#include <algorithm>
#include <boost/json.hpp>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

#include "zt/crypto/crypto.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/service/audit_checkpoint.h"
#include "zt/service/audit_scheduler.h"

namespace zt::cli {
namespace {

constexpr int kOk = 0;
constexpr int kNo = 1;
constexpr int kUsage = 2;
constexpr int kConfig = 3;

constexpr const char* kSealedKeyFile = "checkpoint-key.sealed.pem";
constexpr const char* kPublicKeyFile = "checkpoint-key.pub.pem";

std::optional<std::string> ReadAll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Writes a new file only: a checkpoint or key once written is never replaced.
bool WriteNew(const std::filesystem::path& file, const std::string& bytes, bool secret) {
  if (std::filesystem::exists(file)) {
    std::cerr << "error: " << file.string() << " exists already; it is never overwritten\n";
    return false;
  }
  {
    std::ofstream out(file, std::ios::binary);
    out << bytes;
    if (!out.flush()) {
      std::cerr << "error: cannot write " << file.string() << "\n";
      return false;
    }
  }
  if (secret) {
    std::filesystem::permissions(
        file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
  return true;
}

// Sorted by seq, then time: two checkpoints of an unchanged head get two files.
std::string CheckpointFileName(const service::Checkpoint& checkpoint) {
  std::string stamp = FormatInstant(checkpoint.signed_at).substr(0, 19);
  std::erase_if(stamp, [](char ch) { return ch == '-' || ch == ':'; });
  std::string seq = std::to_string(checkpoint.seq);
  return "checkpoint-" + std::string(12 - std::min<std::size_t>(12, seq.size()), '0') + seq + "-" +
         stamp + ".txt";
}

// The Merkle tree's hash (SM3, raw bytes), audit_checkpoint.h.
service::MerkleHash Sm3() { return service::MerkleHashFromHex(crypto::Sm3Hex); }

int Fail(const Error& e) {
  std::cerr << "error: " << e.ToString() << "\n";
  return e.code() == ErrorCode::kUnavailable ? 4 : kNo;
}

// The signer with the operator's KEK; nullopt (after a message) when there is none.
std::optional<crypto::OpenSslSigner> SigningSigner() {
  auto kek = crypto::KekFromEnvironment();
  if (!kek) {
    std::cerr << "error: " << kek.error().ToString() << "\n";
    return std::nullopt;
  }
  if (kek->empty()) {
    std::cerr << "error: no key-encryption key: set ZT_LICENCE_KEK or ZT_LICENCE_KEK_FILE\n";
    return std::nullopt;
  }
  return std::optional<crypto::OpenSslSigner>(std::in_place, *kek);
}

int Checkpoint(const AuditCommands& c, service::Store& store, const Clock& clock) {
  std::filesystem::path dir(c.key_dir);
  auto sealed = ReadAll(dir / kSealedKeyFile);
  auto pem = ReadAll(dir / kPublicKeyFile);
  if (!sealed || !pem) {
    std::cerr << "error: no checkpoint key in " << c.key_dir
              << " (make one with `zhengtong audit checkpoint-key`)\n";
    return kConfig;
  }
  auto signer = SigningSigner();
  if (!signer) return kConfig;
  auto key_id = crypto::OpenSslSigner::KeyIdOf(*pem);
  if (!key_id) return Fail(key_id.error());
  service::SigningKeyRef key{*key_id, std::string(service::kSm2Sm3), *sealed};
  auto checkpoint = service::TakeCheckpoint(store, *signer, Sm3(), key, clock.Now());
  if (!checkpoint) return Fail(checkpoint.error());
  std::string text = service::FormatCheckpoint(*checkpoint);
  if (!c.out_dir.empty()) {
    std::filesystem::create_directories(c.out_dir);
    std::filesystem::path file = std::filesystem::path(c.out_dir) / CheckpointFileName(*checkpoint);
    if (!WriteNew(file, text, false)) return kNo;
    std::cerr << "checkpoint of entry " << checkpoint->seq << " written to " << file.string()
              << "\n";
  }
  std::cout << text;
  return kOk;
}

int VerifyCheckpoints(const AuditCommands& c, service::Store& store) {
  if (c.public_key_file.empty()) {
    std::cerr << "error: --checkpoints needs --public-key: the key must come from somewhere the "
                 "checkpoint directory's writers cannot change\n";
    return kUsage;
  }
  auto pem = ReadAll(c.public_key_file);
  if (!pem) {
    std::cerr << "error: cannot read " << c.public_key_file << "\n";
    return kUsage;
  }
  auto key_id = crypto::OpenSslSigner::KeyIdOf(*pem);
  if (!key_id) return Fail(key_id.error());
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(c.checkpoints_dir, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.starts_with("checkpoint-") && name.ends_with(".txt")) {
      files.push_back(entry.path());
    }
  }
  if (ec) {
    std::cerr << "error: cannot read the directory " << c.checkpoints_dir << "\n";
    return kUsage;
  }
  std::sort(files.begin(), files.end());
  std::vector<service::Checkpoint> checkpoints;
  for (const auto& file : files) {
    auto text = ReadAll(file);
    auto parsed =
        text ? service::ParseCheckpoint(*text)
             : Result<service::Checkpoint>(std::unexpected(
                   Error(ErrorCode::kInvalidArgument, "checkpoint.malformed", "cannot be read")));
    if (!parsed) {
      std::cout << "checkpoint " << file.filename().string()
                << " is malformed: " << parsed.error().detail() << "\n";
      return kNo;
    }
    parsed->name = file.filename().string();
    checkpoints.push_back(std::move(*parsed));
  }
  crypto::OpenSslSigner verifier("");
  auto report =
      service::VerifyAgainstCheckpoints(store, verifier, Sm3(), *pem, *key_id, checkpoints);
  if (!report) return Fail(report.error());
  const auto& chain = report->chain;
  if (chain.intact) {
    std::cout << "audit chain intact: " << chain.entries << " entries\n";
  } else {
    std::cout << "audit chain BROKEN at entry " << chain.first_bad_seq << ": " << chain.problem
              << " (" << chain.entries << " entries read)\n";
  }
  if (report->all_match) {
    std::cout << "checkpoints: all " << report->checkpoints << " match\n";
  } else {
    std::cout << "checkpoint " << report->first_bad << " no longer matches: " << report->problem
              << "\n";
  }
  return chain.intact && report->all_match ? kOk : kNo;
}

// Reads a proof as `GET /api/v1/audit/proofs/…` answers it: nullopt (after a message) when
// the file is not such a JSON object.
std::optional<boost::json::object> ReadProof(const std::string& file) {
  auto text = ReadAll(file);
  if (!text) {
    std::cout << "cannot read " << file << "\n";
    return std::nullopt;
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*text, ec);
  if (ec || !v.is_object()) {
    std::cout << "proof " << file << " is not a JSON object\n";
    return std::nullopt;
  }
  return v.as_object();
}

std::int64_t IntOf(const boost::json::object& o, std::string_view name) {
  const boost::json::value* v = o.if_contains(name);
  return v != nullptr && v->is_int64() ? v->as_int64() : -1;
}

std::string TextOf(const boost::json::object& o, std::string_view name) {
  const boost::json::value* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::vector<std::string> HashesOf(const boost::json::object& o, std::string_view name) {
  std::vector<std::string> out;
  const boost::json::value* v = o.if_contains(name);
  if (v == nullptr || !v->is_array()) return out;
  for (const auto& h : v->as_array())
    out.push_back(h.is_string() ? std::string(h.as_string()) : "");
  return out;
}

int VerifyProof(const AuditCommands& c) {
  if (c.proof_file.empty() || c.public_key_file.empty() || c.checkpoint_files.empty() ||
      c.checkpoint_files.size() > 2) {
    std::cerr << "error: verify-proof needs --proof, --public-key and one --checkpoint (inclusion) "
                 "or two (consistency, the older first)\n";
    return kUsage;
  }
  auto pem = ReadAll(c.public_key_file);
  if (!pem) {
    std::cerr << "error: cannot read " << c.public_key_file << "\n";
    return kUsage;
  }
  auto key_id = crypto::OpenSslSigner::KeyIdOf(*pem);
  if (!key_id) return Fail(key_id.error());
  crypto::OpenSslSigner verifier("");
  std::vector<service::Checkpoint> checkpoints;
  for (const std::string& file : c.checkpoint_files) {
    auto text = ReadAll(file);
    auto parsed =
        text ? service::ParseCheckpoint(*text)
             : Result<service::Checkpoint>(std::unexpected(
                   Error(ErrorCode::kInvalidArgument, "checkpoint.malformed", "cannot be read")));
    if (!parsed) {
      std::cout << "checkpoint " << file << " is malformed: " << parsed.error().detail() << "\n";
      return kNo;
    }
    parsed->name = std::filesystem::path(file).filename().string();
    auto good = verifier.Verify(parsed->algorithm, *pem, service::CheckpointSigningInput(*parsed),
                                parsed->signature);
    if (parsed->key_id != *key_id || !good || !*good) {
      std::cout << "checkpoint " << parsed->name
                << ": the signature does not verify with the given public key\n";
      return kNo;
    }
    checkpoints.push_back(std::move(*parsed));
  }
  auto object = ReadProof(c.proof_file);
  if (!object) return kNo;
  Status checked;
  std::string what;
  if (checkpoints.size() == 1) {
    service::InclusionProof proof;
    proof.seq = IntOf(*object, "seq");
    proof.tree_size = IntOf(*object, "tree_size");
    proof.entry_hash = TextOf(*object, "entry_hash");
    proof.root = TextOf(*object, "root");
    proof.path = HashesOf(*object, "path");
    checked = service::CheckInclusion(Sm3(), proof, checkpoints[0]);
    what = "entry " + std::to_string(proof.seq) + " (hash " + proof.entry_hash +
           ") is in the log of " + std::to_string(proof.tree_size) + " entries signed by " +
           checkpoints[0].name;
  } else {
    service::ConsistencyProof proof;
    proof.first = IntOf(*object, "first");
    proof.second = IntOf(*object, "second");
    proof.first_root = TextOf(*object, "first_root");
    proof.second_root = TextOf(*object, "second_root");
    proof.proof = HashesOf(*object, "proof");
    checked = service::CheckConsistency(Sm3(), proof, checkpoints[0], checkpoints[1]);
    what = "the log of " + std::to_string(proof.second) + " entries (" + checkpoints[1].name +
           ") extends the log of " + std::to_string(proof.first) + " (" + checkpoints[0].name + ")";
  }
  if (!checked) {
    std::cout << "proof does NOT verify: " << checked.error().detail() << "\n";
    return kNo;
  }
  std::cout << "proof verifies: " << what << "\n";
  return kOk;
}

}  // namespace

void AddAuditCommands(CLI::App& audit, CLI::App& verify, std::string& db, AuditCommands& c) {
  verify.add_option("--checkpoints", c.checkpoints_dir,
                    "Also check the chain against every signed checkpoint in this directory");
  verify.add_option("--public-key", c.public_key_file,
                    "The checkpoint key's public half (PEM), kept apart from the checkpoints");
  c.verify = &verify;
  c.checkpoint_key = audit.add_subcommand(
      "checkpoint-key", "Make the SM2 checkpoint key, sealed under ZT_LICENCE_KEK, in a directory");
  c.checkpoint_key->add_option("--key-dir", c.key_dir, "Where the key files go")->required();
  c.checkpoint = audit.add_subcommand(
      "checkpoint", "Sign the head of the event chain (SM2-SM3) and print or write it");
  c.checkpoint->add_option("--key-dir", c.key_dir, "The checkpoint key's directory")->required();
  c.checkpoint->add_option("--out", c.out_dir, "Also write it to a new file in this directory");
  c.checkpoint->add_option("--db", db, "Database")->capture_default_str();
  c.verify_proof = audit.add_subcommand(
      "verify-proof",
      "Check an inclusion or consistency proof (JSON, as the API answers it) against signed "
      "checkpoints, offline");
  c.verify_proof->add_option("--proof", c.proof_file, "The proof's JSON file")->required();
  c.verify_proof
      ->add_option("--checkpoint", c.checkpoint_files,
                   "The signed checkpoint (inclusion), or two: the older, then the newer")
      ->required();
  c.verify_proof->add_option("--public-key", c.public_key_file, "The checkpoint key's public half")
      ->required();
}

std::optional<int> RunAuditOfflineCommands(const AuditCommands& c) {
  if (c.verify_proof != nullptr && *c.verify_proof) return VerifyProof(c);
  if (c.checkpoint_key == nullptr || !*c.checkpoint_key) return std::nullopt;
  auto signer = SigningSigner();
  if (!signer) return kConfig;
  auto key = signer->GenerateKey(service::kSm2Sm3);
  if (!key) return Fail(key.error());
  std::filesystem::path dir(c.key_dir);
  std::filesystem::create_directories(dir);
  if (!WriteNew(dir / kSealedKeyFile, key->sealed_private_key, true) ||
      !WriteNew(dir / kPublicKeyFile, key->public_key_pem, false)) {
    return kNo;
  }
  std::cout << "checkpoint key " << key->key_id << " (SM2-SM3) in " << c.key_dir
            << "; give verifiers " << kPublicKeyFile << "\n";
  return kOk;
}

std::optional<int> RunAuditCommands(const AuditCommands& c, service::Store& store,
                                    const Clock& clock) {
  if (c.checkpoint != nullptr && *c.checkpoint) return Checkpoint(c, store, clock);
  if (c.verify != nullptr && *c.verify && !c.checkpoints_dir.empty()) {
    return VerifyCheckpoints(c, store);
  }
  return std::nullopt;
}

namespace {

// Checkpoints written as new files in a directory (outside the database).
class DirectorySink final : public service::CheckpointSink {
 public:
  explicit DirectorySink(std::string dir) : dir_(std::move(dir)) {}
  Status Write(const service::Checkpoint& checkpoint) override {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    std::filesystem::path file = std::filesystem::path(dir_) / CheckpointFileName(checkpoint);
    if (ec || std::filesystem::exists(file)) {
      return zt::Fail(ErrorCode::kUnavailable, "checkpoint.unwritable",
                      "cannot write a new file in " + dir_);
    }
    std::ofstream out(file, std::ios::binary);
    out << service::FormatCheckpoint(checkpoint);
    if (!out.flush()) {
      return zt::Fail(ErrorCode::kUnavailable, "checkpoint.unwritable",
                      "cannot write " + file.string());
    }
    return Ok();
  }

 private:
  std::string dir_;
};

}  // namespace

struct ServerCheckpoints::Parts {
  crypto::OpenSslSigner signer;
  DirectorySink sink;
  service::AuditScheduler scheduler;
  std::jthread ticker;
  Parts(std::string kek, std::string dir, service::SigningKeyRef key, service::Store& store,
        const Clock& clock, service::CheckpointPolicy policy)
      : signer(std::move(kek)),
        sink(std::move(dir)),
        scheduler(store, signer, Sm3(), std::move(key), sink, clock, policy) {}
};

ServerCheckpoints::ServerCheckpoints() = default;
ServerCheckpoints::~ServerCheckpoints() = default;

bool ServerCheckpoints::WritesAllowed() const {
  return parts_ == nullptr || parts_->scheduler.WritesAllowed();
}

void AddServerCheckpointOptions(CLI::App& serve, ServerCheckpointOptions& o) {
  serve
      .add_option("--checkpoint-key-dir", o.key_dir,
                  "Sign checkpoints of the audit chain automatically with this key (AUD-04)")
      ->envname("ZT_CHECKPOINT_KEY_DIR");
  serve.add_option("--checkpoint-dir", o.out_dir, "Where the automatic checkpoints go")
      ->envname("ZT_CHECKPOINT_DIR");
  serve.add_option("--checkpoint-every-events", o.every_events, "A checkpoint every N entries")
      ->envname("ZT_CHECKPOINT_EVERY_EVENTS")
      ->capture_default_str();
  serve
      .add_option("--checkpoint-every-seconds", o.every_seconds,
                  "A checkpoint at least this often when there are new entries")
      ->envname("ZT_CHECKPOINT_EVERY_SECONDS")
      ->capture_default_str();
  serve
      .add_option("--checkpoint-grace-seconds", o.grace_seconds,
                  "Refuse writes (503) once checkpoints have failed this long")
      ->envname("ZT_CHECKPOINT_GRACE_SECONDS")
      ->capture_default_str();
}

std::optional<int> StartServerCheckpoints(const ServerCheckpointOptions& o, service::Store& store,
                                          const Clock& clock, ServerCheckpoints& out) {
  if (o.key_dir.empty()) return std::nullopt;
  if (o.out_dir.empty() || o.every_events < 1 || o.every_seconds < 1 || o.grace_seconds < 0) {
    std::cerr << "error: --checkpoint-key-dir needs --checkpoint-dir, and positive periods\n";
    return kUsage;
  }
  std::filesystem::path dir(o.key_dir);
  auto sealed = ReadAll(dir / kSealedKeyFile);
  auto pem = ReadAll(dir / kPublicKeyFile);
  if (!sealed || !pem) {
    std::cerr << "error: no checkpoint key in " << o.key_dir
              << " (make one with `zhengtong audit checkpoint-key`)\n";
    return kConfig;
  }
  auto kek = crypto::KekFromEnvironment();
  if (!kek || kek->empty()) {
    std::cerr << "error: no key-encryption key: set ZT_LICENCE_KEK or ZT_LICENCE_KEK_FILE\n";
    return kConfig;
  }
  auto key_id = crypto::OpenSslSigner::KeyIdOf(*pem);
  if (!key_id) return Fail(key_id.error());
  service::CheckpointPolicy policy;
  policy.every_events = o.every_events;
  policy.every = std::chrono::seconds(o.every_seconds);
  policy.signer_grace = std::chrono::seconds(o.grace_seconds);
  out.parts_ = std::make_unique<ServerCheckpoints::Parts>(
      *kek, o.out_dir, service::SigningKeyRef{*key_id, std::string(service::kSm2Sm3), *sealed},
      store, clock, policy);
  service::AuditScheduler& scheduler = out.parts_->scheduler;
  out.parts_->ticker = std::jthread([&scheduler](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      if (auto took = scheduler.Tick(); !took) {
        std::cerr << "zhengtong: audit checkpoint: " << took.error().ToString() << "\n";
      }
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
    }
  });
  return std::nullopt;
}

}  // namespace zt::cli
