// Fingerprints that survive lines moving, and baselines built from them: adopting the gate on
// old code means recording today's findings and failing only on new ones.
#pragma once

#include "Files.h"

#include "corolint/Finding.h"

#include "llvm/Support/Error.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace corolint {

class SourceFiles;

// File relative to Root ("src/a.cpp"), or File itself when it lies outside Root.
std::string relativeToRoot(const std::string &File, const std::string &Root);

// Text with the numbers of its place references blanked: "line 20" reads "line #" and
// "routes.cpp:18" reads "routes.cpp:#". Rules cite places in messages ("a loop at line 20") and
// name lambdas by where they are written ("lambda at routes.cpp:18 in 'add_routes'").
std::string withoutLineNumbers(std::string_view Text);

// One fingerprint per finding: a hash of the rule, the file (relative to Root), the function,
// the message and the text of the primary location, plus the finding's rank among findings
// sharing all of those. Line and column numbers are left out, also those the function's name
// and the message cite (withoutLineNumbers), so findings keep their fingerprint when code
// above them moves.
std::vector<std::string> stableFingerprints(const std::vector<Finding> &Findings, const std::string &Root,
                                            SourceFiles &Sources);

// A baseline file: {"corolint_baseline": 1, "findings": [{"fingerprint", "rule", "file", "message"}]}.
// Writing refuses to replace a file that is not a baseline (a source file, a report).
llvm::Error writeBaseline(const std::string &Path, const std::vector<Finding> &Findings,
                          const std::vector<std::string> &Fingerprints, const std::string &Root,
                          const RunInputs &Inputs);
llvm::Expected<std::multiset<std::string>> readBaseline(const std::string &Path);
llvm::Expected<std::multiset<std::string>> parseBaseline(llvm::StringRef Text, const std::string &Path);

} // namespace corolint
