#include "Gate.h"
#include "Baseline.h"
#include "Config.h"
#include "SourceFiles.h"
#include "Suppressions.h"

#include <set>

namespace corolint {

llvm::Expected<GateOutcome> applyGate(RunResult &Run, const std::vector<const RuleInfo *> &Rules,
                                      const GateOptions &Options, SourceFiles &Sources) {
  GateOutcome Outcome;
  std::vector<Finding> &Findings = Run.Findings;
  auto keepIf = [&](auto Keep) {
    std::vector<Finding> Kept;
    std::vector<std::string> KeptPrints;
    for (size_t I = 0; I < Findings.size(); ++I)
      if (Keep(I)) {
        Kept.push_back(std::move(Findings[I]));
        if (I < Outcome.Fingerprints.size())
          KeptPrints.push_back(Outcome.Fingerprints[I]);
      }
    Findings = std::move(Kept);
    Outcome.Fingerprints = std::move(KeptPrints);
  };

  std::set<std::string> RulesRun;
  for (const RuleInfo *R : Rules)
    RulesRun.insert(std::string(R->Id));
  std::vector<Finding> Unused =
      applySuppressions(Findings, Sources, Options.ScannedFiles, RulesRun, Options.ReportUnusedSuppressions);
  Findings.insert(Findings.end(), Unused.begin(), Unused.end());
  std::sort(Findings.begin(), Findings.end());

  size_t Before = Findings.size();
  keepIf([&](size_t I) { return !isExcluded(Findings[I].Where.File, Options.Exclude, Options.ExcludeBase); });
  Outcome.Excluded = Before - Findings.size();
  Outcome.Fingerprints = stableFingerprints(Findings, Options.SourceRoot, Sources);

  if (Options.WriteBaseline) {
    if (llvm::Error E = writeBaseline(*Options.WriteBaseline, Findings, Outcome.Fingerprints, Options.SourceRoot, Options.Inputs))
      return std::move(E);
    for (const Finding &F : Findings)
      Outcome.BaselineWritten += !F.SuppressedBy;
  }
  if (Options.Baseline) {
    auto Known = readBaseline(*Options.Baseline);
    if (!Known)
      return Known.takeError();
    Before = Findings.size();
    keepIf([&](size_t I) {
      auto It = Known->find(Outcome.Fingerprints[I]);
      if (It == Known->end() || Findings[I].SuppressedBy)
        return true;
      Known->erase(It);
      return false;
    });
    Outcome.Baselined = Before - Findings.size();
  }
  if (Options.Fix) {
    Outcome.Fixes = applyFixes(Findings, Options.FixFiles);
    std::set<size_t> Fixed(Outcome.Fixes.Fixed.begin(), Outcome.Fixes.Fixed.end());
    keepIf([&](size_t I) { return !Fixed.count(I); });
  }
  for (const Finding &F : Findings)
    Outcome.Suppressed += F.SuppressedBy.has_value();
  return Outcome;
}

int findingsExitStatus(const RunResult &Run, const GateOptions &Options) {
  if (Options.ExitZero)
    return 0;
  for (const Finding &F : Run.Findings)
    if (!F.SuppressedBy && F.Severity >= Options.FailOn)
      return 1;
  return 0;
}

} // namespace corolint
