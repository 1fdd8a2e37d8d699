// Small request/response exchanges shared by the checks.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "harness/client.hpp"

namespace wireproof::robust {

using namespace std::chrono_literals;

// Connects and reads the greeting (3.1); throws ClientError when either fails.
Client connect_greeted(const Address& address, std::chrono::milliseconds timeout = 2s);

// Sends `request` (terminator included) and checks the reply is OK with `sequence` echoed and
// `body`; returns "" on success, otherwise what was wrong.
std::string exchange_ok(Client& client, const std::string& request, std::uint64_t sequence,
                        const std::string& body = "", std::chrono::milliseconds timeout = 2s);

std::string with_sequence(const std::string& command_line, std::uint64_t sequence);

}  // namespace wireproof::robust
