// What happens to a run's findings between the analysis and the report: path excludes,
// suppression comments, the baseline, --fix; and the exit status the gate gives.
#pragma once

#include "Driver.h"
#include "Fixes.h"

#include <optional>
#include <string>
#include <vector>

namespace corolint {

class SourceFiles;

struct GateOptions {
  std::string SourceRoot;              // absolute; fingerprints and excludes use paths relative to it
  std::vector<std::string> Exclude;    // globs (Config::Exclude)
  std::string ExcludeBase;             // what exclude globs are relative to
  bool ReportUnusedSuppressions = false;
  std::vector<std::string> ScannedFiles; // files checked for unused suppressions besides the findings'
  std::optional<std::string> Baseline;   // --baseline FILE
  std::optional<std::string> WriteBaseline;
  bool Fix = false;
  FixPolicy FixFiles;                  // what --fix may rewrite
  RunInputs Inputs;                    // what no output may overwrite
  Level FailOn = Level::Note;
  bool ExitZero = false;
};

struct GateOutcome {
  std::vector<std::string> Fingerprints; // parallel to the run's findings after the gate
  size_t Excluded = 0, Suppressed = 0, Baselined = 0, BaselineWritten = 0;
  FixOutcome Fixes;
};

// Filters and marks Run.Findings in place (suppressed findings stay, marked; the excluded, the
// baselined and the fixed go), writes the baseline if asked. The error is a bad baseline file.
llvm::Expected<GateOutcome> applyGate(RunResult &Run, const std::vector<const RuleInfo *> &Rules,
                                      const GateOptions &Options, SourceFiles &Sources);

// 0 when no unsuppressed finding is at FailOn or above (or ExitZero), else 1.
int findingsExitStatus(const RunResult &Run, const GateOptions &Options);

} // namespace corolint
