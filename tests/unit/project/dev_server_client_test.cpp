#include "project/dev_server_client.h"

#include <doctest/doctest.h>

#include "project/fake_dev_server.h"

#include <chrono>
#include <stop_token>
#include <thread>

using djust::project::DevServerClient;
using djust::project::DevServerError;
using djust::project::DevServerRequest;
using djust::project::DevServerUrl;
using djust::project::HttpMethod;
using djust::testing::FakeDevServer;
using djust::testing::RefusingPort;
using nlohmann::json;
using Kind = DevServerError::Kind;
using Body = DevServerError::Body;

namespace {

constexpr std::chrono::milliseconds kShort{150};

DevServerUrl parsed(std::string_view text) {
  auto result = djust::project::parse_dev_server_url(text);
  if (auto* problem = std::get_if<std::string>(&result)) FAIL(text << ": " << *problem);
  return std::get<DevServerUrl>(result);
}

std::string problem_with(std::string_view text) {
  auto result = djust::project::parse_dev_server_url(text);
  REQUIRE_MESSAGE(std::holds_alternative<std::string>(result), text);
  return std::get<std::string>(result);
}

DevServerClient client_for(const std::string& url, bool allow_remote = false) {
  auto created = DevServerClient::create(url, allow_remote);
  if (auto* error = std::get_if<DevServerError>(&created)) FAIL(url << ": " << error->detail);
  return std::get<DevServerClient>(created);
}

DevServerError error_of(const djust::project::DevServerResult& result) {
  REQUIRE(std::holds_alternative<DevServerError>(result));
  return std::get<DevServerError>(result);
}

DevServerRequest log_request(std::chrono::milliseconds timeout = kShort) {
  return {.method = HttpMethod::get, .endpoint = "log", .query = {{"level", "INFO"}}, .body = {}, .timeout = timeout};
}

}  // namespace

TEST_CASE("dev server URL: hosts, ports and path prefixes") {
  auto url = parsed("http://127.0.0.1:8000");
  CHECK(url.host == "127.0.0.1");
  CHECK(url.port == 8000);
  CHECK(url.path_prefix.empty());
  CHECK(url.loopback);
  CHECK(url.origin() == "http://127.0.0.1:8000");

  url = parsed("  HTTP://LocalHost/  \n");
  CHECK(url.host == "LocalHost");
  CHECK(url.port == 80);
  CHECK(url.loopback);

  url = parsed("http://[::1]:9000/app/sub//");
  CHECK(url.host == "::1");
  CHECK(url.port == 9000);
  CHECK(url.path_prefix == "/app/sub");
  CHECK(url.loopback);
  CHECK(url.origin() == "http://[::1]:9000");

  url = parsed("http://dev.example.test:8000/proxy%20x");
  CHECK_FALSE(url.loopback);
  CHECK(url.path_prefix == "/proxy%20x");
}

TEST_CASE("dev server URL: what is refused, and why") {
  CHECK(problem_with("").find("empty") != std::string::npos);
  CHECK(problem_with("127.0.0.1:8000").find("write it as http://127.0.0.1:8000") != std::string::npos);
  CHECK(problem_with("https://127.0.0.1:8000").find("plain HTTP") != std::string::npos);
  CHECK(problem_with("ftp://127.0.0.1").find("not ftp://") != std::string::npos);
  CHECK(problem_with("http://127.0.0.1:8000/?x=1").find("query") != std::string::npos);
  CHECK(problem_with("http://127.0.0.1@evil.test/").find("user name") != std::string::npos);
  CHECK(problem_with("http://:8000").find("no host") != std::string::npos);
  CHECK(problem_with("http://127.0.0.1:").find("no port") != std::string::npos);
  CHECK(problem_with("http://127.0.0.1:80a").find("not a port") != std::string::npos);
  CHECK(problem_with("http://127.0.0.1:0").find("outside") != std::string::npos);
  CHECK(problem_with("http://127.0.0.1:65536").find("outside") != std::string::npos);
  CHECK(problem_with("http://[::1").find("closing") != std::string::npos);
  CHECK(problem_with("http://[::zz]:80").find("IPv6") != std::string::npos);
  CHECK(problem_with("http://[::1]x").find(":port") != std::string::npos);
  CHECK(problem_with("http://ex ample/").find("not a valid host") != std::string::npos);
  CHECK(problem_with("http://127.0.0.1/a b").find("escaped") != std::string::npos);
  CHECK(problem_with("http://127.0.0.1/a%2").find("escaped") != std::string::npos);
  CHECK(problem_with("http://127.0.0.1:8000/_djust/observability/").find("base URL") != std::string::npos);
}

TEST_CASE("loopback hosts are 127.0.0.0/8, ::1 and localhost, as written") {
  using djust::project::is_loopback_host;
  for (const char* host :
       {"127.0.0.1", "127.255.0.9", "localhost", "LOCALHOST", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
    CHECK_MESSAGE(is_loopback_host(host), host);
  }
  for (const char* host : {"128.0.0.1", "10.0.0.1", "0.0.0.0", "::", "::2", "::ffff:10.0.0.1", "localhost.evil.test",
                           "127.0.0.1.nip.io", "127.1", "example.test", ""}) {
    CHECK_FALSE_MESSAGE(is_loopback_host(host), host);
  }
}

TEST_CASE("percent_encode keeps unreserved characters only") {
  using djust::project::percent_encode;
  CHECK(percent_encode("aZ09-._~") == "aZ09-._~");
  CHECK(percent_encode("a b+c&d=e/f?%") == "a%20b%2Bc%26d%3De%2Ff%3F%25");
  CHECK(percent_encode("\xC3\xA9") == "%C3%A9");
}

TEST_CASE("create refuses a remote host unless allowed, and listen-only addresses always") {
  auto remote = DevServerClient::create("http://192.0.2.7:8000", false);
  REQUIRE(std::holds_alternative<DevServerError>(remote));
  CHECK(std::get<DevServerError>(remote).kind == Kind::remote_not_allowed);
  CHECK(std::holds_alternative<DevServerClient>(DevServerClient::create("http://192.0.2.7:8000", true)));

  auto any = DevServerClient::create("http://0.0.0.0:8000", true);
  REQUIRE(std::holds_alternative<DevServerError>(any));
  CHECK(std::get<DevServerError>(any).kind == Kind::invalid_url);
  CHECK(std::get<DevServerError>(any).detail.find("127.0.0.1") != std::string::npos);

  auto bad = DevServerClient::create("gopher://x", true);
  REQUIRE(std::holds_alternative<DevServerError>(bad));
  CHECK(std::get<DevServerError>(bad).kind == Kind::invalid_url);
}

TEST_CASE("client: the request goes out as built, under the URL's prefix") {
  FakeDevServer server("/sub");
  const auto client = client_for(server.url() + "/");
  const DevServerRequest request{.method = HttpMethod::post,
                                 .endpoint = "eval_handler",
                                 .query = {{"session_id", "a b&c"}},
                                 .body = json{{"handler_name", "increment"}, {"params", json::object()}},
                                 .timeout = kShort};
  CHECK(client.url_for(request) == server.url() + "/_djust/observability/eval_handler/?session_id=a%20b%26c");
  const auto result = client.send(request);
  REQUIRE(std::holds_alternative<json>(result));
  CHECK(std::get<json>(result).at("handler_name") == "increment");

  const auto received = server.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].method == "POST");
  CHECK(received[0].target == "/sub/_djust/observability/eval_handler/?session_id=a%20b%26c");
  CHECK(received[0].params.find("session_id")->second == "a b&c");
  CHECK(received[0].content_type == "application/json");
  CHECK(json::parse(received[0].body) == json{{"handler_name", "increment"}, {"params", json::object()}});
}

TEST_CASE("client: a POST without a body sends none") {
  FakeDevServer server;
  const auto result = client_for(server.url())
                          .send({.method = HttpMethod::post,
                                 .endpoint = "reset_view_state",
                                 .query = {{"session_id", "s"}},
                                 .body = {},
                                 .timeout = kShort});
  CHECK(std::holds_alternative<json>(result));
  const auto received = server.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].method == "POST");
  CHECK(received[0].body.empty());
  CHECK(received[0].content_type.empty());
}

TEST_CASE("client: error answers are classified by status and body") {
  FakeDevServer server;
  const auto client = client_for(server.url());

  server.script("log", {400, R"({"error": "bad level", "hint": "use INFO"})", "application/json"});
  auto error = error_of(client.send(log_request()));
  CHECK(error.kind == Kind::http_status);
  CHECK(error.status == 400);
  CHECK(error.body == Body::json);
  CHECK(error.server_message == "bad level");
  CHECK(error.server_hint == "use INFO");

  server.script("log",
                {500, "<!DOCTYPE html><html><head>\n<title>KeyError\n at /x</title></head></html>", "text/html"});
  error = error_of(client.send(log_request()));
  CHECK(error.status == 500);
  CHECK(error.body == Body::html);
  CHECK(error.server_message == "KeyError at /x");

  server.script("log", {502, "Bad gateway\nmore", "text/plain"});
  error = error_of(client.send(log_request()));
  CHECK(error.body == Body::text);
  CHECK(error.server_message == "Bad gateway");

  server.set_debug(false);
  error = error_of(client.send(log_request()));
  CHECK(error.status == 404);
  CHECK(error.body == Body::empty);
  CHECK(error.server_message.empty());
}

TEST_CASE("client: a 200 that is not a JSON object is invalid_json") {
  FakeDevServer server;
  const auto client = client_for(server.url());
  server.script("log", {200, "<html>vite</html>", "text/html"});
  auto error = error_of(client.send(log_request()));
  CHECK(error.kind == Kind::invalid_json);
  CHECK(error.detail.find("<html>vite</html>") != std::string::npos);

  server.script("log", {200, "[1, 2]", "application/json"});
  error = error_of(client.send(log_request()));
  CHECK(error.kind == Kind::invalid_json);
  CHECK(error.detail.find("array") != std::string::npos);

  // A number no double holds is refused like any other unparsable body, never thrown (issue #19).
  server.script("log", {200, R"({"lines": [1e400]})", "application/json"});
  CHECK(error_of(client.send(log_request())).kind == Kind::invalid_json);
}

TEST_CASE("client: an oversized answer is abandoned") {
  FakeDevServer server;
  server.script("log", {200, std::string(DevServerClient::kMaxAnswerBytes + 1, ' '), "application/json"});
  const auto error = error_of(client_for(server.url()).send(log_request(std::chrono::seconds(5))));
  CHECK(error.kind == Kind::too_large);
}

TEST_CASE("client: nothing listening is cannot_connect") {
  RefusingPort port;
  const auto error = error_of(client_for(port.url()).send(log_request()));
  CHECK(error.kind == Kind::cannot_connect);
}

TEST_CASE("client: a silent server is a timeout after the request's limit") {
  FakeDevServer server;
  server.hold("log");
  const auto started = std::chrono::steady_clock::now();
  const auto error = error_of(client_for(server.url()).send(log_request(kShort)));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  server.release();
  CHECK(error.kind == Kind::timeout);
  CHECK(error.detail.find("150 ms") != std::string::npos);
  CHECK(elapsed >= kShort);
  CHECK(elapsed < std::chrono::seconds(3));
}

TEST_CASE("client: a stop request ends a call that is waiting for its answer") {
  FakeDevServer server;
  server.hold("log");
  const auto client = client_for(server.url());
  std::stop_source stop;
  djust::project::DevServerResult result;
  const auto started = std::chrono::steady_clock::now();
  std::thread caller([&] { result = client.send(log_request(std::chrono::seconds(30)), stop.get_token()); });
  server.wait_until_held_request_arrives();
  stop.request_stop();
  caller.join();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  server.release();
  CHECK(error_of(result).kind == Kind::cancelled);
  CHECK(elapsed < std::chrono::seconds(10));

  // Already stopped: nothing is sent.
  const auto before = server.received().size();
  CHECK(error_of(client.send(log_request(), stop.get_token())).kind == Kind::cancelled);
  CHECK(server.received().size() == before);
}

TEST_CASE("client: localhost reaches a server on 127.0.0.1") {
  FakeDevServer server;
  const auto client = client_for("http://localhost:" + std::to_string(server.port()));
  CHECK(std::holds_alternative<json>(client.send(log_request(std::chrono::seconds(5)))));
}
