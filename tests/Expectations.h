// Inline expectations in test inputs (see ../shared/GUIDE.md, "Test-input format"):
//   // ARGS: -DX            extra compile arguments for this file
//   // OPTIONS: {"Pedantic": true}   options for the rule under test (JSON object)
//   code;  // EXPECT: rule-id {{text in the message}}
//   // EXPECT@+1: rule-id    (or @-N) for a finding on another line
//   // EXPECT-NONE           the file expects no finding at all
#pragma once

#include "corolint/Finding.h"

#include <string>
#include <vector>

namespace corolint::tests {

struct Expectation {
  unsigned Line = 0;
  std::string Rule;
  std::vector<std::string> Fragments; // each must occur in the message
};

struct ExpectationFile {
  std::vector<Expectation> Expected;
  std::vector<std::string> Args;
  std::string Options; // JSON text, empty when the file sets none
  bool ExpectNone = false;
  std::vector<std::string> Errors; // malformed expectation lines, "line N: why"
};

ExpectationFile parseExpectations(const std::string &Text);

// Compares findings in one file with what it expects; returns one line per problem (an
// unexpected finding, an expectation not met), empty when they agree. Findings of other files
// are ignored.
std::vector<std::string> compare(const ExpectationFile &Expected, const std::vector<Finding> &Found,
                                 const std::string &File);

} // namespace corolint::tests
