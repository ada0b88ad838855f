// Merkle proofs of the audit log (AUD-05, docs/security.md): an entry's inclusion in the tree
// of the first tree_size entries, and the consistency of two tree sizes, for the audit
// administrator. A verifier checks them offline against signed checkpoints
// (`zhengtong audit verify-proof`).
#include <boost/json.hpp>
#include <charconv>

#include "handler_support.h"
#include "routes.h"
#include "zt/crypto/crypto.h"
#include "zt/http/problem.h"
#include "zt/service/audit_checkpoint.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterAuditProofMessages() {
  http::RegisterMessages("audit.proofs_not_allowed", "只有审计管理员可以获取审计日志的证明",
                         "Only the audit administrator may obtain proofs of the audit log");
  http::RegisterMessages("audit.proof_range", "条目序号或树大小无效",
                         "The entry number or tree size is not valid");
  http::RegisterMessages("audit.tree_size_beyond_log", "树大小超出了审计日志现有的条目数",
                         "The tree size is larger than the audit log");
}

// A positive integer query parameter, or 0 when it is missing or not one: the service checks
// the caller's role before the numbers, so that a refused role learns nothing from them.
std::int64_t PositiveParameter(const Request& req, std::string_view name) {
  std::string text = QueryOr(req, name);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1) return 0;
  return value;
}

json::array HexArray(const std::vector<std::string>& hashes) {
  json::array out;
  for (const std::string& h : hashes) out.emplace_back(h);
  return out;
}

class AuditProofRoutes {
 public:
  explicit AuditProofRoutes(const ApiDeps& deps)
      : proofs_(deps.store, deps.clock, service::MerkleHashFromHex(crypto::Sm3Hex)) {}

  Result<Response> Inclusion(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    std::int64_t seq = PositiveParameter(req, "seq");
    std::int64_t tree_size = PositiveParameter(req, "tree_size");
    ZT_ASSIGN_OR_RETURN(service::InclusionProof proof,
                        proofs_.Inclusion(p->session.actor, seq, tree_size, ContextOf(req)));
    return Response::Json(200, json::object{{"hash_algorithm", "SM3"},
                                            {"seq", proof.seq},
                                            {"leaf_index", proof.seq - 1},
                                            {"tree_size", proof.tree_size},
                                            {"entry_hash", proof.entry_hash},
                                            {"root", proof.root},
                                            {"path", HexArray(proof.path)}});
  }

  Result<Response> Consistency(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    std::int64_t first = PositiveParameter(req, "first");
    std::int64_t second = PositiveParameter(req, "second");
    ZT_ASSIGN_OR_RETURN(service::ConsistencyProof proof,
                        proofs_.Consistency(p->session.actor, first, second, ContextOf(req)));
    return Response::Json(200, json::object{{"hash_algorithm", "SM3"},
                                            {"first", proof.first},
                                            {"second", proof.second},
                                            {"first_root", proof.first_root},
                                            {"second_root", proof.second_root},
                                            {"proof", HexArray(proof.proof)}});
  }

 private:
  service::AuditProofService proofs_;
};

}  // namespace

void RegisterAuditProofRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterAuditProofMessages();
  auto routes = std::make_shared<AuditProofRoutes>(deps);
  router.Get("/api/v1/audit/proofs/inclusion",
             [routes](Request& req) { return routes->Inclusion(req); });
  router.Get("/api/v1/audit/proofs/consistency",
             [routes](Request& req) { return routes->Consistency(req); });
}

}  // namespace zt::api
