// File: audit_merkle.h
//
// The Merkle tree of RFC 6962 §2.1 (RFC 9162 §2.1) over the audit chain's entries, for tree
// heads, inclusion proofs and consistency proofs (AUD-05, docs/security.md). The hash is a
// parameter (SHA-256 for RFC 6962's vectors, SM3 for the chain), so this stays pure.
//
//   MerkleTree tree(sha256);
//   for (auto& entry : entries) tree.Append(entry);
//   std::string root = tree.Root();                        // MTH(D[n])
//   auto path = tree.InclusionProof(5);                     // PATH(5, D[n])
//   bool ok = VerifyInclusion(sha256, 5, tree.size(), tree.LeafHash(5), path, root);
//   auto proof = tree.ConsistencyProof(3);                  // PROOF(3, D[n])
//   bool same = VerifyConsistency(sha256, 3, tree.size(), old_root, root, proof);
//
//   MerkleAccumulator heads(sm3);                          // streaming: O(log n) memory
//   for (auto& entry : entries) heads.Append(entry);       // heads.Root() after each one
//
// Hashes are raw bytes. Proofs have at most ceil(log2 n) hashes (consistency: + 1).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zt::service {

// The raw digest of its input.
using MerkleHash = std::function<std::string(std::string_view)>;

class MerkleTree {
 public:
  explicit MerkleTree(MerkleHash hash) : hash_(std::move(hash)) {}
  // Adds a leaf (its data; the tree keeps HASH(0x00 || data)).
  void Append(std::string_view data);
  std::int64_t size() const { return static_cast<std::int64_t>(leaves_.size()); }
  const std::string& LeafHash(std::int64_t index) const {
    return leaves_[static_cast<std::size_t>(index)];
  }
  // MTH of the first `size` leaves (default: all); HASH("") for none.
  std::string Root() const { return Root(size()); }
  std::string Root(std::int64_t size) const;
  // PATH(index, D[size]); index < size <= this->size().
  std::vector<std::string> InclusionProof(std::int64_t index) const {
    return InclusionProof(index, size());
  }
  std::vector<std::string> InclusionProof(std::int64_t index, std::int64_t size) const;
  // PROOF(first, D[second]); 0 < first <= second <= this->size().
  std::vector<std::string> ConsistencyProof(std::int64_t first) const {
    return ConsistencyProof(first, size());
  }
  std::vector<std::string> ConsistencyProof(std::int64_t first, std::int64_t second) const;

 private:
  std::string Subtree(std::int64_t begin, std::int64_t end) const;
  void Path(std::int64_t index, std::int64_t begin, std::int64_t end,
            std::vector<std::string>& out) const;
  void SubProof(std::int64_t first, std::int64_t begin, std::int64_t end, bool whole,
                std::vector<std::string>& out) const;

  MerkleHash hash_;
  std::vector<std::string> leaves_;
};

// The tree head of a stream of leaves, computed incrementally: it keeps only the roots of the
// perfect subtrees the leaves so far make (one per set bit of the size), so a log of any
// length is reduced in one pass. Root() equals MerkleTree::Root() of the same leaves.
class MerkleAccumulator {
 public:
  explicit MerkleAccumulator(MerkleHash hash) : hash_(std::move(hash)) {}
  void Append(std::string_view data);
  std::int64_t size() const { return size_; }
  std::string Root() const;

 private:
  MerkleHash hash_;
  std::int64_t size_ = 0;
  // Roots of the perfect subtrees, largest (leftmost) first.
  std::vector<std::string> peaks_;
};

// A raw MerkleHash from a function returning the lowercase hex digest (crypto::Sm3Hex).
MerkleHash MerkleHashFromHex(std::function<std::string(std::string_view)> hex_digest);
// Lowercase hex of raw bytes, and back (nullopt unless an even number of hex digits).
std::string ToHex(std::string_view raw);
std::optional<std::string> FromHex(std::string_view hex);

// HASH(0x01 || left || right).
std::string MerkleNodeHash(const MerkleHash& hash, std::string_view left, std::string_view right);

// RFC 9162 §2.1.3.2: whether `proof` shows leaf `index` (its leaf hash) in the tree of `size`
// leaves with root `root`.
bool VerifyInclusion(const MerkleHash& hash, std::int64_t index, std::int64_t size,
                     std::string_view leaf_hash, const std::vector<std::string>& proof,
                     std::string_view root);

// RFC 9162 §2.1.4.2: whether `proof` shows the tree of `first` leaves (root `first_root`) is a
// prefix of the tree of `second` leaves (root `second_root`).
bool VerifyConsistency(const MerkleHash& hash, std::int64_t first, std::int64_t second,
                       std::string_view first_root, std::string_view second_root,
                       const std::vector<std::string>& proof);

}  // namespace zt::service
