#include "http/http_library.h"

#include "core/embedded.h"

#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

namespace djust::http {
namespace {

constexpr const char* kLibraryPath = "lib/djust_http.so";

// Loads the embedded library from an anonymous memory file: the binary stays the only file to
// install, and the library (with cpp-httplib and OpenSSL behind it) is mapped only when needed.
struct Loaded {
  void* handle = nullptr;
  std::string error;
};

Loaded load() {
  Loaded loaded;
  const auto bytes = core::embedded_file(kLibraryPath);
  if (!bytes) {
    loaded.error = "the HTTP support library is not embedded in this build";
    return loaded;
  }
  const int fd = ::memfd_create("djust_http", MFD_CLOEXEC);
  if (fd < 0) {
    loaded.error = "cannot create a memory file for the HTTP support library";
    return loaded;
  }
  std::size_t written = 0;
  while (written < bytes->size()) {
    const ssize_t n = ::write(fd, bytes->data() + written, bytes->size() - written);
    if (n <= 0) {
      ::close(fd);
      loaded.error = "cannot write the HTTP support library to memory";
      return loaded;
    }
    written += static_cast<std::size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  loaded.handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  ::close(fd);  // the mapping keeps the library alive
  if (!loaded.handle) {
    const char* why = ::dlerror();
    loaded.error = std::string("cannot load the HTTP support library: ") + (why ? why : "unknown error") +
                   " (is Debian's libcpp-httplib0.11 installed?)";
  }
  return loaded;
}

}  // namespace

void* library_symbol(const char* symbol, std::string& error) {
  static const Loaded library = load();  // thread-safe, once
  if (!library.handle) {
    error = library.error;
    return nullptr;
  }
  void* address = ::dlsym(library.handle, symbol);
  if (!address) error = std::string("the HTTP support library has no ") + symbol;
  return address;
}

}  // namespace djust::http
