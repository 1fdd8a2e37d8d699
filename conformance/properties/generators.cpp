#include "properties/generators.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "harness/escape.hpp"

namespace wireproof::properties {

namespace {

constexpr std::uint64_t kMaxSequence = 9223372036854775807ULL;  // 2^63 - 1 (5.5)
constexpr std::string_view kHeaderNameChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const std::vector<std::string> kCommands = {"PING", "ECHO", "SET", "GET", "DEL", "QUIT"};

// Choice helpers that, unlike rc::gen::elementOf/oneOf, shrink: towards the first item.
template <typename T>
rc::Gen<T> pick(std::vector<T> items) {
  const std::size_t n = items.size();
  return rc::gen::map(rc::gen::resize(100, rc::gen::inRange<std::size_t>(0, n)),
                      [items = std::move(items)](std::size_t i) { return items[i]; });
}

template <typename T>
rc::Gen<T> choose(std::vector<rc::Gen<T>> gens) {
  return rc::gen::join(pick(std::move(gens)));
}

// Each generator appears `weight` times, so the first one is also where shrinking ends.
template <typename T>
rc::Gen<T> choose_weighted(std::initializer_list<std::pair<int, rc::Gen<T>>> weighted) {
  std::vector<rc::Gen<T>> gens;
  for (const auto& [weight, gen] : weighted) gens.insert(gens.end(), static_cast<std::size_t>(weight), gen);
  return choose(std::move(gens));
}

// True once in `n` draws; shrinks to false.
rc::Gen<bool> chance(int n) {
  return rc::gen::map(rc::gen::resize(100, rc::gen::inRange(0, n)), [n](int x) { return x == n - 1; });
}

// RFC 3629 encoding of a scalar value; the generators only pass valid ones.
std::string utf8_encode(std::uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string bytes_of(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out += static_cast<char>(b);
  return out;
}

rc::Gen<std::uint32_t> code_points(std::uint32_t first, std::uint32_t last) {
  return rc::gen::inRange<std::uint32_t>(first, last + 1);
}

rc::Gen<int> byte_range(int first, int last) { return rc::gen::inRange(first, last + 1); }

// A character allowed in a command-line token (5.2, 5.3): anything but SP, HT, C0 and DEL,
// C1 code points included. Mostly ASCII so counterexamples stay readable.
rc::Gen<std::string> gen_token_char() {
  // resize: the whole range of code points at any size; shrinking still goes to '!'.
  return rc::gen::map(rc::gen::resize(100, choose_weighted<std::uint32_t>({
                          {12, code_points(0x21, 0x7E)},
                          {1, code_points(0x80, 0x9F)},
                          {1, code_points(0xA0, 0x7FF)},
                          {1, choose<std::uint32_t>({code_points(0x800, 0xD7FF), code_points(0xE000, 0xFFFF)})},
                          {1, code_points(0x10000, 0x10FFFF)},
                      })),
                      utf8_encode);
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += p;
  return out;
}

rc::Gen<std::string> gen_token() {
  return rc::gen::map(rc::gen::scale(0.25, rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(
                                               gen_token_char()))),
                      join);
}

rc::Gen<std::vector<std::string>> gen_tokens(std::size_t min, std::size_t max) {
  return rc::gen::exec([=] {
    const auto count = *rc::gen::inRange(min, max + 1);
    return *rc::gen::container<std::vector<std::string>>(count, gen_token());
  });
}

// Characters of a header value: token characters, SP and HT (5.4).
rc::Gen<std::string> gen_value_char() {
  return choose_weighted<std::string>({
      {8, gen_token_char()},
      {1, pick<std::string>({" ", "\t"})},
  });
}

rc::Gen<std::string> gen_padding() {
  return rc::gen::scale(0.04, rc::gen::container<std::string>(pick<char>({' ', '\t'})));
}

// A header value as sent: SP/HT padding around a value that does not start or end with them.
rc::Gen<std::string> gen_raw_value() {
  return rc::gen::exec([] {
    const std::string inner = trim_header_value(
        join(*rc::gen::scale(0.2, rc::gen::container<std::vector<std::string>>(gen_value_char()))));
    return *gen_padding() + inner + *gen_padding();
  });
}

rc::Gen<std::string> gen_header_name() {
  return rc::gen::scale(0.15, rc::gen::nonEmpty(rc::gen::container<std::string>(
                                  pick(std::vector<char>(kHeaderNameChars.begin(), kHeaderNameChars.end())))));
}

// `name` with the case of each letter chosen at random (names compare case-insensitively, 5.4).
rc::Gen<std::string> gen_random_case(std::string name) {
  return rc::gen::exec([name] {
    const auto flips = *rc::gen::container<std::vector<bool>>(name.size(), rc::gen::arbitrary<bool>());
    std::string out = name;
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (!flips[i]) continue;
      const char c = out[i];
      if (c >= 'a' && c <= 'z') out[i] = static_cast<char>(c - 'a' + 'A');
      if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  });
}

rc::Gen<HeaderLine> gen_sequence_header() {
  return rc::gen::exec([] {
    const std::string name = *gen_random_case("Sequence");
    const std::uint64_t value = *choose_weighted<std::uint64_t>({
        {4, rc::gen::inRange<std::uint64_t>(0, 1000)},
        {2, rc::gen::inRange<std::uint64_t>(0, kMaxSequence)},
        {1, rc::gen::just(kMaxSequence)},
    });
    const std::string zeros(*rc::gen::inRange(0, 3), '0');  // leading zeros are allowed (5.5)
    return HeaderLine{name, *gen_padding() + zeros + std::to_string(value) + *gen_padding()};
  });
}

// Valid header lines: unknown headers with distinct names and maybe one Sequence, in any order.
rc::Gen<std::vector<HeaderLine>> gen_valid_headers() {
  return rc::gen::exec([] {
    std::vector<HeaderLine> headers;
    const auto names = *short_list(4, gen_header_name());
    for (const std::string& name : names) {
      const bool taken = std::any_of(headers.begin(), headers.end(),
                                     [&](const HeaderLine& h) { return same_header_name(h.name, name); });
      if (taken || same_header_name(name, "Sequence")) continue;
      headers.push_back({name, *gen_raw_value()});
    }
    if (*rc::gen::arbitrary<bool>()) {
      const auto at = *rc::gen::inRange<std::size_t>(0, headers.size() + 1);
      headers.insert(headers.begin() + static_cast<std::ptrdiff_t>(at), *gen_sequence_header());
    }
    return headers;
  });
}

// Appends exactly `n` bytes of token characters, chosen by a small PRNG from `seed` so that
// requests near the 8192-byte limit cost one generated number, not thousands.
void append_filler(std::string& out, std::size_t n, std::uint32_t seed) {
  std::uint64_t state = seed | 1u;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  while (n > 0) {
    const std::uint64_t r = next();
    const std::size_t want = (r & 7) < 5 ? 1 : 2 + (r >> 3) % 3;
    const std::size_t len = std::min(want, n);
    const auto span = [&](std::uint32_t lo, std::uint32_t hi) {
      return lo + static_cast<std::uint32_t>((r >> 8) % (hi - lo + 1));
    };
    if (len == 1) out += utf8_encode(span(0x21, 0x7E));
    if (len == 2) out += utf8_encode(span(0x80, 0x7FF));
    if (len == 3) out += utf8_encode(span(0xE000, 0xFFFF));
    if (len == 4) out += utf8_encode(span(0x10000, 0x10FFFF));
    n -= len;
  }
}

// Pads the last argument so the whole request is exactly `total` bytes (no-op when larger).
void fill_to(RequestModel& request, std::size_t total, std::uint32_t seed) {
  const std::size_t now = to_bytes(request).size();
  if (total > now) append_filler(request.args.back(), total - now, seed);
}

rc::Gen<std::string> gen_key(const KeySpace& keys) {
  return rc::gen::map(pick(keys.names),
                      [prefix = keys.prefix](const std::string& name) { return prefix + name; });
}

rc::Gen<RequestModel> gen_valid(CommandSet commands, const KeySpace& keys, bool may_fill_to_limit) {
  return rc::gen::exec([=] {
    std::vector<std::string> allowed = {"PING", "ECHO", "GET"};
    if (commands != CommandSet::stateless) allowed.insert(allowed.end(), {"SET", "DEL"});
    if (commands == CommandSet::with_quit) allowed.push_back("QUIT");
    RequestModel r;
    r.command = *pick(allowed);
    if (r.command == "ECHO") r.args = *gen_tokens(1, 4);
    if (r.command == "SET") r.args = {*gen_key(keys), *gen_token()};
    if (r.command == "GET" || r.command == "DEL") r.args = {*gen_key(keys)};
    r.headers = *gen_valid_headers();
    // Values up to the size limit (4.2): now and then fill ECHO/SET to a size near 8192.
    if (may_fill_to_limit && (r.command == "ECHO" || r.command == "SET") &&
        *chance(10)) {
      const std::size_t total = *choose_weighted<std::size_t>({
          {2, rc::gen::inRange<std::size_t>(100, 8193)},
          {1, rc::gen::inRange<std::size_t>(8190, 8193)},
      });
      fill_to(r, total, *rc::gen::arbitrary<std::uint32_t>());
    }
    return r;
  });
}

// Inserts `bytes` into one field of `r` (command, an argument, a header name or value) at a
// character boundary, so the surrounding text stays valid and only the planted defect remains.
rc::Gen<RequestModel> gen_insert(RequestModel r, std::string bytes, bool command_line_only) {
  return rc::gen::exec([r, bytes, command_line_only] {
    RequestModel out = r;
    std::vector<std::string*> fields = {&out.command};
    for (std::string& a : out.args) fields.push_back(&a);
    if (!command_line_only) {
      for (HeaderLine& h : out.headers) {
        fields.push_back(&h.name);
        fields.push_back(&h.raw_value);
      }
    }
    // An index, not a pointer: on shrinking, exec replays picks into a fresh copy of `out`.
    std::string& field = *fields[*rc::gen::resize(100, rc::gen::inRange<std::size_t>(0, fields.size()))];
    std::vector<std::size_t> boundaries;
    for (std::size_t i = 0; i <= field.size(); ++i) {
      if (i == field.size() || (static_cast<unsigned char>(field[i]) & 0xC0) != 0x80) boundaries.push_back(i);
    }
    field.insert(*pick(boundaries), bytes);
    return out;
  });
}

rc::Gen<std::string> gen_continuation() { return rc::gen::map(byte_range(0x80, 0xBF), [](int b) { return bytes_of({b}); }); }

rc::Gen<std::string> gen_continuations(int min, int max) {
  return rc::gen::exec([=] {
    std::string out;
    const int n = *rc::gen::inRange(min, max + 1);
    for (int i = 0; i < n; ++i) out += *gen_continuation();
    return out;
  });
}

// The byte sequences of each kind of ill-formed UTF-8 (RFC 3629, PROTOCOL.md 5.1).
rc::Gen<std::string> gen_bad_utf8(InvalidClass cls) {
  using C = InvalidClass;
  auto lead = [](int first, int last) { return rc::gen::map(byte_range(first, last), [](int b) { return bytes_of({b}); }); };
  auto then = [](rc::Gen<std::string> a, rc::Gen<std::string> b) {
    return rc::gen::exec([a, b] { return *a + *b; });
  };
  switch (cls) {
    case C::utf8_overlong:
      return choose<std::string>({then(lead(0xC0, 0xC1), gen_continuations(1, 1)),
                                  then(lead(0xE0, 0xE0), then(lead(0x80, 0x9F), gen_continuations(1, 1))),
                                  then(lead(0xF0, 0xF0), then(lead(0x80, 0x8F), gen_continuations(2, 2)))});
    case C::utf8_surrogate:
      return then(lead(0xED, 0xED), then(lead(0xA0, 0xBF), gen_continuations(1, 1)));
    case C::utf8_above_max:
      return then(lead(0xF4, 0xF4), then(lead(0x90, 0xBF), gen_continuations(2, 2)));
    case C::utf8_truncated:  // a well-formed prefix missing its last continuation byte(s)
      return choose<std::string>({lead(0xC2, 0xDF),
                                  then(choose<std::string>({lead(0xE1, 0xEC), lead(0xEE, 0xEF)}), gen_continuations(0, 1)),
                                  then(lead(0xE0, 0xE0), lead(0xA0, 0xBF)),
                                  then(lead(0xED, 0xED), lead(0x80, 0x9F)),
                                  then(lead(0xF1, 0xF3), gen_continuations(0, 2)),
                                  then(lead(0xF0, 0xF0), then(lead(0x90, 0xBF), gen_continuations(0, 1))),
                                  then(lead(0xF4, 0xF4), then(lead(0x80, 0x8F), gen_continuations(0, 1)))});
    case C::utf8_stray_continuation:
      return gen_continuations(1, 3);
    case C::utf8_f5_to_ff:
      return then(lead(0xF5, 0xFF), gen_continuations(0, 3));
    default:
      return rc::gen::just(std::string());
  }
}

bool is_command(const std::string& name) {
  return std::find(kCommands.begin(), kCommands.end(), name) != kCommands.end();
}

rc::Gen<std::string> gen_bad_sequence_value() {
  return rc::gen::exec([] {
    const std::string value = *choose<std::string>({
        pick<std::string>({"", "+1", "-1", "1 2", "1\t2", "12a", "0x1F", "1.0", "9223372036854775808",
                           "18446744073709551615", "18446744073709551616", "99999999999999999999",
                           "\xEF\xBC\x91" /* fullwidth 1 */, "\xD9\xA1" /* arabic-indic 1 */}),
        rc::gen::map(rc::gen::inRange<std::uint64_t>(kMaxSequence + 1, ~0ULL),
                     [](std::uint64_t n) { return std::to_string(n); }),
    });
    return *gen_padding() + value + *gen_padding();
  });
}

// A request carrying exactly the defect of class `cls`, built from a small valid request.
rc::Gen<RequestModel> gen_model_for(InvalidClass cls) {
  using C = InvalidClass;
  return rc::gen::exec([cls]() -> RequestModel {
    RequestModel r = *gen_valid(CommandSet::store, KeySpace{}, false);
    switch (cls) {
      case C::utf8_overlong:
      case C::utf8_surrogate:
      case C::utf8_above_max:
      case C::utf8_truncated:
      case C::utf8_stray_continuation:
      case C::utf8_f5_to_ff:
        return *gen_insert(r, *gen_bad_utf8(cls), false);
      case C::bare_cr:
      case C::bare_lf: {
        const std::string bare = cls == C::bare_cr ? "\r" : "\n";
        if (r.headers.empty() || !*rc::gen::arbitrary<bool>()) return *gen_insert(r, bare, false);
        // The bare byte as the separator before header line `at`: that line is appended to the
        // end of the line before it, so a server splitting lines on it would see a valid request.
        const auto at = *rc::gen::inRange<std::size_t>(0, r.headers.size());
        const HeaderLine moved = r.headers[at];
        r.headers.erase(r.headers.begin() + static_cast<std::ptrdiff_t>(at));
        std::string& line_end = at > 0 ? r.headers[at - 1].raw_value : r.args.empty() ? r.command : r.args.back();
        line_end += bare + moved.name + ":" + moved.raw_value;
        return r;
      }
      case C::nul:
        return *gen_insert(r, std::string(1, '\0'), false);
      case C::c0_control: {
        const int c = *choose<int>({byte_range(0x01, 0x08), byte_range(0x0B, 0x0C), byte_range(0x0E, 0x1F)});
        return *gen_insert(r, bytes_of({c}), false);
      }
      case C::del:
        return *gen_insert(r, "\x7f", false);
      case C::ht_in_command_line:
        return *gen_insert(r, "\t", true);
      case C::leading_space:
        r.args.insert(r.args.begin(), r.command);
        r.command.clear();
        return r;
      case C::trailing_space:
        r.args.push_back("");
        return r;
      case C::doubled_space: {
        if (r.args.empty()) r.args.push_back(*gen_token());
        const auto at = *rc::gen::inRange<std::size_t>(0, r.args.size());
        r.args.insert(r.args.begin() + static_cast<std::ptrdiff_t>(at), "");
        return r;
      }
      case C::empty_command_line:
        r.command.clear();
        r.args.clear();
        return r;
      case C::header_without_colon: {
        std::string rest;
        if (*rc::gen::arbitrary<bool>()) rest = " " + *gen_token();
        std::replace(rest.begin(), rest.end(), ':', '.');
        const auto at = *rc::gen::inRange<std::size_t>(0, r.headers.size() + 1);
        r.headers.insert(r.headers.begin() + static_cast<std::ptrdiff_t>(at), HeaderLine{*gen_header_name(), rest, false});
        return r;
      }
      case C::bad_header_name: {
        std::string name = *gen_header_name();
        const std::string bad = *choose<std::string>({
            pick<std::string>({" ", "\t", ".", "/", "@", "(", "+", "="}),
            rc::gen::suchThat(gen_token_char(), [](const std::string& c) {
              return c != ":" && (c.size() > 1 || kHeaderNameChars.find(c[0]) == std::string_view::npos);
            }),
        });
        name.insert(*rc::gen::inRange<std::size_t>(0, name.size() + 1), bad);
        const auto at = *rc::gen::inRange<std::size_t>(0, r.headers.size() + 1);
        r.headers.insert(r.headers.begin() + static_cast<std::ptrdiff_t>(at), HeaderLine{name, *gen_raw_value()});
        return r;
      }
      case C::empty_header_name: {
        const auto at = *rc::gen::inRange<std::size_t>(0, r.headers.size() + 1);
        r.headers.insert(r.headers.begin() + static_cast<std::ptrdiff_t>(at), HeaderLine{"", *gen_raw_value()});
        return r;
      }
      case C::duplicate_header: {
        std::string name;
        if (!r.headers.empty() && *rc::gen::arbitrary<bool>()) {
          name = (*pick(r.headers)).name;
        } else {
          name = *choose<std::string>({gen_header_name(), rc::gen::just(std::string("Sequence"))});
          r.headers.push_back({name, *gen_raw_value()});
        }
        const auto at = *rc::gen::inRange<std::size_t>(0, r.headers.size() + 1);
        r.headers.insert(r.headers.begin() + static_cast<std::ptrdiff_t>(at),
                         HeaderLine{*gen_random_case(name), *gen_raw_value()});
        return r;
      }
      case C::bad_sequence: {
        std::erase_if(r.headers, [](const HeaderLine& h) { return same_header_name(h.name, "Sequence"); });
        const auto at = *rc::gen::inRange<std::size_t>(0, r.headers.size() + 1);
        r.headers.insert(r.headers.begin() + static_cast<std::ptrdiff_t>(at),
                         HeaderLine{*gen_random_case("Sequence"), *gen_bad_sequence_value()});
        return r;
      }
      case C::wrong_argument_count: {
        r.command = *pick(kCommands);
        std::size_t count = 0;
        if (r.command == "PING" || r.command == "QUIT") count = *rc::gen::inRange<std::size_t>(1, 4);
        if (r.command == "SET") count = *pick<std::size_t>({0, 1, 3, 4});
        if (r.command == "GET" || r.command == "DEL") count = *pick<std::size_t>({0, 2, 3});
        r.args = *gen_tokens(count, count);
        return r;
      }
      case C::unknown_command:
        r.command = *rc::gen::suchThat(
            choose<std::string>({rc::gen::exec([] { return *gen_random_case(*pick(kCommands)); }), gen_token()}),
            [](const std::string& name) { return !is_command(name); });
        r.args = *gen_tokens(0, 3);
        return r;
      case C::missing_key:  // the store is empty, so every key is missing
        r.command = *pick<std::string>({"GET", "DEL"});
        r.args = {*gen_token()};
        return r;
      case C::too_large_with_terminator:
        return *gen_request_of_size(*choose_weighted<std::size_t>({
            {3, rc::gen::just<std::size_t>(8193)},
            {1, rc::gen::inRange<std::size_t>(8194, 8400)},
        }));
      case C::too_large_no_terminator:
        return *gen_request_of_size(*choose_weighted<std::size_t>({
            {3, rc::gen::just<std::size_t>(8192 + 4)},
            {1, rc::gen::inRange<std::size_t>(8197, 8400)},
        }));
    }
    return r;
  });
}

}  // namespace

rc::Gen<RequestModel> gen_valid_request(CommandSet commands, const KeySpace& keys) {
  return gen_valid(commands, keys, true);
}

rc::Gen<RequestModel> gen_request_of_size(std::size_t total_bytes) {
  return rc::gen::exec([total_bytes] {
    RequestModel r{"ECHO", {"x"}, {}};
    if (*rc::gen::arbitrary<bool>()) r.headers.push_back(*gen_sequence_header());
    fill_to(r, total_bytes, *rc::gen::arbitrary<std::uint32_t>());
    return r;
  });
}

std::ostream& operator<<(std::ostream& os, const RequestModel& request) {
  return os << '"' << escape_bytes(to_bytes(request)) << '"';
}

std::ostream& operator<<(std::ostream& os, const InvalidRequest& request) {
  return os << info(request.cls).name << ": \"" << escape_bytes(request.bytes) << "\" -> " << request.expected;
}

rc::Gen<InvalidRequest> gen_invalid_request(InvalidClass cls) {
  return rc::gen::exec([cls] {
    const RequestModel model = *gen_model_for(cls);
    const InvalidClassInfo& c = info(cls);
    InvalidRequest out{cls, to_bytes(model), {}};
    if (cls == InvalidClass::too_large_no_terminator) out.bytes.resize(out.bytes.size() - 4);
    out.expected.error = std::string(c.error);
    if (c.echoes_sequence) out.expected.sequence = model_sequence(model);
    out.expected.closes = c.closes;
    out.expected.section = std::string(c.section);
    return out;
  });
}

rc::Gen<InvalidRequest> gen_invalid_request(bool include_closing) {
  std::vector<InvalidClass> classes;
  for (const InvalidClassInfo& c : all_invalid_classes()) {
    if (include_closing || !c.closes) classes.push_back(c.cls);
  }
  return rc::gen::exec([classes] { return *gen_invalid_request(*pick(classes)); });
}

std::ostream& operator<<(std::ostream& os, const WireRequest& request) {
  return os << request.label << ": \"" << escape_bytes(request.bytes) << '"';
}

namespace {

rc::Gen<WireRequest> wire(rc::Gen<RequestModel> gen) {
  return rc::gen::map(gen, [](const RequestModel& r) { return WireRequest{"valid " + r.command, to_bytes(r)}; });
}

rc::Gen<WireRequest> wire(rc::Gen<InvalidRequest> gen) {
  return rc::gen::map(gen, [](const InvalidRequest& r) { return WireRequest{std::string(info(r.cls).name), r.bytes}; });
}

}  // namespace

rc::Gen<WireRequest> gen_stateless_wire_request() {
  return choose_weighted<WireRequest>({
      {2, wire(gen_valid_request(CommandSet::stateless))},
      {1, wire(gen_invalid_request(false))},
  });
}

rc::Gen<WireRequest> gen_any_wire_request() {
  return choose_weighted<WireRequest>({
      {3, wire(gen_valid_request(CommandSet::with_quit))},
      {1, wire(gen_invalid_request(true))},
  });
}

rc::Gen<std::vector<WireRequest>> gen_request_stream() {
  return rc::gen::exec([] {
    auto requests = *short_list(6, gen_any_wire_request(), true);
    if (*chance(4)) {
      // An unfinished request at the end: a proper prefix holds no complete terminator (4.1).
      const std::string whole = to_bytes(*gen_valid_request(CommandSet::store));
      const auto length = *rc::gen::inRange<std::size_t>(1, whole.size());
      requests.push_back({"unfinished", whole.substr(0, length)});
    }
    return requests;
  });
}

std::string concatenate(const std::vector<WireRequest>& requests) {
  std::string out;
  for (const WireRequest& r : requests) out += r.bytes;
  return out;
}

std::ostream& operator<<(std::ostream& os, const Segmentation& segmentation) {
  os << segmentation.strategy << " cuts=[";
  for (std::size_t i = 0; i < segmentation.cuts.size(); ++i) os << (i ? "," : "") << segmentation.cuts[i];
  return os << ']';
}

rc::Gen<Segmentation> gen_segmentation(const std::vector<std::string>& messages, std::size_t max_cuts) {
  std::string stream;
  std::vector<std::size_t> ends;  // offset one past each non-empty message
  for (const std::string& m : messages) {
    stream += m;
    if (!m.empty()) ends.push_back(stream.size());
  }
  const std::size_t n = stream.size();
  const rc::Gen<Segmentation> whole = rc::gen::just(Segmentation{"whole", {}});
  if (n < 2 || max_cuts == 0) return whole;
  Segmentation bytewise{"bytewise", {}};
  for (std::size_t i = 1; i < n; ++i) bytewise.cuts.push_back(i);
  std::vector<std::size_t> terminators;
  for (std::size_t at = stream.find("\r\n\r\n"); at != std::string::npos && terminators.size() * 3 < max_cuts;
       at = stream.find("\r\n\r\n", at + 1)) {
    terminators.push_back(at);
  }
  auto sorted_unique = [](std::vector<std::size_t> cuts) {
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    return cuts;
  };
  // Each terminator gets a 3-bit mask of cuts after its 1st, 2nd, 3rd byte; shrinks to no cut.
  const auto inside_terminators = rc::gen::map(
      rc::gen::container<std::vector<int>>(terminators.size(), rc::gen::resize(100, rc::gen::inRange(0, 8))),
      [terminators, sorted_unique](const std::vector<int>& masks) {
        std::vector<std::size_t> cuts;
        for (std::size_t t = 0; t < terminators.size(); ++t) {
          for (int bit = 0; bit < 3; ++bit) {
            if ((masks[t] >> bit) & 1) cuts.push_back(terminators[t] + static_cast<std::size_t>(bit) + 1);
          }
        }
        return Segmentation{"inside_terminators", sorted_unique(cuts)};
      });
  // A random cut is (message k, distance back from its end); both shrink towards 0.
  const std::size_t most_random_cuts = std::min({max_cuts, n - 1, std::size_t{64}});
  const auto random = rc::gen::exec([ends, n, most_random_cuts, sorted_unique] {
    const auto count = *rc::gen::inRange<std::size_t>(1, most_random_cuts + 1);
    std::vector<std::size_t> cuts;
    for (std::size_t c = 0; c < count; ++c) {
      const auto k = *rc::gen::resize(100, rc::gen::inRange<std::size_t>(0, ends.size()));
      const std::size_t start = k == 0 ? 0 : ends[k - 1];
      const auto back = *rc::gen::resize(100, rc::gen::inRange<std::size_t>(1, ends[k] - start + 1));
      const std::size_t at = ends[k] - back;
      if (at > 0 && at < n) cuts.push_back(at);
    }
    return Segmentation{"random", sorted_unique(cuts)};
  });
  if (bytewise.cuts.size() > max_cuts) return choose<Segmentation>({whole, inside_terminators, random});
  return choose<Segmentation>({whole, inside_terminators, rc::gen::just(bytewise), random});
}

std::vector<std::string> split(const std::string& stream, const Segmentation& segmentation) {
  std::vector<std::string> pieces;
  std::size_t start = 0;
  for (std::size_t cut : segmentation.cuts) {
    pieces.push_back(stream.substr(start, cut - start));
    start = cut;
  }
  pieces.push_back(stream.substr(start));
  return pieces;
}

}  // namespace wireproof::properties
