// A minimal LSP client for the tests: starts `corolint lsp` as a child over pipes, sends
// messages, and collects what the server sends until a condition holds. Waits are generous and
// only catch a server that hangs; nothing depends on how fast it is.
#pragma once

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace corolint::tests {

class LspClient {
public:
  using json = nlohmann::json;
  static constexpr std::chrono::seconds Patience{600};

  explicit LspClient(const std::string &Binary) {
    int ToServer[2], FromServer[2];
    if (pipe(ToServer) != 0 || pipe(FromServer) != 0)
      return;
    Child = fork();
    if (Child == 0) {
      dup2(ToServer[0], STDIN_FILENO);
      dup2(FromServer[1], STDOUT_FILENO);
      for (int Fd : {ToServer[0], ToServer[1], FromServer[0], FromServer[1]})
        close(Fd);
      execl(Binary.c_str(), Binary.c_str(), "lsp", static_cast<char *>(nullptr));
      _exit(127);
    }
    close(ToServer[0]);
    close(FromServer[1]);
    In = ToServer[1];
    Out = FromServer[0];
    signal(SIGPIPE, SIG_IGN);
  }

  ~LspClient() {
    if (In >= 0)
      close(In);
    if (Child > 0 && Status < 0) {
      kill(Child, SIGKILL);
      waitpid(Child, nullptr, 0);
    }
    if (Out >= 0)
      close(Out);
  }

  bool started() const { return Child > 0; }

  // Writes Bytes as they are: for frames a well-behaved client would not send.
  void sendRaw(const std::string &Bytes) {
    for (size_t Done = 0; Done < Bytes.size();) {
      ssize_t N = write(In, Bytes.data() + Done, Bytes.size() - Done);
      if (N <= 0)
        return;
      Done += static_cast<size_t>(N);
    }
  }
  void sendBody(const std::string &Body) { sendRaw("Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body); }
  void send(const json &Message) { sendBody(Message.dump()); }

  int request(const std::string &Method, json Params) {
    int Id = ++LastId;
    send({{"jsonrpc", "2.0"}, {"id", Id}, {"method", Method}, {"params", std::move(Params)}});
    return Id;
  }
  void notify(const std::string &Method, json Params) {
    send({{"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
  }

  // The first message not yet taken by a wait for which Wanted holds, reading more as needed and
  // answering the server's progress
  // requests; null when the server closes its output or the patience runs out.
  json waitFor(const std::function<bool(const json &)> &Wanted) {
    for (size_t I = 0; I < Received.size(); ++I)
      if (!Used[I] && Wanted(Received[I])) {
        Used[I] = true;
        return Received[I];
      }
    auto Deadline = std::chrono::steady_clock::now() + Patience;
    while (std::chrono::steady_clock::now() < Deadline) {
      json Message;
      if (!readMessage(Message, Deadline))
        return nullptr;
      Received.push_back(Message);
      Used.push_back(false);
      if (Message.contains("method") && Message["method"] == "window/workDoneProgress/create")
        send({{"jsonrpc", "2.0"}, {"id", Message["id"]}, {"result", nullptr}});
      if (Wanted(Message)) {
        Used.back() = true;
        return Message;
      }
    }
    return nullptr;
  }

  json response(int Id) {
    return waitFor([&](const json &M) { return M.contains("id") && M["id"] == Id && !M.contains("method"); });
  }

  // The next diagnostics published for Uri.
  json diagnostics(const std::string &Uri) {
    json M = waitFor([&](const json &M) {
      return M.value("method", "") == "textDocument/publishDiagnostics" && M["params"]["uri"] == Uri;
    });
    return M.is_null() ? M : M["params"]["diagnostics"];
  }

  // The child's exit status once it ends (-1 if it had to be killed).
  int exitStatus() {
    auto Deadline = std::chrono::steady_clock::now() + Patience;
    while (std::chrono::steady_clock::now() < Deadline) {
      int Raw;
      pid_t Done = waitpid(Child, &Raw, WNOHANG);
      if (Done == Child) {
        Status = WIFEXITED(Raw) ? WEXITSTATUS(Raw) : 128 + WTERMSIG(Raw);
        return Status;
      }
      usleep(20000);
    }
    return -1;
  }

  const std::vector<json> &received() const { return Received; }

private:
  bool fill(std::chrono::steady_clock::time_point Deadline) {
    auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(Deadline - std::chrono::steady_clock::now());
    pollfd P{Out, POLLIN, 0};
    if (Left.count() <= 0 || poll(&P, 1, static_cast<int>(Left.count())) <= 0)
      return false;
    char Chunk[65536];
    ssize_t N = read(Out, Chunk, sizeof Chunk);
    if (N <= 0)
      return false;
    Buffer.append(Chunk, static_cast<size_t>(N));
    return true;
  }

  bool readMessage(json &Message, std::chrono::steady_clock::time_point Deadline) {
    while (true) {
      size_t HeaderEnd = Buffer.find("\r\n\r\n");
      if (HeaderEnd != std::string::npos) {
        size_t At = Buffer.find("Content-Length: ");
        size_t Length = std::stoul(Buffer.substr(At + 16, HeaderEnd - At - 16));
        if (Buffer.size() >= HeaderEnd + 4 + Length) {
          Message = json::parse(Buffer.substr(HeaderEnd + 4, Length));
          Buffer.erase(0, HeaderEnd + 4 + Length);
          return true;
        }
      }
      if (!fill(Deadline))
        return false;
    }
  }

  pid_t Child = -1;
  int In = -1, Out = -1, Status = -1, LastId = 0;
  std::string Buffer;
  std::vector<json> Received;
  std::vector<bool> Used; // each message satisfies one wait
};

} // namespace corolint::tests
