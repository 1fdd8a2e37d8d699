// Where a server's answers first part from the oracle's, and the PROTOCOL.md section that
// difference breaks. The table (first matching row wins):
//
//   what differs                                              section
//   no greeting / a wrong one on a (re)opened connection      3.1 (6.6 when decorated)
//   a frame the strict reader refuses                         the reader's (6.2, 6.3, 6.4, 6.5, 7.1)
//   a response missing (the wait ran out)                     6.1
//   the connection closed before a response                   6.1 (7.2 right after an error that keeps it open)
//   a response after QUIT, or no close after it               8.6 (4.3 after too-large)
//   a response more than requests were sent                   6.1
//   status, either side bad-encoding                          5.1
//   status, either side bad-request                           5.2-5.5 (the failing check, blackbox::bad_request_section)
//   Sequence                                                  6.3
//   Size alone                                                6.4
//   GET/DEL answer, the key last written by a SET/DEL of the
//     run (this or another connection)                        8.8 (the store as requests see it)
//   GET/DEL answer, the key never written                     8.4 (GET), 8.5 (DEL)
//   PING, ECHO, SET, QUIT, other names and arities            8.1, 8.2, 8.3, 8.6, 8.7
//   anything, when the same rounds sent whole pass            4.4 (set by the shrinker)
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "response_reader.hpp"
#include "verdict.hpp"

namespace wireproof::stateful {

struct Divergence {
  blackbox::Outcome outcome = blackbox::Outcome::violation;  // hang: a wait ran out; crash: the server died
  std::size_t round = 0;   // index of the round in the traffic run
  std::size_t frame = 0;   // index of the frame in that round (the greeting is 0 on an opened connection)
  std::string section;     // the PROTOCOL.md section the difference breaks
  std::string kind;        // greeting, malformed, missing-response, early-close, extra-response, not-closed,
                           // status, sequence, size, body, store-value
  std::string summary;     // one line
  std::string detail;      // expected vs received, the request, escaped

  // The same failure for shrinking: same section and outcome class.
  bool same_failure(const Divergence& other) const { return section == other.section && outcome == other.outcome; }
};

// The one frame comparison: status, code, Sequence, Size and body equal; Message text is not
// compared (6.5), its presence and form are the strict reader's business.
bool frames_match(const ResponseFrame& expected, const ResponseFrame& got);

// Which connection last changed each key (SET, or a DEL that removed it) in the run so far.
using KeyWriters = std::map<std::string, std::string>;

// Records the store writes of `request`, answered `answer` by the oracle, on `connection`.
void note_write(KeyWriters& writers, std::string_view request, const ResponseFrame& answer,
                const std::string& connection);

// The section and kind for a response that differs from the oracle's (table above).
std::pair<std::string, std::string> answer_section(std::string_view request, const ResponseFrame& expected,
                                                   const ResponseFrame& got, const KeyWriters& writers);

// The section a strict-reader error cites, e.g. "... (6.4)"; 6.2 when it names none.
std::string reader_error_section(const std::string& error);

}  // namespace wireproof::stateful
