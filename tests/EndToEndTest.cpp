// Runs the built corolint binary over small CMake projects (test-inputs/projects) as a user
// would, and checks its reports, its exit status and its errors.
#include "Expectations.h"
#include "RunTool.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using namespace corolint;
using namespace corolint::tests;

namespace {

const fs::path Projects = fs::path(COROLINT_SOURCE_DIR) / "test-inputs" / "projects";

std::vector<Finding> findingsOf(const nlohmann::json &Report, const fs::path &ProjectDir) {
  std::vector<Finding> Found;
  for (const auto &J : Report["findings"]) {
    Finding F;
    F.Rule = J["rule"];
    F.Message = J["message"];
    F.Where.File = (ProjectDir / J["file"].get<std::string>()).string();
    F.Where.Line = J["line"];
    Found.push_back(F);
  }
  return Found;
}

// Every file's EXPECT lines against a report of the whole project.
void expectInlineExpectations(const std::vector<Finding> &Found, const fs::path &ProjectDir,
                              std::initializer_list<const char *> Files) {
  for (const char *File : Files) {
    fs::path Path = ProjectDir / File;
    tests::ExpectationFile Expected = tests::parseExpectations(readFile(Path));
    Expected.Errors.clear(); // a file without EXPECT lines expects nothing
    for (const std::string &Problem : tests::compare(Expected, Found, Path.string()))
      ADD_FAILURE() << File << ": " << Problem;
  }
}

class EndToEnd : public ::testing::Test {
protected:
  static inline fs::path Work, ShopBuild, CleanBuild, BrokenBuild, RepoBuild, TwoProgramsBuild;

  // Configures the projects once; the shop is also built with the default compiler, so that its
  // database carries g++ flags and a GCC precompiled header next to it.
  static void SetUpTestSuite() {
    Work = fs::temp_directory_path() / ("corolint-e2e-" + std::to_string(getpid()));
    fs::remove_all(Work);
    fs::create_directories(Work);
    ShopBuild = Work / "shop";
    CleanBuild = Work / "clean";
    BrokenBuild = Work / "broken";
    RepoBuild = Work / "repository";
    TwoProgramsBuild = Work / "two-programs";
    std::string CMake = quote(COROLINT_CMAKE);
    for (auto [Source, Build] : {std::pair{Projects / "shop", ShopBuild}, {Projects / "clean", CleanBuild},
                                 {Projects / "broken", BrokenBuild}, {Projects / "repository", RepoBuild},
                                 {Projects / "two-programs", TwoProgramsBuild}}) {
      Outcome Configure = shell(CMake + " -S " + quote(Source.string()) + " -B " + quote(Build.string()) + " -G Ninja", Work);
      ASSERT_EQ(Configure.Status, 0) << Configure.Out << Configure.Err;
    }
    Outcome Build = shell(CMake + " --build " + quote(ShopBuild.string()) + " -j2", Work);
    ASSERT_EQ(Build.Status, 0) << Build.Out << Build.Err;
  }
  static void TearDownTestSuite() { fs::remove_all(Work); }
};

TEST_F(EndToEnd, ShopFindingsMatchTheInlineExpectationsOfEveryFile) {
  ASSERT_FALSE(fs::directory_iterator(ShopBuild / "CMakeFiles" / "shop.dir") == fs::directory_iterator());
  bool HasGch = false;
  for (const auto &E : fs::recursive_directory_iterator(ShopBuild))
    HasGch |= E.path().extension() == ".gch";
  EXPECT_TRUE(HasGch) << "the shop should be built with a GCC precompiled header";

  Outcome R = runCorolint("-p " + quote(ShopBuild.string()) + " --format json", Projects / "shop");
  ASSERT_EQ(R.Status, 1) << R.Err;
  nlohmann::json Report = nlohmann::json::parse(R.Out);
  EXPECT_EQ(Report["translation_units"], 3);
  EXPECT_TRUE(Report["failed_translation_units"].empty()) << Report["failed_translation_units"].dump();

  for (const auto &J : Report["findings"]) {
    for (const char *Key : {"rule", "level", "message", "file", "line", "column", "end_line",
                            "end_column", "function", "notes", "properties"})
      EXPECT_TRUE(J.contains(Key)) << Key;
    EXPECT_EQ(J["level"], "warning");
    EXPECT_GE(J["end_line"].get<unsigned>(), J["line"].get<unsigned>());
  }
  std::vector<Finding> Found = findingsOf(Report, Projects / "shop");
  expectInlineExpectations(Found, Projects / "shop",
                           {"src/handlers.cpp", "src/storage.cpp", "src/main.cpp", "include/shop/handlers.h"});
  EXPECT_EQ(Found.size(), 5u) << R.Out;
}

TEST_F(EndToEnd, TextReportHasTheGccShapeAndIsTheSameOnAnyNumberOfThreads) {
  Outcome One = runCorolint("-p " + quote(ShopBuild.string()) + " -j1", Projects / "shop");
  Outcome Two = runCorolint("-p " + quote(ShopBuild.string()) + " -j 2", Projects / "shop");
  ASSERT_EQ(One.Status, 1) << One.Err;
  EXPECT_EQ(One.Out, Two.Out);
  EXPECT_EQ(lineCount(One.Out), 5u) << One.Out;
  std::regex Gcc(R"(^[^:\n]+:\d+:\d+: warning: .+ \[blocking-call-in-coroutine\]$)");
  std::istringstream Lines(One.Out);
  for (std::string Line; std::getline(Lines, Line);)
    EXPECT_TRUE(std::regex_match(Line, Gcc)) << Line;
  EXPECT_NE(One.Out.find("src/handlers.cpp:8:3: warning: blocking call to 'std::this_thread::sleep_for' "
                         "in coroutine 'shop::get_user'; use 'co_await timer.async_wait(asio::use_awaitable)' on an asio::steady_timer "
                         "[blocking-call-in-coroutine]\n"),
            std::string::npos)
      << One.Out;
  EXPECT_NE(One.Err.find("corolint: 5 findings in 3 translation units"), std::string::npos) << One.Err;
}

TEST_F(EndToEnd, FilesLimitTheRunToTheirTranslationUnits) {
  Outcome R = runCorolint("-p " + quote(ShopBuild.string()) + " src/storage.cpp", Projects / "shop");
  EXPECT_EQ(R.Status, 1) << R.Err;
  EXPECT_EQ(lineCount(R.Out), 3u) << R.Out; // storage.cpp's two, and the header's
  EXPECT_EQ(R.Out.find("handlers.cpp"), std::string::npos) << R.Out;
  Outcome Dir = runCorolint("-p " + quote(ShopBuild.string()) + " src", Projects / "shop");
  EXPECT_EQ(lineCount(Dir.Out), 5u) << Dir.Out;
}

TEST_F(EndToEnd, SelectIgnoreListAndExplain) {
  Outcome Ignored = runCorolint("-p " + quote(ShopBuild.string()) + " --ignore blocking-call-in-coroutine", Projects / "shop");
  EXPECT_EQ(Ignored.Status, 0) << Ignored.Err;
  EXPECT_EQ(Ignored.Out, "");
  Outcome Selected = runCorolint("-p " + quote(ShopBuild.string()) + " --select=blocking-call-in-coroutine", Projects / "shop");
  EXPECT_EQ(Selected.Status, 1);
  Outcome List = runCorolint("--list-rules", Work);
  EXPECT_EQ(List.Status, 0);
  EXPECT_NE(List.Out.find("blocking-call-in-coroutine"), std::string::npos);
  Outcome Explain = runCorolint("--explain blocking-call-in-coroutine", Work);
  EXPECT_EQ(Explain.Status, 0);
  EXPECT_NE(Explain.Out.find("## Why is this bad?"), std::string::npos);
}

TEST_F(EndToEnd, CleanProjectExitsZero) {
  Outcome R = runCorolint("-p " + quote(CleanBuild.string()), Projects / "clean");
  EXPECT_EQ(R.Status, 0) << R.Out << R.Err;
  EXPECT_EQ(R.Out, "");
  EXPECT_NE(R.Err.find("0 findings in 1 translation unit"), std::string::npos) << R.Err;
}

TEST_F(EndToEnd, BrokenTranslationUnitIsReportedAndTheOthersStillAnalysed) {
  Outcome R = runCorolint("-p " + quote(BrokenBuild.string()), Projects / "broken");
  EXPECT_EQ(R.Status, 2) << "an incomplete analysis must not pass a gate";
  EXPECT_NE(R.Out.find("good.cpp:16:3: warning: blocking call to 'sleep'"), std::string::npos) << R.Out;
  EXPECT_NE(R.Err.find("corolint: error: bad.cpp: cannot be parsed: "), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("bad.cpp:3:"), std::string::npos) << "the first error and where it is: " << R.Err;
}

// Every bad input: exit 2, one line on standard error that names the culprit, nothing else.
TEST_F(EndToEnd, BadInputsGetOneClearLineAndExitTwo) {
  fs::path Malformed = Work / "malformed";
  fs::create_directories(Malformed);
  std::ofstream(Malformed / "compile_commands.json") << "[{\"directory\": \"/tmp\", \"file\": ";
  fs::path Empty = Work / "empty";
  fs::create_directories(Empty);
  std::ofstream(Empty / "compile_commands.json") << "[]";
  std::string Shop = "-p " + quote(ShopBuild.string());
  struct Case {
    std::string Args, Mentions;
  } Cases[] = {
      {"-p " + quote((Work / "nowhere").string()), "nowhere: no such file"},
      {"-p " + quote(Malformed.string()), "malformed/compile_commands.json:1:32: syntax error"},
      {"-p " + quote(Empty.string()), "lists no translation units"},
      {Shop + " src/nothere.cpp", "src/nothere.cpp: no such file"},
      {Shop + " CMakeLists.txt", "CMakeLists.txt: not in the compilation database"},
      {Shop + " --select blocking-call-in-coroutine,no-such-rule", "unknown rule 'no-such-rule'"},
      {Shop + " --ignore nope", "--ignore: unknown rule 'nope'"},
      {"--explain nope", "unknown rule 'nope'"},
      {Shop + " --format xml", "--format: unknown format 'xml'"},
      {Shop + " -j abc", "-j: 'abc' is not a positive number"}, {Shop + " -j0", "-j: '0'"},
      {Shop + " --no-such-option", "--no-such-option"},
      {Shop + " -o " + quote((ShopBuild / "compile_commands.json").string()), "an input of this run; refusing to overwrite it"},
      {Shop + " -o src/handlers.cpp", "an input of this run; refusing to overwrite it"},
  };
  std::string DatabaseBefore = readFile(ShopBuild / "compile_commands.json");
  std::string SourceBefore = readFile(Projects / "shop" / "src" / "handlers.cpp");
  for (const Case &C : Cases) {
    Outcome R = runCorolint(C.Args, Projects / "shop");
    EXPECT_EQ(R.Status, 2) << C.Args << "\n" << R.Err;
    EXPECT_EQ(lineCount(R.Err), 1u) << C.Args << "\n" << R.Err;
    EXPECT_EQ(R.Err.rfind("corolint: error: ", 0), 0u) << R.Err;
    EXPECT_NE(R.Err.find(C.Mentions), std::string::npos) << C.Args << "\n" << R.Err;
  }
  EXPECT_EQ(readFile(ShopBuild / "compile_commands.json"), DatabaseBefore);
  EXPECT_EQ(readFile(Projects / "shop" / "src" / "handlers.cpp"), SourceBefore);
}

TEST_F(EndToEnd, OutputFileHoldsTheReport) {
  fs::path Report = Work / "report.json";
  Outcome R = runCorolint("-p " + quote(ShopBuild.string()) + " --format=json -o " + quote(Report.string()), Projects / "shop");
  EXPECT_EQ(R.Status, 1) << R.Err;
  EXPECT_EQ(R.Out, "");
  EXPECT_EQ(nlohmann::json::parse(readFile(Report))["findings"].size(), 5u);
  EXPECT_FALSE(fs::exists(Report.string() + ".corolint-tmp"));
}

const std::initializer_list<const char *> RepositoryFiles = {
    "src/handlers.cpp", "src/repository.cpp", "src/db.cpp", "src/admin.cpp", "src/stores.cpp", "include/repo/repository.h"};

TEST_F(EndToEnd, BlockingCallsTwoFilesAwayAreReportedAtTheCallInTheCoroutineWithTheChain) {
  Outcome R = runCorolint("-p " + quote(RepoBuild.string()) + " --format json", Projects / "repository");
  ASSERT_EQ(R.Status, 1) << R.Err;
  nlohmann::json Report = nlohmann::json::parse(R.Out);
  std::vector<Finding> Found = findingsOf(Report, Projects / "repository");
  expectInlineExpectations(Found, Projects / "repository", RepositoryFiles);
  ASSERT_EQ(Found.size(), 2u) << R.Out;

  // The chain, each call site with its file and line: handlers.cpp -> repository.cpp -> db.cpp.
  const nlohmann::json &Notes = Report["findings"][0]["notes"];
  ASSERT_EQ(Notes.size(), 3u) << Notes.dump(1);
  EXPECT_EQ(Notes[0]["file"], "src/handlers.cpp");
  EXPECT_EQ(Notes[1]["file"], "src/repository.cpp");
  EXPECT_EQ(Notes[1]["line"], 5);
  EXPECT_EQ(Notes[1]["message"], "'repo::Repository::load_user' calls 'repo::run_query'");
  EXPECT_EQ(Notes[2]["file"], "src/db.cpp");
  EXPECT_EQ(Notes[2]["line"], 8);
  EXPECT_EQ(Notes[2]["message"], "'repo::run_query' calls 'sqlite3_exec', which blocks (database)");
  EXPECT_EQ(Report["findings"][0]["properties"]["depth"], "3");
}

TEST_F(EndToEnd, AChainStaysInsideTheProgramOfItsCoroutine) {
  // Both programs define handle_request and do_session alike; only server_a's handler blocks,
  // and its chain must not lead into server_b's file (nor server_b's session into server_a's).
  Outcome R = runCorolint("-p " + quote(TwoProgramsBuild.string()) + " --format json", Projects / "two-programs");
  ASSERT_EQ(R.Status, 1) << R.Err;
  nlohmann::json Report = nlohmann::json::parse(R.Out);
  std::vector<Finding> Found = findingsOf(Report, Projects / "two-programs");
  expectInlineExpectations(Found, Projects / "two-programs", {"server_a/main.cpp", "server_b/main.cpp"});
  ASSERT_EQ(Report["findings"].size(), 1u) << R.Out;
  for (const nlohmann::json &Note : Report["findings"][0]["notes"])
    EXPECT_EQ(Note["file"], "server_a/main.cpp") << Note.dump();
}

TEST_F(EndToEnd, VirtualCallsAndHeaderOnlyLibrariesAreFollowedOnlyWhenAsked) {
  std::string Base = "-p " + quote(RepoBuild.string()) + " src/handlers.cpp src/stores.cpp ";
  Outcome Default = runCorolint(Base, Projects / "repository");
  EXPECT_EQ(Default.Out.find("fetch"), std::string::npos) << Default.Out;
  EXPECT_EQ(Default.Out.find("slowcache"), std::string::npos) << Default.Out;
  Outcome Virtual = runCorolint(Base + "--follow-virtual-calls", Projects / "repository");
  EXPECT_NE(Virtual.Out.find("src/handlers.cpp:26:60: warning: 'repo::DiskStore::fetch' blocks: it calls 'pread'"),
            std::string::npos) << Virtual.Out;
  Outcome Headers = runCorolint(Base + "--follow-headers vendorlib/", Projects / "repository");
  EXPECT_NE(Headers.Out.find("src/handlers.cpp:30:3: warning: 'slowcache::refresh' blocks: it calls 'usleep' (2 calls down)"),
            std::string::npos) << Headers.Out;
}

// A large code base is split across jobs: each writes summaries, one links them.
TEST_F(EndToEnd, SummariesFromSeparateRunsLinkToTheSameReportAsOneRun) {
  std::string Db = "-p " + quote(RepoBuild.string());
  fs::path Part1 = Work / "summaries-1", Part2 = Work / "summaries-2";
  Outcome One = runCorolint(Db + " --summaries " + quote(Part1.string()) + " src/handlers.cpp src/admin.cpp", Projects / "repository");
  EXPECT_EQ(One.Status, 0) << "alone, the handlers' translation units cannot see the blocking: " << One.Out;
  Outcome Two = runCorolint(Db + " --summaries " + quote(Part2.string()) + " src/repository.cpp src/db.cpp src/stores.cpp", Projects / "repository");
  EXPECT_EQ(Two.Status, 0) << Two.Out;
  Outcome Linked = runCorolint("link --format json " + quote(Part1.string()) + " " + quote(Part2.string()), Projects / "repository");
  Outcome Whole = runCorolint(Db + " --format json", Projects / "repository");
  EXPECT_EQ(Linked.Status, 1) << Linked.Err;
  EXPECT_EQ(nlohmann::json::parse(Linked.Out)["findings"], nlohmann::json::parse(Whole.Out)["findings"]);
  EXPECT_NE(Linked.Err.find("2 findings in 5 translation units"), std::string::npos) << Linked.Err;

  // Bad summary inputs: one line, exit 2, the culprit named.
  fs::path Corrupt = Work / "summaries-corrupt";
  fs::create_directories(Corrupt);
  std::ofstream(Corrupt / "x.cpp.0.corolint.json") << "{\"corolint_summary\": 99}";
  for (auto [Args, Mentions] : {std::pair<std::string, std::string>{"link", "name the directories"},
                                {"link " + quote((Work / "none").string()), "none: not a directory"},
                                {"link " + quote(Work.string() + "/clean"), "no summary files"},
                                {"link " + quote(Corrupt.string()), "x.cpp.0.corolint.json: not a corolint summary"}}) {
    Outcome R = runCorolint(Args, Work);
    EXPECT_EQ(R.Status, 2) << Args << R.Err;
    EXPECT_EQ(lineCount(R.Err), 1u) << R.Err;
    EXPECT_NE(R.Err.find(Mentions), std::string::npos) << R.Err;
  }
}

// A framework corolint does not know, taught through .corolint.json: its coroutine type, its
// route registration and its blocking API.
TEST_F(EndToEnd, FrameworkModelsFromTheConfigurationFile) {
  fs::path Dir = Work / "mini-framework";
  fs::create_directories(Dir);
  writeFile(Dir / "service.cpp", R"(#include <coroutine>
#include <exception>
namespace mini {
template <class T> struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
};
struct Router { template <class F> void add(const char *path, F handler) { (void)path; (void)handler; } };
void slow_thing();
} // namespace mini
mini::Task<int> lookup() {
  mini::slow_thing();
  co_return 1;
}
void routes(mini::Router &r) { r.add("/lookup", lookup); }
)");
  writeFile(Dir / "compile_commands.json",
            R"([{"directory": ")" + Dir.string() + R"(", "file": "service.cpp", "arguments": ["clang++", "-std=c++20", "-c", "service.cpp"]}])");
  writeFile(Dir / ".corolint.json", R"({"frameworks": [{
      "framework": "mini", "coroutine_types": ["mini::Task"],
      "routes": [{"call": "mini::Router::add", "method": "GET", "path_arg": 0, "handler_arg": 1}],
      "blocking": [{"family": "mini-sync", "suggestion": "use 'co_await mini::async_thing()'", "apis": ["mini::slow_thing"]}]}]})");
  Outcome R = runCorolint("-p . --select blocking-call-in-coroutine", Dir);
  EXPECT_EQ(R.Status, 1) << R.Err;
  EXPECT_NE(R.Out.find("service.cpp:17:3: warning: GET /lookup: blocking call to 'mini::slow_thing' in coroutine "
                       "'lookup'; use 'co_await mini::async_thing()' [blocking-call-in-coroutine]"),
            std::string::npos) << R.Out;

  writeFile(Dir / ".corolint.json", R"({"frameworks": [{"framework": "mini", "routes": [{"call": "x"}]}]})");
  Outcome Bad = runCorolint("-p .", Dir);
  EXPECT_EQ(Bad.Status, 2);
  EXPECT_EQ(lineCount(Bad.Err), 1u) << Bad.Err;
  EXPECT_NE(Bad.Err.find(".corolint.json: frameworks: framework 'mini'.routes: 'x' needs 'method' or 'method_arg'"),
            std::string::npos) << Bad.Err;
}

} // namespace
