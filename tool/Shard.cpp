#include "Shard.h"

#include "Driver.h"
#include "Files.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace corolint {
namespace {

using nlohmann::json;
constexpr int PlanFormat = 1;

llvm::Error error(const llvm::Twine &Message) {
  return llvm::createStringError(std::make_error_code(std::errc::invalid_argument), Message);
}

std::string planName(ShardSpec S) {
  return "corolint-shard-" + std::to_string(S.Index) + "-of-" + std::to_string(S.Count) + ".plan";
}

} // namespace

llvm::Expected<ShardSpec> parseShard(llvm::StringRef Text) {
  auto [K, N] = Text.split('/');
  ShardSpec S;
  if (K.getAsInteger(10, S.Index) || N.getAsInteger(10, S.Count) || S.Count == 0 || S.Index == 0 ||
      S.Index > S.Count || S.Count > 100000)
    return error("'" + Text + "' is not K/N with 1 <= K <= N (for example 2/4)");
  return S;
}

ShardPlan planShard(const std::vector<clang::tooling::CompileCommand> &Commands, ShardSpec Shard,
                    const std::function<std::optional<double>(const clang::tooling::CompileCommand &)> &PreviousSeconds) {
  struct Unit {
    std::string File;
    double Size = 0;
    std::optional<double> Seconds;
    double Cost = 0;
  };
  std::vector<Unit> Units;
  double KnownSeconds = 0, KnownSize = 0;
  for (const auto &Command : Commands) {
    Unit U{mainFileOf(Command)};
    uint64_t Bytes = 0;
    llvm::sys::fs::file_size(U.File, Bytes);
    U.Size = std::max<double>(Bytes, 1);
    U.Seconds = PreviousSeconds ? PreviousSeconds(Command) : std::nullopt;
    if (U.Seconds) {
      KnownSeconds += *U.Seconds;
      KnownSize += U.Size;
    }
    Units.push_back(std::move(U));
  }
  ShardPlan Plan;
  Plan.Shard = Shard;
  Plan.BalancedBy = KnownSize > 0 ? "cost" : "size";
  double Rate = KnownSize > 0 ? KnownSeconds / KnownSize : 1; // seconds per byte of the known units
  for (Unit &U : Units)
    U.Cost = U.Seconds ? *U.Seconds : U.Size * Rate;
  // Longest first, each onto the lightest part so far: within 4/3 of the best split, and the
  // same in every job (ties broken by path, then by part number).
  std::sort(Units.begin(), Units.end(),
            [](const Unit &A, const Unit &B) { return A.Cost != B.Cost ? A.Cost > B.Cost : A.File < B.File; });
  std::vector<double> Load(Shard.Count, 0);
  for (const Unit &U : Units) {
    size_t Lightest = std::min_element(Load.begin(), Load.end()) - Load.begin();
    Load[Lightest] += U.Cost;
    Plan.Units.push_back(U.File);
    if (Lightest + 1 == Shard.Index)
      Plan.Mine.push_back(U.File);
  }
  std::sort(Plan.Units.begin(), Plan.Units.end());
  std::sort(Plan.Mine.begin(), Plan.Mine.end());
  return Plan;
}

llvm::Error writeShardPlan(const std::string &Directory, const ShardPlan &Plan) {
  json J = {{"corolint_shard_plan", PlanFormat}, {"shard", Plan.Shard.Index}, {"of", Plan.Shard.Count},
            {"balanced_by", Plan.BalancedBy}, {"units", Plan.Units}, {"mine", Plan.Mine}};
  llvm::SmallString<256> Path(Directory);
  llvm::sys::path::append(Path, planName(Plan.Shard));
  return writeFileAtomically(std::string(Path), dumpJson(J, 1) + "\n");
}

namespace {

std::vector<std::string> planFilesIn(const std::string &Directory) {
  std::error_code EC;
  std::vector<std::string> Files;
  for (llvm::sys::fs::directory_iterator It(Directory, EC), End; !EC && It != End; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (Name.startswith("corolint-shard-") && Name.endswith(".plan"))
      Files.push_back(It->path());
  }
  std::sort(Files.begin(), Files.end());
  return Files;
}

} // namespace

bool hasShardPlan(const std::string &Directory) { return !planFilesIn(Directory).empty(); }

llvm::Error checkShardPlans(const std::vector<std::string> &Directories,
                            const std::vector<TranslationUnitSummary> &Units) {
  std::map<unsigned, ShardPlan> Plans;
  std::string FirstPlan;
  for (const std::string &Directory : Directories) {
    for (const std::string &File : planFilesIn(Directory)) {
      auto J = readJsonFile(File);
      if (!J)
        return J.takeError();
      ShardPlan Plan;
      try {
        if (!J->is_object() || J->value("corolint_shard_plan", 0) != PlanFormat)
          return error(File + ": not a corolint shard plan of format " + std::to_string(PlanFormat));
        Plan.Shard = {J->at("shard").get<unsigned>(), J->at("of").get<unsigned>()};
        Plan.BalancedBy = J->at("balanced_by").get<std::string>();
        Plan.Units = J->at("units").get<std::vector<std::string>>();
        Plan.Mine = J->at("mine").get<std::vector<std::string>>();
      } catch (const std::exception &E) {
        return error(File + ": " + jsonErrorReason(E));
      }
      if (!Plans.empty() && (Plan.Shard.Count != Plans.begin()->second.Shard.Count ||
                             Plan.Units != Plans.begin()->second.Units))
        return error(File + ": planned for other units or another number of shards than " + FirstPlan);
      if (Plans.count(Plan.Shard.Index))
        return error(File + ": shard " + std::to_string(Plan.Shard.Index) + " is linked twice");
      if (FirstPlan.empty())
        FirstPlan = File;
      Plans[Plan.Shard.Index] = std::move(Plan);
    }
  }
  if (Plans.empty())
    return llvm::Error::success();
  unsigned Count = Plans.begin()->second.Shard.Count;
  for (unsigned K = 1; K <= Count; ++K)
    if (!Plans.count(K))
      return error("shard " + std::to_string(K) + "/" + std::to_string(Count) + " is missing: no " +
                   planName({K, Count}) + " in the linked directories");
  // Each unit in exactly one shard: jobs that balanced with different caches can disagree.
  std::map<std::string, unsigned> Owner;
  for (const auto &[K, Plan] : Plans)
    for (const std::string &File : Plan.Mine)
      if (auto [It, New] = Owner.emplace(File, K); !New)
        return error(File + ": planned for shards " + std::to_string(It->second) + " and " + std::to_string(K) +
                     " (the shards were balanced with different caches; give every job the same cache, or --no-cache)");
  std::set<std::string> Summarised;
  for (const TranslationUnitSummary &Unit : Units)
    Summarised.insert(Unit.File);
  for (const std::string &File : Plans.begin()->second.Units) {
    auto It = Owner.find(File);
    if (It == Owner.end())
      return error(File + ": in no shard (the shards were balanced with different caches; give every job the "
                          "same cache, or --no-cache)");
    if (!Summarised.count(File))
      return error(File + ": shard " + std::to_string(It->second) + " planned it, but no summary of it was linked");
  }
  return llvm::Error::success();
}

} // namespace corolint
