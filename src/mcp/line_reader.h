#pragma once
// Newline framing of the stdio transport, apart from stdin itself: bytes in, one
// Server::handle_line per complete line, oversized lines dropped and reported. The fuzzers feed it
// the same way the transport does.

#include "mcp/server.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace djust::mcp {

class LineReader {
 public:
  // Lines longer than `max_message_bytes` are refused (with a parse error) rather than buffered
  // without bound.
  LineReader(Server& server, std::size_t max_message_bytes) : server_(server), max_bytes_(max_message_bytes) {}

  // Bytes as they arrived, in chunks of any size.
  void feed(std::string_view data);
  // End of input: a final message without its newline still counts.
  void finish();

 private:
  Server& server_;
  std::size_t max_bytes_;
  std::string buffer_;
  bool discarding_ = false;  // inside an oversized message, skipping to its newline
};

}  // namespace djust::mcp
