// Writing a run's findings: gcc-style text, or JSON.
#pragma once

#include "Driver.h"

#include "llvm/Support/raw_ostream.h"

namespace corolint {

enum class Format { Text, Json };

// Paths under the working directory are printed relative to it, others absolute.
std::string displayPath(const std::string &AbsolutePath);

void writeText(const RunResult &Run, llvm::raw_ostream &Out);
void writeJson(const RunResult &Run, llvm::raw_ostream &Out);

} // namespace corolint
