// Load for an MCP server over Streamable HTTP, as MCP clients make it: CLIENTS concurrent clients,
// each on its own keep-alive connection and session (initialize, notifications/initialized), call
// TOOL with ARGUMENTS until TOTAL tools/call round trips are done between them. Prints the
// throughput, the latency percentiles and the server's peak RSS (VmHWM of SERVER_PID).
// Usage: djust-http-bench HOST PORT CLIENTS TOTAL TOOL ARGUMENTS_JSON SERVER_PID LABEL
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kProtocolVersion = "2025-11-25";
constexpr int kWarmupCallsPerClient = 20;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// One keep-alive HTTP/1.1 connection speaking just enough HTTP for this: a POST, and a response
// with Content-Length, chunked, or until close.
class Connection {
 public:
  Connection(std::string host, int port) : host_(std::move(host)), port_(port) { open(); }
  ~Connection() { close_socket(); }

  struct Response {
    int status = 0;
    std::string session_id;
    std::string body;
  };

  Response post(const std::string& body, const std::string& session_id) {
    std::string request = "POST /mcp HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_) +
                          "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                          "MCP-Protocol-Version: " +
                          kProtocolVersion + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    if (!session_id.empty()) request += "Mcp-Session-Id: " + session_id + "\r\n";
    request += "\r\n" + body;
    if (fd_ < 0) open();
    write_all(request);
    return read_response();
  }

 private:
  void open() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    if (::inet_pton(AF_INET, host_.c_str(), &address.sin_addr) != 1) throw std::runtime_error("bad IPv4 " + host_);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("cannot connect: " + std::string(std::strerror(errno)));
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    buffer_.clear();
  }
  void close_socket() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void write_all(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      sent += static_cast<std::size_t>(n);
    }
  }
  // More bytes into buffer_; false at end of stream.
  bool fill() {
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  std::string take_line() {
    std::size_t end;
    while ((end = buffer_.find("\r\n")) == std::string::npos)
      if (!fill()) throw std::runtime_error("connection closed in the headers");
    std::string line = buffer_.substr(0, end);
    buffer_.erase(0, end + 2);
    return line;
  }
  std::string take(std::size_t size) {
    while (buffer_.size() < size)
      if (!fill()) throw std::runtime_error("connection closed in the body");
    std::string data = buffer_.substr(0, size);
    buffer_.erase(0, size);
    return data;
  }
  Response read_response() {
    Response response;
    const std::string status_line = take_line();
    response.status = std::atoi(status_line.c_str() + status_line.find(' ') + 1);
    std::optional<std::size_t> length;
    bool chunked = false;
    bool close = false;
    for (std::string line = take_line(); !line.empty(); line = take_line()) {
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      const std::string name = lower(line.substr(0, colon));
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      if (name == "content-length") length = std::stoul(value);
      if (name == "transfer-encoding" && lower(value).find("chunked") != std::string::npos) chunked = true;
      if (name == "connection" && lower(value) == "close") close = true;
      if (name == "mcp-session-id") response.session_id = value;
    }
    if (chunked) {
      for (std::size_t size = std::stoul(take_line(), nullptr, 16); size > 0;
           size = std::stoul(take_line(), nullptr, 16)) {
        response.body += take(size);
        take_line();
      }
      take_line();
    } else if (length) {
      response.body = take(*length);
    } else {
      while (fill()) {
      }
      response.body = std::move(buffer_);
      buffer_.clear();
      close = true;
    }
    if (close) close_socket();
    return response;
  }

  std::string host_;
  int port_;
  int fd_ = -1;
  std::string buffer_;
};

std::size_t peak_rss_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stoul(line.substr(6));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 9) {
    std::fprintf(stderr, "usage: djust-http-bench HOST PORT CLIENTS TOTAL TOOL ARGUMENTS_JSON SERVER_PID LABEL\n");
    return 2;
  }
  const std::string host = argv[1];
  const int port = std::atoi(argv[2]);
  const int clients = std::atoi(argv[3]);
  const int total = std::atoi(argv[4]);
  const std::string call_prefix = std::string(R"({"jsonrpc":"2.0","method":"tools/call","params":{"name":")") +
                                  argv[5] + R"(","arguments":)" + argv[6] + R"(},"id":)";
  const int server_pid = std::atoi(argv[7]);
  const std::string label = argv[8];

  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::mutex latencies_mutex;
  std::vector<double> latencies;
  latencies.reserve(static_cast<std::size_t>(total));
  Clock::time_point started;

  auto client = [&](int index) {
    std::vector<double> mine;
    try {
      Connection connection(host, port);
      const std::string initialize =
          std::string(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")") +
          kProtocolVersion + R"(","capabilities":{},"clientInfo":{"name":"djust-http-bench","version":"1"}}})";
      const auto opened = connection.post(initialize, "");
      if (opened.status != 200 || opened.session_id.empty())
        throw std::runtime_error("initialize answered " + std::to_string(opened.status));
      const std::string session = opened.session_id;
      connection.post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", session);
      int id = 1;
      auto call = [&] {
        const std::string expected = "\"id\":" + std::to_string(id);
        const auto response = connection.post(call_prefix + std::to_string(id) + "}", session);
        ++id;
        return response.status == 200 && response.body.find(expected) != std::string::npos &&
               response.body.find("\"result\"") != std::string::npos;
      };
      for (int i = 0; i < kWarmupCallsPerClient; ++i) call();
      ++ready;
      while (!go) std::this_thread::yield();
      while (next.fetch_add(1) < total) {
        const auto t0 = Clock::now();
        const bool ok = call();
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!ok) ++failures;
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "client %d: %s\n", index, e.what());
      ++failures;
      ++ready;
    }
    std::lock_guard lock(latencies_mutex);
    latencies.insert(latencies.end(), mine.begin(), mine.end());
  };

  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) threads.emplace_back(client, i);
  while (ready < clients) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  started = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  std::sort(latencies.begin(), latencies.end());
  auto percentile = [&](double p) {
    if (latencies.empty()) return 0.0;
    return latencies[std::min(latencies.size() - 1,
                              static_cast<std::size_t>(p * static_cast<double>(latencies.size())))];
  };
  std::printf("%-34s %8zu %10.0f %8.2f %8.2f %8.2f %9.1f %6d\n", label.c_str(), latencies.size(),
              static_cast<double>(latencies.size()) / seconds, percentile(0.50), percentile(0.99),
              latencies.empty() ? 0.0 : latencies.back(), static_cast<double>(peak_rss_kib(server_pid)) / 1024.0,
              failures.load());
  return failures ? 1 : 0;
}
