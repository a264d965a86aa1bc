// The CI gate through the built binary: suppression comments, the baseline, --fail-on and
// --exit-zero, --fix, the configuration file, the progress line and the errors of each.
#include "RunTool.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using namespace corolint::tests;
using nlohmann::json;

namespace {

const fs::path Source = COROLINT_SOURCE_DIR;

// Replaces the first occurrence of From in File (which must hold it).
void edit(const fs::path &File, const std::string &From, const std::string &To) {
  std::string Text = readFile(File);
  size_t At = Text.find(From);
  ASSERT_NE(At, std::string::npos) << From << " not in " << File;
  writeFile(File, Text.replace(At, From.size(), To));
}

class Gate : public ::testing::Test {
protected:
  fs::path Work, Shop, Build;

  // A fresh copy of the shop project (test-inputs/projects/shop), configured.
  void SetUp() override {
    Work = fs::temp_directory_path() / ("corolint-gate-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(Work);
    Shop = Work / "shop";
    Build = Work / "build";
    fs::create_directories(Work);
    fs::copy(Source / "test-inputs" / "projects" / "shop", Shop, fs::copy_options::recursive);
    Outcome R = shell(quote(COROLINT_CMAKE) + " -S " + quote(Shop.string()) + " -B " + quote(Build.string()) + " -G Ninja", Work);
    ASSERT_EQ(R.Status, 0) << R.Out << R.Err;
  }
  void TearDown() override { fs::remove_all(Work); }

  Outcome lint(const std::string &Args = "") { return runCorolint("-p " + quote(Build.string()) + " " + Args, Shop); }
};

TEST_F(Gate, SuppressionCommentsInClangTidysSyntax) {
  edit(Shop / "src" / "handlers.cpp", "std::chrono::milliseconds(50));", "std::chrono::milliseconds(50)); // NOLINT(blocking-call-in-coroutine)");
  edit(Shop / "src" / "handlers.cpp", "  int ready = pending.get();", "  // NOLINTNEXTLINE(blocking-*)\n  int ready = pending.get();");
  edit(Shop / "src" / "storage.cpp", "asio::awaitable<std::string> load_template",
       "// NOLINTBEGIN(blocking-call-in-coroutine)\nasio::awaitable<std::string> load_template");
  edit(Shop / "src" / "storage.cpp", "  co_return line;\n}\n", "  co_return line;\n}\n// NOLINTEND(blocking-call-in-coroutine)\n");
  edit(Shop / "src" / "main.cpp", "#include", "// NOLINT(blocking-call-in-coroutine): suppresses nothing\n#include");

  Outcome R = lint();
  EXPECT_EQ(R.Status, 1) << R.Err;
  EXPECT_EQ(lineCount(R.Out), 1u) << R.Out; // the header's finding is left
  EXPECT_NE(R.Out.find("include/shop/handlers.h:17:3: warning:"), std::string::npos) << R.Out;
  EXPECT_NE(R.Err.find("1 finding in 3 translation units; 4 suppressed"), std::string::npos) << R.Err;

  Outcome Unused = lint("--report-unused-suppressions");
  EXPECT_NE(Unused.Out.find("src/main.cpp:1:4: warning: 'NOLINT(blocking-call-in-coroutine)' suppresses nothing; remove it [unused-suppression]"),
            std::string::npos) << Unused.Out;
  EXPECT_EQ(lineCount(Unused.Out), 2u) << Unused.Out;

  Outcome Sarif = lint("--format sarif");
  json Results = json::parse(Sarif.Out)["runs"][0]["results"];
  size_t Suppressed = 0;
  for (const json &Result : Results)
    if (Result.contains("suppressions")) {
      ++Suppressed;
      EXPECT_EQ(Result["suppressions"][0]["kind"], "inSource");
    }
  EXPECT_EQ(Suppressed, 4u) << Results.dump(1);

  // Suppressed findings do not fail the gate.
  edit(Shop / "include" / "shop" / "handlers.h", "(5));", "(5)); // NOLINT");
  EXPECT_EQ(lint().Status, 0);
}

TEST_F(Gate, BaselineKeepsOldFindingsOutWhenLinesMoveAndReportsNewOnes) {
  fs::path Baseline = Work / "corolint-baseline.json";
  Outcome Write = lint("--write-baseline " + quote(Baseline.string()));
  EXPECT_EQ(Write.Status, 0) << Write.Err;
  EXPECT_NE(Write.Err.find("recorded 5 findings in"), std::string::npos) << Write.Err;
  json Recorded = json::parse(readFile(Baseline));
  ASSERT_EQ(Recorded["findings"].size(), 5u);
  EXPECT_EQ(Recorded["findings"][1]["file"], "src/handlers.cpp") << "paths relative to the source root";
  EXPECT_EQ(Recorded.dump().find("\"line\""), std::string::npos) << "fingerprints, not line numbers";

  // Code above every finding moves them all down; none is new.
  edit(Shop / "src" / "handlers.cpp", "namespace shop {", "// A comment\n// that moves\n// every line down\nnamespace shop {");
  edit(Shop / "include" / "shop" / "handlers.h", "namespace shop {", "\n\nnamespace shop {");
  Outcome Same = lint("--baseline " + quote(Baseline.string()));
  EXPECT_EQ(Same.Status, 0) << Same.Out << Same.Err;
  EXPECT_EQ(Same.Out, "");
  EXPECT_NE(Same.Err.find("0 findings in 3 translation units; 5 in the baseline"), std::string::npos) << Same.Err;

  // A new blocking call, even one like an old one, is reported.
  edit(Shop / "src" / "handlers.cpp", "  co_return \"user \"",
       "  std::this_thread::sleep_for(std::chrono::milliseconds(50));\n  co_return \"user \"");
  Outcome New = lint("--baseline " + quote(Baseline.string()) + " --format sarif");
  EXPECT_EQ(New.Status, 1) << New.Err;
  json Results = json::parse(New.Out)["runs"][0]["results"];
  ASSERT_EQ(Results.size(), 1u) << Results.dump(1);
  EXPECT_EQ(Results[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 12);
  EXPECT_EQ(Results[0]["baselineState"], "new");
}

TEST_F(Gate, FailOnAndExitZero) {
  EXPECT_EQ(lint("--fail-on warning").Status, 1);
  EXPECT_EQ(lint("--fail-on error").Status, 0) << "the shop's findings are warnings";
  EXPECT_EQ(lint("--exit-zero").Status, 0);
  writeFile(Shop / ".corolint.json", R"({"rules": {"blocking-call-in-coroutine": {"level": "error"}}, "fail_on": "error"})");
  Outcome Errors = lint();
  EXPECT_EQ(Errors.Status, 1);
  EXPECT_NE(Errors.Out.find(": error: blocking call to"), std::string::npos) << Errors.Out;
  EXPECT_EQ(lint("--fail-on note --exit-zero").Status, 0);
  writeFile(Shop / ".corolint.json", R"({"rules": {"blocking-call-in-coroutine": {"level": "note"}}, "fail_on": "warning"})");
  EXPECT_EQ(lint().Status, 0) << "notes do not fail a gate set at warning";
}

TEST_F(Gate, FixTurnsBlockingSleepsInAsioCoroutinesIntoTimerWaitsThatCompile) {
  Outcome Fixed = lint("--fix");
  EXPECT_EQ(Fixed.Status, 1) << "three findings have no fix" << Fixed.Err;
  EXPECT_NE(Fixed.Err.find("2 fixed in 2 files"), std::string::npos) << Fixed.Err;
  EXPECT_EQ(lineCount(Fixed.Out), 3u) << Fixed.Out;
  std::string Handlers = readFile(Shop / "src" / "handlers.cpp");
  EXPECT_NE(Handlers.find("  co_await boost::asio::steady_timer(co_await boost::asio::this_coro::executor, "
                          "std::chrono::milliseconds(50)).async_wait(boost::asio::use_awaitable); // EXPECT"),
            std::string::npos) << Handlers;
  EXPECT_EQ(readFile(Shop / "include" / "shop" / "handlers.h").find("sleep_for"), std::string::npos);
  for (const auto &E : fs::directory_iterator(Shop / "src"))
    EXPECT_EQ(E.path().string().find("corolint-tmp"), std::string::npos) << E.path();

  Outcome Compile = shell(quote(COROLINT_CMAKE) + " --build " + quote(Build.string()) + " -j2", Work);
  EXPECT_EQ(Compile.Status, 0) << Compile.Out << Compile.Err;
  Outcome Again = lint();
  EXPECT_EQ(lineCount(Again.Out), 3u) << Again.Out;
  EXPECT_EQ(Again.Out.find("sleep_for"), std::string::npos) << Again.Out;
}

TEST_F(Gate, FixTurnsABlockingSleepInACorowebHandlerIntoCorowebSleep) {
  fs::path App = Work / "app";
  writeFile(App / "CMakeLists.txt", "cmake_minimum_required(VERSION 3.20)\nproject(app CXX)\nset(CMAKE_CXX_STANDARD 20)\n"
                                    "set(CMAKE_EXPORT_COMPILE_COMMANDS ON)\nadd_library(app STATIC app.cpp)\n"
                                    "target_include_directories(app SYSTEM PRIVATE " + (Source / "include").string() + ")\n");
  writeFile(App / "app.cpp", "#include <coroweb/coroweb.hpp>\n#include <thread>\nusing namespace std::chrono_literals;\n\n"
                             "coroweb::Task<coroweb::Response> slow() {\n"
                             "  std::this_thread::sleep_for(250ms);\n"
                             "  co_return coroweb::Response::json({{\"ok\", true}});\n}\n\n"
                             "coroweb::Task<coroweb::Response> in_lambda() {\n"
                             "  auto wait = [] { std::this_thread::sleep_for(1s); };\n"
                             "  wait();\n"
                             "  co_return coroweb::Response::json({});\n}\n");
  Outcome Configure = shell(quote(COROLINT_CMAKE) + " -S . -B build -G Ninja", App);
  ASSERT_EQ(Configure.Status, 0) << Configure.Err;
  Outcome R = runCorolint("-p build --fix --format sarif", App);
  EXPECT_EQ(R.Status, 1) << "the sleep in a lambda has no fix: co_await cannot go there" << R.Err;
  std::string Text = readFile(App / "app.cpp");
  EXPECT_NE(Text.find("  co_await coroweb::sleep(250ms);\n"), std::string::npos) << Text;
  EXPECT_NE(Text.find("[] { std::this_thread::sleep_for(1s); }"), std::string::npos) << Text;
  json Results = json::parse(R.Out)["runs"][0]["results"];
  ASSERT_EQ(Results.size(), 1u) << Results.dump(1);
  EXPECT_FALSE(Results[0].contains("fixes"));

  // Without --fix, SARIF carries the fix.
  edit(App / "app.cpp", "co_await coroweb::sleep(250ms);", "std::this_thread::sleep_for(250ms);");
  json Offered = json::parse(runCorolint("-p build --format sarif", App).Out)["runs"][0]["results"];
  ASSERT_EQ(Offered.size(), 2u);
  EXPECT_EQ(Offered[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
            "co_await coroweb::sleep(250ms)") << Offered.dump(1);
  Outcome Compile = shell(quote(COROLINT_CMAKE) + " --build build -j2", App);
  EXPECT_EQ(Compile.Status, 0) << Compile.Out << Compile.Err;
}

TEST_F(Gate, ConfigurationFileIsFoundUpwardAppliedAndDumped) {
  writeFile(Work / ".corolint.json", R"({
    "exclude": ["shop/include/*"],
    "allowed": ["std::future::get"],
    "blocking": [{"family": "templates", "suggestion": "cache it", "apis": ["shop::read_file"]}]
  })");
  Outcome R = lint(); // run from Work/shop: the file is one directory up
  EXPECT_EQ(R.Status, 1) << R.Err;
  EXPECT_EQ(R.Out.find("handlers.h"), std::string::npos) << "excluded: " << R.Out;
  EXPECT_EQ(R.Out.find("std::future::get"), std::string::npos) << "allowed: " << R.Out;
  EXPECT_NE(R.Err.find("1 excluded"), std::string::npos) << R.Err;

  Outcome Dump = lint("--dump-config --select blocking-call-in-coroutine --fail-on error");
  ASSERT_EQ(Dump.Status, 0) << Dump.Err;
  json Effective = json::parse(Dump.Out);
  EXPECT_EQ(Effective["config_file"], (Work / ".corolint.json").string());
  EXPECT_EQ(Effective["fail_on"], "error");
  EXPECT_EQ(Effective["select"], json::array({"blocking-call-in-coroutine"}));
  EXPECT_EQ(Effective["rules"]["blocking-call-in-coroutine"]["level"], "warning");
  EXPECT_EQ(Effective["allowed"], json::array({"std::future::get"}));
  EXPECT_EQ(Effective["exclude"], json::array({"shop/include/*"}));

  // --config names another file; flags override it.
  writeFile(Work / "strict.json", R"({"ignore": ["blocking-call-in-coroutine"]})");
  EXPECT_EQ(lint("--config " + quote((Work / "strict.json").string())).Out, "");
  EXPECT_EQ(lint("--config " + quote((Work / "strict.json").string()) + " --ignore=").Status, 1);
}

TEST_F(Gate, ProgressLineOnlyOnATerminalAndQuietIsQuiet) {
  Outcome Piped = lint();
  EXPECT_EQ(Piped.Err.find("[1/3]"), std::string::npos) << Piped.Err;
  Outcome Quiet = lint("--quiet");
  EXPECT_EQ(Quiet.Err, "");
  EXPECT_EQ(Quiet.Status, 1);
  // script(1) gives corolint a terminal.
  if (shell("command -v script", Work).Status != 0)
    GTEST_SKIP() << "no script(1) to fake a terminal";
  std::string Command = quote(COROLINT_BINARY) + " -j1 -p " + quote(Build.string());
  Outcome Terminal = shell("script -qec " + quote(Command + " >/dev/null") + " /dev/null", Shop);
  EXPECT_NE(Terminal.Out.find("[1/3] src/"), std::string::npos) << Terminal.Out;
  EXPECT_NE(Terminal.Out.find("[3/3] src/"), std::string::npos) << Terminal.Out;
}

TEST_F(Gate, BadGateInputsGetOneLineAndExitTwo) {
  writeFile(Work / "bad.json", R"({"rules": {"blocking-call-in-coroutine": {"options": {"Pedantc": true}}}})");
  writeFile(Work / "not-a-baseline.json", R"({"findings": []})");
  std::string HandlersBefore = readFile(Shop / "src" / "handlers.cpp");
  struct Case {
    std::string Args, Mentions;
  } Cases[] = {
      {"--fail-on fatal", "--fail-on: unknown level 'fatal'"},
      {"--format xml", "(text, json or sarif)"},
      {"--baseline nowhere.json", "--baseline nowhere.json: no such file"},
      {"--baseline " + quote((Work / "not-a-baseline.json").string()), "not a corolint baseline"},
      {"--write-baseline src/handlers.cpp", "--write-baseline src/handlers.cpp: an input of this run; refusing to overwrite it"},
      {"--config nowhere.json", "--config nowhere.json: no such file"},
      {"--config " + quote((Work / "bad.json").string()), "bad.json: rules.blocking-call-in-coroutine.options.Pedantc: unknown option"},
      {"--source-root nowhere", "--source-root nowhere: not a directory"},
  };
  for (const Case &C : Cases) {
    Outcome R = lint(C.Args);
    EXPECT_EQ(R.Status, 2) << C.Args << "\n" << R.Err;
    EXPECT_EQ(lineCount(R.Err), 1u) << C.Args << "\n" << R.Err;
    EXPECT_EQ(R.Err.rfind("corolint: error: ", 0), 0u) << R.Err;
    EXPECT_NE(R.Err.find(C.Mentions), std::string::npos) << C.Args << "\n" << R.Err;
  }
  writeFile(Shop / ".corolint.json", R"({"select": ["blocking-call-in-coroutine"], "exclude": 3})");
  Outcome Discovered = lint();
  EXPECT_EQ(Discovered.Status, 2);
  EXPECT_EQ(Discovered.Err, "corolint: error: .corolint.json: exclude: must be an array of strings\n");
  EXPECT_EQ(readFile(Shop / "src" / "handlers.cpp"), HandlersBefore);
}

} // namespace
