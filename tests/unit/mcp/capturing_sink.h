#pragma once
// A MessageSink that keeps every line the server sends, for tests to read back as JSON.

#include "mcp/server.h"

#include <mutex>
#include <string>
#include <vector>

class CapturingSink : public djust::mcp::MessageSink {
 public:
  bool send(const std::string& line) override {
    std::lock_guard lock(mutex_);
    lines_.push_back(line);
    return true;
  }
  std::vector<nlohmann::json> messages() {
    std::lock_guard lock(mutex_);
    std::vector<nlohmann::json> out;
    for (const auto& l : lines_) out.push_back(nlohmann::json::parse(l));
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};
