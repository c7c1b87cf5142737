#include "core/files.h"

#include <fstream>
#include <system_error>

namespace djust::core {

namespace fs = std::filesystem;

bool write_file_atomically(const fs::path& file, std::string_view text, std::string& error) {
  const fs::path temporary = file.string() + ".djust-mcp-tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) {
      error = "cannot write " + temporary.string();
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return false;
    }
  }
  std::error_code ec;
  // A new file keeps the permissions the umask gave the temporary one.
  if (const auto status = fs::status(file, ec); !ec && fs::exists(status))
    fs::permissions(temporary, status.permissions(), ec);
  fs::rename(temporary, file, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    error = "cannot replace " + file.string() + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace djust::core
