#include "scenario/scenario_parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <utility>

#include "harness/escape.hpp"
#include "harness/segmentation.hpp"

namespace wireproof::scenario {
namespace {

constexpr std::uint64_t kMaxMilliseconds = 600'000;

// PROTOCOL.md 7.1: the only error codes a response may carry.
constexpr std::array<std::string_view, 12> kErrorCodes = {
    "bad-encoding", "bad-request",       "too-large",          "unknown-command",
    "bad-arguments", "not-found",        "auth-required",      "auth-unknown-cert",
    "auth-not-yet-valid", "auth-expired", "busy",              "timeout"};

struct Token {
  enum class Kind { word, string, star };
  Kind kind;
  std::string text;  // word text, or the string's bytes after unescaping
  int column;        // 1-based
};

// Splits one line into words, quoted strings and '*'; '#' outside a string starts a comment.
bool tokenize(std::string_view line, std::vector<Token>& tokens, int& error_column, std::string& error) {
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '#') {
      break;
    } else if (c == '*') {
      tokens.push_back({Token::Kind::star, "*", static_cast<int>(i) + 1});
      ++i;
    } else if (c == '"') {
      const std::size_t start = i;
      std::size_t j = i + 1;
      bool closed = false;
      while (j < line.size()) {
        if (line[j] == '"') {
          closed = true;
          break;
        }
        if (line[j] == '\\') {
          const char kind = j + 1 < line.size() ? line[j + 1] : '\0';
          if (kind == 'x') {
            auto hex = [&](std::size_t k) {
              return k < line.size() && std::isxdigit(static_cast<unsigned char>(line[k])) != 0;
            };
            if (!hex(j + 2) || !hex(j + 3)) {
              error_column = static_cast<int>(j) + 1;
              error = "\\x needs two hex digits";
              return false;
            }
            j += 4;
            continue;
          }
          if (kind != 'r' && kind != 'n' && kind != 't' && kind != '\\' && kind != '"') {
            error_column = static_cast<int>(j) + 1;
            error = j + 1 < line.size()
                        ? "unknown escape '\\" + escape_bytes(std::string(1, kind)) +
                              "' (known: \\r \\n \\t \\\\ \\\" \\xHH)"
                        : "dangling '\\' at end of line";
            return false;
          }
          j += 2;
          continue;
        }
        ++j;
      }
      if (!closed) {
        error_column = static_cast<int>(start) + 1;
        error = "string is not closed (missing '\"')";
        return false;
      }
      std::string unescape_error;
      std::optional<std::string> bytes = unescape_bytes(line.substr(start + 1, j - start - 1), &unescape_error);
      if (!bytes) {  // not reached: the scan above accepts only valid escapes
        error_column = static_cast<int>(start) + 1;
        error = unescape_error;
        return false;
      }
      tokens.push_back({Token::Kind::string, std::move(*bytes), static_cast<int>(start) + 1});
      i = j + 1;
    } else {
      const std::size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '"' && line[i] != '*' &&
             line[i] != '#') {
        ++i;
      }
      tokens.push_back({Token::Kind::word, std::string(line.substr(start, i - start)), static_cast<int>(start) + 1});
    }
  }
  return true;
}

// "16 MiB", "64 KiB" or "1000 bytes": a limit as people write it.
std::string size_text(std::size_t bytes) {
  if (bytes != 0 && bytes % (std::size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes != 0 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

bool is_connection_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool is_section(std::string_view text) {
  // 1+ numbers joined by '.', e.g. "4", "4.3"
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (text[i - 1] == '.') return false;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t value = 0;
  if (text.empty()) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Parses the lines of one file; collects errors instead of stopping at the first line that fails.
class FileParser {
 public:
  FileParser(const std::string& file, const ParseLimits& limits) : file_(file), limits_(limits) {}

  void line(std::string_view text, int number) {
    line_ = number;
    // Editors on Windows write a UTF-8 BOM; it is not part of the first keyword.
    if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    tokens_.clear();
    pos_ = 0;
    int column = 0;
    std::string error;
    if (!tokenize(text, tokens_, column, error)) return fail(column, error);
    if (tokens_.empty()) return;
    end_column_ = static_cast<int>(text.size()) + 1;
    const Token& first = tokens_[0];
    if (first.kind != Token::Kind::word) return fail(first.column, "a line starts with a keyword");
    ++pos_;
    const std::string& keyword = first.text;
    if (keyword == "section" || keyword == "requirement" || keyword == "level" || keyword == "title" || keyword == "server" ||
        keyword == "segmentation" || keyword == "transport") {
      if (!scenario_.steps.empty()) {
        return fail(first.column, "'" + keyword + "' must come before the first step");
      }
      directive(keyword, first.column);
    } else if (keyword == "connect" || keyword == "send" || keyword == "expect" || keyword == "wait" ||
               keyword == "shutdown" || keyword == "close" || keyword == "flood") {
      seen_step_ = true;  // even when the step is bad: "no steps" would only repeat its error
      if (!step_requirement()) return;
      step(keyword);
    } else {
      fail(first.column,
           "unknown keyword '" + keyword +
               "' (known: section requirement level title server segmentation transport connect send expect flood "
               "wait shutdown close)");
    }
  }

  ParseResult finish(const std::string& id) {
    if (!seen_section_ && scenario_.requirements.empty()) {
      fail_at(1, 1, "missing 'requirement 4.3/1 ...' (the PROTOCOL.md requirements this scenario checks) or 'section 4.3'");
    } else if (!seen_section_) {
      scenario_.section = std::string(section_of_requirement(scenario_.requirements.front().id));
    }
    if (!seen_level_) fail_at(1, 1, "missing 'level MUST' or 'level SHOULD'");
    if (!seen_title_) fail_at(1, 1, "missing 'title \"...\"'");
    if (!seen_step_) fail_at(1, 1, "no steps");
    ParseResult result;
    if (!errors_.empty()) {
      result.errors = std::move(errors_);
      return result;
    }
    scenario_.id = id;
    scenario_.file = file_;
    result.scenario = std::move(scenario_);
    return result;
  }

 private:
  void directive(const std::string& keyword, int column) {
    if (keyword == "section") {
      if (seen_section_) return fail(column, "'section' given twice");
      seen_section_ = true;  // even when the value is bad: one error is enough
      const Token* t = word("a section number such as 4.3");
      if (t == nullptr) return;
      if (!is_section(t->text)) return fail(t->column, "'" + t->text + "' is not a section number such as 4.3");
      scenario_.section = t->text;
      scenario_.section_line = line_;
      scenario_.section_column = t->column;
    } else if (keyword == "requirement") {
      if (pos_ == tokens_.size()) return fail(end_column_, "expected one or more requirement IDs such as 4.3/2");
      while (pos_ < tokens_.size()) {
        const Token* t = word("a requirement ID such as 4.3/2");
        if (t == nullptr) return;
        if (!is_requirement_id(t->text)) {
          return fail(t->column, "'" + t->text + "' is not a requirement ID such as 4.3/2 (section/number)");
        }
        for (const RequirementRef& r : scenario_.requirements) {
          if (r.id == t->text) return fail(t->column, "requirement " + t->text + " cited twice (first on line " +
                                                          std::to_string(r.line) + ")");
        }
        scenario_.requirements.push_back({t->text, line_, t->column});
      }
    } else if (keyword == "level") {
      if (seen_level_) return fail(column, "'level' given twice");
      seen_level_ = true;
      const Token* t = word("MUST or SHOULD");
      if (t == nullptr) return;
      if (t->text == "MUST") {
        scenario_.level = Level::must;
      } else if (t->text == "SHOULD") {
        scenario_.level = Level::should;
      } else {
        return fail(t->column, "level is MUST or SHOULD, not '" + t->text + "'");
      }
      seen_level_ = true;
    } else if (keyword == "title") {
      if (seen_title_) return fail(column, "'title' given twice");
      seen_title_ = true;
      const Token* t = string("a quoted title");
      if (t == nullptr) return;
      scenario_.title = t->text;
      seen_title_ = true;
    } else if (keyword == "server") {
      if (pos_ == tokens_.size()) return fail(end_column_, "expected settings such as idle-timeout-ms=300");
      while (pos_ < tokens_.size()) {
        if (!setting()) return;
      }
    } else if (keyword == "transport") {
      if (seen_transport_) return fail(column, "'transport' given twice");
      seen_transport_ = true;
      const Token* t = word("tls or plain");
      if (t == nullptr) return;
      if (t->text == "tls") {
        scenario_.transport = Transport::tls;
      } else if (t->text == "plain") {
        scenario_.transport = Transport::plain;
      } else {
        return fail(t->column, "transport is tls or plain, not '" + t->text + "'");
      }
    } else {  // segmentation
      if (!scenario_.segmentation.empty()) return fail(column, "'segmentation' given twice");
      if (pos_ == tokens_.size()) return fail(end_column_, "expected one or more strategy names");
      while (pos_ < tokens_.size()) {
        const Token* t = word("a strategy name");
        if (t == nullptr) return;
        const std::optional<Strategy> strategy = parse_strategy(t->text);
        if (!strategy) {
          return fail(t->column, "unknown strategy '" + t->text + "' (known: " + known_strategy_names() + ")");
        }
        scenario_.segmentation.emplace_back(strategy_name(*strategy));
      }
    }
    expect_end();
  }

  bool setting() {
    const Token* t = word("a setting such as idle-timeout-ms=300");
    if (t == nullptr) return false;
    const std::size_t eq = t->text.find('=');
    const std::string key = t->text.substr(0, eq);
    std::optional<std::uint32_t>* slot = nullptr;
    if (key == "idle-timeout-ms") slot = &scenario_.server.idle_timeout_ms;
    if (key == "request-timeout-ms") slot = &scenario_.server.request_timeout_ms;
    if (key == "max-connections") slot = &scenario_.server.max_connections;
    if (slot == nullptr) {
      fail(t->column, "unknown server setting '" + key + "' (known: idle-timeout-ms request-timeout-ms max-connections)");
      return false;
    }
    if (slot->has_value()) {
      fail(t->column, "server setting '" + key + "' given twice");
      return false;
    }
    const std::optional<std::uint64_t> value =
        eq == std::string::npos ? std::nullopt : parse_number(std::string_view(t->text).substr(eq + 1));
    if (!value || *value == 0 || *value > 1'000'000) {
      fail(t->column + static_cast<int>(key.size()), "'" + key + "' needs '=' and a number from 1 to 1000000");
      return false;
    }
    *slot = static_cast<std::uint32_t>(*value);
    return true;
  }

  // A step line may end in `[4.3/2]`: the requirement it checks, one of the `requirement` lines.
  // Taken off the tokens here so the step parsers never see it.
  bool step_requirement() {
    step_requirement_.reset();
    const Token& last = tokens_.back();
    if (tokens_.size() < 2 || last.kind != Token::Kind::word || last.text.front() != '[') return true;
    const std::string id = last.text.size() >= 2 && last.text.back() == ']' ? last.text.substr(1, last.text.size() - 2) : "";
    if (!is_requirement_id(id)) {
      fail(last.column, "'" + last.text + "' is not a requirement annotation such as [4.3/2]");
      return false;
    }
    const bool cited = std::any_of(scenario_.requirements.begin(), scenario_.requirements.end(),
                                   [&](const RequirementRef& r) { return r.id == id; });
    if (!cited) {
      fail(last.column, "the step names requirement " + id + ", which no 'requirement' line of this scenario cites");
      return false;
    }
    step_requirement_ = RequirementRef{id, line_, last.column};
    tokens_.pop_back();
    return true;
  }

  void step(const std::string& keyword) {
    const Where where{line_, step_requirement_};
    if (keyword == "wait") {
      const auto ms = milliseconds("a time in milliseconds");
      if (!ms) return;
      scenario_.steps.push_back(Wait{where, *ms});
      return expect_end();
    }
    const Token* name = word("a connection name");
    if (name == nullptr) return;
    if (!is_connection_name(name->text)) {
      return fail(name->column, "connection names use A-Z a-z 0-9 _ -, not '" + name->text + "'");
    }
    const std::string& conn = name->text;
    ConnectionState& state = connections_[conn];
    if (keyword == "connect") {
      if (state == ConnectionState::open || state == ConnectionState::half_closed) {
        return fail(name->column, "connection '" + conn + "' is already open (close it first)");
      }
      std::optional<Connect> connect = connect_options(where, conn);
      if (!connect) return;
      state = connect->refused ? ConnectionState::refused : ConnectionState::open;
      kinds_[conn] = connect->kind;
      scenario_.steps.push_back(std::move(*connect));
      return;
    }
    if (state == ConnectionState::never) {
      return fail(name->column, "connection '" + conn + "' is used before 'connect " + conn + "'");
    }
    if (state == ConnectionState::closed) {
      return fail(name->column, "connection '" + conn + "' was closed by 'close " + conn + "'");
    }
    if (state == ConnectionState::refused) {
      return fail(name->column, "connection '" + conn + "' is refused at its handshake ('connect " + conn +
                                    " ... refused'): connect it again to use it");
    }
    const ConnectKind kind = kinds_[conn];
    if (kind != ConnectKind::gnp && keyword != "close" && !(keyword == "expect" && raw_expectation_follows()) &&
        !(kind == ConnectKind::plaintext && (keyword == "send" || keyword == "shutdown"))) {
      return fail(name->column, "connection '" + conn + "' does not speak GNP/1 (" +
                                    (kind == ConnectKind::plaintext ? "plaintext: only send, shutdown, "
                                                                    : "stalled handshake: only ") +
                                    "expect closed, expect open and close)");
    }
    if (keyword == "send") {
      if (state == ConnectionState::half_closed) {
        return fail(name->column, "connection '" + conn + "' was half-closed by 'shutdown " + conn + "'");
      }
      const auto bytes = byte_string("the bytes to send, e.g. \"PING\\r\\n\\r\\n\"");
      if (!bytes) return;
      scenario_.steps.push_back(Send{where, conn, *bytes});
      return expect_end();
    }
    if (keyword == "flood") {
      if (state == ConnectionState::half_closed) {
        return fail(name->column, "connection '" + conn + "' was half-closed by 'shutdown " + conn + "'");
      }
      const auto bytes = byte_string("the bytes to send repeatedly");
      if (!bytes) return;
      if (bytes->empty()) return fail(name->column, "flood needs non-empty bytes");
      if (!keyword_token("max")) return;
      const Token* max = word("the most bytes to send");
      if (max == nullptr) return;
      const auto max_bytes = parse_number(max->text);
      if (!max_bytes || *max_bytes == 0 || *max_bytes > (std::uint64_t{1} << 32)) {
        return fail(max->column, "'" + max->text + "' is not a byte count from 1 to 4294967296");
      }
      if (!keyword_token("stall")) return;
      const auto ms = milliseconds("a time in milliseconds");
      if (!ms) return;
      scenario_.steps.push_back(Flood{where, conn, *bytes, *max_bytes, *ms});
      return expect_end();
    }
    if (keyword == "shutdown") {
      state = ConnectionState::half_closed;
      scenario_.steps.push_back(Shutdown{where, conn});
      return expect_end();
    }
    if (keyword == "close") {
      state = ConnectionState::closed;
      scenario_.steps.push_back(Close{where, conn});
      return expect_end();
    }
    expectation(where, conn);
  }

  void expectation(Where where, const std::string& conn) {
    const Token* what = word("OK, ERR, raw, closed or open");
    if (what == nullptr) return;
    if (what->text == "raw") {
      const auto bytes = byte_string("the exact bytes of the response frame");
      if (!bytes) return;
      scenario_.steps.push_back(ExpectRaw{where, conn, *bytes});
      return expect_end();
    }
    if (what->text == "closed") {
      if (!keyword_token("within")) return;
      const auto ms = milliseconds("a time in milliseconds");
      if (!ms) return;
      ExpectClosed closed{where, conn, *ms, false};
      if (pos_ < tokens_.size()) {
        const int column = tokens_[pos_].column;
        if (!keyword_token("with") || !keyword_token("close_notify")) return;
        if (!needs_tls(column, "'with close_notify'")) return;
        if (kinds_[conn] != ConnectKind::gnp) {
          return fail(column, "'with close_notify' needs a TLS connection; '" + conn + "' is plaintext or stalled");
        }
        closed.close_notify = true;
      }
      scenario_.steps.push_back(closed);
      return expect_end();
    }
    if (what->text == "open") {
      if (!keyword_token("for")) return;
      const auto ms = milliseconds("a time in milliseconds");
      if (!ms) return;
      scenario_.steps.push_back(ExpectOpen{where, conn, *ms});
      return expect_end();
    }
    ExpectResponse response{where, conn, true, "", std::nullopt, "", std::nullopt};
    if (what->text == "ERR") {
      const Token* code = word("an error code such as bad-request");
      if (code == nullptr) return;
      if (std::find(kErrorCodes.begin(), kErrorCodes.end(), code->text) == kErrorCodes.end()) {
        return fail(code->column, "'" + code->text + "' is not an error code of PROTOCOL.md 7.1");
      }
      response.ok = false;
      response.code = code->text;
    } else if (what->text != "OK") {
      return fail(what->column, "expected OK, ERR, raw, closed or open after the connection name, not '" +
                                    what->text + "'");
    }
    bool seen_sequence = false;
    bool seen_body = false;
    while (pos_ < tokens_.size()) {
      const Token* part = word("'sequence', 'body' or 'within'");
      if (part == nullptr) return;
      if (part->text == "sequence" && !seen_sequence) {
        const Token* n = word("a sequence number");
        if (n == nullptr) return;
        const auto value = parse_number(n->text);
        if (!value || *value > 9223372036854775807ULL) {
          return fail(n->column, "'" + n->text + "' is not a sequence number (0..2^63-1)");
        }
        response.sequence = *value;
        seen_sequence = true;
      } else if (part->text == "body" && !seen_body) {
        const auto bytes = byte_string("the expected body bytes");
        if (!bytes) return;
        response.body = *bytes;
        seen_body = true;
      } else if (part->text == "within" && !response.within) {
        const auto ms = milliseconds("a time in milliseconds");
        if (!ms) return;
        response.within = *ms;
      } else {
        return fail(part->column, "expected 'sequence N', 'body \"...\"' or 'within MS' (each at most once), not '" +
                                      part->text + "'");
      }
    }
    scenario_.steps.push_back(std::move(response));
  }

  // connect C [cert=NAME|cert=none] [tls-version=V] [refused] | connect C plaintext | connect C stall=WHERE
  std::optional<Connect> connect_options(Where where, const std::string& conn) {
    Connect connect{where, conn, ConnectKind::gnp, Certificate{}, std::nullopt, false};
    bool seen_cert = false;
    bool seen_kind = false;
    int gnp_option_column = 0;  // where a GNP/TLS-client option was given, for conflicts
    while (pos_ < tokens_.size()) {
      const Token* t = word("cert=NAME, cert=none, tls-version=V, refused, plaintext or stall=WHERE");
      if (t == nullptr) return std::nullopt;
      const std::size_t eq = t->text.find('=');
      const std::string key = t->text.substr(0, eq);
      const std::string value = eq == std::string::npos ? "" : t->text.substr(eq + 1);
      const bool repeated = (key == "cert" && seen_cert) || (key == "tls-version" && connect.tls_version) ||
                            (key == "refused" && connect.refused) ||
                            ((key == "plaintext" || key == "stall") && seen_kind);
      if (repeated) return fail_none(t->column, "'" + key + "' given twice");
      if (key == "cert" && eq != std::string::npos) {
        if (!is_connection_name(value)) {
          return fail_none(t->column + 5, "cert= takes 'none' or a certificate name (A-Z a-z 0-9 _ -) such as "
                                          "client-expired, not '" + value + "'");
        }
        connect.certificate = value == "none" ? Certificate{Certificate::Choice::none, ""}
                                              : Certificate{Certificate::Choice::named, value};
        seen_cert = true;
        gnp_option_column = t->column;
      } else if (key == "tls-version" && eq != std::string::npos) {
        const auto& known = known_tls_versions();
        if (std::find(known.begin(), known.end(), value) == known.end()) {
          return fail_none(t->column + 12, "tls-version is one of 1.0 1.1 1.2 1.3, not '" + value + "'");
        }
        connect.tls_version = value;
        gnp_option_column = t->column;
      } else if (t->text == "refused") {
        connect.refused = true;
        gnp_option_column = t->column;
      } else if (t->text == "plaintext") {
        connect.kind = ConnectKind::plaintext;
        seen_kind = true;
      } else if (key == "stall" && eq != std::string::npos) {
        if (value == "before-client-hello") {
          connect.kind = ConnectKind::stall_before_client_hello;
        } else if (value == "mid-client-hello") {
          connect.kind = ConnectKind::stall_mid_client_hello;
        } else {
          return fail_none(t->column + 6, "stall= is before-client-hello or mid-client-hello, not '" + value + "'");
        }
        seen_kind = true;
      } else {
        return fail_none(t->column, "unknown connect option '" + t->text +
                                        "' (known: cert=NAME cert=none tls-version=V refused plaintext stall=WHERE)");
      }
      if (!needs_tls(t->column, "'" + t->text + "'")) return std::nullopt;
    }
    if (seen_kind && gnp_option_column != 0) {
      return fail_none(gnp_option_column, "a plaintext or stalled connection takes no cert=, tls-version= or refused");
    }
    return connect;
  }

  // TLS-only syntax is allowed only in a scenario that says `transport tls`.
  bool needs_tls(int column, const std::string& what) {
    if (scenario_.transport == Transport::tls) return true;
    fail(column, what + " needs 'transport tls' in the header");
    return false;
  }

  // Whether the rest of an `expect` line is `closed ...` or `open ...` (what raw connections allow).
  bool raw_expectation_follows() const {
    return pos_ < tokens_.size() && tokens_[pos_].kind == Token::Kind::word &&
           (tokens_[pos_].text == "closed" || tokens_[pos_].text == "open");
  }

  std::nullopt_t fail_none(int column, const std::string& message) {
    fail(column, message);
    return std::nullopt;
  }

  // bytes := STRING [ '*' COUNT ] { STRING [ '*' COUNT ] }
  std::optional<std::string> byte_string(const std::string& what) {
    if (pos_ == tokens_.size() || tokens_[pos_].kind != Token::Kind::string) {
      fail(pos_ == tokens_.size() ? end_column_ : tokens_[pos_].column, "expected " + what);
      return std::nullopt;
    }
    std::string bytes;
    while (pos_ < tokens_.size() && tokens_[pos_].kind == Token::Kind::string) {
      const Token& piece = tokens_[pos_++];
      std::uint64_t count = 1;
      if (pos_ < tokens_.size() && tokens_[pos_].kind == Token::Kind::star) {
        ++pos_;
        const Token* n = word("a repeat count after '*'");
        if (n == nullptr) return std::nullopt;
        const auto value = parse_number(n->text);
        if (!value) {
          fail(n->column, "'" + n->text + "' is not a repeat count");
          return std::nullopt;
        }
        count = *value;
      }
      if (piece.text.empty() || count == 0) continue;
      // Checked before appending, so a huge count costs nothing: first this string, then the file.
      const std::size_t string_room = limits_.max_string_bytes - std::min(bytes.size(), limits_.max_string_bytes);
      if (count > string_room / piece.text.size()) {
        fail(piece.column, "byte string expands to more than " + std::to_string(limits_.max_string_bytes) +
                               " bytes (limit " + size_text(limits_.max_string_bytes) + " per byte string)");
        return std::nullopt;
      }
      const std::size_t used = total_bytes_ + bytes.size();
      const std::size_t file_room = limits_.max_total_bytes - std::min(used, limits_.max_total_bytes);
      if (count > file_room / piece.text.size()) {
        if (std::exchange(total_exceeded_, true)) return std::nullopt;
        fail(piece.column, "scenario expands to more than " + std::to_string(limits_.max_total_bytes) +
                               " bytes in all (limit " + size_text(limits_.max_total_bytes) +
                               " of byte strings per file)");
        return std::nullopt;
      }
      bytes.reserve(bytes.size() + count * piece.text.size());
      for (std::uint64_t i = 0; i < count; ++i) bytes += piece.text;
    }
    total_bytes_ += bytes.size();
    return bytes;
  }

  std::optional<std::chrono::milliseconds> milliseconds(const std::string& what) {
    const Token* t = word(what);
    if (t == nullptr) return std::nullopt;
    std::string_view text = t->text;
    if (text.size() > 2 && text.substr(text.size() - 2) == "ms") text.remove_suffix(2);
    const auto value = parse_number(text);
    if (!value || *value > kMaxMilliseconds) {
      fail(t->column, "'" + t->text + "' is not a time in milliseconds (0..600000, e.g. 250 or 250ms)");
      return std::nullopt;
    }
    return std::chrono::milliseconds(*value);
  }

  bool keyword_token(const std::string& keyword) {
    const Token* t = word("'" + keyword + "'");
    if (t == nullptr) return false;
    if (t->text != keyword) {
      fail(t->column, "expected '" + keyword + "', not '" + t->text + "'");
      return false;
    }
    return true;
  }

  const Token* word(const std::string& what) {
    if (pos_ == tokens_.size()) {
      fail(end_column_, "expected " + what);
      return nullptr;
    }
    const Token& t = tokens_[pos_];
    if (t.kind != Token::Kind::word) {
      fail(t.column, "expected " + what + (t.kind == Token::Kind::string ? ", not a string" : ", not '*'"));
      return nullptr;
    }
    ++pos_;
    return &t;
  }

  const Token* string(const std::string& what) {
    if (pos_ == tokens_.size() || tokens_[pos_].kind != Token::Kind::string) {
      fail(pos_ == tokens_.size() ? end_column_ : tokens_[pos_].column, "expected " + what);
      return nullptr;
    }
    return &tokens_[pos_++];
  }

  void expect_end() {
    if (pos_ < tokens_.size()) fail(tokens_[pos_].column, "unexpected extra text at end of line");
  }

  void fail(int column, const std::string& message) { fail_at(line_, column, message); }
  void fail_at(int line, int column, const std::string& message) {
    errors_.push_back(ParseError{file_, line, column, message});
  }

  enum class ConnectionState { never, open, half_closed, closed, refused };

  std::string file_;
  ParseLimits limits_;
  std::size_t total_bytes_ = 0;  // bytes of every byte string accepted so far
  Scenario scenario_;
  std::vector<ParseError> errors_;
  std::map<std::string, ConnectionState> connections_;
  std::map<std::string, ConnectKind> kinds_;
  bool seen_section_ = false;
  std::optional<RequirementRef> step_requirement_;  // the current step line's `[ID]`
  bool seen_transport_ = false;
  bool seen_level_ = false;
  bool seen_title_ = false;
  bool seen_step_ = false;
  bool total_exceeded_ = false;  // the per-file limit was reported once; later strings fail silently
  int line_ = 0;
  int end_column_ = 1;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string ParseError::describe() const {
  // Messages quote the file's text ("unknown keyword '...'"): never raw control bytes on a
  // terminal (an ESC ] ... BEL would retitle it), but the 1.2 notation.
  const std::string where = printable_text(file);
  if (line == 0) return where + ": " + printable_text(message);  // about the whole file or directory
  return where + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + printable_text(message);
}

ParseResult parse_scenario(std::string_view text, const std::string& file, const std::string& id,
                           const ParseLimits& limits) {
  FileParser parser(file, limits);
  int number = 0;
  while (!text.empty()) {
    ++number;
    const std::size_t end = text.find('\n');
    parser.line(text.substr(0, end), number);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return parser.finish(id);
}

LoadResult load_scenarios(const std::filesystem::path& root) {
  LoadResult result;
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    result.errors.push_back({root.string(), 0, 0, "not a directory of scenarios"});
    return result;
  }
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".gnpt") files.push_back(it->path());
  }
  if (ec) result.errors.push_back({root.string(), 0, 0, "cannot list: " + ec.message()});
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    if (in.is_open()) content << in.rdbuf();
    if (!in.is_open() || in.bad()) {
      result.errors.push_back({path.string(), 0, 0, "cannot read the file"});
      continue;
    }
    std::string id = path.lexically_relative(root).replace_extension().generic_string();
    ParseResult parsed = parse_scenario(content.str(), path.string(), id);
    if (parsed.scenario) {
      result.scenarios.push_back(std::move(*parsed.scenario));
    } else {
      for (ParseError& e : parsed.errors) result.errors.push_back(std::move(e));
    }
  }
  if (files.empty() && result.errors.empty()) {
    result.errors.push_back({root.string(), 0, 0, "no *.gnpt scenario files below this directory"});
  }
  std::sort(result.scenarios.begin(), result.scenarios.end(),
            [](const Scenario& a, const Scenario& b) { return a.id < b.id; });
  return result;
}

}  // namespace wireproof::scenario
