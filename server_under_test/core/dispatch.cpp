#include "core/dispatch.hpp"

#include "core/fault.hpp"
#include "core/response_writer.hpp"

namespace gnp {

namespace {

bool command_is(std::string_view got, std::string_view name) {
  if (!GNP_FAULT(case_insensitive_commands)) return got == name;
  return header_name_equals(got, name);  // an ASCII case-insensitive compare
}

// The arguments joined by single SP. Tokens are separated by exactly one SP in the frame (5.3),
// so this is the span of the frame from the first argument to the end of the last.
std::string_view joined_args(const Request& request) {
  const std::string_view first = request.args.front();
  const std::string_view last = request.args.back();
  return {first.data(), static_cast<std::size_t>(last.data() + last.size() - first.data())};
}

// keys-case-insensitive: the key as such a server stores it, folded to lower case.
std::string_view folded_key(std::string_view key) {
  thread_local std::string folded;
  folded.assign(key);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return folded;
}

// arity-before-name: the argument count a server with a case-insensitive table would expect.
std::optional<std::size_t> arity_ignoring_case(std::string_view name) {
  constexpr std::pair<std::string_view, std::size_t> kArity[] = {
      {"PING", 0}, {"SET", 2}, {"GET", 1}, {"DEL", 1}, {"QUIT", 0}};
  for (const auto& [known, argc] : kArity) {
    if (header_name_equals(name, known)) return argc;
  }
  return std::nullopt;
}

// size-header-meaningful: a request's `Size` header, read as a length.
std::optional<std::size_t> request_size_header(const Request& request) {
  for (const Header& h : request.headers) {
    if (!header_name_equals(h.name, "Size") || h.value.empty()) continue;
    std::size_t n = 0;
    for (char c : h.value) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<std::size_t>(c - '0');
      if (n > 8192) return std::nullopt;
    }
    return n;
  }
  return std::nullopt;
}

}  // namespace

DispatchResult Dispatcher::dispatch(const Request& request, std::string& out) {
  const std::optional<std::uint64_t> sequence = request.sequence;
  const std::string_view cmd = request.command;
  const std::size_t argc = request.args.size();
  auto bad_arguments = [&](std::string_view message) {
    write_error(out, ErrorCode::bad_arguments,
                GNP_FAULT(bad_arguments_without_sequence) ? std::nullopt : sequence,
                GNP_FAULT(empty_message_bad_arguments) ? std::string_view() : message);
    return DispatchResult{};
  };
  auto not_found = [&] {
    write_error(out, ErrorCode::not_found, GNP_FAULT(not_found_without_sequence) ? std::nullopt : sequence,
                "no such key");
    return DispatchResult{.close = GNP_FAULT(close_after_not_found)};
  };
  auto key = [&] { return GNP_FAULT(keys_case_insensitive) ? folded_key(request.args[0]) : request.args[0]; };
  // ignore-extra-arguments: GET and DEL take their first key and drop the rest.
  const bool one_key = argc == 1 || (GNP_FAULT(ignore_extra_arguments) && argc > 1);

  if (command_is(cmd, "PING")) {
    if (argc != 0) return bad_arguments("PING takes no arguments");
    write_ok(out, sequence);
    return {};
  }
  if (command_is(cmd, "ECHO")) {
    if (argc == 0) return bad_arguments("ECHO takes one or more arguments");
    if (GNP_FAULT(echo_joins_without_space)) {
      scratch_.clear();
      for (std::string_view arg : request.args) scratch_ += arg;
      write_ok(out, sequence, scratch_);
    } else if (GNP_FAULT(echo_first_argument_only)) {
      write_ok(out, sequence, request.args.front());
    } else if (GNP_FAULT(size_header_meaningful) && request_size_header(request)) {
      write_ok(out, sequence, joined_args(request).substr(0, *request_size_header(request)));
    } else {
      write_ok(out, sequence, joined_args(request));
    }
    return {};
  }
  if (command_is(cmd, "SET")) {
    if (argc != 2) return bad_arguments("SET takes a key and a value");
    bool keep = false;
    if (GNP_FAULT(set_keeps_first_value)) {
      scratch_.clear();
      keep = store_.append_value(key(), scratch_);
    }
    if (!keep) store_.set(key(), request.args[1]);
    write_ok(out, sequence);
    return {};
  }
  if (command_is(cmd, "GET")) {
    if (!one_key) return bad_arguments("GET takes one key");
    scratch_.clear();
    if (store_.append_value(key(), scratch_)) {
      write_ok(out, sequence, scratch_);
    } else if (GNP_FAULT(get_missing_is_empty_ok)) {
      write_ok(out, sequence);
    } else {
      return not_found();
    }
    return {};
  }
  if (command_is(cmd, "DEL")) {
    if (!one_key) return bad_arguments("DEL takes one key");
    if (store_.erase(key()) || GNP_FAULT(del_missing_ok)) {
      write_ok(out, sequence);
    } else {
      return not_found();
    }
    return {};
  }
  if (command_is(cmd, "QUIT")) {
    if (argc != 0) return bad_arguments("QUIT takes no arguments");
    write_ok(out, sequence);
    return {.close = !GNP_FAULT(quit_keeps_open)};
  }
  if (GNP_FAULT(arity_before_name)) {
    if (const std::optional<std::size_t> arity = arity_ignoring_case(cmd); arity && *arity != argc) {
      return bad_arguments("wrong number of arguments");
    }
  }
  write_error(out, ErrorCode::unknown_command, sequence, "unknown command");
  return {};
}

}  // namespace gnp
