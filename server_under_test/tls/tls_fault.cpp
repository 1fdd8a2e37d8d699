#include "tls/tls_fault.hpp"

namespace gnp::tls {

namespace {
constexpr TlsFaultInfo kTlsFaults[] = {
    {TlsFault::dates_unchecked, "tls-dates-unchecked", "9.2/4"},
    {TlsFault::dates_before_fingerprint, "tls-dates-before-fingerprint", "9.4/2"},
    {TlsFault::no_close_notify, "tls-no-close-notify", "9.5/2"},
};
}  // namespace

std::span<const TlsFaultInfo> tls_faults() { return kTlsFaults; }

std::optional<TlsFault> tls_fault_from_name(std::string_view name) { return fault_named<TlsFault>(kTlsFaults, name); }

}  // namespace gnp::tls
