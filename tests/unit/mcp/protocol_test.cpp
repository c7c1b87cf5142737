#include "mcp/protocol.h"

#include <doctest/doctest.h>

using djust::mcp::Feature;
using djust::mcp::supports;

TEST_CASE("protocol: each feature holds from the revision that brought it to the one that removed it") {
  CHECK_FALSE(supports("2024-11-05", Feature::json_rpc_batches));
  CHECK(supports("2025-03-26", Feature::json_rpc_batches));
  CHECK_FALSE(supports("2025-06-18", Feature::json_rpc_batches));

  CHECK_FALSE(supports("2025-03-26", Feature::structured_output));
  CHECK(supports("2025-06-18", Feature::structured_output));
  CHECK(supports("2026-07-28", Feature::structured_output));

  CHECK(supports("2025-11-25", Feature::initialize_handshake));
  CHECK_FALSE(supports("2026-07-28", Feature::initialize_handshake));
  CHECK(supports("2025-11-25", Feature::ping));
  CHECK_FALSE(supports("2026-07-28", Feature::ping));
  CHECK_FALSE(supports("2025-11-25", Feature::server_discover));
  CHECK(supports("2026-07-28", Feature::result_type));
}

TEST_CASE("protocol: the revisions split into the initialize era and the stateless one") {
  CHECK(djust::mcp::initialize_protocol_versions() ==
        std::vector<std::string>{"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"});
  CHECK(djust::mcp::stateless_protocol_versions() == std::vector<std::string>{"2026-07-28"});
  CHECK(djust::mcp::is_supported_version("2026-07-28"));
  CHECK_FALSE(djust::mcp::is_supported_version("2026-07-29"));
  for (const auto& v : djust::mcp::initialize_protocol_versions()) CHECK(supports(v, Feature::initialize_handshake));
}
