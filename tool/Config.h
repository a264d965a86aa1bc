// The configuration file, .corolint.json: found upward from the working directory, or named by
// --config. Every key is checked; an unknown key or a bad value is an error naming the file and
// the key ("rules.needless-coroutine.options.Pedantc: unknown option (options: Pedantic)").
#pragma once

#include "corolint/Finding.h"

#include "llvm/Support/Error.h"
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corolint {

struct RuleConfig {
  std::optional<Level> Severity;
  nlohmann::json Options = nlohmann::json::object(); // checked against the rule's RuleOptions
};

struct Config {
  std::string File;      // the file read, as named or found ("" when there is none)
  std::string Directory; // its directory (absolute): exclude globs are relative to it

  std::optional<std::vector<std::string>> Select; // rule ids; unset: every rule
  std::vector<std::string> Ignore;
  std::map<std::string, RuleConfig> Rules;
  nlohmann::json Blocking = nlohmann::json::array();   // extra catalog families (blocking-apis.json's schema)
  std::vector<std::string> Allowed;                     // API names never reported
  nlohmann::json Frameworks = nlohmann::json::array(); // framework models, kept raw for the engine
  std::vector<std::string> Exclude;                     // path globs: findings there are dropped
  std::optional<bool> FollowVirtualCalls;
  std::vector<std::string> FollowHeaders;
  std::optional<Level> FailOn;
  std::optional<bool> ReportUnusedSuppressions;
};

// Parses configuration text; Name is how errors name the file.
llvm::Expected<Config> parseConfig(const std::string &Text, const std::string &Name);
// Reads and parses Path.
llvm::Expected<Config> loadConfig(const std::string &Path);
// .corolint.json in From (default: the working directory) or the nearest parent that has one, or "".
std::string findConfigFile(const std::string &From = "");

// Does Path (absolute) match one of the globs? Globs are matched against the path relative to
// Base ('*' also matches '/', so "third_party/*" covers the whole tree) and against the absolute path.
bool isExcluded(const std::string &Path, const std::vector<std::string> &Globs, const std::string &Base);

} // namespace corolint
