// What every front end (the command line, the language server) assembles before it analyses: the
// configuration file, the rules it selects with their levels and options, the blocking-API
// catalog and the framework models it extends, and the gate's settings. Command-line flags are
// overrides of the file; a front end without flags leaves them unset.
#pragma once

#include "Config.h"
#include "Engine.h"
#include "Gate.h"

#include "corolint/Catalog.h"
#include "corolint/Framework.h"

#include "llvm/Support/Error.h"
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace corolint {

struct SessionOverrides {
  std::string ConfigFile; // --config; "" finds .corolint.json upward from SearchFrom
  std::string SearchFrom; // where that search starts; "" is the working directory
  std::optional<std::vector<std::string>> Select, Ignore; // each replaces the file's list
  std::optional<std::vector<std::string>> FollowHeaders;
  bool FollowVirtualCalls = false; // or the file's
  bool DirectOnly = false;
  std::string SourceRoot; // "" is the configuration file's directory, else SearchFrom
  std::string FailOn;     // "" is the file's level, else note
  bool ExitZero = false, Fix = false, ReportUnusedSuppressions = false;
  std::string Baseline, WriteBaseline; // "" for none
  std::string ResourceDir;             // "" finds clang's builtin headers from Argv0
  std::string PathRoot;                // --path-root (EngineOptions::PathRoot); "" for none
  std::string Argv0;
};

// Owns what EngineOptions and GateOptions point at, so it is neither copied nor moved.
class Session {
public:
  // Reads the configuration and assembles the run; the error is one line naming the file, the
  // key or the flag ("--select: unknown rule 'x' ...", ".corolint.json:3:7: ...").
  static llvm::Expected<std::unique_ptr<Session>> open(const SessionOverrides &Overrides);

  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  const Config &config() const { return File; }
  const EngineOptions &engine() const { return Engine; }
  EngineOptions &engine() { return Engine; }
  const GateOptions &gate() const { return Gate; }
  GateOptions &gate() { return Gate; }

  // The effective configuration, as --dump-config prints it: every key, with the overrides applied.
  nlohmann::json effectiveConfig() const;

private:
  Session() = default;

  Config File;
  BlockingApiCatalog Catalog;
  Frameworks Models;
  EngineOptions Engine;
  GateOptions Gate;
};

} // namespace corolint
