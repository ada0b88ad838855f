#include "audit_commands.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include "zt/crypto/signer_openssl.h"
#include "zt/service/audit_checkpoint.h"

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
  auto checkpoint = service::TakeCheckpoint(store, *signer, key, clock.Now());
  if (!checkpoint) return Fail(checkpoint.error());
  std::string text = service::FormatCheckpoint(*checkpoint);
  if (!c.out_dir.empty()) {
    std::filesystem::create_directories(c.out_dir);
    // Sorted by seq, then time: two checkpoints of an unchanged head get two files.
    std::string stamp = FormatInstant(checkpoint->signed_at).substr(0, 19);
    std::erase_if(stamp, [](char ch) { return ch == '-' || ch == ':'; });
    std::string seq = std::to_string(checkpoint->seq);
    std::string name = "checkpoint-" +
                       std::string(12 - std::min<std::size_t>(12, seq.size()), '0') + seq + "-" +
                       stamp + ".txt";
    if (!WriteNew(std::filesystem::path(c.out_dir) / name, text, false)) return kNo;
    std::cerr << "checkpoint of entry " << checkpoint->seq << " written to "
              << (std::filesystem::path(c.out_dir) / name).string() << "\n";
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
  auto report = service::VerifyAgainstCheckpoints(store, verifier, *pem, *key_id, checkpoints);
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
}

std::optional<int> RunAuditOfflineCommands(const AuditCommands& c) {
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

}  // namespace zt::cli
