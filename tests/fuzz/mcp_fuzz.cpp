// libFuzzer target: the MCP server's message handling. The input is what a client writes to
// stdin (one JSON-RPC message per line); it goes through the stdio transport's own framing
// (LineReader) into a fresh Server, and every line the server writes must be one JSON message.

#include "fuzz_target.h"

#include "fuzz_registry.h"
#include "mcp/line_reader.h"
#include "mcp/server.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace {

using djust::mcp::LineReader;
using djust::mcp::Server;

// Below the transport's 64 MiB (the fuzzer does not make lines that long), above what the kept
// regression inputs need.
constexpr std::size_t kMaxMessageBytes = 1024 * 1024;

// What the stdio transport guarantees of stdout: nothing but whole JSON-RPC messages.
class CheckingSink : public djust::mcp::MessageSink {
 public:
  bool send(const std::string& line) override {
    if (line.find('\n') != std::string::npos) std::abort();
    const auto message = nlohmann::json::parse(line, nullptr, false);
    if (message.is_discarded() || !(message.is_object() || message.is_array())) std::abort();
    return true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& registry = fuzz_registry();
  CheckingSink sink;
  Server server(registry, {"djust-mcp", "title", "0.0.0", "description"},
                {.page_size = 5, .worker_threads = 2, .client_roots = nullptr}, sink);
  LineReader reader(server, kMaxMessageBytes);
  // Chunks of changing sizes, as reads from a pipe split a stream, so lines straddle them.
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (std::size_t at = 0, chunk = 1; at < input.size(); at += chunk, chunk = chunk % 97 + 1)
    reader.feed(input.substr(at, std::min(chunk, input.size() - at)));
  reader.finish();
  server.finish(std::chrono::seconds(5));
  return 0;
}
