// --path-root through the built binary, as Bazel's aspect (bazel/corolint.bzl) runs it: each
// "sandbox" is a directory of symbolic links to the real sources with a compilation database
// relative to it. Summaries written there name files relative to the sandbox, so that every
// sandbox writes the same bytes (a remote cache may serve them anywhere), and `corolint link`
// resolves those names against its --source-root: the report is the one of a run over the sources.
#include "RunTool.h"
#include "ThreeUnitProject.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <map>

namespace fs = std::filesystem;
using namespace corolint::tests;

namespace {

class PathRoot : public ::testing::Test {
protected:
  fs::path Work, Real;

  void SetUp() override {
    const auto *Info = ::testing::UnitTest::GetInstance()->current_test_info();
    Work = fs::temp_directory_path() / ("corolint-path-root-" + std::to_string(getpid()) + "-" + Info->name());
    fs::remove_all(Work);
    Real = Work / "real";
    writeThreeUnitProject(Real);
  }
  void TearDown() override { fs::remove_all(Work); }

  // A sandbox as Bazel's linux-sandbox makes one: a link per input, the database relative to it.
  fs::path sandbox(const std::string &Name) {
    fs::path Box = Work / Name;
    fs::create_directories(Box);
    for (const char *File : {"a.cpp", "b.cpp", "helper.cpp", "helper.hpp", "shared.hpp"})
      fs::create_symlink(Real / File, Box / File);
    nlohmann::json Database = nlohmann::json::parse(readFile(Real / "compile_commands.json"));
    for (auto &Entry : Database)
      Entry["directory"] = ".";
    writeFile(Box / "compile_commands.json", Database.dump(1));
    return Box;
  }

  // Summary file name -> content.
  static std::map<std::string, std::string> summaries(const fs::path &Dir) {
    std::map<std::string, std::string> Files;
    for (const auto &E : fs::directory_iterator(Dir))
      Files[E.path().filename().string()] = readFile(E.path());
    return Files;
  }
};

TEST_F(PathRoot, EverySandboxWritesTheSameSummariesNamingNoSandbox) {
  fs::path One = sandbox("one"), Two = sandbox("two");
  for (const fs::path &Box : {One, Two}) {
    Outcome R = runCorolint("-p . --path-root . --summaries summaries -q --exit-zero --no-cache", Box);
    ASSERT_EQ(R.Status, 0) << R.Err;
  }
  auto First = summaries(One / "summaries"), Second = summaries(Two / "summaries");
  ASSERT_EQ(First.size(), 3u);
  EXPECT_EQ(First, Second) << "the summaries differ between two sandboxes";
  for (const auto &[Name, Text] : First) {
    EXPECT_EQ(Text.find(Work.string()), std::string::npos) << Name << " names a path of the sandbox or the sources";
    nlohmann::json Summary = nlohmann::json::parse(Text);
    EXPECT_TRUE(Summary["file"] == "a.cpp" || Summary["file"] == "b.cpp" || Summary["file"] == "helper.cpp") << Summary["file"];
  }
}

TEST_F(PathRoot, LinkedAgainstTheSourceRootTheyReportWhatARunOverTheSourcesReports) {
  fs::path Box = sandbox("box");
  ASSERT_EQ(runCorolint("-p . --path-root . --summaries summaries -q --exit-zero --no-cache", Box).Status, 0);
  std::string Summaries = quote((Box / "summaries").string());

  Outcome Whole = runCorolint("-p . --no-cache", Real);
  ASSERT_EQ(Whole.Status, 1) << Whole.Err;
  Outcome Linked = runCorolint("link " + Summaries, Real); // the source root: the working directory
  EXPECT_EQ(Linked.Status, 1) << Linked.Err;
  EXPECT_EQ(Linked.Out, Whole.Out);

  Outcome WholeSarif = runCorolint("-p . --no-cache --format sarif", Real);
  Outcome LinkedSarif = runCorolint("link --format sarif --source-root " + quote(Real.string()) + " " + Summaries, Work);
  ASSERT_EQ(LinkedSarif.Status, 1) << LinkedSarif.Err;
  auto Results = [](const std::string &Sarif) { return nlohmann::json::parse(Sarif)["runs"][0]["results"]; };
  EXPECT_EQ(Results(LinkedSarif.Out), Results(WholeSarif.Out));
  EXPECT_EQ(Results(LinkedSarif.Out).size(), 2u);

  // The analysing run's own report names files as a run without --path-root does.
  Outcome InBox = runCorolint("-p . --path-root . --no-cache", Box);
  EXPECT_EQ(InBox.Status, 1) << InBox.Err;
  EXPECT_EQ(InBox.Out, Whole.Out);
}

TEST_F(PathRoot, BadUsesGetOneLineAndExitTwo) {
  Outcome Missing = runCorolint("-p . --no-cache --path-root nowhere", Real);
  EXPECT_EQ(Missing.Status, 2);
  EXPECT_EQ(lineCount(Missing.Err), 1u) << Missing.Err;
  EXPECT_NE(Missing.Err.find("corolint: error: --path-root nowhere: not a directory"), std::string::npos) << Missing.Err;

  Outcome InLink = runCorolint("link --path-root . summaries", Real);
  EXPECT_EQ(InLink.Status, 2);
  EXPECT_EQ(lineCount(InLink.Err), 1u) << InLink.Err;
  EXPECT_NE(InLink.Err.find("--path-root: only when analysing"), std::string::npos) << InLink.Err;
}

} // namespace
