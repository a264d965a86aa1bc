#include "Config.h"
#include "Files.h"

#include "corolint/Catalog.h"
#include "corolint/Rule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <stdexcept>

using nlohmann::json;

namespace corolint {

namespace {

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void bad(const std::string &Key, const std::string &What) { throw ConfigError(Key + ": " + What); }

std::string knownList(const std::vector<std::string> &Names) {
  std::string Out;
  for (const std::string &N : Names)
    Out += (Out.empty() ? "" : ", ") + N;
  return Out.empty() ? "none" : Out;
}

std::vector<std::string> strings(const json &J, const std::string &Key) {
  if (!J.is_array())
    bad(Key, "must be an array of strings");
  std::vector<std::string> Out;
  for (size_t I = 0; I < J.size(); ++I) {
    if (!J[I].is_string())
      bad(Key + "[" + std::to_string(I) + "]", "must be a string");
    Out.push_back(J[I].get<std::string>());
  }
  return Out;
}

bool boolean(const json &J, const std::string &Key) {
  if (!J.is_boolean())
    bad(Key, "must be true or false");
  return J.get<bool>();
}

Level level(const json &J, const std::string &Key) {
  std::optional<Level> L = J.is_string() ? parseLevel(J.get<std::string>()) : std::nullopt;
  if (!L)
    bad(Key, "must be \"note\", \"warning\" or \"error\" (not " + dumpJson(J) + ")");
  return *L;
}

std::vector<std::string> ruleIds(const json &J, const std::string &Key) {
  std::vector<std::string> Ids = strings(J, Key);
  for (size_t I = 0; I < Ids.size(); ++I)
    if (!findRule(Ids[I]))
      bad(Key + "[" + std::to_string(I) + "]", "unknown rule '" + Ids[I] + "' (corolint --list-rules lists them)");
  return Ids;
}

void checkOptionValue(const RuleOption &Option, const json &Value, const std::string &Key) {
  bool Ok = Option.Type == "bool"      ? Value.is_boolean()
            : Option.Type == "int"     ? Value.is_number_integer()
            : Option.Type == "strings" ? Value.is_array() && std::all_of(Value.begin(), Value.end(), [](const json &S) { return S.is_string(); })
                                       : true;
  if (!Ok) {
    std::string Expected = Option.Type == "bool" ? "true or false" : Option.Type == "int" ? "an integer" : "an array of strings";
    bad(Key, "must be " + Expected + " (not " + dumpJson(Value) + ")");
  }
}

RuleConfig ruleConfig(const std::string &Id, const json &J, const std::string &Key) {
  const RuleInfo *Info = findRule(Id);
  if (!Info)
    bad(Key, "unknown rule '" + Id + "' (corolint --list-rules lists them)");
  if (!J.is_object())
    bad(Key, "must be an object with \"level\" and/or \"options\"");
  RuleConfig Out;
  for (const auto &[Name, Value] : J.items()) {
    std::string K = Key + "." + Name;
    if (Name == "level") {
      Out.Severity = level(Value, K);
    } else if (Name == "options") {
      if (!Value.is_object())
        bad(K, "must be an object");
      std::vector<RuleOption> Declared = Info->Create()->options();
      std::vector<std::string> Names;
      for (const RuleOption &O : Declared)
        Names.push_back(O.Name);
      for (const auto &[OptionName, OptionValue] : Value.items()) {
        auto It = std::find_if(Declared.begin(), Declared.end(), [&](const RuleOption &O) { return O.Name == OptionName; });
        if (It == Declared.end())
          bad(K + "." + OptionName, "unknown option (options: " + knownList(Names) + ")");
        checkOptionValue(*It, OptionValue, K + "." + OptionName);
      }
      Out.Options = Value;
    } else {
      bad(K, "unknown key (keys: level, options)");
    }
  }
  return Out;
}

Config parse(const json &Root) {
  if (!Root.is_object())
    bad("(top level)", "must be a JSON object");
  Config C;
  for (const auto &[Key, Value] : Root.items()) {
    if (Key == "$schema" || Key == "$comment") {
      continue;
    } else if (Key == "select") {
      C.Select = ruleIds(Value, Key);
    } else if (Key == "ignore") {
      C.Ignore = ruleIds(Value, Key);
    } else if (Key == "rules") {
      if (!Value.is_object())
        bad(Key, "must map rule ids to {\"level\": ..., \"options\": {...}}");
      for (const auto &[Id, Settings] : Value.items())
        C.Rules[Id] = ruleConfig(Id, Settings, Key + "." + Id);
    } else if (Key == "blocking") {
      if (!Value.is_array())
        bad(Key, "must be an array of families (as in rules/catalog/blocking-apis.json)");
      try {
        BlockingApiCatalog::parse(json{{"families", Value}}.dump(), Key);
      } catch (const std::runtime_error &E) {
        throw ConfigError(E.what()); // "blocking: family 'x': ..."
      }
      C.Blocking = Value;
    } else if (Key == "allowed") {
      C.Allowed = strings(Value, Key);
    } else if (Key == "frameworks") {
      if (!Value.is_array())
        bad(Key, "must be an array of framework models (objects)");
      for (size_t I = 0; I < Value.size(); ++I)
        if (!Value[I].is_object())
          bad(Key + "[" + std::to_string(I) + "]", "must be an object");
      C.Frameworks = Value;
    } else if (Key == "exclude") {
      C.Exclude = strings(Value, Key);
      for (size_t I = 0; I < C.Exclude.size(); ++I)
        if (auto P = llvm::GlobPattern::create(C.Exclude[I]); !P)
          bad(Key + "[" + std::to_string(I) + "]", "bad glob '" + C.Exclude[I] + "': " + llvm::toString(P.takeError()));
    } else if (Key == "follow_virtual_calls") {
      C.FollowVirtualCalls = boolean(Value, Key);
    } else if (Key == "follow_headers") {
      C.FollowHeaders = strings(Value, Key);
    } else if (Key == "fail_on") {
      C.FailOn = level(Value, Key);
    } else if (Key == "report_unused_suppressions") {
      C.ReportUnusedSuppressions = boolean(Value, Key);
    } else {
      bad(Key, "unknown key (keys: select, ignore, rules, blocking, allowed, frameworks, exclude, "
               "follow_virtual_calls, follow_headers, fail_on, report_unused_suppressions)");
    }
  }
  return C;
}

} // namespace

llvm::Expected<Config> parseConfig(const std::string &Text, const std::string &Name) {
  auto Parsed = parseJsonText(Text, Name, /*AllowComments=*/true);
  if (!Parsed)
    return Parsed.takeError();
  const json &Root = *Parsed;
  try {
    Config C = parse(Root);
    C.File = Name;
    return C;
  } catch (const ConfigError &E) {
    return llvm::createStringError(std::errc::invalid_argument, "%s: %s", Name.c_str(), E.what());
  } catch (const std::exception &E) { // a value of the wrong type deep inside a key's value
    return llvm::createStringError(std::errc::invalid_argument, "%s: %s", Name.c_str(), jsonErrorReason(E).c_str());
  }
}

llvm::Expected<Config> loadConfig(const std::string &Path) {
  if (llvm::sys::fs::is_directory(Path))
    return llvm::createStringError(std::errc::is_a_directory, "%s: is a directory, not a configuration file", Path.c_str());
  auto Text = readRegularFile(Path);
  if (!Text)
    return Text.takeError();
  auto C = parseConfig(*Text, Path);
  if (!C)
    return C.takeError();
  llvm::SmallString<256> Absolute(Path);
  llvm::sys::fs::make_absolute(Absolute);
  llvm::sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  C->Directory = std::string(llvm::sys::path::parent_path(Absolute));
  return C;
}

std::string findConfigFile(const std::string &From) {
  llvm::SmallString<256> Dir(From);
  if (From.empty() ? llvm::sys::fs::current_path(Dir) : llvm::sys::fs::make_absolute(Dir))
    return "";
  for (std::string D = std::string(Dir); !D.empty(); D = std::string(llvm::sys::path::parent_path(D))) {
    llvm::SmallString<256> Path(D);
    llvm::sys::path::append(Path, ".corolint.json");
    if (llvm::sys::fs::is_regular_file(Path))
      return std::string(Path);
    if (D == llvm::sys::path::parent_path(D))
      break;
  }
  return "";
}

bool isExcluded(const std::string &Path, const std::vector<std::string> &Globs, const std::string &Base) {
  std::string Relative = Path;
  std::string Prefix = Base.empty() || Base.back() == '/' ? Base : Base + "/";
  if (!Prefix.empty() && Path.compare(0, Prefix.size(), Prefix) == 0)
    Relative = Path.substr(Prefix.size());
  for (const std::string &G : Globs) {
    auto Pattern = llvm::GlobPattern::create(G);
    if (Pattern && (Pattern->match(Relative) || Pattern->match(Path)))
      return true;
  }
  return false;
}

} // namespace corolint
