// A streaming reader of JSON text for what corolint writes in bulk (summaries, in their files
// and in cache entries): the caller pulls each value in the order its format defines, straight
// into its own types, so no document tree is built and freed. A summary of a million functions
// reads several times faster this way, in a fraction of the memory. Every error is a
// JsonCursor::Error carrying the byte offset it was found at; nesting deeper than MaxJsonDepth is
// refused, so no input can exhaust the stack.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace corolint {

class JsonCursor {
public:
  struct Error : std::runtime_error {
    Error(const std::string &Reason, size_t Offset) : std::runtime_error(Reason), Offset(Offset) {}
    size_t Offset;
  };

  explicit JsonCursor(std::string_view Text) : Text(Text) {}

  // An object whose members are Keys, each required once, read in any order: Member(I) reads
  // the value of Keys[I]. Members of other names are skipped (newer writers may add some).
  template <size_t N, class ReadMember>
  void object(const std::array<std::string_view, N> &Keys, ReadMember &&Member) {
    static_assert(N <= 32, "one bit per key");
    uint32_t Seen = 0;
    enter('{', "an object");
    for (bool First = true; !close('}', First); First = false) {
      space();
      size_t At = Position;
      std::string Key = string();
      expect(':');
      size_t I = 0;
      while (I < N && Keys[I] != Key)
        ++I;
      if (I == N) {
        skip();
        continue;
      }
      if (Seen & (1u << I))
        throw Error("duplicate key '" + Key + "'", At);
      Seen |= 1u << I;
      Member(I);
    }
    for (size_t I = 0; I < N; ++I)
      if (!(Seen & (1u << I)))
        throw Error("missing key '" + std::string(Keys[I]) + "'", Position - 1);
  }

  // An object of any keys: Member(Key) reads each value.
  template <class ReadMember> void members(ReadMember &&Member) {
    enter('{', "an object");
    for (bool First = true; !close('}', First); First = false) {
      std::string Key = string();
      expect(':');
      Member(std::move(Key));
    }
  }

  // An array: Element() reads each element.
  template <class ReadElement> void array(ReadElement &&Element) {
    enter('[', "an array");
    for (bool First = true; !close(']', First); First = false)
      Element();
  }

  std::string string();
  uint64_t unsignedInteger();
  bool boolean();
  bool null(); // true, having read it, when the next value is null
  void skip(); // any one value
  void end();  // nothing but white space may follow

  size_t offset() const { return Position; }

private:
  void space();
  void expect(char C);
  void enter(char Open, const char *What); // an object's or array's opening bracket
  bool close(char Close, bool First);      // its closing bracket next (else a comma, after the first)
  [[noreturn]] void fail(const std::string &Reason) const;
  void literal(std::string_view Word);
  void number();
  void codePoint(std::string &Out);

  std::string_view Text;
  size_t Position = 0;
  unsigned Depth = 0;
};

} // namespace corolint
