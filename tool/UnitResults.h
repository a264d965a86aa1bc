// Where the driver looks for a unit's result before parsing it, and leaves it after: a store of
// earlier runs' results. The engine declares it; tool/cache implements it (the dependency points
// from the cache to the engine, never back).
#pragma once

#include "corolint/Summary.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <chrono>
#include <optional>

namespace corolint {

class UnitResults {
public:
  using Clock = std::chrono::system_clock;
  virtual ~UnitResults() = default;
  // A run begins: a set of units analysed together, over which each input file is checked once
  // (what was checked for an earlier run may have changed since).
  virtual void beginRun() {}
  // The unit's summary from an earlier run whose every input still has the same content, or
  // nothing. Called from several threads at once.
  virtual std::optional<TranslationUnitSummary> find(const clang::tooling::CompileCommand &Command) = 0;
  // Records a unit analysed now, whose parse started at Started (files changed since are not
  // trusted). Called from several threads at once; failures to record are not errors.
  virtual void keep(const clang::tooling::CompileCommand &Command, const TranslationUnitSummary &Unit,
                    Clock::time_point Started) = 0;
};

} // namespace corolint
