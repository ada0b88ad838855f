#include "zt/service/audit_merkle.h"

namespace zt::service {
namespace {

// The largest power of two smaller than n (n > 1).
std::int64_t Split(std::int64_t n) {
  std::int64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

}  // namespace

std::string MerkleNodeHash(const MerkleHash& hash, std::string_view left, std::string_view right) {
  std::string input(1, '\x01');
  input.append(left);
  input.append(right);
  return hash(input);
}

void MerkleAccumulator::Append(std::string_view data) {
  std::string input(1, '\x00');
  input.append(data);
  std::string node = hash_(input);
  // Each trailing set bit of the old size is a peak of the same height as the new node:
  // merge them, as binary addition carries.
  for (std::int64_t n = size_; (n & 1) != 0; n >>= 1) {
    node = MerkleNodeHash(hash_, peaks_.back(), node);
    peaks_.pop_back();
  }
  peaks_.push_back(std::move(node));
  ++size_;
}

std::string MerkleAccumulator::Root() const {
  if (peaks_.empty()) return hash_("");
  // RFC 6962 splits at the largest power of two, so the right-hand peaks fold first.
  std::string root = peaks_.back();
  for (std::size_t i = peaks_.size() - 1; i-- > 0;) root = MerkleNodeHash(hash_, peaks_[i], root);
  return root;
}

MerkleHash MerkleHashFromHex(std::function<std::string(std::string_view)> hex_digest) {
  return [hex_digest = std::move(hex_digest)](std::string_view data) {
    return FromHex(hex_digest(data)).value_or(std::string());
  };
}

std::string ToHex(std::string_view raw) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int high = value(hex[i]), low = value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

void MerkleTree::Append(std::string_view data) {
  std::string input(1, '\x00');
  input.append(data);
  leaves_.push_back(hash_(input));
}

std::string MerkleTree::Subtree(std::int64_t begin, std::int64_t end) const {
  std::int64_t n = end - begin;
  if (n == 0) return hash_("");
  if (n == 1) return leaves_[static_cast<std::size_t>(begin)];
  std::int64_t k = Split(n);
  return MerkleNodeHash(hash_, Subtree(begin, begin + k), Subtree(begin + k, end));
}

std::string MerkleTree::Root(std::int64_t size) const { return Subtree(0, size); }

void MerkleTree::Path(std::int64_t index, std::int64_t begin, std::int64_t end,
                      std::vector<std::string>& out) const {
  std::int64_t n = end - begin;
  if (n <= 1) return;
  std::int64_t k = Split(n);
  if (index < k) {
    Path(index, begin, begin + k, out);
    out.push_back(Subtree(begin + k, end));
  } else {
    Path(index - k, begin + k, end, out);
    out.push_back(Subtree(begin, begin + k));
  }
}

std::vector<std::string> MerkleTree::InclusionProof(std::int64_t index, std::int64_t size) const {
  std::vector<std::string> out;
  if (index < 0 || index >= size || size > this->size()) return out;
  Path(index, 0, size, out);
  return out;
}

void MerkleTree::SubProof(std::int64_t first, std::int64_t begin, std::int64_t end, bool whole,
                          std::vector<std::string>& out) const {
  std::int64_t n = end - begin;
  if (first == n) {
    if (!whole) out.push_back(Subtree(begin, end));
    return;
  }
  std::int64_t k = Split(n);
  if (first <= k) {
    SubProof(first, begin, begin + k, whole, out);
    out.push_back(Subtree(begin + k, end));
  } else {
    SubProof(first - k, begin + k, end, false, out);
    out.push_back(Subtree(begin, begin + k));
  }
}

std::vector<std::string> MerkleTree::ConsistencyProof(std::int64_t first,
                                                      std::int64_t second) const {
  std::vector<std::string> out;
  if (first <= 0 || first > second || second > size()) return out;
  SubProof(first, 0, second, true, out);
  return out;
}

bool VerifyInclusion(const MerkleHash& hash, std::int64_t index, std::int64_t size,
                     std::string_view leaf_hash, const std::vector<std::string>& proof,
                     std::string_view root) {
  if (index < 0 || index >= size) return false;
  std::int64_t fn = index, sn = size - 1;
  std::string r(leaf_hash);
  for (const std::string& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      r = MerkleNodeHash(hash, p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = MerkleNodeHash(hash, r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool VerifyConsistency(const MerkleHash& hash, std::int64_t first, std::int64_t second,
                       std::string_view first_root, std::string_view second_root,
                       const std::vector<std::string>& proof) {
  if (first <= 0 || first > second) return false;
  if (first == second) return proof.empty() && first_root == second_root;
  if (proof.empty()) return false;
  std::vector<std::string> path;
  if ((first & (first - 1)) == 0) path.emplace_back(first_root);  // a power of two
  path.insert(path.end(), proof.begin(), proof.end());
  std::int64_t fn = first - 1, sn = second - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = path[0], sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const std::string& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      fr = MerkleNodeHash(hash, c, fr);
      sr = MerkleNodeHash(hash, c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = MerkleNodeHash(hash, sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == first_root && sr == second_root && sn == 0;
}

}  // namespace zt::service
