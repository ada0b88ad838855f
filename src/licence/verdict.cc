#include "zt/licence/verdict.h"

namespace zt::licence {

Verdict Judge(const VerifyFacts& f) {
  Verdict v;
  if (!f.identifier_ok) v.reasons.push_back("verify.identifier_check");
  if (!f.digest_ok) v.reasons.push_back("verify.content_tampered");
  if (!f.key) {
    v.reasons.push_back("verify.key_unknown");
  } else {
    bool before = f.issued_at < f.key->valid_from;
    // Inclusive at the end: rotation and an issue in the same millisecond are serialised,
    // so a licence stamped with the rotation instant was signed before the key retired.
    bool after = f.key->valid_until && f.issued_at > *f.key->valid_until;
    if (before || after) v.reasons.push_back("verify.key_not_valid_at_issue");
  }
  // A tampered content also breaks the signature; name both, since a verifier may have been
  // handed a matching digest with forged content.
  if (f.key && (!f.signature_ok || !*f.signature_ok)) {
    v.reasons.push_back("verify.signature_invalid");
  }
  if (f.status) {
    if (*f.status == LicenceStatus::kRevoked) v.reasons.push_back("verify.revoked");
    if (*f.status == LicenceStatus::kSuspended) v.reasons.push_back("verify.suspended");
  } else {
    v.warnings.push_back("verify.status_unknown");
  }
  bool date_expired = f.valid_until && f.today > *f.valid_until;
  if (date_expired || (f.status && *f.status == LicenceStatus::kExpired)) {
    v.reasons.push_back("verify.expired");
  }
  if (f.today < f.valid_from) v.reasons.push_back("verify.not_yet_valid");
  v.valid = v.reasons.empty();
  return v;
}

}  // namespace zt::licence
