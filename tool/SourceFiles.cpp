#include "SourceFiles.h"

#include <cstdint>
#include <fstream>
#include <sstream>

namespace corolint {

namespace {

// UTF-8 to UTF-16 code units, as JavaScript's charCodeAt sees a string read as UTF-8 (invalid
// bytes become U+FFFD, as Node's decoder makes them).
std::vector<uint16_t> utf16Units(const std::string &Text) {
  std::vector<uint16_t> Out;
  Out.reserve(Text.size());
  size_t I = 0;
  while (I < Text.size()) {
    unsigned char C = Text[I];
    uint32_t Code = 0xFFFD;
    size_t Length = 1;
    if (C < 0x80) {
      Code = C;
    } else {
      size_t Need = (C >> 5) == 0x6 ? 2 : (C >> 4) == 0xE ? 3 : (C >> 3) == 0x1E ? 4 : 0;
      bool Valid = Need && I + Need <= Text.size();
      uint32_t Value = Need == 2 ? C & 0x1F : Need == 3 ? C & 0x0F : C & 0x07;
      for (size_t K = 1; Valid && K < Need; ++K) {
        unsigned char Next = Text[I + K];
        Valid = (Next & 0xC0) == 0x80;
        Value = (Value << 6) | (Next & 0x3F);
      }
      if (Valid) {
        Code = Value;
        Length = Need;
      }
    }
    if (Code >= 0x10000) {
      Code -= 0x10000;
      Out.push_back(static_cast<uint16_t>(0xD800 + (Code >> 10)));
      Out.push_back(static_cast<uint16_t>(0xDC00 + (Code & 0x3FF)));
    } else {
      Out.push_back(static_cast<uint16_t>(Code));
    }
    I += Length;
  }
  return Out;
}

std::string hex(uint64_t V) {
  std::ostringstream S;
  S << std::hex << V;
  return S.str();
}

} // namespace

std::vector<std::string> githubLineHashes(const std::string &Text) {
  constexpr int BlockSize = 100;
  constexpr uint64_t Mod = 37;
  constexpr uint16_t EndOfFile = 65535;
  uint64_t FirstMod = 1;
  for (int I = 0; I < BlockSize; ++I)
    FirstMod *= Mod;

  std::vector<std::string> Hashes;
  uint32_t Window[BlockSize] = {};
  int LineNumbers[BlockSize];
  std::fill(std::begin(LineNumbers), std::end(LineNumbers), -1);
  uint64_t Hash = 0; // unsigned: wraps exactly as the action's 64-bit Long arithmetic does
  int Index = 0, LineNumber = 0;
  bool LineStart = true, PreviousCR = false;
  std::map<std::string, unsigned> Counts;

  auto output = [&] {
    std::string Value = hex(Hash);
    unsigned N = ++Counts[Value];
    size_t Line = static_cast<size_t>(LineNumbers[Index]);
    if (Hashes.size() < Line)
      Hashes.resize(Line);
    Hashes[Line - 1] = Value + ":" + std::to_string(N);
    LineNumbers[Index] = -1;
  };
  auto update = [&](uint32_t Current) {
    uint32_t Begin = Window[Index];
    Window[Index] = Current;
    Hash = Mod * Hash + Current - FirstMod * Begin;
    Index = (Index + 1) % BlockSize;
  };
  auto process = [&](uint32_t Current) {
    if (Current == ' ' || Current == '\t' || (PreviousCR && Current == '\n')) {
      PreviousCR = false;
      return;
    }
    PreviousCR = Current == '\r';
    if (Current == '\r')
      Current = '\n';
    if (LineNumbers[Index] != -1)
      output();
    if (LineStart) {
      LineStart = false;
      LineNumbers[Index] = ++LineNumber;
    }
    if (Current == '\n')
      LineStart = true;
    update(Current);
  };
  for (uint16_t Unit : utf16Units(Text))
    process(Unit);
  process(EndOfFile);
  for (int I = 0; I < BlockSize; ++I) {
    if (LineNumbers[Index] != -1)
      output();
    update(0);
  }
  return Hashes;
}

unsigned utf16Column(const std::string &Line, unsigned ByteColumn) {
  if (ByteColumn == 0)
    return 0;
  size_t Bytes = std::min<size_t>(ByteColumn - 1, Line.size());
  size_t Units = utf16Units(Line.substr(0, Bytes)).size();
  return static_cast<unsigned>(Units + 1 + (ByteColumn - 1 - Bytes));
}

std::string percentEncodePath(const std::string &Path) {
  static const char *Digits = "0123456789ABCDEF";
  std::string Out;
  for (unsigned char C : Path) {
    if (std::isalnum(C) || C == '-' || C == '.' || C == '_' || C == '~' || C == '/')
      Out += static_cast<char>(C);
    else {
      Out += '%';
      Out += Digits[C >> 4];
      Out += Digits[C & 0xF];
    }
  }
  return Out;
}

std::string fileUri(const std::string &AbsolutePath) { return "file://" + percentEncodePath(AbsolutePath); }

SourceFiles::SourceFiles(const std::map<std::string, std::string> &Given) {
  for (const auto &[Path, Text] : Given) {
    File &F = Files[Path];
    F.Text = Text;
    indexLines(F);
  }
}

void SourceFiles::indexLines(File &F) {
  F.LineStarts.assign(1, 0);
  for (size_t I = 0; I < F.Text.size(); ++I)
    if (F.Text[I] == '\n')
      F.LineStarts.push_back(I + 1);
}

SourceFiles::File &SourceFiles::load(const std::string &Path) {
  auto [It, Inserted] = Files.try_emplace(Path);
  if (Inserted) {
    std::ifstream In(Path, std::ios::binary);
    std::stringstream Buffer;
    Buffer << In.rdbuf();
    It->second.Text = Buffer.str();
    indexLines(It->second);
  }
  return It->second;
}

const std::string &SourceFiles::text(const std::string &Path) { return load(Path).Text; }

std::string SourceFiles::line(const std::string &Path, unsigned N) {
  File &F = load(Path);
  if (N == 0 || N > F.LineStarts.size())
    return "";
  size_t Begin = F.LineStarts[N - 1];
  size_t End = F.Text.find('\n', Begin);
  std::string L = F.Text.substr(Begin, End == std::string::npos ? std::string::npos : End - Begin);
  if (!L.empty() && L.back() == '\r')
    L.pop_back();
  return L;
}

const std::string &SourceFiles::lineHash(const std::string &Path, unsigned N) {
  static const std::string None;
  File &F = load(Path);
  if (!F.Hashes)
    F.Hashes = githubLineHashes(F.Text);
  return N >= 1 && N <= F.Hashes->size() ? (*F.Hashes)[N - 1] : None;
}

} // namespace corolint
