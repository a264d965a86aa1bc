#include "Transport.h"

#include "Files.h"

#include <cerrno>
#include <cstdlib>
#include <unistd.h>

namespace corolint::lsp {

namespace {
// A client sending a frame larger than this is not a client: refuse rather than allocate it.
constexpr size_t MaxBodyBytes = 256u << 20;
constexpr size_t MaxHeaderLine = 8192;
} // namespace

bool Transport::fill() {
  if (Start > 0 && Start == Buffer.size()) {
    Buffer.clear();
    Start = 0;
  }
  char Chunk[65536];
  while (true) {
    ssize_t N = ::read(In, Chunk, sizeof Chunk);
    if (N > 0) {
      Buffer.append(Chunk, static_cast<size_t>(N));
      return true;
    }
    if (N < 0 && errno == EINTR)
      continue;
    return false;
  }
}

bool Transport::readLine(std::string &Line) {
  while (true) {
    size_t End = Buffer.find('\n', Start);
    if (End != std::string::npos) {
      Line = Buffer.substr(Start, End - Start);
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      Start = End + 1;
      return true;
    }
    if (Buffer.size() - Start > MaxHeaderLine) { // no newline in sight: drop what we have
      Line = Buffer.substr(Start, MaxHeaderLine);
      Start = Buffer.size();
      return true;
    }
    if (!fill())
      return false;
  }
}

bool Transport::readBytes(size_t N, std::string &Into) {
  while (Buffer.size() - Start < N)
    if (!fill())
      return false;
  Into = Buffer.substr(Start, N);
  Start += N;
  return true;
}

Transport::Read Transport::next(std::string &Body, std::string &Error) {
  // Headers up to an empty line; only Content-Length matters (Content-Type is always utf-8 JSON).
  std::string Line;
  std::optional<size_t> Length;
  bool SawHeader = false;
  while (true) {
    if (!readLine(Line))
      return Read::EndOfInput;
    if (Line.empty()) {
      if (!SawHeader)
        continue; // blank lines between frames are harmless
      break;
    }
    SawHeader = true;
    std::string Lower;
    for (char C : Line.substr(0, Line.find(':')))
      Lower += static_cast<char>(std::tolower(static_cast<unsigned char>(C)));
    if (Lower != "content-length" || Line.find(':') == std::string::npos)
      continue;
    std::string Value = Line.substr(Line.find(':') + 1);
    char *End = nullptr;
    errno = 0;
    unsigned long long N = std::strtoull(Value.c_str(), &End, 10);
    while (End && *End == ' ')
      ++End;
    if (Value.find_first_of("0123456789") == std::string::npos || !End || *End || errno || Value.find('-') != std::string::npos) {
      Error = "bad Content-Length header '" + Line + "'";
      Length.reset();
      continue;
    }
    Length = static_cast<size_t>(N);
  }
  if (!Length) {
    if (Error.empty())
      Error = "message without a Content-Length header";
    return Read::BadFrame;
  }
  if (*Length > MaxBodyBytes) {
    // Skip the body rather than hold it: the stream stays in step with the client.
    Error = "message of " + std::to_string(*Length) + " bytes is larger than the limit of " +
            std::to_string(MaxBodyBytes) + " bytes";
    for (size_t Left = *Length; Left > 0;) {
      if (Start == Buffer.size() && !fill())
        return Read::EndOfInput;
      size_t Take = std::min(Left, Buffer.size() - Start);
      Start += Take;
      Left -= Take;
    }
    return Read::BadFrame;
  }
  if (!readBytes(*Length, Body))
    return Read::EndOfInput;
  return Read::Message;
}

bool Transport::send(const nlohmann::json &Message) {
  // dumpJson writes bytes that are not UTF-8 (paths, source text) as U+FFFD instead of throwing.
  std::string Body = dumpJson(Message);
  std::string Frame = "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
  std::lock_guard<std::mutex> Lock(Writing);
  for (size_t Done = 0; Done < Frame.size();) {
    ssize_t N = ::write(Out, Frame.data() + Done, Frame.size() - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Done += static_cast<size_t>(N);
  }
  return true;
}

} // namespace corolint::lsp
