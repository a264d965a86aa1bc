// Summary files: a translation unit's findings, function summaries and parse error as JSON, so
// that units analysed by several processes or machines can be linked by one `corolint link`.
#include "Driver.h"
#include "JsonCursor.h"
#include "Shard.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/xxhash.h"
#include <nlohmann/json.hpp>


using nlohmann::json;

namespace corolint {

// 2: findings carry their fixes; 3: the files each parse read; 4: coroutines' loop hops
constexpr int SummaryFormatVersion = 5;

void to_json(json &J, const SourceSpan &S) {
  J = {S.File, S.Line, S.Column, S.EndLine, S.EndColumn};
}
void to_json(json &J, const Note &N) { J = {{"message", N.Message}, {"where", N.Where}}; }
void to_json(json &J, const Replacement &R) {
  J = {{"where", R.Where}, {"offset", R.Offset}, {"length", R.Length}, {"original", R.Original}, {"text", R.Text}};
}
void to_json(json &J, const Fix &F) { J = {{"description", F.Description}, {"replacements", F.Replacements}}; }
void to_json(json &J, const Finding &F) {
  J = {{"rule", F.Rule}, {"level", levelName(F.Severity)}, {"message", F.Message}, {"where", F.Where},
       {"function", F.Function}, {"function_usr", F.FunctionUsr}, {"notes", F.Notes}, {"properties", F.Properties}, {"fixes", F.Fixes}};
}
void to_json(json &J, const BlockingCallSite &B) { J = {{"api", B.Api}, {"family", B.Family}, {"where", B.Where}}; }
void to_json(json &J, const CallSite &C) {
  J = {{"callee", C.Callee}, {"name", C.CalleeName}, {"virtual", C.Virtual}, {"where", C.Where}, {"on_pool", C.OnPool},
       {"detached", C.Detached}};
}
void to_json(json &J, const FunctionSummary &F) {
  J = {{"usr", F.Usr},           {"name", F.Name},   {"coroutine", F.IsCoroutine}, {"framework", F.Framework},
       {"where", F.Where},       {"blocking", F.Blocking}, {"calls", F.Calls}, {"overrides", F.Overrides},
       {"loop_hop", F.LoopHop ? json(*F.LoopHop) : json()}};
}

void to_json(json &J, const Route &R) {
  J = {{"handler", R.HandlerUsr}, {"method", R.Method}, {"path", R.Path}, {"where", R.Where}};
}

std::string summaryText(const TranslationUnitSummary &Unit) {
  json J = {{"corolint_summary", SummaryFormatVersion}, {"file", Unit.File}, {"functions", Unit.Functions}, {"routes", Unit.Routes},
            {"findings", Unit.Findings}, {"error", Unit.Error ? json(*Unit.Error) : json()}, {"files_read", Unit.FilesRead}};
  return dumpJson(J) + "\n";
}

llvm::Error writeSummaryFile(const std::string &Directory, const TranslationUnitSummary &Unit, const RunInputs &Inputs) {
  // One file per unit: named after the source, made unique by a hash of its full path.
  llvm::SmallString<256> Path(Directory);
  char Hash[17];
  snprintf(Hash, sizeof Hash, "%016llx", static_cast<unsigned long long>(llvm::xxHash64(Unit.File)));
  llvm::sys::path::append(Path, llvm::sys::path::filename(Unit.File) + "." + Hash + ".corolint.json");
  // Summaries are corolint's own files: a link of that name is not followed anywhere.
  llvm::sys::fs::file_status Link;
  if (!llvm::sys::fs::status(Path, Link, /*Follow=*/false) && Link.type() == llvm::sys::fs::file_type::symlink_file)
    return llvm::createStringError(std::errc::invalid_argument, "%s: a symbolic link; refusing to write a summary through it",
                                   Path.c_str());
  return writeFileAtomically(std::string(Path), summaryText(Unit), Inputs);
}

namespace {

// Reading a summary: each type pulled from the cursor as to_json above writes it.
void read(JsonCursor &C, std::string &S) { S = C.string(); }
void read(JsonCursor &C, bool &B) { B = C.boolean(); }
void read(JsonCursor &C, unsigned &U) {
  size_t At = C.offset();
  uint64_t Value = C.unsignedInteger();
  if (Value > UINT32_MAX)
    throw JsonCursor::Error("a number too large", At);
  U = static_cast<unsigned>(Value);
}
template <class T> void read(JsonCursor &C, std::vector<T> &V); // after the types it reads
void read(JsonCursor &C, std::map<std::string, std::string> &M) {
  C.members([&](std::string Key) { read(C, M[std::move(Key)]); });
}
void read(JsonCursor &C, SourceSpan &S) {
  size_t I = 0;
  C.array([&] {
    switch (I++) {
    case 0: return read(C, S.File);
    case 1: return read(C, S.Line);
    case 2: return read(C, S.Column);
    case 3: return read(C, S.EndLine);
    case 4: return read(C, S.EndColumn);
    default: throw JsonCursor::Error("a source span of more than 5 elements", C.offset());
    }
  });
  if (I != 5)
    throw JsonCursor::Error("a source span of fewer than 5 elements", C.offset());
}
void read(JsonCursor &C, Level &L) {
  size_t At = C.offset();
  std::string Name = C.string();
  std::optional<Level> Parsed = parseLevel(Name);
  if (!Parsed)
    throw JsonCursor::Error("unknown level \"" + Name + "\"", At);
  L = *Parsed;
}
void read(JsonCursor &C, Note &N) {
  static constexpr std::array<std::string_view, 2> Keys{"message", "where"};
  C.object(Keys, [&](size_t I) { I == 0 ? read(C, N.Message) : read(C, N.Where); });
}
void read(JsonCursor &C, Replacement &R) {
  static constexpr std::array<std::string_view, 5> Keys{"where", "offset", "length", "original", "text"};
  C.object(Keys, [&](size_t I) {
    switch (I) {
    case 0: return read(C, R.Where);
    case 1: return read(C, R.Offset);
    case 2: return read(C, R.Length);
    case 3: return read(C, R.Original);
    default: return read(C, R.Text);
    }
  });
}
void read(JsonCursor &C, Fix &F) {
  static constexpr std::array<std::string_view, 2> Keys{"description", "replacements"};
  C.object(Keys, [&](size_t I) { I == 0 ? read(C, F.Description) : read(C, F.Replacements); });
}
void read(JsonCursor &C, Finding &F) {
  static constexpr std::array<std::string_view, 9> Keys{"rule",     "level",        "message", "where",     "function",
                                                        "function_usr", "notes", "properties", "fixes"};
  C.object(Keys, [&](size_t I) {
    switch (I) {
    case 0: return read(C, F.Rule);
    case 1: return read(C, F.Severity);
    case 2: return read(C, F.Message);
    case 3: return read(C, F.Where);
    case 4: return read(C, F.Function);
    case 5: return read(C, F.FunctionUsr);
    case 6: return read(C, F.Notes);
    case 7: return read(C, F.Properties);
    default: return read(C, F.Fixes);
    }
  });
}
void read(JsonCursor &C, BlockingCallSite &B) {
  static constexpr std::array<std::string_view, 3> Keys{"api", "family", "where"};
  C.object(Keys, [&](size_t I) { I == 0 ? read(C, B.Api) : I == 1 ? read(C, B.Family) : read(C, B.Where); });
}
void read(JsonCursor &C, CallSite &S) {
  static constexpr std::array<std::string_view, 6> Keys{"callee", "name", "virtual", "where", "on_pool", "detached"};
  C.object(Keys, [&](size_t I) {
    switch (I) {
    case 0: return read(C, S.Callee);
    case 1: return read(C, S.CalleeName);
    case 2: return read(C, S.Virtual);
    case 3: return read(C, S.Where);
    case 4: return read(C, S.OnPool);
    default: return read(C, S.Detached);
    }
  });
}
void read(JsonCursor &C, FunctionSummary &F) {
  static constexpr std::array<std::string_view, 9> Keys{"usr",   "name",     "coroutine", "framework", "where",
                                                        "blocking", "calls", "overrides", "loop_hop"};
  C.object(Keys, [&](size_t I) {
    switch (I) {
    case 0: return read(C, F.Usr);
    case 1: return read(C, F.Name);
    case 2: return read(C, F.IsCoroutine);
    case 3: return read(C, F.Framework);
    case 4: return read(C, F.Where);
    case 5: return read(C, F.Blocking);
    case 6: return read(C, F.Calls);
    case 7: return read(C, F.Overrides);
    default:
      if (!C.null())
        read(C, F.LoopHop.emplace());
      return;
    }
  });
}
void read(JsonCursor &C, Route &R) {
  static constexpr std::array<std::string_view, 4> Keys{"handler", "method", "path", "where"};
  C.object(Keys, [&](size_t I) {
    switch (I) {
    case 0: return read(C, R.HandlerUsr);
    case 1: return read(C, R.Method);
    case 2: return read(C, R.Path);
    default: return read(C, R.Where);
    }
  });
}
template <class T> void read(JsonCursor &C, std::vector<T> &V) {
  C.array([&] { read(C, V.emplace_back()); });
}

} // namespace

llvm::Expected<TranslationUnitSummary> parseSummary(llvm::StringRef Text, const std::string &File) {
  // Read as it streams by: a summary of a large unit is never held as a JSON tree.
  JsonCursor C(std::string_view(Text.data(), Text.size()));
  TranslationUnitSummary Unit;
  bool Versioned = false;
  try {
    static constexpr std::array<std::string_view, 7> Keys{"corolint_summary", "file",  "functions", "routes",
                                                          "findings",         "error", "files_read"};
    C.object(Keys, [&](size_t I) {
      switch (I) {
      case 0: {
        // First in every summary written: another version is refused before its content is.
        if (C.null() || C.unsignedInteger() != SummaryFormatVersion)
          throw std::runtime_error("");
        Versioned = true;
        return;
      }
      case 1: return read(C, Unit.File);
      case 2: return read(C, Unit.Functions);
      case 3: return read(C, Unit.Routes);
      case 4: return read(C, Unit.Findings);
      case 5:
        if (!C.null())
          read(C, Unit.Error.emplace());
        return;
      default: return read(C, Unit.FilesRead);
      }
    });
    C.end();
    return Unit;
  } catch (const JsonCursor::Error &E) {
    if (Versioned) {
      auto [Line, Column] = lineAndColumn(Text, E.Offset);
      return llvm::createStringError(std::errc::invalid_argument, "%s:%zu:%zu: %s", File.c_str(), Line, Column, E.what());
    }
  } catch (const std::exception &) {
  }
  return llvm::createStringError(std::errc::invalid_argument, "%s: not a corolint summary of format version %d",
                                 File.c_str(), SummaryFormatVersion);
}

llvm::Expected<std::vector<std::string>> summaryFilesIn(const std::string &Directory) {
  std::vector<std::string> Files;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Directory, EC), End; It != End && !EC; It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with(".corolint.json"))
      Files.push_back(It->path());
  if (EC)
    return llvm::createStringError(EC, "%s: %s", Directory.c_str(), EC.message().c_str());
  std::sort(Files.begin(), Files.end());
  return Files;
}

llvm::Expected<std::vector<TranslationUnitSummary>> readSummaryFiles(const std::vector<std::string> &Directories,
                                                                    unsigned Jobs) {
  std::vector<std::string> Files;
  for (const std::string &Directory : Directories) {
    if (!llvm::sys::fs::is_directory(Directory))
      return llvm::createStringError(std::errc::not_a_directory, "%s: not a directory of summaries",
                                     Directory.c_str());
    auto Listed = summaryFilesIn(Directory);
    if (!Listed)
      return Listed.takeError();
    // A shard may own no unit (more shards than units); its plan says so.
    if (Listed->empty() && !hasShardPlan(Directory))
      return llvm::createStringError(std::errc::invalid_argument,
                                     "%s: no summary files (*.corolint.json; made by corolint --summaries)",
                                     Directory.c_str());
    Files.insert(Files.end(), Listed->begin(), Listed->end());
  }
  // Parsing is most of a large link's time: the files are read in parallel, in their order.
  std::vector<TranslationUnitSummary> Units(Files.size());
  std::vector<std::string> Errors(Files.size());
  auto Read = [&](size_t I) {
    auto Text = readRegularFile(Files[I]);
    auto Unit = Text ? parseSummary(*Text, Files[I]) : llvm::Expected<TranslationUnitSummary>(Text.takeError());
    if (Unit)
      Units[I] = std::move(*Unit);
    else
      Errors[I] = llvm::toString(Unit.takeError());
  };
  unsigned Threads = std::min<size_t>(Jobs == 0 ? availableCores() : Jobs, Files.size());
  if (Threads <= 1) {
    for (size_t I = 0; I < Files.size() && Errors[I].empty(); ++I)
      Read(I);
  } else {
    llvm::ThreadPool Pool(llvm::hardware_concurrency(Threads));
    for (size_t I = 0; I < Files.size(); ++I)
      Pool.async([&Read, I] { Read(I); });
    Pool.wait();
  }
  for (const std::string &Error : Errors)
    if (!Error.empty())
      return llvm::createStringError(std::errc::invalid_argument, "%s", Error.c_str());
  return Units;
}

void renameFiles(TranslationUnitSummary &Unit, const std::function<void(std::string &)> &Rename) {
  Rename(Unit.File);
  for (std::string &Read : Unit.FilesRead)
    Rename(Read);
  for (FunctionSummary &F : Unit.Functions) {
    Rename(F.Where.File);
    for (BlockingCallSite &B : F.Blocking)
      Rename(B.Where.File);
    for (CallSite &C : F.Calls)
      Rename(C.Where.File);
    if (F.LoopHop)
      Rename(F.LoopHop->File);
  }
  for (Route &R : Unit.Routes)
    Rename(R.Where.File);
  for (Finding &F : Unit.Findings) {
    Rename(F.Where.File);
    for (Note &N : F.Notes)
      Rename(N.Where.File);
    for (Fix &X : F.Fixes)
      for (Replacement &R : X.Replacements)
        Rename(R.Where.File);
  }
}

void resolveRelativeFiles(TranslationUnitSummary &Unit, const std::string &Root) {
  renameFiles(Unit, [&](std::string &File) {
    if (File.empty() || llvm::sys::path::is_absolute(File))
      return;
    llvm::SmallString<256> Path(Root);
    llvm::sys::path::append(Path, File);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    File = std::string(Path);
  });
}

} // namespace corolint
