// Private to the store module: what every SQL repository shares. A unit of work owns one
// `Statements` over its connection; each area's repository (sql_store.cc for the core
// tables, sql_<area>.cc for later areas) runs its named statements through it and decodes
// rows with `RowReader`. Values are always bound as parameters, never spliced into SQL.
#pragma once

#include <charconv>
#include <chrono>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sql.h"
#include "zt/core/error.h"
#include "zt/core/time.h"

namespace zt::store::internal {

inline constexpr int kMaxPageLimit = 10000;

inline std::int64_t Millis(Instant t) { return t.time_since_epoch().count(); }
inline Instant FromMillis(std::int64_t ms) { return Instant(std::chrono::milliseconds(ms)); }

inline Param OptInstant(const std::optional<Instant>& t) {
  return t ? Param(Millis(*t)) : Param::Null();
}
inline Param OptDate(const std::optional<Date>& d) {
  return d ? Param(d->ToString()) : Param::Null();
}

// "Starts with prefix" as the half-open range [prefix, upper) so that an index can serve
// it: upper is the prefix with its last character incremented ("4408" -> "4409"). Region
// codes are ASCII digits; a non-ASCII prefix is refused because incrementing a UTF-8 byte
// could produce text PostgreSQL rejects. An empty prefix means "no filter" and gets "".
Result<std::string> PrefixUpperBound(std::string_view prefix);

std::unexpected<Error> Corrupt(std::string_view op);

// Reads columns left to right; any malformed value clears ok() instead of throwing.
class RowReader {
 public:
  explicit RowReader(const Row& row) : row_(row) {}
  bool ok() const { return ok_; }

  std::string Text() {
    const std::optional<std::string>* v = Next();
    return v && *v ? **v : std::string();
  }
  std::int64_t Int() {
    std::optional<std::int64_t> v = OptInt();
    if (!v) ok_ = false;
    return v.value_or(0);
  }
  std::optional<std::int64_t> OptInt();
  bool Bool() { return Int() != 0; }
  Instant At() { return FromMillis(Int()); }
  std::optional<Instant> OptAt() {
    std::optional<std::int64_t> v = OptInt();
    return v ? std::optional<Instant>(FromMillis(*v)) : std::nullopt;
  }
  std::optional<Date> OptDate();

 private:
  const std::optional<std::string>* Next() {
    if (index_ >= row_.size()) {
      ok_ = false;
      return nullptr;
    }
    return &row_[index_++];
  }
  const Row& row_;
  std::size_t index_ = 0;
  bool ok_ = true;
};

// The single integer of a one-row, one-column result (COUNT, a sequence value).
Result<std::int64_t> SingleInt(std::string_view op, const QueryResult& r);

inline int ClampLimit(int limit) {
  return limit < 0 ? 0 : (limit > kMaxPageLimit ? kMaxPageLimit : limit);
}
inline int ClampOffset(int offset) { return offset < 0 ? 0 : offset; }

// Runs `f`, turning any escaping exception (std::bad_alloc, a Boost.JSON surprise) into
// kInternal: exceptions never leave the adapter.
template <class F>
auto Guard(std::string_view op, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception&) {
    return Fail(ErrorCode::kInternal, "store.internal", std::string(op) + ": unexpected failure");
  }
}

template <class T, class F>
Result<std::vector<T>> Decode(const QueryResult& r, F decode) {
  std::vector<T> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) {
    ZT_ASSIGN_OR_RETURN(T v, decode(row));
    out.push_back(std::move(v));
  }
  return out;
}

template <class T, class F>
Result<std::optional<T>> DecodeOne(const QueryResult& r, F decode) {
  if (r.rows.empty()) return std::optional<T>();
  ZT_ASSIGN_OR_RETURN(T v, decode(r.rows[0]));
  return std::optional<T>(std::move(v));
}

// The statements of one unit of work. After Close() (commit or rollback) every call fails
// with kFailedPrecondition "store.finished".
class Statements {
 public:
  explicit Statements(Connection& conn) : conn_(&conn) {}
  Statements(const Statements&) = delete;
  Statements& operator=(const Statements&) = delete;

  void Close() { conn_ = nullptr; }
  Dialect dialect() const { return conn_ != nullptr ? conn_->dialect() : Dialect::kSqlite; }

  Status Live(std::string_view op) const;

  Result<QueryResult> Read(std::string_view op, std::string_view sql,
                           std::span<const Param> params);
  Result<QueryResult> Read(std::string_view op, std::string_view sql,
                           std::initializer_list<Param> params) {
    return Read(op, sql, std::span<const Param>(params.begin(), params.size()));
  }

  // A statement that may fail with an expected error (a unique key): in PostgreSQL it runs
  // inside a savepoint so that the unit of work stays usable afterwards, as in SQLite.
  Result<QueryResult> Write(std::string_view op, std::string_view sql,
                            std::span<const Param> params);
  Result<QueryResult> Write(std::string_view op, std::string_view sql,
                            std::initializer_list<Param> params) {
    return Write(op, sql, std::span<const Param>(params.begin(), params.size()));
  }

  // An optimistic UPDATE: no row changed means a stale version (kAborted) or no such row
  // (kNotFound), told apart by running `exists_sql` with `id`.
  Status CheckedUpdate(std::string_view op, std::string_view sql, const std::vector<Param>& params,
                       std::string_view exists_sql, const std::string& id);

 private:
  Connection* conn_;
};

}  // namespace zt::store::internal
