// The SARIF writer and what it computes: GitHub's line hashes, UTF-16 columns, URIs, and the
// shape of a log (rules, results, chains, fixes, suppressions, invocations).
#include "Report.h"
#include "RunTool.h"
#include "SourceFiles.h"

#include "corolint/Rule.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using namespace corolint;
using nlohmann::json;

namespace {

// The expected values are those of github/codeql-action's own tests of its fingerprinting.
TEST(GithubLineHashes, MatchTheUploadActionsValues) {
  EXPECT_EQ(githubLineHashes(""), std::vector<std::string>({"c129715d7a2bc9a3:1"}));
  EXPECT_EQ(githubLineHashes(" a\nb\n  \t\tc\n d"),
            std::vector<std::string>({"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"}));
  std::vector<std::string> Greetings = {"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
                                        "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"};
  EXPECT_EQ(githubLineHashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n"), Greetings);
  EXPECT_EQ(githubLineHashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n"), Greetings);
  EXPECT_EQ(githubLineHashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r"), Greetings);
  std::string Repeated;
  for (int I = 0; I < 10; ++I)
    Repeated += "Lorem ipsum dolor sit amet.\n";
  std::vector<std::string> Hashes = githubLineHashes(Repeated);
  ASSERT_EQ(Hashes.size(), 11u);
  EXPECT_EQ(Hashes[0], "a7f2ff13bc495cf2:1");
  EXPECT_EQ(Hashes[5], "a7f2ff13bc495cf2:6");
  EXPECT_EQ(Hashes[6], "a7f2ff1481e87703:1");
  EXPECT_EQ(Hashes[9], "cc97dc7b1d7d8f7b:1");
}

TEST(SarifText, ColumnsAreUtf16CodeUnitsAndPathsArePercentEncoded) {
  EXPECT_EQ(utf16Column("int x;", 5), 5u);
  EXPECT_EQ(utf16Column("  \xC3\xA9 x", 6), 5u);                    // é: 2 bytes, 1 unit
  EXPECT_EQ(utf16Column("\xF0\x9F\x98\x80y", 5), 3u);               // an emoji: 4 bytes, 2 units
  EXPECT_EQ(percentEncodePath("src/my dir/\xC3\xBCn#1%.cpp"), "src/my%20dir/%C3%BCn%231%25.cpp");
  EXPECT_EQ(fileUri("/a b/c"), "file:///a%20b/c");
}

class SarifLog : public ::testing::Test {
protected:
  fs::path Root = fs::temp_directory_path() / ("corolint-sarif-" + std::to_string(getpid())) / "my project";
  void TearDown() override { fs::remove_all(Root.parent_path()); }

  json write(const RunResult &Run, SarifContext Context) {
    SourceFiles Files;
    std::string Text;
    llvm::raw_string_ostream Out(Text);
    writeSarif(Run, Context, Files, Out);
    Out.flush();
    return json::parse(Text);
  }
};

TEST_F(SarifLog, CarriesRulesResultsChainsFixesSuppressionsAndFailures) {
  std::string Handlers = (Root / "src" / "h\xC3\xA4ndlers.cpp").string(), Db = (Root / "src" / "db.cpp").string();
  tests::writeFile(Handlers, "Task<R> get() {\n  std::this_thread::sleep_for(1s); // NOLINT\n  load();\n}\n");
  tests::writeFile(Db, "void query() {\n  sqlite3_exec(db);\n}\n");

  const RuleInfo *Rule = findRule("blocking-call-in-coroutine");
  ASSERT_NE(Rule, nullptr);
  RunResult Run;
  Finding Sleep;
  Sleep.Rule = Rule->Id;
  Sleep.Message = "blocking call to 'std::this_thread::sleep_for' in coroutine 'get'; use 'co_await coroweb::sleep(...)'";
  Sleep.Where = {Handlers, 2, 3, 2, 34};
  Sleep.Function = "get";
  Sleep.Fixes.push_back({"replace the blocking sleep", {{{Handlers, 2, 3, 2, 34}, 17, 31, "std::this_thread::sleep_for(1s)", "co_await coroweb::sleep(1s)"}}});
  Sleep.SuppressedBy = Suppression{"NOLINT", {Handlers, 2, 39, 2, 45}};
  Finding Chain;
  Chain.Rule = Rule->Id;
  Chain.Severity = Level::Error;
  Chain.Message = "'load' blocks: it calls 'sqlite3_exec' (3 calls down) in coroutine 'get'; offload it";
  Chain.Where = {Handlers, 3, 3, 3, 9};
  Chain.Notes = {{"coroutine 'get' calls 'load'", {Handlers, 3, 3, 3, 9}}, {"'query' calls 'sqlite3_exec'", {Db, 2, 3, 2, 19}}};
  Run.Findings = {Sleep, Chain};
  Run.Failures = {{(Root / "src" / "bad.cpp").string(), "bad.cpp:1:1: expected expression"}};

  SarifContext Context;
  Context.SourceRoot = Root.string();
  Context.Rules = {Rule};
  Context.Fingerprints = {"aaaa:1", "bbbb:1"};
  json Log = write(Run, Context);

  EXPECT_EQ(Log["version"], "2.1.0");
  const json &R = Log["runs"][0];
  const json &Driver = R["tool"]["driver"];
  EXPECT_EQ(Driver["name"], "corolint");
  EXPECT_EQ(Driver["semanticVersion"], COROLINT_VERSION);
  EXPECT_TRUE(Driver.contains("informationUri"));
  const json &Descriptor = Driver["rules"][0];
  EXPECT_EQ(Descriptor["id"], "blocking-call-in-coroutine");
  EXPECT_EQ(Descriptor["name"], "BlockingCallInCoroutine");
  EXPECT_EQ(Descriptor["help"]["markdown"], std::string(Rule->Doc));
  EXPECT_EQ(Descriptor["defaultConfiguration"]["level"], "warning");
  EXPECT_EQ(Descriptor["properties"]["precision"], "very-high");
  EXPECT_EQ(R["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file://" + percentEncodePath(Root.string()) + "/");

  const json &First = R["results"][0];
  EXPECT_EQ(First["ruleIndex"], 0);
  EXPECT_EQ(First["message"]["text"],
            "Blocking call to 'std::this_thread::sleep_for' in coroutine 'get'. Use 'co_await coroweb::sleep(...)'.");
  const json &Location = First["locations"][0]["physicalLocation"];
  EXPECT_EQ(Location["artifactLocation"]["uri"], "src/h%C3%A4ndlers.cpp");
  EXPECT_EQ(Location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(Location["region"], json({{"startLine", 2}, {"startColumn", 3}, {"endLine", 2}, {"endColumn", 34}}));
  EXPECT_EQ(First["partialFingerprints"]["primaryLocationLineHash"], githubLineHashes(tests::readFile(Handlers))[1]);
  EXPECT_EQ(First["partialFingerprints"]["corolintFingerprint/v1"], "aaaa:1");
  EXPECT_EQ(First["suppressions"][0]["kind"], "inSource");
  const json &Replacement = First["fixes"][0]["artifactChanges"][0]["replacements"][0];
  EXPECT_EQ(Replacement["insertedContent"]["text"], "co_await coroweb::sleep(1s)");
  EXPECT_EQ(Replacement["deletedRegion"]["startColumn"], 3);

  const json &Second = R["results"][1];
  EXPECT_EQ(Second["level"], "error");
  ASSERT_EQ(Second["relatedLocations"].size(), 2u);
  EXPECT_EQ(Second["relatedLocations"][1]["physicalLocation"]["artifactLocation"]["uri"], "src/db.cpp");
  const json &Steps = Second["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(Steps.size(), 2u);
  EXPECT_EQ(Steps[1]["location"]["message"]["text"], "'query' calls 'sqlite3_exec'.");
  EXPECT_FALSE(Second.contains("suppressions"));

  const json &Invocation = R["invocations"][0];
  EXPECT_EQ(Invocation["executionSuccessful"], false);
  ASSERT_EQ(Invocation["toolExecutionNotifications"].size(), 1u);
  EXPECT_EQ(Invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "src/bad.cpp");
}

TEST_F(SarifLog, FilesOutsideTheSourceRootGetAbsoluteFileUris) {
  RunResult Run;
  Finding F;
  F.Rule = "blocking-call-in-coroutine";
  F.Message = "m";
  F.Where = {"/elsewhere/a b.cpp", 1, 1, 1, 2};
  Run.Findings = {F};
  SarifContext Context;
  Context.SourceRoot = Root.string();
  Context.Rules = {findRule("blocking-call-in-coroutine")};
  json Location = write(Run, Context)["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(Location["artifactLocation"], json({{"uri", "file:///elsewhere/a%20b.cpp"}}));
}

} // namespace
