// Writing a run's findings: gcc-style text, JSON, or SARIF 2.1.0 (Sarif.cpp).
#pragma once

#include "Driver.h"

#include "llvm/Support/raw_ostream.h"

namespace corolint {

enum class Format { Text, Json, Sarif };

// Paths under the working directory are printed relative to it, others absolute.
std::string displayPath(const std::string &AbsolutePath);

// Suppressed findings (Finding::SuppressedBy) are left out of text and JSON; SARIF carries them
// with their suppression.
void writeText(const RunResult &Run, llvm::raw_ostream &Out);
void writeJson(const RunResult &Run, llvm::raw_ostream &Out);

class SourceFiles;

// What SARIF says beyond the findings.
struct SarifContext {
  std::string SourceRoot;              // absolute; URIs are relative to it (%SRCROOT%)
  std::vector<const RuleInfo *> Rules; // the rules that ran: tool.driver.rules
  // Parallel to Run.Findings: each finding's stable fingerprint (see Baseline.h).
  std::vector<std::string> Fingerprints;
  bool AgainstBaseline = false;        // results then say baselineState "new"
  std::vector<std::string> Arguments;  // the command line, for invocations[0]
};
void writeSarif(const RunResult &Run, const SarifContext &Context, SourceFiles &Files, llvm::raw_ostream &Out);

} // namespace corolint
