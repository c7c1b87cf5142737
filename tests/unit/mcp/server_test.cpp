#include "mcp/server.h"

#include <doctest/doctest.h>

#include "capturing_sink.h"
#include "test_registry.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

using djust::mcp::Server;
using nlohmann::json;

namespace {

struct Session {
  CapturingSink sink;
  Server server;
  explicit Session(std::size_t page_size = 100, const djust::registry::Registry& registry = test_registry())
      : server(registry, {"djust-mcp", "title", "9.9.9", "description"},
               {.page_size = page_size, .worker_threads = 2, .client_roots = nullptr}, sink) {}

  // Sends lines, waits for all work, returns everything the server wrote.
  std::vector<json> exchange(const std::vector<std::string>& lines) {
    for (const auto& l : lines) server.handle_line(l);
    server.finish(std::chrono::seconds(5));
    return sink.messages();
  }
};

std::string initialize(const std::string& version, int id = 1) {
  return json{{"jsonrpc", "2.0"},
              {"id", id},
              {"method", "initialize"},
              {"params",
               {{"protocolVersion", version},
                {"capabilities", json::object()},
                {"clientInfo", {{"name", "t"}, {"version", "1"}}}}}}
      .dump();
}

}  // namespace

TEST_CASE("server: unparsable input gets -32700 with a null id") {
  Session s;
  const auto out = s.exchange({"{not json", "", "   "});
  REQUIRE(out.size() == 1);  // blank lines are not messages
  CHECK(out[0].at("id").is_null());
  CHECK(out[0].at("error").at("code") == -32700);
}

TEST_CASE("server: version negotiation echoes known versions and offers the latest otherwise") {
  for (const std::string version : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"}) {
    Session s;
    const auto out = s.exchange({initialize(version)});
    REQUIRE(out.size() == 1);
    const json& result = out[0].at("result");
    CHECK(result.at("protocolVersion") == version);
    CHECK(result.at("serverInfo").at("name") == "djust-mcp");
    CHECK(result.at("serverInfo").at("version") == "9.9.9");
    CHECK(result.at("serverInfo").contains("title") == (version >= "2025-06-18"));
    CHECK(result.at("capabilities").contains("completions") == (version >= "2025-03-26"));
    CHECK(result.at("capabilities").contains("tools"));
    CHECK(result.at("capabilities").contains("logging"));
    CHECK(result.at("instructions").get<std::string>().find("get_framework_schema") != std::string::npos);
  }
  Session s;
  CHECK(s.exchange({initialize("1999-01-01")}).at(0).at("result").at("protocolVersion") == "2025-11-25");
}

TEST_CASE("server: tools/list pages through every tool; a bad cursor is -32602") {
  Session s(1);
  s.server.handle_line(initialize("2025-11-25"));
  std::string cursor;
  std::vector<std::string> names;
  for (int id = 2; id < 50; ++id) {
    json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/list"}, {"params", json::object()}};
    if (!cursor.empty()) request["params"]["cursor"] = cursor;
    s.server.handle_line(request.dump());
    const json reply = s.sink.reply_to(id);
    for (const auto& t : reply.at("result").at("tools")) names.push_back(t.at("name"));
    CHECK_FALSE((reply.at("result").contains("nextCursor") && reply.at("result").at("nextCursor").is_null()));
    if (!reply.at("result").contains("nextCursor")) break;
    cursor = reply.at("result").at("nextCursor");
  }
  CHECK(names.size() == test_registry().tools().size());
  s.server.handle_line(R"({"jsonrpc":"2.0","id":"c","method":"tools/list","params":{"cursor":"zzz"}})");
  CHECK(s.sink.reply_to("c").at("error").at("code") == -32602);
}

TEST_CASE("server: tools/call replies with text and structuredContent; older versions get text only") {
  const std::string call =
      R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_decorators","arguments":{"name":"debounce"}}})";
  {
    Session s;
    const auto out = s.exchange({initialize("2025-06-18"), call});
    REQUIRE(out.size() == 2);
    const json& result = out[1].at("result");
    CHECK(out[1].at("id") == 5);
    CHECK(json::parse(result.at("content").at(0).at("text").get<std::string>()) == result.at("structuredContent"));
    CHECK(result.at("structuredContent").at("decorators").at(0).at("name") == "debounce");
  }
  {
    Session s;
    const auto out = s.exchange({initialize("2025-03-26"), call});
    CHECK_FALSE(out.at(1).at("result").contains("structuredContent"));
  }
}

TEST_CASE("server: notifications are never answered, whatever they are") {
  Session s;
  const auto out = s.exchange({initialize("2025-11-25"), R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                               R"({"jsonrpc":"2.0","method":"no/such/thing","params":{}})",
                               R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":77}})",
                               R"({"jsonrpc":"2.0","method":"tools/call","params":{"name":"nope"}})"});
  CHECK(out.size() == 1);
}

TEST_CASE("server: batches only under 2025-03-26") {
  const std::string batch =
      R"([{"jsonrpc":"2.0","id":"a","method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":"b","method":"tools/call","params":{"name":"get_decorators","arguments":{"name":"cache"}}}])";
  {
    Session s;
    const auto out = s.exchange({initialize("2025-03-26"), batch, "[]"});
    REQUIRE(out.size() == 3);
    REQUIRE(out[1].is_array());
    REQUIRE(out[1].size() == 2);
    CHECK(out[1][0].at("id") == "a");
    CHECK(out[1][1].at("id") == "b");
    CHECK(out[1][1].at("result").contains("content"));
    CHECK(out[2].at("error").at("code") == -32600);
  }
  {
    Session s;
    const auto out = s.exchange({initialize("2025-06-18"), batch});
    REQUIRE(out.size() == 2);
    CHECK(out[1].at("error").at("code") == -32600);
    CHECK(out[1].at("id").is_null());
  }
}

TEST_CASE("server: malformed requests get the error the spec names") {
  Session s;
  const auto out = s.exchange({
      R"(42)",                                                   // not an object
      R"({"jsonrpc":"1.0","id":1,"method":"ping"})",             // wrong jsonrpc
      R"({"jsonrpc":"2.0","id":null,"method":"ping"})",          // null id
      R"({"jsonrpc":"2.0","id":2,"method":"nope"})",             // unknown method
      R"({"jsonrpc":"2.0","id":3,"method":"server/discover"})",  // a probe without the stateless _meta
      R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"no_such_tool"}})",
      R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_decorators","arguments":[1]}})",
      R"({"jsonrpc":"2.0","id":6,"method":"ping","params":[1]})",
      R"({"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":"djust://nothing"}})",
      R"({"jsonrpc":"2.0","id":8,"method":"logging/setLevel","params":{"level":"loud"}})",
      R"({"jsonrpc":"2.0","id":9,"method":"initialize","params":{}})",
  });
  REQUIRE(out.size() == 11);
  const std::vector<std::pair<json, int>> expected = {{nullptr, -32600}, {1, -32600}, {nullptr, -32600}, {2, -32601},
                                                      {3, -32602},       {4, -32602}, {5, -32602},       {6, -32602},
                                                      {7, -32002},       {8, -32602}, {9, -32602}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("reply ", i, ": ", out[i].dump());
    CHECK(out[i].at("id") == expected[i].first);
    CHECK(out[i].at("error").at("code") == expected[i].second);
  }
}

TEST_CASE("server: logging/setLevel turns logs into notifications/message, until the client closes") {
  Session s;
  for (const auto& line :
       {initialize("2025-11-25"),
        std::string(R"({"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"debug"}})")})
    s.server.handle_line(line);
  djust::core::log(djust::core::LogLevel::info, "test", "while the client listens");
  s.server.finish(std::chrono::seconds(5));  // the client closed stdin
  djust::core::log(djust::core::LogLevel::warning, "test", "after the client closed");
  std::vector<std::string> logged;
  for (const auto& m : s.sink.messages())
    if (m.value("method", "") == "notifications/message") logged.push_back(m.at("params").at("data"));
  CHECK(logged == std::vector<std::string>{"while the client listens"});
}

TEST_CASE("server: completion for prompt arguments and resource templates") {
  Session s;
  const auto out = s.exchange(
      {initialize("2025-11-25"),
       R"({"jsonrpc":"2.0","id":2,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"use_directive"},"argument":{"name":"directive","value":"dj-cl"}}})",
       R"({"jsonrpc":"2.0","id":3,"method":"completion/complete","params":{"ref":{"type":"ref/resource","uri":"djust://best-practices/{section}"},"argument":{"name":"section","value":"sec"}}})",
       R"({"jsonrpc":"2.0","id":4,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"nope"},"argument":{"name":"x","value":""}}})"});
  REQUIRE(out.size() == 4);
  const json values = out[1].at("result").at("completion").at("values");
  CHECK(std::find(values.begin(), values.end(), "dj-click") != values.end());
  CHECK(std::find(values.begin(), values.end(), "dj-click-away") != values.end());
  CHECK(out[2].at("result").at("completion").at("values") == json{"security"});
  CHECK(out[3].at("error").at("code") == -32602);
}

TEST_CASE("server: a number too large for a double (1e400) is a parse error, not the end (issue #19)") {
  Session s;
  const auto out = s.exchange({
      initialize("2025-11-25"),
      R"({"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"n":1e400}}})",
      R"({"jsonrpc":"2.0","id":1e400,"method":"ping"})",
      R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_decorators","arguments":{"name":-1e400}}})",
      R"({"jsonrpc":"2.0","id":4,"method":"ping"})",
  });
  REQUIRE(out.size() == 5);
  for (std::size_t i = 1; i <= 3; ++i) {
    INFO("reply ", i, ": ", out[i].dump());
    CHECK(out[i].at("id").is_null());
    CHECK(out[i].at("error").at("code") == -32700);
    CHECK(out[i].at("error").at("message").get<std::string>().find("number overflow") != std::string::npos);
  }
  CHECK(out[4].at("id") == 4);
  CHECK(out[4].at("result") == json::object());
}

TEST_CASE("server: an unknown tool name of 1 MB is answered at once, cut short, without a suggestion") {
  Session s;
  s.server.handle_line(initialize("2025-11-25"));
  const std::string huge(1024 * 1024, 'g');
  const auto started = std::chrono::steady_clock::now();
  s.server.handle_line(
      json{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/call"}, {"params", {{"name", huge}}}}.dump());
  // The suggestion took 18 s of the thread that reads stdin before it was bounded.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
  const json reply = s.sink.messages().back();
  CHECK(reply.at("id") == 2);
  CHECK(reply.at("error").at("code") == -32602);
  const std::string message = reply.at("error").at("message");
  CHECK(message.size() < 300);
  CHECK(message.find("Did you mean") == std::string::npos);
  CHECK(message.find("a name of 1048576 bytes; tool names have at most 64 characters") != std::string::npos);
  // A cut never splits a character: 63 ASCII bytes, then 2-byte characters across the limit.
  std::string name = std::string(63, 'a');
  for (int i = 0; i < 10; ++i) name += "\xC3\xA9";  // é
  s.server.handle_line(
      json{{"jsonrpc", "2.0"}, {"id", 3}, {"method", "tools/call"}, {"params", {{"name", name}}}}.dump());
  const std::string cut = s.sink.messages().back().at("error").at("message");
  CHECK(cut.find("Unknown tool '" + std::string(63, 'a') + "...'") != std::string::npos);
  // Names of a plausible length still get a suggestion.
  s.server.handle_line(R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get_decoratorz"}})");
  CHECK(s.sink.messages().back().at("error").at("message").get<std::string>().find("Did you mean 'get_decorators'?") !=
        std::string::npos);
}

namespace {

// A tool that ignores cancellation (as a handler stuck in a slow loop would) until released.
struct StuckTool {
  std::mutex mutex;
  std::condition_variable changed;
  bool started = false;
  bool released = false;

  djust::registry::Registry registry() {
    djust::registry::Tool tool;
    tool.name = "stuck";
    tool.input_schema = {{"type", "object"}};
    tool.handler = [this](const json&, djust::registry::CallContext&) {
      std::unique_lock lock(mutex);
      started = true;
      changed.notify_all();
      changed.wait(lock, [this] { return released; });
      return json::object();
    };
    return djust::registry::Registry({std::move(tool)}, {}, {}, {}, "");
  }
  bool wait_started() {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(10), [this] { return started; });
  }
  void release() {
    std::lock_guard lock(mutex);
    released = true;
    changed.notify_all();
  }
};

}  // namespace

TEST_CASE("server: shutdown gives a call that ignores cancellation a deadline instead of waiting for it") {
  StuckTool stuck;
  const auto registry = stuck.registry();
  Session s(100, registry);
  s.server.handle_line(initialize("2025-11-25"));
  s.server.handle_line(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"stuck"}})");
  REQUIRE(stuck.wait_started());
  s.server.handle_line(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}})");
  s.server.handle_line(R"({"jsonrpc":"2.0","id":3,"method":"ping"})");
  CHECK(s.sink.messages().back().at("id") == 3);  // the reading thread is free meanwhile

  const auto started = std::chrono::steady_clock::now();
  CHECK_FALSE(s.server.finish(std::chrono::milliseconds(200), std::chrono::milliseconds(300)));
  const auto waited = std::chrono::steady_clock::now() - started;
  CHECK(waited >= std::chrono::milliseconds(500));
  CHECK(waited < std::chrono::seconds(3));
  // Sealed output: nothing more is written, not even for requests that arrive later.
  s.server.seal_output(std::chrono::milliseconds(100));
  const std::size_t written = s.sink.messages().size();
  s.server.handle_line(R"({"jsonrpc":"2.0","id":4,"method":"ping"})");
  CHECK(s.sink.messages().size() == written);
  stuck.release();  // the destructor waits for the call, as a process that exits does not
}

TEST_CASE("server: once calls stop, shutdown reports it") {
  Session s;
  s.server.handle_line(initialize("2025-11-25"));
  s.server.handle_line(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_decorators"}})");
  CHECK(s.server.finish(std::chrono::seconds(5), std::chrono::seconds(1)));
  CHECK(s.sink.messages().back().at("id") == 2);
}

TEST_CASE("server: asks a client that offers roots for them, and again when they change") {
  CapturingSink sink;
  const auto roots = std::make_shared<djust::core::ClientRoots>();
  Server server(test_registry(), {"djust-mcp", "title", "9.9.9", "description"},
                {.page_size = 100, .worker_threads = 2, .client_roots = roots}, sink);
  json init = json::parse(initialize("2025-11-25"));
  init["params"]["capabilities"] = {{"roots", {{"listChanged", true}}}};
  server.handle_line(init.dump());
  server.handle_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  auto out = sink.messages();
  REQUIRE(out.size() == 2);
  CHECK(out[1].at("method") == "roots/list");
  const json first_id = out[1].at("id");
  server.handle_line(
      json{{"jsonrpc", "2.0"},
           {"id", first_id},
           {"result", {{"roots", {{{"uri", "file:///srv/shop"}}, {{"uri", "https://example.com/not-a-folder"}}}}}}}
          .dump());
  auto got = roots->get(std::chrono::milliseconds(0));
  REQUIRE(got.has_value());
  CHECK(*got == std::vector<std::filesystem::path>{"/srv/shop"});

  server.handle_line(R"({"jsonrpc":"2.0","method":"notifications/roots/list_changed"})");
  out = sink.messages();
  REQUIRE(out.size() == 3);
  CHECK(out[2].at("method") == "roots/list");
  CHECK(out[2].at("id") != first_id);
  server.handle_line(
      json{{"jsonrpc", "2.0"}, {"id", out[2].at("id")}, {"error", {{"code", -32603}, {"message", "no"}}}}.dump());
  CHECK_FALSE(roots->get(std::chrono::milliseconds(0)).has_value());  // an error means no roots
  CHECK(roots->version() == 2);
  server.finish(std::chrono::seconds(1));
}

TEST_CASE("server: a client without roots is never asked; nobody waits for them") {
  CapturingSink sink;
  const auto roots = std::make_shared<djust::core::ClientRoots>();
  Server server(test_registry(), {"djust-mcp", "title", "9.9.9", "description"},
                {.page_size = 100, .worker_threads = 2, .client_roots = roots}, sink);
  server.handle_line(initialize("2025-11-25"));
  server.handle_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  server.handle_line(R"({"jsonrpc":"2.0","method":"notifications/roots/list_changed"})");
  CHECK(sink.messages().size() == 1);  // the initialize result only
  CHECK(roots->version() == 1);        // told "none" at once; the change notice is ignored
  server.finish(std::chrono::seconds(1));
}

TEST_CASE("server: the instructions end with the note on the linked project's djust, asked at each initialize") {
  std::string note;
  const auto instructions = [&note] {
    CapturingSink sink;
    Server server(test_registry(), {"djust-mcp", "title", "9.9.9", "description"},
                  {.worker_threads = 1, .instructions_note = [&note] { return note; }, .client_roots = nullptr}, sink);
    server.handle_line(initialize("2025-06-18"));
    server.finish(std::chrono::seconds(5));
    return sink.messages().at(0).at("result").at("instructions").get<std::string>();
  };
  CHECK(instructions() == test_registry().instructions());      // the project has not loaded yet
  note = "Version note: the linked project runs djust 1.0.3.";  // it has since: a later session says so
  CHECK(instructions() == test_registry().instructions() + "\n\n" + note);
}
