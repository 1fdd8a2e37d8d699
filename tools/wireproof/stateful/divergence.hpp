// Where a server's answers first part from the oracle's, and the PROTOCOL.md requirement that
// difference breaks. The table (first matching row wins):
//
//   what differs                                              requirement
//   no greeting / a wrong one on a (re)opened connection      3.1/1 (6.6/1 when decorated)
//   a frame the strict reader refuses                         S/1 of the section the reader cites (6.2, 6.4, 6.5, 7.1)
//   a response missing (the wait ran out)                     6.1/1
//   the connection closed before a response                   6.1/1 (7.2/1 right after an error that keeps it open)
//   bytes after the answer to QUIT                            8.6/3 (4.3/6 after too-large)
//   no close after QUIT                                       8.6/1 (4.3/1 after too-large)
//   a response more than requests were sent                   6.1/1
//   status, either side bad-encoding                          5.1/1
//   status, either side bad-request                           S/1 of the failing check's section (5.2-5.5)
//   Sequence                                                  6.3/1
//   Size alone                                                6.4/3
//   GET/DEL answer, the key last written by another connection 8.8/2 (a request sees every earlier SET/DEL)
//   GET/DEL answer, the key last written on this connection   8.8/3 (... every earlier request on its connection)
//   GET answer, the key never written                         8.4/3 (not-found expected), 8.4/2 (the value)
//   DEL answer, the key never written                         8.5/2
//   PING, ECHO, SET, QUIT                                     8.1/1, 8.2/2, 8.3/1, 8.6/1
//   wrong arity, unknown name                                 8.7/1, 8.7/2
//   anything, when the same rounds sent whole pass            4.4/2 (set by the shrinker)
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "harness/response_reader.hpp"
#include "blackbox/verdict.hpp"

namespace wireproof::stateful {

struct Divergence {
  Outcome outcome = Outcome::fail;  // hang: a wait ran out; crash: the server died
  std::size_t round = 0;   // index of the round in the traffic run
  std::size_t frame = 0;   // index of the frame in that round (the greeting is 0 on an opened connection)
  std::string requirement; // the PROTOCOL.md requirement the difference breaks, e.g. "8.8/2"
  std::string section;     // its section, "8.8"
  std::string kind;        // greeting, malformed, missing-response, early-close, extra-response, not-closed,
                           // status, sequence, size, body, store-value
  std::string summary;     // one line
  std::string detail;      // expected vs received, the request, escaped
  // A wrong frame: how it differs without the request's values (FrameDifference::kind_*), so that
  // certify groups it with the scenarios' failures of the same kind; empty otherwise.
  std::string kind_expected;
  std::string kind_received;

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

// The requirement and kind for a response to `request` (sent on `connection`) that differs from
// the oracle's (table above).
std::pair<std::string, std::string> answer_requirement(std::string_view request, const ResponseFrame& expected,
                                                       const ResponseFrame& got, const KeyWriters& writers,
                                                       const std::string& connection);

// "8.8" of "8.8/2".
std::string section_of(const std::string& requirement);

// The section a strict-reader error cites, e.g. "... (6.4)"; 6.2 when it names none.
using blackbox::reader_error_section;

}  // namespace wireproof::stateful
