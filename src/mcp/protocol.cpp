#include "mcp/protocol.h"

#include <algorithm>
#include <optional>

namespace djust::mcp {
namespace {

// The revision that brought each feature and, if any, the one that removed it. Revisions are ISO
// dates, which compare as strings.
struct FeatureSpan {
  Feature feature;
  std::string_view since;
  std::optional<std::string_view> until;
};

constexpr std::string_view k2024_11_05 = "2024-11-05";
constexpr std::string_view k2025_03_26 = "2025-03-26";
constexpr std::string_view k2025_06_18 = "2025-06-18";
constexpr std::string_view k2025_11_25 = "2025-11-25";
constexpr std::string_view k2026_07_28 = "2026-07-28";

constexpr FeatureSpan kFeatures[] = {
    {Feature::initialize_handshake, k2024_11_05, k2026_07_28},
    {Feature::json_rpc_batches, k2025_03_26, k2025_06_18},
    {Feature::completions, k2025_03_26, std::nullopt},
    {Feature::tool_annotations, k2025_03_26, std::nullopt},
    {Feature::audio_content, k2025_03_26, std::nullopt},
    {Feature::progress_message, k2025_03_26, std::nullopt},
    {Feature::titles, k2025_06_18, std::nullopt},
    {Feature::structured_output, k2025_06_18, std::nullopt},
    {Feature::resource_links, k2025_06_18, std::nullopt},
    {Feature::server_description, k2025_11_25, std::nullopt},
    {Feature::ping, k2024_11_05, k2026_07_28},
    {Feature::log_level_request, k2024_11_05, k2026_07_28},
    {Feature::server_requests, k2024_11_05, k2026_07_28},
    {Feature::http_sessions, k2025_03_26, k2026_07_28},
    {Feature::protocol_version_header, k2025_06_18, std::nullopt},
    {Feature::request_meta, k2026_07_28, std::nullopt},
    {Feature::server_discover, k2026_07_28, std::nullopt},
    {Feature::result_type, k2026_07_28, std::nullopt},
    {Feature::cache_hints, k2026_07_28, std::nullopt},
    {Feature::routing_headers, k2026_07_28, std::nullopt},
    {Feature::resource_not_found_invalid_params, k2026_07_28, std::nullopt},
};

}  // namespace

const std::vector<std::string>& initialize_protocol_versions() {
  static const std::vector<std::string> versions = {std::string(k2024_11_05), std::string(k2025_03_26),
                                                    std::string(k2025_06_18), std::string(k2025_11_25)};
  return versions;
}

const std::vector<std::string>& stateless_protocol_versions() {
  static const std::vector<std::string> versions = {std::string(k2026_07_28)};
  return versions;
}

const std::vector<std::string>& supported_protocol_versions() {
  static const std::vector<std::string> versions = [] {
    auto all = initialize_protocol_versions();
    const auto& stateless = stateless_protocol_versions();
    all.insert(all.end(), stateless.begin(), stateless.end());
    return all;
  }();
  return versions;
}

bool is_supported_version(std::string_view version) {
  const auto& versions = supported_protocol_versions();
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

bool supports(std::string_view version, Feature feature) {
  const auto* span = std::find_if(std::begin(kFeatures), std::end(kFeatures),
                                  [feature](const FeatureSpan& s) { return s.feature == feature; });
  if (span == std::end(kFeatures)) return false;
  return version >= span->since && (!span->until || version < *span->until);
}

}  // namespace djust::mcp
