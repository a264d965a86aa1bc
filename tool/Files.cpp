#include "Files.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using nlohmann::json;

namespace corolint {

namespace {

llvm::Error error(const std::string &Path, const llvm::Twine &Reason) {
  return llvm::createStringError(std::errc::invalid_argument, "%s", (Path + ": " + Reason).str().c_str());
}

// What a file of this type is, for "not a regular file (...)".
const char *kindOf(mode_t Mode) {
  if (S_ISDIR(Mode))
    return "a directory";
  if (S_ISCHR(Mode) || S_ISBLK(Mode))
    return "a device";
  if (S_ISFIFO(Mode))
    return "a FIFO";
  if (S_ISSOCK(Mode))
    return "a socket";
  return "not a regular file";
}

// The offset of the first bracket nested deeper than MaxJsonDepth, or npos. Strings (with their
// escapes) and comments are skipped, so brackets inside them do not count.
size_t tooDeepAt(llvm::StringRef Text, bool Comments) {
  unsigned Depth = 0;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '"') {
      for (++I; I < Text.size() && Text[I] != '"'; ++I)
        if (Text[I] == '\\')
          ++I;
    } else if (Comments && C == '/' && I + 1 < Text.size() && Text[I + 1] == '/') {
      I = Text.find('\n', I);
      if (I == llvm::StringRef::npos)
        break;
    } else if (Comments && C == '/' && I + 1 < Text.size() && Text[I + 1] == '*') {
      I = Text.find("*/", I + 2);
      if (I == llvm::StringRef::npos)
        break;
      ++I;
    } else if (C == '[' || C == '{') {
      if (++Depth > MaxJsonDepth)
        return I;
    } else if ((C == ']' || C == '}') && Depth > 0) {
      --Depth;
    }
  }
  return llvm::StringRef::npos;
}

} // namespace

std::pair<size_t, size_t> lineAndColumn(llvm::StringRef Text, size_t Offset) {
  Offset = std::min(Offset, Text.size());
  llvm::StringRef Before = Text.take_front(Offset);
  size_t Line = Before.count('\n') + 1;
  size_t LastNewline = Before.rfind('\n');
  size_t Column = LastNewline == llvm::StringRef::npos ? Offset + 1 : Offset - LastNewline;
  return {Line, Column};
}

std::string jsonErrorReason(const std::exception &E) {
  std::string What = E.what();
  size_t Start = What.find("] ");
  std::string Reason = Start == std::string::npos ? What : What.substr(Start + 2);
  if (llvm::StringRef(Reason).starts_with("parse error")) {
    size_t Colon = Reason.find(": ");
    if (Colon != std::string::npos)
      Reason = Reason.substr(Colon + 2);
  }
  return Reason.substr(0, Reason.find('\n'));
}

llvm::Expected<std::string> readRegularFile(const std::string &Path, uint64_t Limit) {
  // Opened first and checked through the descriptor, so the file checked is the file read; a
  // FIFO is opened without blocking, so that a FIFO with no writer cannot hang the run.
  int Fd = ::open(Path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (Fd < 0)
    return error(Path, std::error_code(errno, std::generic_category()).message());
  struct stat St;
  if (::fstat(Fd, &St) != 0) {
    int Errno = errno;
    ::close(Fd);
    return error(Path, std::error_code(Errno, std::generic_category()).message());
  }
  if (!S_ISREG(St.st_mode)) {
    ::close(Fd);
    return error(Path, llvm::Twine("not a regular file (") + kindOf(St.st_mode) + ")");
  }
  if (static_cast<uint64_t>(St.st_size) > Limit) {
    ::close(Fd);
    return error(Path, "too large (" + std::to_string(St.st_size) + " bytes; the limit is " + std::to_string(Limit) + ")");
  }
  std::string Text;
  Text.reserve(St.st_size);
  char Buffer[1 << 16];
  for (;;) {
    ssize_t N = ::read(Fd, Buffer, sizeof Buffer);
    if (N < 0 && errno == EINTR)
      continue;
    if (N < 0) {
      int Errno = errno;
      ::close(Fd);
      return error(Path, std::error_code(Errno, std::generic_category()).message());
    }
    if (N == 0)
      break;
    if (Text.size() + N > Limit) { // it grew while being read
      ::close(Fd);
      return error(Path, "too large (over " + std::to_string(Limit) + " bytes)");
    }
    Text.append(Buffer, N);
  }
  ::close(Fd);
  return Text;
}

llvm::Expected<json> parseJsonText(llvm::StringRef Text, const std::string &File, bool AllowComments) {
  size_t Deep = tooDeepAt(Text, AllowComments);
  if (Deep != llvm::StringRef::npos) {
    auto [Line, Column] = lineAndColumn(Text, Deep);
    return error(File + ":" + std::to_string(Line) + ":" + std::to_string(Column),
                 "nested more than " + std::to_string(MaxJsonDepth) + " levels deep");
  }
  try {
    return json::parse(Text.begin(), Text.end(), nullptr, /*allow_exceptions=*/true, AllowComments);
  } catch (const json::parse_error &E) {
    // nlohmann counts bytes from 1, and points just past the offending token.
    auto [Line, Column] = lineAndColumn(Text, E.byte == 0 ? 0 : E.byte - 1);
    return error(File + ":" + std::to_string(Line) + ":" + std::to_string(Column), jsonErrorReason(E));
  } catch (const json::exception &E) { // a number out of range, for one
    return error(File, jsonErrorReason(E));
  }
}

llvm::Expected<json> readJsonFile(const std::string &Path, bool AllowComments) {
  auto Text = readRegularFile(Path);
  if (!Text)
    return Text.takeError();
  return parseJsonText(*Text, Path, AllowComments);
}

std::string dumpJson(const json &J, int Indent) {
  return J.dump(Indent, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

void RunInputs::add(const std::string &Path) {
  if (!Names.insert(Path).second)
    return;
  llvm::sys::fs::UniqueID Id;
  if (!llvm::sys::fs::getUniqueID(Path, Id))
    Ids.emplace(Id.getDevice(), Id.getFile());
}

bool RunInputs::contains(const std::string &Path) const {
  llvm::sys::fs::UniqueID Id;
  return !llvm::sys::fs::getUniqueID(Path, Id) && Ids.count({Id.getDevice(), Id.getFile()});
}

llvm::Error checkOutputTarget(const std::string &Path, const RunInputs &Inputs) {
  if (Path.empty())
    return error("''", "an empty file name");
  struct stat St;
  if (::stat(Path.c_str(), &St) == 0) {
    if (!S_ISREG(St.st_mode))
      return error(Path, llvm::Twine("not a regular file (") + kindOf(St.st_mode) + "); refusing to write to it");
    if (Inputs.contains(Path))
      return error(Path, "an input of this run; refusing to overwrite it");
    return llvm::Error::success();
  }
  if (errno != ENOENT)
    return error(Path, std::error_code(errno, std::generic_category()).message());
  struct stat Link;
  if (::lstat(Path.c_str(), &Link) == 0)
    return error(Path, "a symbolic link to nothing; refusing to write through it");
  llvm::SmallString<256> Parent(Path);
  llvm::sys::fs::make_absolute(Parent);
  llvm::sys::path::remove_filename(Parent);
  if (!llvm::sys::fs::is_directory(Parent))
    return error(Path, "no such directory '" + std::string(Parent) + "'");
  return llvm::Error::success();
}

llvm::Error writeFileAtomically(const std::string &Path, llvm::StringRef Text, const RunInputs &Inputs) {
  if (llvm::Error E = checkOutputTarget(Path, Inputs))
    return E;
  // A symbolic link is written through: its target is replaced, the link stays.
  llvm::SmallString<256> Target(Path);
  llvm::sys::fs::make_absolute(Target);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Target, Real))
    Target = Real;
  llvm::sys::fs::file_status Existing;
  bool Exists = !llvm::sys::fs::status(Target, Existing);

  llvm::SmallString<256> Model(Target);
  Model += "." + std::to_string(::getpid()) + ".%%%%%%%%.corolint-tmp";
  int Fd;
  llvm::SmallString<256> Temporary;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, Fd, Temporary))
    return error(Path, EC.message());
  llvm::sys::RemoveFileOnSignal(Temporary);
  auto Discard = [&](const std::string &Reason) {
    llvm::sys::fs::remove(Temporary);
    llvm::sys::DontRemoveFileOnSignal(Temporary);
    return error(Path, Reason);
  };
  {
    llvm::raw_fd_ostream Out(Fd, /*shouldClose=*/true);
    Out << Text;
    Out.close();
    if (Out.has_error()) {
      std::string Reason = Out.error().message();
      Out.clear_error();
      return Discard(Reason);
    }
  }
  if (Exists)
    if (std::error_code EC = llvm::sys::fs::setPermissions(Temporary, Existing.permissions()))
      return Discard(EC.message());
  if (std::error_code EC = llvm::sys::fs::rename(Temporary, Target))
    return Discard(EC.message());
  llvm::sys::DontRemoveFileOnSignal(Temporary);
  return llvm::Error::success();
}

llvm::Error writeStandardOutput(llvm::StringRef Text) {
  llvm::raw_fd_ostream &Out = llvm::outs();
  Out << Text;
  Out.flush();
  if (Out.has_error()) {
    std::string Reason = Out.error().message();
    Out.clear_error();
    return llvm::createStringError(std::errc::io_error, "standard output: %s", Reason.c_str());
  }
  return llvm::Error::success();
}

} // namespace corolint
