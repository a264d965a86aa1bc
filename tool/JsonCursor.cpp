#include "JsonCursor.h"

#include "Files.h"

#include <string>

namespace corolint {

namespace {

bool isSpace(char C) { return C == ' ' || C == '\t' || C == '\n' || C == '\r'; }
bool isDigit(char C) { return C >= '0' && C <= '9'; }

int hexValue(char C) {
  if (isDigit(C))
    return C - '0';
  if (C >= 'a' && C <= 'f')
    return C - 'a' + 10;
  if (C >= 'A' && C <= 'F')
    return C - 'A' + 10;
  return -1;
}

void appendUtf8(std::string &Out, uint32_t Code) {
  if (Code < 0x80) {
    Out += char(Code);
  } else if (Code < 0x800) {
    Out += char(0xC0 | Code >> 6);
    Out += char(0x80 | (Code & 0x3F));
  } else if (Code < 0x10000) {
    Out += char(0xE0 | Code >> 12);
    Out += char(0x80 | (Code >> 6 & 0x3F));
    Out += char(0x80 | (Code & 0x3F));
  } else {
    Out += char(0xF0 | Code >> 18);
    Out += char(0x80 | (Code >> 12 & 0x3F));
    Out += char(0x80 | (Code >> 6 & 0x3F));
    Out += char(0x80 | (Code & 0x3F));
  }
}

// The length of the well-formed UTF-8 sequence at the start of S (RFC 3629: no overlong forms,
// no surrogates, nothing past U+10FFFF), or 0.
size_t utf8Length(std::string_view S) {
  auto Byte = [&](size_t I) { return I < S.size() ? static_cast<unsigned char>(S[I]) : 0u; };
  unsigned Lead = Byte(0);
  auto Continues = [&](size_t I, unsigned Low = 0x80, unsigned High = 0xBF) { return Byte(I) >= Low && Byte(I) <= High; };
  if (Lead >= 0xC2 && Lead <= 0xDF)
    return Continues(1) ? 2 : 0;
  if (Lead >= 0xE0 && Lead <= 0xEF) {
    unsigned Low = Lead == 0xE0 ? 0xA0 : 0x80, High = Lead == 0xED ? 0x9F : 0xBF;
    return Continues(1, Low, High) && Continues(2) ? 3 : 0;
  }
  if (Lead >= 0xF0 && Lead <= 0xF4) {
    unsigned Low = Lead == 0xF0 ? 0x90 : 0x80, High = Lead == 0xF4 ? 0x8F : 0xBF;
    return Continues(1, Low, High) && Continues(2) && Continues(3) ? 4 : 0;
  }
  return 0;
}

} // namespace

void JsonCursor::fail(const std::string &Reason) const {
  std::string Found = Position >= Text.size() ? "the end of the text"
                      : static_cast<unsigned char>(Text[Position]) < 0x20 || static_cast<unsigned char>(Text[Position]) >= 0x7F
                          ? "a byte " + std::to_string(static_cast<unsigned char>(Text[Position]))
                          : "'" + std::string(1, Text[Position]) + "'";
  throw Error(Reason + ", found " + Found, Position);
}

void JsonCursor::space() {
  while (Position < Text.size() && isSpace(Text[Position]))
    ++Position;
}

void JsonCursor::expect(char C) {
  space();
  if (Position >= Text.size() || Text[Position] != C)
    fail(std::string("expected '") + C + "'");
  ++Position;
}

void JsonCursor::enter(char Open, const char *What) {
  space();
  if (Position >= Text.size() || Text[Position] != Open)
    fail(std::string("expected ") + What);
  if (Depth == MaxJsonDepth)
    fail("nested more than " + std::to_string(MaxJsonDepth) + " levels deep");
  ++Position;
  ++Depth;
}

bool JsonCursor::close(char Close, bool First) {
  space();
  if (Position < Text.size() && Text[Position] == Close) {
    ++Position;
    --Depth;
    return true;
  }
  if (!First) {
    if (Position >= Text.size() || Text[Position] != ',')
      fail(std::string("expected ',' or '") + Close + "'");
    ++Position;
  }
  return false;
}

void JsonCursor::literal(std::string_view Word) {
  if (Text.substr(Position, Word.size()) != Word)
    fail("expected a JSON value");
  Position += Word.size();
}

std::string JsonCursor::string() {
  space();
  if (Position >= Text.size() || Text[Position] != '"')
    fail("expected a string");
  ++Position;
  std::string Out;
  for (;;) {
    size_t Start = Position;
    while (Position < Text.size()) {
      unsigned char C = Text[Position];
      if (C == '"' || C == '\\' || C < 0x20 || C >= 0x80)
        break;
      ++Position;
    }
    Out.append(Text.substr(Start, Position - Start));
    if (Position >= Text.size())
      fail("unterminated string");
    unsigned char C = Text[Position];
    if (C == '"') {
      ++Position;
      return Out;
    }
    if (C < 0x20)
      fail("a control character in a string (it must be escaped)");
    if (C >= 0x80) {
      size_t Length = utf8Length(Text.substr(Position));
      if (Length == 0)
        fail("a string that is not UTF-8");
      Out.append(Text.substr(Position, Length));
      Position += Length;
      continue;
    }
    ++Position; // the backslash
    char Escaped = Position < Text.size() ? Text[Position] : '\0';
    switch (Escaped) {
    case '"': case '\\': case '/': Out += Escaped; break;
    case 'b': Out += '\b'; break;
    case 'f': Out += '\f'; break;
    case 'n': Out += '\n'; break;
    case 'r': Out += '\r'; break;
    case 't': Out += '\t'; break;
    case 'u': codePoint(Out); continue;
    default: fail("an invalid escape in a string");
    }
    ++Position;
  }
}

void JsonCursor::codePoint(std::string &Out) {
  // At the 'u' of \uXXXX; a surrogate pair is two escapes that make one code point.
  auto Hex4 = [&]() -> uint32_t {
    ++Position; // the 'u'
    uint32_t Value = 0;
    for (int I = 0; I < 4; ++I, ++Position) {
      int Digit = Position < Text.size() ? hexValue(Text[Position]) : -1;
      if (Digit < 0)
        fail("an invalid \\u escape");
      Value = Value * 16 + Digit;
    }
    return Value;
  };
  uint32_t Code = Hex4();
  if (Code >= 0xDC00 && Code <= 0xDFFF)
    fail("a \\u escape of a lone low surrogate");
  if (Code >= 0xD800 && Code <= 0xDBFF) {
    if (Text.substr(Position, 2) != "\\u")
      fail("a \\u escape of a high surrogate without its low surrogate");
    ++Position; // the backslash
    uint32_t Low = Hex4();
    if (Low < 0xDC00 || Low > 0xDFFF)
      fail("a \\u escape of a high surrogate without its low surrogate");
    Code = 0x10000 + ((Code - 0xD800) << 10) + (Low - 0xDC00);
  }
  appendUtf8(Out, Code);
}

uint64_t JsonCursor::unsignedInteger() {
  space();
  size_t Start = Position;
  uint64_t Value = 0;
  while (Position < Text.size() && isDigit(Text[Position])) {
    unsigned Digit = Text[Position] - '0';
    if (Value > (UINT64_MAX - Digit) / 10)
      fail("a number too large");
    Value = Value * 10 + Digit;
    ++Position;
  }
  if (Position == Start)
    fail("expected an unsigned integer");
  if (Position - Start > 1 && Text[Start] == '0') {
    Position = Start;
    fail("a number with a leading zero");
  }
  if (Position < Text.size() && (Text[Position] == '.' || Text[Position] == 'e' || Text[Position] == 'E'))
    fail("expected an unsigned integer");
  return Value;
}

bool JsonCursor::boolean() {
  space();
  if (Text.substr(Position, 4) == "true") {
    Position += 4;
    return true;
  }
  if (Text.substr(Position, 5) == "false") {
    Position += 5;
    return false;
  }
  fail("expected true or false");
}

bool JsonCursor::null() {
  space();
  if (Text.substr(Position, 4) != "null")
    return false;
  Position += 4;
  return true;
}

void JsonCursor::number() {
  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  auto Digits = [&] {
    size_t Start = Position;
    while (Position < Text.size() && isDigit(Text[Position]))
      ++Position;
    if (Position == Start)
      fail("expected a digit");
  };
  if (Text[Position] == '-')
    ++Position;
  if (Position < Text.size() && Text[Position] == '0')
    ++Position;
  else
    Digits();
  if (Position < Text.size() && Text[Position] == '.') {
    ++Position;
    Digits();
  }
  if (Position < Text.size() && (Text[Position] == 'e' || Text[Position] == 'E')) {
    ++Position;
    if (Position < Text.size() && (Text[Position] == '+' || Text[Position] == '-'))
      ++Position;
    Digits();
  }
}

void JsonCursor::skip() {
  // Without recursion: Closers holds the bracket each open container awaits.
  std::string Closers;
  for (;;) {
    space();
    char C = Position < Text.size() ? Text[Position] : '\0';
    if (C == '{' || C == '[') {
      enter(C, C == '{' ? "an object" : "an array");
      Closers.push_back(C == '{' ? '}' : ']');
      if (!close(Closers.back(), /*First=*/true)) {
        if (Closers.back() == '}') {
          string();
          expect(':');
        }
        continue; // the first member's value
      }
      Closers.pop_back();
    } else if (C == '"') {
      string();
    } else if (C == 't') {
      literal("true");
    } else if (C == 'f') {
      literal("false");
    } else if (C == 'n') {
      literal("null");
    } else if (C == '-' || isDigit(C)) {
      number();
    } else {
      fail("expected a JSON value");
    }
    // A value is complete: close what it completes, else go on to the next member.
    while (!Closers.empty() && close(Closers.back(), /*First=*/false))
      Closers.pop_back();
    if (Closers.empty())
      return;
    if (Closers.back() == '}') {
      string();
      expect(':');
    }
  }
}

void JsonCursor::end() {
  space();
  if (Position != Text.size())
    fail("unexpected text after the JSON value");
}

} // namespace corolint
