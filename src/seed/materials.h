// Private to the seed module: demo materials (docs/materials.md) of the seeded open
// applications, so that `make run` shows uploads with provenance, hash and trust grade.
#pragma once

#include "zt/core/error.h"
#include "zt/seed/seed.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::seed {

// Uploads, as their applicants, a small generated PDF for the first listed material of up to
// 20 open citizen applications, into options.blobs (nothing when it is null). Returns how
// many were written.
Result<int> SeedMaterials(service::Store& store, service::Crypto& crypto,
                          const SeedOptions& options);

}  // namespace zt::seed
