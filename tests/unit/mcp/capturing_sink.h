#pragma once
// A MessageSink that keeps every line the server sends, for tests to read back as JSON.

#include "mcp/server.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

class CapturingSink : public djust::mcp::MessageSink {
 public:
  bool send(const std::string& line) override {
    std::lock_guard lock(mutex_);
    lines_.push_back(line);
    sent_.notify_all();
    return true;
  }
  // The reply to request `id`, waiting up to `timeout` for it: tools/list and tools/call answer
  // from a worker thread. Null when none came.
  nlohmann::json reply_to(const nlohmann::json& id, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    nlohmann::json found;
    sent_.wait_for(lock, timeout, [&] {
      for (const auto& line : lines_) {
        auto message = nlohmann::json::parse(line);
        if (message.contains("id") && message.at("id") == id && !message.contains("method")) {
          found = std::move(message);
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::vector<nlohmann::json> messages() {
    std::lock_guard lock(mutex_);
    std::vector<nlohmann::json> out;
    for (const auto& l : lines_) out.push_back(nlohmann::json::parse(l));
    return out;
  }

 private:
  std::mutex mutex_;
  std::condition_variable sent_;
  std::vector<std::string> lines_;
};
