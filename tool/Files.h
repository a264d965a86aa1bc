// Reading what the user gives and writing what corolint makes, without ever hurting either:
// inputs are regular files read whole (or refused with one line naming the file), outputs are
// written atomically, only onto regular files or new paths, never onto an input of the run.
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <exception>
#include <set>
#include <string>
#include <utility>

namespace corolint {

// Limits on every file corolint reads as JSON, checked before it is parsed.
constexpr uint64_t MaxJsonFileBytes = 512ull << 20; // compilation databases of large projects
constexpr unsigned MaxJsonDepth = 256;                // far beyond any file corolint writes

// The whole of Path, which must be a regular file of at most Limit bytes. Errors read
// "PATH: reason" (a directory, a device or FIFO, too large, unreadable).
llvm::Expected<std::string> readRegularFile(const std::string &Path, uint64_t Limit = MaxJsonFileBytes);

// Parses Text, read from File, as JSON: nested at most MaxJsonDepth deep (checked before
// parsing, so no input can exhaust the stack). Errors read "FILE:LINE:COL: reason".
llvm::Expected<nlohmann::json> parseJsonText(llvm::StringRef Text, const std::string &File, bool AllowComments = false);

// Line and column (from 1) of the byte at Offset in Text.
std::pair<size_t, size_t> lineAndColumn(llvm::StringRef Text, size_t Offset);

// What an nlohmann/json exception (or any other) says, without nlohmann's "[json.exception...]"
// and "parse error at line L, column C:" prefixes, on one line.
std::string jsonErrorReason(const std::exception &E);

// readRegularFile, then parseJsonText.
llvm::Expected<nlohmann::json> readJsonFile(const std::string &Path, bool AllowComments = false);

// Serialises J (Indent < 0: one line). Bytes that are not UTF-8 (file names and strings taken
// from the sources) are written as U+FFFD rather than thrown on.
std::string dumpJson(const nlohmann::json &J, int Indent = -1);

// The files a run read (configuration, baseline, database, summaries, every source and header
// the parser opened), by identity (device and inode): no output may land on one of them,
// whatever name or link leads to it.
class RunInputs {
public:
  void add(const std::string &Path);
  bool contains(const std::string &Path) const;
  bool empty() const { return Ids.empty(); }

private:
  std::set<std::string> Names; // each name is looked up once
  std::set<std::pair<uint64_t, uint64_t>> Ids;
};

// Why Path may not receive an output, or success: it must be a new name in an existing
// directory, or (after following symbolic links) a regular file that is not an input of the run.
// Errors read "PATH: reason".
llvm::Error checkOutputTarget(const std::string &Path, const RunInputs &Inputs);

// Writes Text to Path (a symbolic link: to its target, leaving the link in place) through a
// temporary file unique to this process in the same directory, renamed over the target once
// complete, with the target's permissions. Checks the target with checkOutputTarget first. No
// temporary file survives a failure, an interrupt included. Errors read "PATH: reason".
llvm::Error writeFileAtomically(const std::string &Path, llvm::StringRef Text, const RunInputs &Inputs = {});

// Writes Text to standard output; a failure (a full disk, /dev/full, a closed pipe) is an
// error "standard output: reason" instead of LLVM's fatal error at exit.
llvm::Error writeStandardOutput(llvm::StringRef Text);

} // namespace corolint
