// corolint's result cache: a unit whose inputs have not changed since an earlier run is not
// parsed again; its findings and summary are reused (the link step still runs over every unit).
//
// ccache's direct mode is the model. An entry's key is the run's key (corolint's version and
// executable, its built-in data, the effective configuration) with the unit's normalised
// command line and its main file's content; the entry lists every file the parse read with its
// content's digest, and is a hit only when each still has that digest. Nothing is preprocessed
// to decide. A header created earlier in the include path than the one the parse found is not
// noticed (ccache's direct mode has the same limit).
//
// Entries are written to a temporary file and renamed, so several processes may share the
// directory; an entry that cannot be read or parsed is a miss and is removed. The least recently
// used entries are evicted when the directory grows past its size cap.
#pragma once

#include "Session.h"
#include "UnitResults.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace corolint {

class ResultCache final : public UnitResults {
public:
  // The default directory: $XDG_CACHE_HOME/corolint, else ~/.cache/corolint; "" when neither is set.
  static std::string defaultDirectory();
  // Parses a size such as 1G, 500M, 64K or 1048576 (bytes); the error names the value.
  static llvm::Expected<uint64_t> parseSize(llvm::StringRef Text);
  // What every unit's key shares: corolint's version, its executable (size and modification
  // time, as ccache checks compilers), its built-in data and the session's effective settings.
  static std::string runKey(const Session &Setup, const std::string &Argv0);

  // Creates Directory if needed; the error says why it cannot be used.
  static llvm::Expected<std::unique_ptr<ResultCache>> open(const std::string &Directory, uint64_t MaxBytes,
                                                           std::string RunKey);

  void beginRun() override;
  std::optional<TranslationUnitSummary> find(const clang::tooling::CompileCommand &Command) override;
  void keep(const clang::tooling::CompileCommand &Command, const TranslationUnitSummary &Unit,
            Clock::time_point Started) override;

  // How long the unit took to analyse when its entry was made (for balancing shards), or nothing.
  std::optional<double> previousSeconds(const clang::tooling::CompileCommand &Command);

  // Evicts the least recently used entries until the directory is within its cap (and removes
  // temporaries abandoned by killed processes). Called once, at the end of a run: a lowered cap
  // applies at once, and the scan costs little beside a run.
  void trim();

  // Log, when set, gets one line per unit looked up: "corolint: cache: FILE: hit", or a miss
  // with its reason ("no entry", "INPUT changed", "unreadable entry").
  void setLog(llvm::raw_ostream *Log) { this->Log = Log; }

  size_t hits() const { return Hits; }
  size_t misses() const { return Misses; }
  const std::string &directory() const { return Directory; }

private:
  ResultCache(std::string Directory, uint64_t MaxBytes, std::string RunKey)
      : Directory(std::move(Directory)), MaxBytes(MaxBytes), RunKey(std::move(RunKey)) {}

  // The entry's path for Command, or "" when its main file cannot be read.
  std::string entryPath(const clang::tooling::CompileCommand &Command);
  // The digest of File's content (hex), remembered while its size, time and inode stay the same
  // and checked once per run (the units of a run share their headers: each is looked at once);
  // "" when it cannot be read.
  std::string contentDigest(const std::string &File);

  struct Known {
    uint64_t Size = 0, Inode = 0;
    int64_t Modified = 0;
    std::string Digest;
    uint64_t Run = 0; // the run that last checked it
  };

  std::string Directory;
  uint64_t MaxBytes;
  std::string RunKey;
  llvm::raw_ostream *Log = nullptr;
  std::mutex Lock; // guards Digests, Run and Log
  std::unordered_map<std::string, Known> Digests;
  uint64_t Run = 1;
  std::atomic<size_t> Hits{0}, Misses{0};
};

} // namespace corolint
