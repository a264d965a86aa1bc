// --shard K/N through the built binary: the shards' summaries, linked, report what one run over
// everything reports; the link step refuses shards that do not cover every unit exactly once.
#include "RunTool.h"
#include "ThreeUnitProject.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace corolint::tests;

namespace {

class Shard : public ::testing::Test {
protected:
  fs::path Project;

  void SetUp() override {
    const auto *Info = ::testing::UnitTest::GetInstance()->current_test_info();
    Project = fs::temp_directory_path() / ("corolint-shard-" + std::to_string(getpid()) + "-" + Info->name());
    fs::remove_all(Project);
    writeThreeUnitProject(Project);
  }
  void TearDown() override { fs::remove_all(Project); }

  Outcome shard(const std::string &Spec, const std::string &Dir, const std::string &More = "--no-cache") {
    return runCorolint("-p . -q --exit-zero " + More + " --shard " + Spec + " --summaries " + Dir, Project);
  }
  size_t summariesIn(const std::string &Dir) const {
    size_t N = 0;
    for (const auto &E : fs::directory_iterator(Project / Dir))
      N += E.path().string().ends_with(".corolint.json");
    return N;
  }
  nlohmann::json plan(const std::string &Dir, const std::string &Name) const {
    return nlohmann::json::parse(readFile(Project / Dir / Name));
  }
};

TEST_F(Shard, ShardsLinkedReportWhatOneRunReports) {
  Outcome Whole = runCorolint("-p . --no-cache", Project);
  ASSERT_EQ(Whole.Status, 1) << Whole.Err;
  for (int Count : {1, 2, 3, 4}) {
    SCOPED_TRACE(Count);
    std::string Dirs;
    size_t Summaries = 0;
    for (int K = 1; K <= Count; ++K) {
      std::string Dir = "parts" + std::to_string(Count) + "/" + std::to_string(K);
      Outcome Part = shard(std::to_string(K) + "/" + std::to_string(Count), Dir);
      ASSERT_EQ(Part.Status, 0) << Part.Err;
      Summaries += summariesIn(Dir);
      Dirs += " " + Dir;
    }
    EXPECT_EQ(Summaries, 3u) << "every unit in exactly one shard";
    Outcome Linked = runCorolint("link" + Dirs, Project);
    EXPECT_EQ(Linked.Status, 1) << Linked.Err;
    EXPECT_EQ(Linked.Out, Whole.Out);
  }
}

TEST_F(Shard, BalancedByEarlierRunsTimesWhenTheCacheHasThem) {
  ASSERT_EQ(shard("1/2", "sized").Status, 0);
  EXPECT_EQ(plan("sized", "corolint-shard-1-of-2.plan")["balanced_by"], "size");
  std::string Cache = "--cache-dir " + quote((Project / "cache").string());
  ASSERT_EQ(runCorolint("-p . -q --exit-zero " + Cache, Project).Status, 0); // times recorded
  ASSERT_EQ(shard("2/2", "timed", Cache).Status, 0);
  nlohmann::json Plan = plan("timed", "corolint-shard-2-of-2.plan");
  EXPECT_EQ(Plan["balanced_by"], "cost");
  EXPECT_EQ(Plan["units"].size(), 3u);
  EXPECT_EQ(Plan["mine"].size(), summariesIn("timed"));
}

TEST_F(Shard, LinkRefusesShardsThatDoNotCoverEveryUnitOnce) {
  ASSERT_EQ(shard("1/2", "one").Status, 0);
  ASSERT_EQ(shard("2/2", "two").Status, 0);
  Outcome Missing = runCorolint("link one", Project);
  EXPECT_EQ(Missing.Status, 2);
  EXPECT_EQ(lineCount(Missing.Err), 1u) << Missing.Err;
  EXPECT_NE(Missing.Err.find("corolint: error: link: shard 2/2 is missing"), std::string::npos) << Missing.Err;

  Outcome Twice = runCorolint("link one one two", Project);
  EXPECT_EQ(Twice.Status, 2);
  EXPECT_NE(Twice.Err.find("is linked twice"), std::string::npos) << Twice.Err;

  // A summary lost on the way (an artifact that did not upload).
  for (const auto &E : fs::directory_iterator(Project / "two"))
    if (E.path().string().ends_with(".corolint.json")) {
      fs::remove(E.path());
      break;
    }
  Outcome Lost = runCorolint("link one two", Project);
  EXPECT_EQ(Lost.Status, 2);
  EXPECT_EQ(lineCount(Lost.Err), 1u) << Lost.Err;
  EXPECT_NE(Lost.Err.find("planned it, but no summary of it was linked"), std::string::npos) << Lost.Err;

  // Plans of another split.
  ASSERT_EQ(shard("1/3", "other").Status, 0);
  Outcome Mixed = runCorolint("link one other", Project);
  EXPECT_EQ(Mixed.Status, 2);
  EXPECT_NE(Mixed.Err.find("planned for other units or another number of shards"), std::string::npos) << Mixed.Err;
}

TEST_F(Shard, BadShardValuesGetOneLineAndExitTwo) {
  for (auto [Args, Says] : std::vector<std::pair<std::string, std::string>>{
           {"--shard 0/2 --summaries s", "--shard: '0/2' is not K/N"},
           {"--shard 3/2 --summaries s", "--shard: '3/2' is not K/N"},
           {"--shard a/b --summaries s", "--shard: 'a/b' is not K/N"},
           {"--shard 2 --summaries s", "--shard: '2' is not K/N"},
           {"--shard 1/2", "--shard: name the directory for this shard's summaries with --summaries DIR"}}) {
    Outcome R = runCorolint("-p . --no-cache " + Args, Project);
    EXPECT_EQ(R.Status, 2) << Args;
    EXPECT_EQ(lineCount(R.Err), 1u) << R.Err;
    EXPECT_NE(R.Err.find("corolint: error: " + Says), std::string::npos) << R.Err;
  }
  Outcome InLink = runCorolint("link --shard 1/2 s", Project);
  EXPECT_EQ(InLink.Status, 2);
  EXPECT_NE(InLink.Err.find("--shard: only when analysing"), std::string::npos) << InLink.Err;
}

} // namespace
