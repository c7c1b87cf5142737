// The stateless revision (2026-07-28) over a line transport: every request carries its protocol
// version and client capabilities in _meta; no initialize; resultType and cache hints on results.
#include "mcp/server.h"

#include <doctest/doctest.h>

#include "capturing_sink.h"
#include "test_registry.h"

#include <mutex>

using djust::mcp::Server;
using nlohmann::json;

namespace {

json meta(const std::string& version = "2026-07-28") {
  return {{"io.modelcontextprotocol/protocolVersion", version},
          {"io.modelcontextprotocol/clientCapabilities", json::object()},
          {"io.modelcontextprotocol/clientInfo", {{"name", "t"}, {"version", "1"}}}};
}

std::string request(int id, const std::string& method, json params = json::object(),
                    const std::string& version = "2026-07-28") {
  params["_meta"] = meta(version);
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump();
}

std::vector<json> exchange(const std::vector<std::string>& lines) {
  CapturingSink sink;
  Server server(test_registry(), {"djust-mcp", "title", "9.9.9", "description"},
                {.page_size = 100, .worker_threads = 2, .client_roots = nullptr}, sink);
  for (const auto& l : lines) server.handle_line(l);
  server.finish(std::chrono::seconds(5));
  auto out = sink.messages();
  std::sort(out.begin(), out.end(), [](const json& a, const json& b) { return a.at("id") < b.at("id"); });
  return out;
}

}  // namespace

TEST_CASE("stateless: server/discover names every revision, the capabilities and the server") {
  const auto out = exchange({request(1, "server/discover")});
  REQUIRE(out.size() == 1);
  const json& result = out[0].at("result");
  CHECK(result.at("resultType") == "complete");
  CHECK(result.at("supportedVersions") ==
        json::array({"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"}));
  CHECK(result.at("capabilities").contains("tools"));
  CHECK(result.at("capabilities").contains("completions"));
  CHECK_FALSE(result.at("capabilities").contains("logging"));  // deprecated; log levels ride on each request
  CHECK(result.at("_meta").at("io.modelcontextprotocol/serverInfo") ==
        json{{"name", "djust-mcp"}, {"version", "9.9.9"}});
  CHECK(result.at("ttlMs").get<std::int64_t>() > 0);
  CHECK(result.at("cacheScope") == "public");
}

TEST_CASE("stateless: requests work without initialize and carry resultType and cache hints") {
  const auto out = exchange({
      request(1, "tools/list"),
      request(2, "tools/call", {{"name", "get_decorators"}, {"arguments", {{"name", "cache"}}}}),
      request(3, "resources/read", {{"uri", "djust://nothing"}}),
      request(4, "prompts/list"),
  });
  REQUIRE(out.size() == 4);
  CHECK(out[0].at("result").at("resultType") == "complete");
  CHECK(out[0].at("result").at("cacheScope") == "public");
  CHECK(out[0].at("result").at("tools").size() == test_registry().tools().size());
  CHECK(out[1].at("result").at("resultType") == "complete");
  CHECK(out[1].at("result").contains("structuredContent"));
  CHECK_FALSE(out[1].at("result").contains("ttlMs"));  // tool results are not cacheable
  // An unknown resource is invalid params since 2026-07-28 (it was -32002).
  CHECK(out[2].at("error").at("code") == -32602);
  CHECK(out[3].at("result").at("ttlMs").get<std::int64_t>() > 0);
}

TEST_CASE("stateless: missing metadata, unknown versions and removed methods get the errors the revision names") {
  json no_capabilities = meta();
  no_capabilities.erase("io.modelcontextprotocol/clientCapabilities");
  const auto out = exchange({
      request(1, "tools/list", json::object(), "2099-01-01"),
      json{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}, {"params", {{"_meta", no_capabilities}}}}.dump(),
      request(3, "ping"), request(4, "logging/setLevel", {{"level", "debug"}}),
      request(5, "initialize", {{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}}),
      request(6, "tools/list", json::object(), "2025-11-25"),  // an initialize-era version in _meta
  });
  REQUIRE(out.size() == 6);
  CHECK(out[0].at("error").at("code") == -32022);
  CHECK(out[0].at("error").at("data").at("requested") == "2099-01-01");
  CHECK(out[0].at("error").at("data").at("supported").back() == "2026-07-28");
  CHECK(out[1].at("error").at("code") == -32602);
  CHECK(out[2].at("error").at("code") == -32601);
  CHECK(out[3].at("error").at("code") == -32601);
  CHECK(out[4].at("error").at("code") == -32601);
  CHECK(out[5].at("error").at("code") == -32022);
}

TEST_CASE("stateless: an initialize-era session on the same transport keeps its own behaviour") {
  const auto out = exchange({
      json{{"jsonrpc", "2.0"},
           {"id", 1},
           {"method", "initialize"},
           {"params", {{"protocolVersion", "2025-03-26"}, {"capabilities", json::object()}}}}
          .dump(),
      R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})",
      request(3, "tools/list"),
  });
  REQUIRE(out.size() == 3);
  CHECK(out[0].at("result").at("protocolVersion") == "2025-03-26");
  CHECK_FALSE(out[1].at("result").contains("resultType"));
  CHECK_FALSE(out[1].at("result").at("tools")[0].contains("outputSchema"));  // 2025-03-26 has none
  CHECK(out[2].at("result").at("resultType") == "complete");
  CHECK(out[2].at("result").at("tools")[0].contains("outputSchema"));
}
