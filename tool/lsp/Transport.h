// JSON-RPC 2.0 messages framed as LSP frames them ("Content-Length: N\r\n\r\n" then N bytes of
// JSON) over two file descriptors: standard input and output for `corolint lsp`.
#pragma once

#include <nlohmann/json.hpp>

#include <mutex>
#include <string>

namespace corolint::lsp {

class Transport {
public:
  Transport(int In, int Out) : In(In), Out(Out) {}

  enum class Read { Message, EndOfInput, BadFrame };
  // The next message's body. BadFrame: a header without a usable Content-Length (Error says
  // why); the stream is then resynchronised on the next header. EndOfInput: the client is gone.
  Read next(std::string &Body, std::string &Error);

  // Sends one message; callable from any thread. False once the client stopped reading.
  bool send(const nlohmann::json &Message);

private:
  bool fill();
  bool readLine(std::string &Line);
  bool readBytes(size_t N, std::string &Into);

  int In, Out;
  std::string Buffer; // read but not yet consumed
  size_t Start = 0;
  std::mutex Writing;
};

} // namespace corolint::lsp
