// --fix: applies the fixes rules offer (Finding::Fixes) to the source files.
#pragma once

#include "corolint/Finding.h"

#include <string>
#include <vector>

namespace corolint {

struct FixOutcome {
  std::vector<size_t> Fixed;         // indices of the findings whose fix was applied
  std::vector<std::string> Files;    // files rewritten
  std::vector<std::string> Problems; // "file: why a fix was skipped" (changed since, overlaps)
};

// Applies the first fix of each unsuppressed finding. A replacement whose text no longer matches
// what the analysis saw (the file changed since), or that overlaps one already taken, is
// skipped with its whole fix. Each file is rewritten atomically, once.
FixOutcome applyFixes(const std::vector<Finding> &Findings);

} // namespace corolint
