#include "http/http_server.h"

#include "core/text.h"
#include "http/http_library.h"

#include <memory>
#include <stdexcept>

namespace djust::http {
namespace {

bool same_name(std::string_view a, std::string_view b) { return a.size() == b.size() && core::starts_with_icase(a, b); }

// The library has its own C++ runtime (the binary's is linked in statically), so no exception may
// unwind from our code into its frames: every call it makes into ours ends here.
void internal_error(ServerResponse& response) {
  response = ServerResponse{};
  response.status = 500;
  response.content_type = "text/plain";
  response.body = "internal error\n";
}

class ContainedStream final : public ResponseStream {
 public:
  explicit ContainedStream(std::shared_ptr<ResponseStream> inner) : inner_(std::move(inner)) {}
  bool next(std::string& chunk, std::chrono::milliseconds wait) override {
    try {
      return inner_->next(chunk, wait);
    } catch (...) {
      return false;  // ends the body
    }
  }
  void finished(bool complete) override {
    try {
      inner_->finished(complete);
    } catch (...) {  // nothing is left to tell
    }
  }

 private:
  std::shared_ptr<ResponseStream> inner_;
};

class ContainedHandler final : public RequestHandler {
 public:
  explicit ContainedHandler(RequestHandler& inner) : inner_(inner) {}
  bool screen(const ServerRequest& request, ServerResponse& response) override {
    try {
      const bool answered = inner_.screen(request, response);
      contain(response);
      return answered;
    } catch (...) {
      internal_error(response);
      return true;
    }
  }
  void handle(const ServerRequest& request, ServerResponse& response) override {
    try {
      inner_.handle(request, response);
      contain(response);
    } catch (...) {
      internal_error(response);
    }
  }

 private:
  static void contain(ServerResponse& response) {
    if (response.stream) response.stream = std::make_shared<ContainedStream>(std::move(response.stream));
  }
  RequestHandler& inner_;
};

}  // namespace

std::optional<std::string> ServerRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (same_name(key, name)) return std::string(core::trim(value));
  return std::nullopt;
}

bool serve(const ListenOptions& options, RequestHandler& handler, std::stop_token stop,
           const std::function<void(int port)>& on_listening, std::string& error) {
  const auto function = reinterpret_cast<ServeFunction>(library_symbol("djust_http_serve", error));
  if (!function) return false;
  ContainedHandler contained(handler);
  const std::function<void(int)> listening = [&on_listening](int port) {
    try {
      on_listening(port);
    } catch (...) {  // it only reports the port: the server runs on
    }
  };
  return function(options, contained, &stop, listening, error);
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
  std::string error;
  static const auto function = reinterpret_cast<HmacFunction>(library_symbol("djust_http_hmac_sha256", error));
  if (!function) throw std::runtime_error(error.empty() ? "the HTTP support library could not be loaded" : error);
  std::string digest;
  function(std::string(key), std::string(message), digest);
  return digest;
}

}  // namespace djust::http
