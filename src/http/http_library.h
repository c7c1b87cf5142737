#pragma once
// The embedded djust_http library (cpp-httplib and OpenSSL behind it), loaded on first use.

#include <string>

namespace djust::http {

// The address of `symbol` in the library, or nullptr with `error` set.
void* library_symbol(const char* symbol, std::string& error);

}  // namespace djust::http
