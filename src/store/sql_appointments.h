// Private to the store module: the SQL of appointments (halls, windows, slots, bookings), the
// visits made on cases and where cases were accepted (service/appointment_store.h), over the
// unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/appointment_store.h"

namespace zt::store::internal {

class SqlAppointmentStore final : public service::AppointmentStore {
 public:
  explicit SqlAppointmentStore(Statements& sql) : sql_(sql) {}

  Status InsertHall(const caseflow::Hall& hall) override;
  Result<std::optional<caseflow::Hall>> FindHall(std::string_view id) override;
  Result<std::vector<caseflow::Hall>> ListHalls(std::string_view region_prefix) override;
  Status InsertWindow(const caseflow::Window& window) override;
  Result<std::optional<caseflow::Window>> FindWindow(std::string_view id) override;
  Result<std::vector<caseflow::Window>> ListWindows(std::string_view hall_id) override;
  Status InsertSlot(const caseflow::Slot& slot) override;
  Result<std::optional<caseflow::Slot>> FindSlot(std::string_view id) override;
  Result<std::vector<caseflow::Slot>> ListSlots(const std::vector<std::string>& window_ids,
                                                Instant from, Instant to) override;
  Result<bool> TakeSeat(std::string_view slot_id) override;
  Status ReleaseSeat(std::string_view slot_id) override;
  Status InsertBooking(const caseflow::Booking& booking) override;
  Status UpdateBooking(const caseflow::Booking& booking, std::int64_t expected_version) override;
  Result<std::optional<caseflow::Booking>> FindBooking(std::string_view id) override;
  Result<std::vector<caseflow::Booking>> ListBookingsOf(const AccountId& citizen) override;
  Result<std::vector<caseflow::Booking>> ListBookingsAt(const std::vector<std::string>& window_ids,
                                                        Instant from, Instant to) override;
  Result<std::vector<caseflow::Booking>> ListBookingsIn(std::string_view region_prefix,
                                                        Instant from, Instant to) override;
  Status InsertVisit(const service::VisitRecord& visit) override;
  Result<std::vector<service::VisitRecord>> ListVisitsFor(const CaseId& case_id) override;
  Status PutAcceptance(const service::CaseAcceptance& acceptance) override;
  Result<std::optional<service::CaseAcceptance>> FindAcceptance(const CaseId& case_id) override;
  Result<std::vector<service::CaseAcceptance>> ListAcceptancesIn(
      std::string_view region_prefix) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
