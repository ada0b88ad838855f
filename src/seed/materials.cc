#include "materials.h"

#include "zt/service/account_service.h"
#include "zt/service/material_service.h"

namespace zt::seed {
namespace {

// A valid one-page PDF naming the material and the receipt (ASCII text, Helvetica).
std::string DemoPdf(const std::string& receipt_no) {
  std::string stream = "BT /F1 14 Tf 30 100 Td (zhengtong demo material " + receipt_no + ") Tj ET";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string out = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t o : offsets) {
    std::string n = std::to_string(o);
    out += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace

Result<int> SeedMaterials(service::Store& store, service::Crypto& crypto,
                          const SeedOptions& options) {
  if (options.blobs == nullptr) return 0;
  SimulatedClock clock(options.now);
  service::MaterialService materials(store, crypto, *options.blobs, clock);
  std::vector<caseflow::ApplicationCase> open;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    service::CaseQuery q;
    q.states = {"submitted", "accepted"};
    q.limit = 200;
    ZT_ASSIGN_OR_RETURN(auto page, tx->ListCases(q));
    open = std::move(page.items);
  }
  service::RequestContext ctx{"seed", "local"};
  int written = 0;
  for (const auto& c : open) {
    if (written >= 20) break;
    if (c.applicant_account.empty()) continue;
    std::optional<accounts::Actor> citizen;
    std::string material;
    {
      ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
      ZT_ASSIGN_OR_RETURN(auto account, tx->FindAccount(c.applicant_account));
      ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(c.item_id));
      if (!account || !item || item->materials.empty()) continue;
      citizen = service::AccountService::ActorOf(*account);
      material = item->materials.front().name;
    }
    ZT_RETURN_IF_ERROR(materials.Upload(*citizen, c.id,
                                        {material, material + ".pdf", DemoPdf(c.receipt_no)}, ctx));
    ++written;
  }
  return written;
}

}  // namespace zt::seed
