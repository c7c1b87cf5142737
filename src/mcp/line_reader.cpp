#include "mcp/line_reader.h"

namespace djust::mcp {

void LineReader::feed(std::string_view data) {
  std::size_t start = 0;
  while (true) {
    const std::size_t newline = data.find('\n', start);
    if (newline == std::string_view::npos) {
      if (!discarding_) buffer_.append(data.substr(start));
      break;
    }
    if (discarding_) {
      discarding_ = false;
    } else {
      buffer_.append(data.substr(start, newline - start));
      server_.handle_line(buffer_);
    }
    buffer_.clear();
    start = newline + 1;
  }
  if (buffer_.size() > max_bytes_) {
    buffer_.clear();
    discarding_ = true;
    server_.reject_oversized_message(max_bytes_);
  }
}

void LineReader::finish() {
  if (!discarding_) server_.handle_line(buffer_);
  buffer_.clear();
  discarding_ = false;
}

}  // namespace djust::mcp
