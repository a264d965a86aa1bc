// --fix: applies the fixes rules offer (Finding::Fixes) to the source files.
#pragma once

#include "corolint/Finding.h"

#include <set>
#include <string>
#include <vector>

namespace corolint {

// Which files --fix may rewrite: only files this run analysed (the sources and headers its
// parses read, or that the linked summaries name), and only inside the source root.
struct FixPolicy {
  std::string SourceRoot;        // absolute, symbolic links resolved
  std::set<std::string> Files;   // absolute, symbolic links resolved
};

struct FixOutcome {
  std::vector<size_t> Fixed;         // indices of the findings whose fix was written
  std::vector<std::string> Files;    // files rewritten
  std::vector<std::string> Problems; // "file: why a fix was not applied"
};

// Applies the first fix of each unsuppressed finding. A replacement whose text no longer matches
// what the analysis saw (the file changed since), or that overlaps one already taken, is
// skipped with its whole fix; so are fixes to files the policy does not allow, to read-only
// files and to files with several hard links (rewriting would break the links). Each file is
// rewritten atomically, once; a finding counts as fixed only when every file of its fix was written.
FixOutcome applyFixes(const std::vector<Finding> &Findings, const FixPolicy &Policy);

} // namespace corolint
