#include "http/http_server.h"

#include "http/http_library.h"

#include <stdexcept>

namespace djust::http {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> ServerRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (same_name(key, name)) return std::string(trimmed(value));
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
