#include "http/http_exchange.h"

#include "http/http_library.h"

namespace djust::http {

HttpResponse exchange(const HttpRequest& request, std::stop_token stop) {
  HttpResponse response;
  std::string error;
  static const auto function = reinterpret_cast<ExchangeFunction>(library_symbol("djust_http_exchange", error));
  if (!function) {
    response.failure = HttpResponse::Failure::other;
    response.failure_text = error.empty() ? "the HTTP support library could not be loaded" : error;
    return response;
  }
  function(request, &stop, response);
  return response;
}

}  // namespace djust::http
