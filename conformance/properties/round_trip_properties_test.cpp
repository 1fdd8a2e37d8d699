// Round trips between the core's writers and parsers and the model / the harness's reader:
// requests (PROTOCOL.md 5) through gnp::serialize_request and gnp::parse_request, responses
// (6.2-6.5) through gnp::write_ok / gnp::write_error and wireproof::ResponseReader.
#include <optional>

#include "core/error_code.hpp"
#include "harness/escape.hpp"
#include "properties/generators.hpp"
#include "properties/property_check.hpp"
#include "core/request.hpp"
#include "core/request_parser.hpp"
#include "properties/response_check.hpp"
#include "core/response_writer.hpp"

namespace wireproof::properties {
namespace {

struct ParsedFields {
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::uint64_t> sequence;
  friend bool operator==(const ParsedFields&, const ParsedFields&) = default;
};

ParsedFields fields_of(const gnp::Request& r) {
  ParsedFields f{std::string(r.command), {}, {}, r.sequence};
  for (std::string_view a : r.args) f.args.emplace_back(a);
  for (const gnp::Header& h : r.headers) f.headers.emplace_back(std::string(h.name), std::string(h.value));
  return f;
}

// What 5.3-5.5 say a parser must extract from the model's bytes.
ParsedFields fields_of(const RequestModel& m) {
  ParsedFields f{m.command, m.args, {}, model_sequence(m)};
  for (const HeaderLine& h : m.headers) f.headers.emplace_back(h.name, trim_header_value(h.raw_value));
  return f;
}

// Model bytes parse to the model's fields; serialising the parsed request and parsing again
// gives the same fields.
WIREPROOF_PROP(CoreRoundTrip, RequestParseSerializeParse_5, ()) {
  const RequestModel model = *gen_valid_request(CommandSet::with_quit);
  const std::string bytes = to_bytes(model);

  gnp::Request parsed;
  if (const auto error = gnp::parse_request(bytes, parsed)) {
    RC_FAIL("valid request rejected at byte " + std::to_string(error->offset) + ": " + std::string(error->message));
  }
  RC_ASSERT(fields_of(parsed) == fields_of(model));

  const std::string serialized = gnp::serialize_request(parsed);
  gnp::Request reparsed;
  if (const auto error = gnp::parse_request(serialized, reparsed)) {
    RC_FAIL("serialize_request output rejected at byte " + std::to_string(error->offset) + ": " +
            std::string(error->message));
  }
  RC_ASSERT(fields_of(reparsed) == fields_of(model));
}

struct WrittenResponse {
  std::optional<gnp::ErrorCode> error;
  std::optional<std::uint64_t> sequence;
  std::string body;     // OK only: any bytes, terminators and NUL included (6.4)
  std::string message;  // ERR only: one line of text (6.5)
};

std::ostream& operator<<(std::ostream& os, const WrittenResponse& w) {
  if (w.error) {
    os << "ERR " << gnp::error_code_name(*w.error);
  } else {
    os << "OK";
  }
  if (w.sequence) os << " Sequence=" << *w.sequence;
  if (w.error) os << " Message=\"" << escape_bytes(w.message) << '"';
  if (!w.body.empty()) os << " body=\"" << escape_bytes(w.body) << '"';
  return os;
}

rc::Gen<WrittenResponse> gen_written_response() {
  return rc::gen::exec([] {
    WrittenResponse w;
    if (*rc::gen::arbitrary<bool>()) w.error = *rc::gen::elementOf(std::vector<gnp::ErrorCode>(
                                           std::begin(gnp::kAllErrorCodes), std::end(gnp::kAllErrorCodes)));
    // 6.3: Sequence only on answers to understood requests: not on bad-encoding, bad-request,
    // too-large, nor on auth-*, busy and timeout, which answer no request.
    const bool may_echo = !w.error || *w.error == gnp::ErrorCode::unknown_command ||
                          *w.error == gnp::ErrorCode::bad_arguments || *w.error == gnp::ErrorCode::not_found;
    if (may_echo && *rc::gen::arbitrary<bool>()) {
      w.sequence = *rc::gen::inRange<std::uint64_t>(0, 9223372036854775807ULL);
    }
    if (w.error) {
      w.message = "m" + *rc::gen::container<std::string>(rc::gen::resize(100, rc::gen::inRange<char>(0x20, 0x7F))) + "m";
    } else {
      w.body = *rc::gen::container<std::string>(
          rc::gen::oneOf(rc::gen::resize(100, rc::gen::arbitrary<char>()), rc::gen::element('\r', '\n')));
    }
    return w;
  });
}

// Frames written by the core read back with the same fields and exact bytes, however the
// stream of several frames is cut.
WIREPROOF_PROP(CoreRoundTrip, ResponseWriteThenRead_6_2, ()) {
  const auto written = *short_list(5, gen_written_response(), true);
  std::string stream;
  std::vector<std::string> frames;
  for (const WrittenResponse& w : written) {
    std::string frame;
    if (w.error) {
      gnp::write_error(frame, *w.error, w.sequence, w.message);
    } else {
      gnp::write_ok(frame, w.sequence, w.body);
    }
    frames.push_back(frame);
    stream += frame;
  }
  const Segmentation segmentation = *gen_segmentation(frames);

  ResponseReader reader;
  std::vector<ResponseFrame> read;
  for (const std::string& piece : split(stream, segmentation)) {
    reader.feed(piece);
    while (auto frame = reader.next()) read.push_back(std::move(*frame));
  }
  if (reader.failed()) RC_FAIL("ResponseReader rejected core output: " + reader.error());
  RC_ASSERT(reader.buffered() == 0u);
  RC_ASSERT(read.size() == written.size());
  for (std::size_t i = 0; i < written.size(); ++i) {
    const WrittenResponse& w = written[i];
    const ResponseFrame& r = read[i];
    RC_ASSERT(r.raw == frames[i]);
    RC_ASSERT(r.ok == !w.error.has_value());
    RC_ASSERT(r.code == (w.error ? std::string(gnp::error_code_name(*w.error)) : std::string()));
    RC_ASSERT(r.sequence == w.sequence);
    RC_ASSERT(r.body == w.body);
    RC_ASSERT(r.size == (w.body.empty() ? std::nullopt : std::optional<std::size_t>(w.body.size())));
    RC_ASSERT(r.message == (w.error ? std::optional<std::string>(w.message) : std::nullopt));
  }
}

}  // namespace
}  // namespace wireproof::properties
