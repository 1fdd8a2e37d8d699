// RapidCheck generators for GNP/1 traffic, all built from RequestModel so every generated
// request knows what the server must answer. Every generator shrinks: a failing case reduces to
// few, short requests with few headers and few cuts.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "properties/invalid_classes.hpp"
#include "properties/request_model.hpp"

namespace wireproof::properties {

// A list of at most about `max_length` elements at full size, its elements generated at the
// size of the surrounding generator. (rc::gen::scale alone would shrink the elements too.)
template <typename T>
rc::Gen<std::vector<T>> short_list(int max_length, rc::Gen<T> element, bool non_empty = false) {
  const double factor = max_length / 100.0;
  rc::Gen<std::vector<T>> list = rc::gen::container<std::vector<T>>(rc::gen::scale(1.0 / factor, element));
  if (non_empty) list = rc::gen::nonEmpty(list);
  return rc::gen::scale(factor, list);
}

// Which commands a valid request may use.
enum class CommandSet {
  stateless,    // PING, ECHO, GET: the answer does not depend on earlier requests' effects
  store,        // + SET, DEL
  with_quit,    // + QUIT
};

// Keys come from a few names (so GET and DEL hit), each behind `prefix` (unique per run when
// the server keeps state between runs).
struct KeySpace {
  std::string prefix;
  std::vector<std::string> names = {"a", "b", "c"};
};

// A valid request (5.x) of the given command set: headers in random order and name case,
// values padded with SP/HT, optional Sequence with leading zeros, values up to the size limit.
rc::Gen<RequestModel> gen_valid_request(CommandSet commands, const KeySpace& keys = {});

// A valid ECHO request of exactly `total_bytes` bytes, terminator included (4.2).
rc::Gen<RequestModel> gen_request_of_size(std::size_t total_bytes);

// One planted defect and what the server must answer to it.
struct InvalidRequest {
  InvalidClass cls;
  std::string bytes;
  ExpectedResponse expected;
};
std::ostream& operator<<(std::ostream& os, const InvalidRequest& request);

rc::Gen<InvalidRequest> gen_invalid_request(InvalidClass cls);
// Any class; `include_closing` false leaves out the classes after which the server closes.
rc::Gen<InvalidRequest> gen_invalid_request(bool include_closing);

// One request on the wire with a label for printing counterexamples.
struct WireRequest {
  std::string label;
  std::string bytes;
};
std::ostream& operator<<(std::ostream& os, const WireRequest& request);

// Requests whose responses do not depend on connection or store state: stateless valid ones and
// invalid ones after which the connection stays open.
rc::Gen<WireRequest> gen_stateless_wire_request();
// Anything a client might send: valid (SET/DEL/QUIT included), invalid of every class.
rc::Gen<WireRequest> gen_any_wire_request();
// A byte stream of several requests, possibly ending in an unfinished one.
rc::Gen<std::vector<WireRequest>> gen_request_stream();
std::string concatenate(const std::vector<WireRequest>& requests);

// Where a byte stream is cut into reads/segments: offsets in (0, size), strictly increasing.
struct Segmentation {
  std::string strategy;  // whole, bytewise, inside_terminators, random
  std::vector<std::size_t> cuts;
};
std::ostream& operator<<(std::ostream& os, const Segmentation& segmentation);

// Cuts for the stream that is the concatenation of `messages`. Random cuts are placed relative to
// the end of a message, so they stay put while shrinking shortens the messages, and shrink
// towards the last byte of the first message (inside its terminator). At most `max_cuts` cuts
// (bytewise is offered only when it fits), so that live runs, which pause per piece, stay short.
rc::Gen<Segmentation> gen_segmentation(const std::vector<std::string>& messages,
                                       std::size_t max_cuts = static_cast<std::size_t>(-1));
// The pieces of `stream` cut at `segmentation.cuts`.
std::vector<std::string> split(const std::string& stream, const Segmentation& segmentation);

std::ostream& operator<<(std::ostream& os, const RequestModel& request);

}  // namespace wireproof::properties
