#include "ResultCache.h"

#include "Driver.h"
#include "Files.h"
#include "Report.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <tuple>
#include <vector>

namespace corolint {
namespace {

using nlohmann::json;
namespace fs = llvm::sys::fs;

// Bump when an entry's layout changes: older entries then sit in another directory and age out.
constexpr const char *EntryFormat = "v1";

// A digest of Parts, each prefixed with its length so that no two lists hash alike.
std::string digest(std::initializer_list<llvm::StringRef> Parts) {
  llvm::BLAKE3 Hash;
  for (llvm::StringRef Part : Parts) {
    Hash.update(std::to_string(Part.size()) + ":");
    Hash.update(Part);
  }
  return llvm::toHex(Hash.final<16>(), /*LowerCase=*/true);
}

// The command line without what only names the compiler's outputs, so that the same unit
// compiled into another object file or dependency file shares its entry.
std::string normalisedCommand(const clang::tooling::CompileCommand &Command) {
  std::string Text = Command.Directory + '\0' + Command.Filename + '\0';
  const std::vector<std::string> &Args = Command.CommandLine;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (A == "-o" || A == "-MF" || A == "-MT" || A == "-MQ") {
      ++I;
      continue;
    }
    if (A == "-MD" || A == "-MMD" || (A.startswith("-o") && A.size() > 2) || A.startswith("-MF") ||
        A.startswith("-MT") || A.startswith("-MQ"))
      continue;
    Text += Args[I];
    Text += '\0';
  }
  return Text;
}

int64_t nanoseconds(llvm::sys::TimePoint<> T) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(T.time_since_epoch()).count();
}

} // namespace

std::string ResultCache::defaultDirectory() {
  if (std::optional<std::string> Xdg = llvm::sys::Process::GetEnv("XDG_CACHE_HOME"); Xdg && !Xdg->empty())
    return *Xdg + "/corolint";
  if (std::optional<std::string> Home = llvm::sys::Process::GetEnv("HOME"); Home && !Home->empty())
    return *Home + "/.cache/corolint";
  return "";
}

llvm::Expected<uint64_t> ResultCache::parseSize(llvm::StringRef Text) {
  llvm::StringRef Number = Text.take_while(llvm::isDigit);
  llvm::StringRef Unit = Text.drop_front(Number.size());
  Unit.consume_back("iB") || Unit.consume_back("B");
  uint64_t Value = 0, Scale = 1;
  if (Unit.size() == 1) {
    size_t Power = llvm::StringRef("KMGT").find(llvm::toUpper(Unit[0]));
    Scale = Power == llvm::StringRef::npos ? 0 : uint64_t(1) << (10 * (Power + 1));
  } else if (!Unit.empty()) {
    Scale = 0;
  }
  if (Number.empty() || Scale == 0 || Number.getAsInteger(10, Value) || Value == 0 ||
      Value > std::numeric_limits<uint64_t>::max() / Scale)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "'%s' is not a size (a positive number of bytes, or with K, M, G or T)",
                                   Text.str().c_str());
  return Value * Scale;
}

std::string ResultCache::runKey(const Session &Setup, const std::string &Argv0) {
  static int Anchor;
  std::string Executable = fs::getMainExecutable(Argv0.c_str(), &Anchor);
  fs::file_status Status;
  std::string Identity = Executable;
  if (!fs::status(Executable, Status))
    Identity += "|" + std::to_string(Status.getSize()) + "|" + std::to_string(nanoseconds(Status.getLastModificationTime()));
  // Only what changes a unit's own analysis: the gate's settings (excludes, baseline, levels
  // to fail on) and the link step's are applied after the cache.
  json Settings = Setup.effectiveConfig();
  for (const char *GateOnly : {"config_file", "source_root", "exclude", "fail_on", "report_unused_suppressions",
                               "follow_virtual_calls"})
    Settings.erase(GateOnly);
  Settings["resource_dir"] = Setup.engine().ResourceDir;
  Settings["direct_only"] = Setup.engine().DirectOnly;
  Settings["path_root"] = Setup.engine().PathRoot; // how the results name their files
  return digest({COROLINT_VERSION, Identity, BlockingApiCatalog::builtinDataDigest(), dumpJson(Settings)});
}

llvm::Expected<std::unique_ptr<ResultCache>> ResultCache::open(const std::string &Directory, uint64_t MaxBytes,
                                                               std::string RunKey) {
  llvm::SmallString<256> Root(Directory);
  fs::make_absolute(Root);
  if (fs::exists(Root) && !fs::is_directory(Root))
    return llvm::createStringError(std::errc::not_a_directory, "%s: not a directory", Directory.c_str());
  llvm::sys::path::append(Root, EntryFormat);
  if (std::error_code EC = fs::create_directories(Root))
    return llvm::createStringError(EC, "%s: %s", Directory.c_str(), EC.message().c_str());
  if (fs::access(Root, fs::AccessMode::Write))
    return llvm::createStringError(std::errc::permission_denied, "%s: not writable", Directory.c_str());
  return std::unique_ptr<ResultCache>(new ResultCache(std::string(Root), MaxBytes, std::move(RunKey)));
}

void ResultCache::beginRun() {
  std::lock_guard<std::mutex> Guard(Lock);
  ++Run;
}

std::string ResultCache::contentDigest(const std::string &File) {
  uint64_t ThisRun;
  {
    std::lock_guard<std::mutex> Guard(Lock);
    auto It = Digests.find(File);
    if (It != Digests.end() && It->second.Run == Run)
      return It->second.Digest;
    ThisRun = Run;
  }
  fs::file_status Status;
  if (fs::status(File, Status) || Status.type() != fs::file_type::regular_file)
    return "";
  Known Now{Status.getSize(), Status.getUniqueID().getFile(), nanoseconds(Status.getLastModificationTime()), "", ThisRun};
  {
    std::lock_guard<std::mutex> Guard(Lock);
    auto It = Digests.find(File);
    if (It != Digests.end() && std::tie(It->second.Size, It->second.Inode, It->second.Modified) ==
                                   std::tie(Now.Size, Now.Inode, Now.Modified)) {
      It->second.Run = ThisRun;
      return It->second.Digest;
    }
  }
  auto Text = readRegularFile(File, /*Limit=*/uint64_t(1) << 30);
  if (!Text) {
    llvm::consumeError(Text.takeError());
    return "";
  }
  Now.Digest = digest({*Text});
  std::lock_guard<std::mutex> Guard(Lock);
  Digests[File] = Now;
  return Now.Digest;
}

std::string ResultCache::entryPath(const clang::tooling::CompileCommand &Command) {
  std::string MainDigest = contentDigest(mainFileOf(Command));
  if (MainDigest.empty())
    return "";
  std::string Key = digest({RunKey, normalisedCommand(Command), MainDigest});
  llvm::SmallString<256> Path(Directory);
  llvm::sys::path::append(Path, Key.substr(0, 2), Key.substr(2) + ".unit");
  return std::string(Path);
}

std::optional<TranslationUnitSummary> ResultCache::find(const clang::tooling::CompileCommand &Command) {
  std::string Path = entryPath(Command);
  auto Say = [&](const std::string &What) {
    if (!Log)
      return;
    std::lock_guard<std::mutex> Guard(Lock);
    *Log << "corolint: cache: " << displayPath(mainFileOf(Command)) << ": " << What << "\n";
  };
  auto Miss = [&](const std::string &Why, bool Corrupt) -> std::optional<TranslationUnitSummary> {
    if (Corrupt)
      fs::remove(Path);
    ++Misses;
    Say("miss (" + Why + ")");
    return std::nullopt;
  };
  if (Path.empty())
    return Miss("main file unreadable", false);
  auto Text = readRegularFile(Path, /*Limit=*/uint64_t(1) << 30);
  if (!Text) {
    llvm::consumeError(Text.takeError());
    return Miss("no entry", false);
  }
  // An entry: one line listing the files the parse read with their digests (and how long the
  // analysis took), then the summary.
  auto [Line, Summary] = llvm::StringRef(*Text).split('\n');
  json Manifest = json::parse(Line, nullptr, /*allow_exceptions=*/false);
  if (!Manifest.is_object() || !Manifest.contains("files") || !Manifest["files"].is_array())
    return Miss("unreadable entry", true);
  const json &Files = Manifest["files"];
  for (const json &Entry : Files) {
    if (!Entry.is_array() || Entry.size() != 2 || !Entry[0].is_string() || !Entry[1].is_string())
      return Miss("unreadable entry", true);
    // An input changed: the entry is stale, and the analysis replaces it.
    if (contentDigest(Entry[0].get<std::string>()) != Entry[1].get<std::string>())
      return Miss(displayPath(Entry[0].get<std::string>()) + " changed", false);
  }
  auto Unit = parseSummary(Summary, Path);
  if (!Unit) {
    llvm::consumeError(Unit.takeError());
    return Miss("unreadable entry", true);
  }
  // Used now: the last to be evicted. (A failure here only makes eviction less exact.)
  ::utimensat(AT_FDCWD, Path.c_str(), nullptr, 0);
  ++Hits;
  Say("hit");
  return std::move(*Unit);
}

void ResultCache::keep(const clang::tooling::CompileCommand &Command, const TranslationUnitSummary &Unit,
                       Clock::time_point Started) {
  // A failed unit is not remembered: the next run tries again.
  if (Unit.Error)
    return;
  std::string Path = entryPath(Command);
  if (Path.empty())
    return;
  json Files = json::array();
  for (const std::string &File : Unit.FilesRead) {
    fs::file_status Status;
    // A file changed after the parse began may not be what the parse read.
    if (fs::status(File, Status) || Status.getLastModificationTime() >= Started)
      return;
    std::string Digest = contentDigest(File);
    if (Digest.empty())
      return;
    Files.push_back({File, Digest});
  }
  if (fs::create_directories(llvm::sys::path::parent_path(Path)))
    return;
  double Seconds = std::chrono::duration<double>(Clock::now() - Started).count();
  json Manifest = {{"files", Files}, {"seconds", Seconds}};
  // A cache that cannot be written only makes the next run slower.
  llvm::consumeError(writeFileAtomically(Path, dumpJson(Manifest) + "\n" + summaryText(Unit)));
}

std::optional<double> ResultCache::previousSeconds(const clang::tooling::CompileCommand &Command) {
  std::string Path = entryPath(Command);
  if (Path.empty())
    return std::nullopt;
  auto Text = readRegularFile(Path, /*Limit=*/uint64_t(1) << 30);
  if (!Text) {
    llvm::consumeError(Text.takeError());
    return std::nullopt;
  }
  json Manifest = json::parse(llvm::StringRef(*Text).split('\n').first, nullptr, /*allow_exceptions=*/false);
  if (!Manifest.is_object() || !Manifest.contains("seconds") || !Manifest["seconds"].is_number() ||
      Manifest["seconds"].get<double>() < 0)
    return std::nullopt;
  return Manifest["seconds"].get<double>();
}

void ResultCache::trim() {
  struct Entry {
    int64_t Used;
    uint64_t Size;
    std::string Path;
  };
  std::vector<Entry> Entries;
  uint64_t Total = 0;
  int64_t AnHourAgo = nanoseconds(std::chrono::system_clock::now() - std::chrono::hours(1));
  std::error_code EC;
  for (fs::directory_iterator Dir(Directory, EC), End; !EC && Dir != End; Dir.increment(EC)) {
    std::error_code Inner;
    for (fs::directory_iterator File(Dir->path(), Inner), End; !Inner && File != End; File.increment(Inner)) {
      fs::file_status Status;
      if (fs::status(File->path(), Status, /*Follow=*/false) || Status.type() != fs::file_type::regular_file)
        continue;
      int64_t Used = nanoseconds(Status.getLastModificationTime());
      llvm::StringRef Name = llvm::sys::path::filename(File->path());
      if (Name.endswith(".corolint-tmp")) {
        if (Used < AnHourAgo)
          fs::remove(File->path()); // left by a process that was killed while writing
        continue;
      }
      if (!Name.endswith(".unit"))
        continue;
      Entries.push_back({Used, Status.getSize(), File->path()});
      Total += Status.getSize();
    }
  }
  if (Total <= MaxBytes)
    return;
  // Down to nine tenths of the cap, so that the next runs do not each evict again.
  std::sort(Entries.begin(), Entries.end(), [](const Entry &A, const Entry &B) { return A.Used < B.Used; });
  uint64_t Goal = MaxBytes / 10 * 9;
  for (const Entry &E : Entries) {
    if (Total <= Goal)
      break;
    if (!fs::remove(E.Path))
      Total -= E.Size;
  }
}

} // namespace corolint
