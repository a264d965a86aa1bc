// Dividing a run between CI jobs: `--shard K/N` analyses the K-th of N parts of the selected
// units and writes their summaries; `corolint link` joins the parts. Each shard also writes its
// plan beside its summaries, so that the link step can prove that the parts cover every unit
// once (jobs whose caches differed would have balanced differently).
#pragma once

#include "clang/Tooling/CompilationDatabase.h"
#include "corolint/Summary.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace corolint {

struct ShardSpec {
  unsigned Index = 1, Count = 1; // K and N, 1 <= K <= N
};

// Parses "K/N"; the error names the value.
llvm::Expected<ShardSpec> parseShard(llvm::StringRef Text);

struct ShardPlan {
  ShardSpec Shard;
  std::string BalancedBy;          // "cost" (earlier runs' analysis times) or "size" (of the main files)
  std::vector<std::string> Units;  // every selected unit (absolute paths, sorted)
  std::vector<std::string> Mine;   // this shard's
};

// Splits Commands into Count parts of about equal cost and returns the plan of part Index (the
// commands to analyse are those whose file is in Mine). The cost of a unit is what PreviousSeconds
// says (an earlier run's analysis time) or, when it says nothing for every unit, its main file's
// size; units without a previous time are estimated from their size at the known units' rate.
// The same inputs give the same plan in every job.
ShardPlan planShard(const std::vector<clang::tooling::CompileCommand> &Commands, ShardSpec Shard,
                    const std::function<std::optional<double>(const clang::tooling::CompileCommand &)> &PreviousSeconds);

// Writes the plan into the summaries directory (corolint-shard-K-of-N.plan).
llvm::Error writeShardPlan(const std::string &Directory, const ShardPlan &Plan);

// Does Directory hold a shard plan?
bool hasShardPlan(const std::string &Directory);

// When the directories hold shard plans: every plan of the same N and the same units, every shard
// present, and every unit summarised. The error names the missing shard or unit.
llvm::Error checkShardPlans(const std::vector<std::string> &Directories,
                            const std::vector<TranslationUnitSummary> &Units);

} // namespace corolint
