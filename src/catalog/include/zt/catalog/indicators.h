// File: indicators.h
//
// Catalogue indicators on the 事项口径 basis (STANDARDS.md §3: the share of catalogue items
// with a property), computed over the items the caller passes (the service passes the
// published items of a region prefix and/or department). The one place these formulas live;
// a later indicators registry adds entries to CatalogIndicators.
//
//   auto figures = zt::catalog::CatalogIndicators(items);
//   // figures[0]: {"online_rate", "网上可办率", 66.7, 2, 3, "online items ÷ items"}
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "zt/catalog/item.h"
#include "zt/core/indicator.h"

namespace zt::catalog {

using zt::Indicator;  // zt/core/indicator.h
using zt::PercentHalfUp;

// Over `items` as given (no filtering by status here), in this order:
//   online_rate                 网上可办率: items with online == true ÷ items
//   instant_rate                即办件比例: items with case_kind instant ÷ items
//   time_compression_rate       承诺时限压缩率 (合计): Σ(statutory − promised) ÷ Σ statutory,
//                               over items with a statutory limit (> 0)
//   time_compression_mean_rate  承诺时限压缩率 (逐项平均): mean of (statutory − promised) ÷
//                               statutory over the same items
std::vector<Indicator> CatalogIndicators(std::span<const ServiceItem> items);

}  // namespace zt::catalog
