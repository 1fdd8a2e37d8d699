#include "dispatch.hpp"

#include "fault.hpp"
#include "response_writer.hpp"

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

}  // namespace

DispatchResult Dispatcher::dispatch(const Request& request, std::string& out) {
  const std::optional<std::uint64_t> sequence = request.sequence;
  const std::string_view cmd = request.command;
  const std::size_t argc = request.args.size();
  auto bad_arguments = [&](std::string_view message) {
    write_error(out, ErrorCode::bad_arguments, sequence, message);
    return DispatchResult{};
  };

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
    } else {
      write_ok(out, sequence, joined_args(request));
    }
    return {};
  }
  if (command_is(cmd, "SET")) {
    if (argc != 2) return bad_arguments("SET takes a key and a value");
    store_.set(request.args[0], request.args[1]);
    write_ok(out, sequence);
    return {};
  }
  if (command_is(cmd, "GET")) {
    if (argc != 1) return bad_arguments("GET takes one key");
    scratch_.clear();
    if (store_.append_value(request.args[0], scratch_)) {
      write_ok(out, sequence, scratch_);
    } else if (GNP_FAULT(get_missing_is_empty_ok)) {
      write_ok(out, sequence);
    } else {
      write_error(out, ErrorCode::not_found, sequence, "no such key");
    }
    return {};
  }
  if (command_is(cmd, "DEL")) {
    if (argc != 1) return bad_arguments("DEL takes one key");
    if (store_.erase(request.args[0])) {
      write_ok(out, sequence);
    } else {
      write_error(out, ErrorCode::not_found, sequence, "no such key");
    }
    return {};
  }
  if (command_is(cmd, "QUIT")) {
    if (argc != 0) return bad_arguments("QUIT takes no arguments");
    write_ok(out, sequence);
    return {.close = !GNP_FAULT(quit_keeps_open)};
  }
  write_error(out, ErrorCode::unknown_command, sequence, "unknown command");
  return {};
}

}  // namespace gnp
