#include "http/http_server.h"

#include "core/text.h"
#include "http/http_library.h"

#include <stdexcept>

namespace djust::http {
namespace {

bool same_name(std::string_view a, std::string_view b) { return a.size() == b.size() && core::starts_with_icase(a, b); }

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
  return function(options, handler, &stop, on_listening, error);
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
