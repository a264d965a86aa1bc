// Bad inputs through the built binary: every one gets exit status 2 and exactly one
// "corolint: error:" line naming the file or key; no input, device node or symbolic link target
// is changed; no temporary file is left behind; a unit that crashes the parser is that unit's
// failure, and the other units are still analysed and reported.
#include "RunTool.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/types.h>

#include <map>
#include <thread>

namespace fs = std::filesystem;
using namespace corolint::tests;
using nlohmann::json;

namespace {

const fs::path Stubs = fs::path(COROLINT_SOURCE_DIR) / "test-inputs" / "include";

const char *Handler = R"(#include "helper.h"
#include <cppcoro/task.hpp>
#include <chrono>
#include <thread>
cppcoro::task<int> NAME() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  co_return helper();
}
)";

std::string handler(const std::string &Name) {
  std::string Text = Handler;
  Text.replace(Text.find("NAME"), 4, Name);
  return Text;
}

// A small project written by the test: src/a.cpp and src/b.cpp each hold one blocking call in a
// coroutine and include src/helper.h; build/compile_commands.json lists the units.
class BadInputs : public ::testing::Test {
protected:
  fs::path Work, Src, Build;

  void SetUp() override {
    Work = fs::temp_directory_path() / ("corolint-bad-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(Work);
    Src = Work / "src";
    Build = Work / "build";
    writeFile(Src / "helper.h", "#pragma once\ninline int helper() { return 1; }\n");
    writeFile(Src / "a.cpp", handler("first"));
    writeFile(Src / "b.cpp", handler("second"));
    writeFile(Work / ".corolint.json", "{\"select\": [\"blocking-call-in-coroutine\"]}\n");
    database({"a.cpp", "b.cpp"});
  }
  void TearDown() override {
    std::error_code Ignored;
    fs::permissions(Src, fs::perms::owner_all, fs::perm_options::add, Ignored);
    fs::remove_all(Work);
  }

  json entry(const std::string &File, const std::string &Directory = "") {
    return {{"directory", Directory.empty() ? Work.string() : Directory},
            {"file", "src/" + File},
            {"arguments", {"clang++", "-std=c++20", "-I", Stubs.string(), "-c", "src/" + File}}};
  }
  void database(const std::vector<std::string> &Files) {
    json Entries = json::array();
    for (const std::string &File : Files)
      Entries.push_back(entry(File));
    writeFile(Build / "compile_commands.json", Entries.dump(1));
  }

  Outcome lint(const std::string &Args) { return runCorolint("-q -p build " + Args, Work); }

  // Every regular file under Work, by content: what a run must leave as it found it.
  std::map<std::string, std::string> snapshot() {
    std::map<std::string, std::string> Files;
    for (const auto &E : fs::recursive_directory_iterator(Work))
      if (E.is_regular_file() && !E.is_symlink())
        Files[E.path().string()] = readFile(E.path());
    return Files;
  }
  void expectNoTemporaries() {
    for (const auto &E : fs::recursive_directory_iterator(Work))
      EXPECT_EQ(E.path().string().find("corolint-tmp"), std::string::npos) << E.path();
  }

  // One bad input: status 2, a single error line mentioning Mentions, every file unchanged.
  void expectRefused(const std::string &Args, const std::string &Mentions) {
    auto Before = snapshot();
    Outcome R = lint(Args);
    EXPECT_EQ(R.Status, 2) << Args << "\n" << R.Err;
    EXPECT_EQ(lineCount(R.Err), 1u) << Args << "\n" << R.Err;
    EXPECT_EQ(R.Err.rfind("corolint: error: ", 0), 0u) << Args << "\n" << R.Err;
    EXPECT_NE(R.Err.find(Mentions), std::string::npos) << Args << "\n" << R.Err;
    EXPECT_TRUE(snapshot() == Before) << Args << ": a file changed";
    expectNoTemporaries();
  }
};

// CMake lists assembly sources in the database (context switches in Boost.Context, async_simple):
// they are not C or C++, so they are not units, not failures; named alone, they are an error.
TEST_F(BadInputs, AssemblySourcesAreNotUnitsAndNamingOneIsAnError) {
  writeFile(Src / "switch.S", ".text\n.globl jump\njump:\n  ret\n");
  writeFile(Src / "start.inc", ".text\n  nop\n");
  json Entries = json::array({entry("a.cpp"), entry("b.cpp"), entry("switch.S")});
  json AsAssembly = entry("start.inc");
  AsAssembly["arguments"] = {"cc", "-x", "assembler-with-cpp", "-c", "src/start.inc"};
  Entries.push_back(AsAssembly);
  writeFile(Build / "compile_commands.json", Entries.dump(1));
  Outcome R = lint("--format json");
  ASSERT_EQ(R.Status, 1) << R.Err;
  json Report = json::parse(R.Out);
  EXPECT_EQ(Report["translation_units"], 2);
  EXPECT_FALSE(Report.contains("failed_translation_units") && !Report["failed_translation_units"].empty()) << R.Out;
  EXPECT_EQ(lint("src").Status, 1) << "a directory holding one is still selected";
  expectRefused("src/switch.S", "src/switch.S: an assembly source, not C or C++: nothing to analyse");
}

TEST_F(BadInputs, OutputsNeverLandOnDevicesDirectoriesFifosOrInputs) {
  ASSERT_EQ(mkfifo((Work / "fifo").c_str(), 0600), 0);
  fs::create_directories(Work / "out-dir");
  fs::create_symlink(Src / "a.cpp", Work / "link-to-source");
  fs::create_symlink(Work / "nowhere" / "x", Work / "dangling");
  writeFile(Work / "baseline.json", "{\"corolint_baseline\": 1, \"findings\": []}\n");
  for (const char *Option : {"-o", "--write-baseline"}) {
    std::string O = Option;
    expectRefused(O + " /dev/null", "/dev/null: not a regular file (a device)");
    expectRefused(O + " /dev/full", "/dev/full: not a regular file (a device)");
    expectRefused(O + " fifo", "fifo: not a regular file (a FIFO)");
    expectRefused(O + " out-dir", "out-dir: not a regular file (a directory)");
    expectRefused(O + " .corolint.json", ".corolint.json: an input of this run");
    expectRefused(O + " build/compile_commands.json", "build/compile_commands.json: an input of this run");
    expectRefused(O + " src/a.cpp", "src/a.cpp: an input of this run");
    expectRefused(O + " link-to-source", "link-to-source: an input of this run");
    // A header is known to be an input only once the parser has read it.
    expectRefused(O + " src/helper.h", "src/helper.h: an input of this run");
    expectRefused(O + " dangling", "dangling: a symbolic link to nothing");
    expectRefused(O + " no-dir/report", "no such directory");
  }
  expectRefused("--baseline baseline.json -o baseline.json", "baseline.json: an input of this run");
  // A source the database names is the user's even when this run analyses another one.
  expectRefused("src/a.cpp -o src/b.cpp", "src/b.cpp: an input of this run");
  struct stat Null;
  ASSERT_EQ(stat("/dev/null", &Null), 0);
  EXPECT_TRUE(S_ISCHR(Null.st_mode)) << "/dev/null must stay a device";
  EXPECT_TRUE(fs::is_fifo(Work / "fifo"));
  EXPECT_TRUE(fs::is_symlink(Work / "link-to-source"));
}

TEST_F(BadInputs, OutputThroughASymlinkReplacesItsTargetKeepsTheLinkAndTheMode) {
  writeFile(Work / "reports" / "report.txt", "old\n");
  fs::permissions(Work / "reports" / "report.txt", fs::perms(0640));
  fs::create_symlink(Work / "reports" / "report.txt", Work / "latest");
  Outcome R = lint("-o latest");
  EXPECT_EQ(R.Status, 1) << R.Err;
  EXPECT_TRUE(fs::is_symlink(Work / "latest"));
  EXPECT_NE(readFile(Work / "reports" / "report.txt").find("src/a.cpp:6:3: warning:"), std::string::npos);
  EXPECT_EQ(fs::status(Work / "reports" / "report.txt").permissions() & fs::perms::all, fs::perms(0640));
  expectNoTemporaries();
}

TEST_F(BadInputs, ConcurrentRunsWritingOneReportEachLeaveAWholeReport) {
  std::vector<std::thread> Runs;
  std::vector<Outcome> Results(3);
  for (size_t I = 0; I < Results.size(); ++I)
    Runs.emplace_back([&, I] { Results[I] = lint("--format json -o report.json"); });
  for (std::thread &T : Runs)
    T.join();
  for (const Outcome &R : Results)
    EXPECT_EQ(R.Status, 1) << R.Err;
  json Report = json::parse(readFile(Work / "report.json"));
  EXPECT_EQ(Report["findings"].size(), 2u);
  expectNoTemporaries();
}

TEST_F(BadInputs, UnwritableStandardOutputIsAnErrorNotAFatalCrash) {
  Outcome R = shell(quote(COROLINT_BINARY) + " -q -p build >/dev/full", Work);
  EXPECT_EQ(R.Status, 2) << R.Err;
  EXPECT_EQ(R.Err, "corolint: error: standard output: No space left on device\n");
}

TEST_F(BadInputs, SummariesAreNeverWrittenThroughALinkNorOntoAnInput) {
  Outcome First = lint("--summaries sums");
  ASSERT_EQ(First.Status, 1) << First.Err;
  std::vector<fs::path> Summaries;
  for (const auto &E : fs::directory_iterator(Work / "sums"))
    Summaries.push_back(E.path());
  ASSERT_EQ(Summaries.size(), 2u);
  writeFile(Work / "victim.txt", "precious\n");
  fs::remove(Summaries[0]);
  fs::create_symlink(Work / "victim.txt", Summaries[0]);
  expectRefused("--summaries sums", "a symbolic link; refusing to write a summary through it");
  EXPECT_EQ(readFile(Work / "victim.txt"), "precious\n");
  expectRefused("--summaries .corolint.json", "--summaries .corolint.json: not a directory");
}

TEST_F(BadInputs, DatabasesThatAreNotWholeJsonAreRefusedWithTheirPosition) {
  json Two = json::array({entry("a.cpp"), entry("b.cpp")});
  std::string Whole = Two.dump(1);
  std::string MissingComma = Whole;
  MissingComma.erase(MissingComma.find("},") + 1, 1);
  struct Case {
    std::string Text, Mentions;
  } Cases[] = {
      {MissingComma, "build/compile_commands.json:"},
      {Whole + Whole, "build/compile_commands.json:"},
      {Whole + "\ntrailing text", "build/compile_commands.json:"},
      {"{\"directory\": \"/\"}", "not a compilation database (expected a JSON array"},
      {"[{\"directory\": \"/\", \"file\": \"a.cpp\"}]", "entry 1: needs 'command' or 'arguments'"},
      {"[{\"directory\": 3, \"file\": \"a.cpp\", \"command\": \"c++ a.cpp\"}]", "entry 1: 'directory' must be a non-empty string"},
      {std::string(100000, '[') + std::string(100000, ']'), "nested more than 256 levels deep"},
      {"[{\"directory\": \"/\", \"file\": \"caf\xe9.cpp\", \"command\": \"c++\"}]", "invalid string: ill-formed UTF-8 byte"},
  };
  for (const Case &C : Cases) {
    writeFile(Build / "compile_commands.json", C.Text);
    expectRefused("", C.Mentions);
  }
  expectRefused("-p /dev/zero", "/dev/zero: not a regular file (a device)");
}

TEST_F(BadInputs, JsonInputsAreReadWholeWithinLimitsOrRefusedNamingFileAndKey) {
  writeFile(Work / "deep.json", std::string(100000, '[') + std::string(100000, ']'));
  writeFile(Work / "overflow.json", "{\"fail_on\": 1e999}");
  writeFile(Work / "path-arg.json", R"({"frameworks": [{"framework": "mine", "coroutine_types": ["my::task"],
    "routes": [{"call": "my::get", "method": "GET", "path_arg": 4294967296, "handler_arg": 1}]}]})");
  writeFile(Work / "truncated-baseline.json", "{\"corolint_baseline\": 1, \"findings\": [");
  struct Case {
    std::string Args, Mentions;
  } Cases[] = {
      {"--config /dev/zero", "/dev/zero: not a regular file (a device)"},
      {"--config deep.json", "deep.json:1:257: nested more than 256 levels deep"},
      {"--config overflow.json", "overflow.json: number overflow parsing '1e999'"},
      {"--config path-arg.json", "framework 'mine'.routes.path_arg: must be an argument index (0 to 63, not 4294967296)"},
      {"--baseline truncated-baseline.json", "--baseline truncated-baseline.json:1:"},
      {"--baseline /dev/zero", "--baseline /dev/zero: not a regular file (a device)"},
  };
  for (const Case &C : Cases)
    expectRefused(C.Args, C.Mentions);

  ASSERT_EQ(lint("--summaries sums").Status, 1);
  fs::path Summary = fs::directory_iterator(Work / "sums")->path();
  std::string Text = readFile(Summary);
  writeFile(Summary, Text.substr(0, Text.size() / 2));
  Outcome R = runCorolint("link -q sums", Work);
  EXPECT_EQ(R.Status, 2) << R.Err;
  EXPECT_EQ(lineCount(R.Err), 1u) << R.Err;
  EXPECT_NE(R.Err.find(Summary.filename().string() + ":1:"), std::string::npos) << R.Err;
}

TEST_F(BadInputs, NamesThatAreNotUtf8AreWrittenReplacedNeverThrownOn) {
  // A header whose name is Latin-1, holding a finding: its path reaches every writer.
  std::string Latin1 = "caf\xe9.h";
  writeFile(Src / Latin1, handler("third"));
  writeFile(Src / "a.cpp", "#include \"" + Latin1 + "\"\n" + readFile(Src / "a.cpp"));
  for (const char *Args : {"--format json", "--format sarif", "--summaries sums", "--write-baseline base.json", ""}) {
    Outcome R = lint(Args);
    EXPECT_TRUE(R.Status == 0 || R.Status == 1) << Args << "\n" << R.Err;
    EXPECT_EQ(R.Err, "") << Args;
    if (std::string(Args).rfind("--format", 0) == 0) {
      json Report;
      ASSERT_NO_THROW(Report = json::parse(R.Out)) << Args;
      if (std::string(Args) == "--format json")
        EXPECT_NE(R.Out.find("caf\xef\xbf\xbd.h"), std::string::npos) << "U+FFFD in place of the Latin-1 byte";
    }
  }
  EXPECT_NE(lint("--format sarif").Out.find("caf%E9.h"), std::string::npos) << "SARIF URIs percent-encode the raw byte";
  EXPECT_NO_THROW((void)json::parse(readFile(Work / "base.json")));
  EXPECT_EQ(runCorolint("link -q sums", Work).Status, 1);
}

TEST_F(BadInputs, AUnitThatCrashesTheParserFailsAloneAndTheOthersAreReported) {
  writeFile(Src / "crash.cpp", "#pragma clang __debug crash\nint x;\n");
  // Deeper than any stack: clang's parser recurses once per nested statement.
  std::string Deep = "int f(int x) {\n";
  for (int I = 0; I < 100000; ++I)
    Deep += "if (x) ";
  writeFile(Src / "deep.cpp", Deep + "return 1;\nreturn 0;\n}\n");
  writeFile(Src / "broken.cpp", "int f() { return undeclared; }\nint g() { return alsoundeclared; }\n");
  json Entries = json::array({entry("a.cpp"), entry("crash.cpp"), entry("deep.cpp"), entry("broken.cpp"), entry("b.cpp"),
                              entry("a.cpp", (Work / "no-such-directory").string())});
  Entries.back()["file"] = (Src / "a.cpp").string();
  writeFile(Build / "compile_commands.json", Entries.dump(1));
  // What a crashed unit had allocated is abandoned, by design (as clang's own crash recovery
  // does): under the sanitizers, the leak check is off for this run alone.
  Outcome R = shell("ASAN_OPTIONS=detect_leaks=0 " + quote(COROLINT_BINARY) + " -q -p build --format json", Work);
  EXPECT_EQ(R.Status, 2) << R.Err;
  json Report = json::parse(R.Out);
  EXPECT_EQ(Report["findings"].size(), 2u) << R.Out;
  EXPECT_EQ(Report["failed_translation_units"].size(), 4u) << R.Out;
  EXPECT_EQ(lineCount(R.Err), 4u) << "one line per failed unit, and nothing of clang's own:\n" << R.Err;
  EXPECT_NE(R.Err.find("src/crash.cpp: corolint crashed while analysing it"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("src/deep.cpp: corolint crashed while analysing it (Segmentation fault)"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("src/broken.cpp: cannot be parsed: "), std::string::npos) << R.Err;
  EXPECT_EQ(R.Err.find("errors generated"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("no-such-directory', does not exist"), std::string::npos) << R.Err;
}

TEST_F(BadInputs, FixEditsOnlyWritableSingleLinkFilesAnalysedInsideTheSourceRoot) {
  // Asio's sleep fix: the unit needs Boost.Asio.
  writeFile(Src / "fix.cpp", R"(#include <boost/asio.hpp>
#include <chrono>
#include <thread>
boost::asio::awaitable<void> nap() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  co_return;
}
)");
  writeFile(Src / "fix2.cpp", readFile(Src / "fix.cpp"));
  database({"fix.cpp", "fix2.cpp"});
  fs::permissions(Src / "fix.cpp", fs::perms(0444));
  fs::create_hard_link(Src / "fix2.cpp", Work / "fix2-link.cpp");
  auto Before = snapshot();
  Outcome R = lint("--fix");
  EXPECT_EQ(R.Status, 1) << "findings whose fix was not applied stay findings\n" << R.Err;
  EXPECT_EQ(lineCount(R.Out), 2u) << R.Out;
  EXPECT_NE(R.Err.find("src/fix.cpp: read-only; its fixes were not applied"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("src/fix2.cpp: has 2 hard links"), std::string::npos) << R.Err;
  EXPECT_TRUE(snapshot() == Before);

  // The same fix outside the source root is not applied either.
  fs::permissions(Src / "fix.cpp", fs::perms(0644));
  Outcome Outside = lint("--fix --source-root build src/fix.cpp");
  EXPECT_EQ(Outside.Status, 1) << Outside.Err;
  EXPECT_NE(Outside.Err.find("outside the source root"), std::string::npos) << Outside.Err;
  EXPECT_TRUE(snapshot() == Before);
  expectNoTemporaries();
}

} // namespace
