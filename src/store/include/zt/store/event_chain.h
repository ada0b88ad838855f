// File: event_chain.h
//
// The event log's hash chain, defined precisely enough that an independent verifier (an
// auditor's script, a checkpoint signer) can recompute it from the stored columns.
//
//   zt::service::EventRecord r = ...;            // seq, event, prev_hash as stored
//   bool intact = zt::store::EventHash(r) == r.hash;
//
// Canonical form (version 1). NS(x) is the netstring of the byte string x: its length in
// bytes as decimal ASCII, ':', the bytes, ','  (NS("abc") = "3:abc,", NS("") = "0:,").
//
//   canonical = NS("zt-event-v1")
//               NS(seq) NS(at)
//               NS(action) NS(object_type) NS(object_id)
//               NS(actor_id) NS(actor_role) NS(actor_region)
//               NS(request_id) NS(source_ip) NS(result)
//               NS(n) NS(key_1) NS(value_1) ... NS(key_n) NS(value_n)
//               NS(prev_hash)
//   hash      = lowercase hex of SM3(canonical)              (GB/T 32905-2016)
//
// seq, at and n are decimal ASCII without leading zeros ('-' first if negative): seq is the
// entry's position (1, 2, ...), at is milliseconds since 1970-01-01T00:00:00Z, n is the
// number of detail pairs. Details are hashed in their stored order (the JSON object's member
// order). Strings are the UTF-8 bytes as stored. prev_hash is the previous entry's hash, or
// kGenesisHash for seq 1. Because every field is length-prefixed, no two different entries
// share a canonical form, whatever bytes the fields contain.
#pragma once

#include <string>
#include <string_view>

#include "zt/service/store.h"

namespace zt::store {

// prev_hash of the first entry: 64 zeros.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The canonical byte string above for `record.seq`, `record.event` and `record.prev_hash`
// (record.hash is ignored). Pure; thread-safe.
std::string CanonicalEventForm(const service::EventRecord& record);

// Lowercase hex SM3 of CanonicalEventForm(record): 64 characters. Thread-safe.
std::string EventHash(const service::EventRecord& record);

}  // namespace zt::store
