// The result cache through the built binary: a cached run reports exactly what an uncached one
// does; an edit re-analyses exactly the units that read the edited file; a damaged entry is a
// miss, never an error; processes share the directory; the size cap evicts the least recently
// used entries.
#include "RunTool.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

namespace fs = std::filesystem;
using namespace corolint::tests;

namespace {

const fs::path StubHeaders = fs::path(COROLINT_SOURCE_DIR) / "test-inputs" / "include";

// A SARIF log without its invocation's command line (it differs with the flags); other reports as they are.
std::string withoutCommandLine(const std::string &Report) {
  if (Report.find("\"$schema\"") == std::string::npos)
    return Report;
  nlohmann::json Log = nlohmann::json::parse(Report);
  for (nlohmann::json &Run : Log["runs"])
    for (nlohmann::json &Invocation : Run["invocations"]) {
      Invocation.erase("commandLine");
      Invocation.erase("arguments");
    }
  return Log.dump(2);
}

// Three units: a.cpp calls a helper defined in helper.cpp that sleeps (found through the link
// step), b.cpp sleeps itself; a.cpp and b.cpp include shared.hpp, helper.cpp does not.
class Cache : public ::testing::Test {
protected:
  fs::path Project, CacheDir;

  void SetUp() override {
    const auto *Info = ::testing::UnitTest::GetInstance()->current_test_info();
    Project = fs::temp_directory_path() / ("corolint-cache-" + std::to_string(getpid()) + "-" + Info->name());
    fs::remove_all(Project);
    CacheDir = Project / "cache";
    writeFile(Project / "shared.hpp", "#pragma once\ninline int shared_value() { return 1; }\n");
    writeFile(Project / "helper.hpp", "#pragma once\nvoid slow_helper();\n");
    writeFile(Project / "helper.cpp", "#include \"helper.hpp\"\n#include <unistd.h>\nvoid slow_helper() { sleep(1); }\n");
    writeFile(Project / "a.cpp", "#include <cppcoro/task.hpp>\n#include \"helper.hpp\"\n#include \"shared.hpp\"\n"
                                 "cppcoro::task<int> handler_a() {\n  slow_helper();\n  co_return shared_value();\n}\n");
    writeFile(Project / "b.cpp", "#include <cppcoro/task.hpp>\n#include <unistd.h>\n#include \"shared.hpp\"\n"
                                 "cppcoro::task<int> handler_b() {\n  sleep(1);\n  co_return shared_value();\n}\n");
    std::string Entries;
    for (const char *Unit : {"a.cpp", "b.cpp", "helper.cpp"})
      Entries += std::string(Entries.empty() ? "" : ",\n") + "{\"directory\": \"" + Project.string() +
                 "\", \"file\": \"" + Unit + "\", \"command\": \"clang++ -std=c++20 -I" + StubHeaders.string() +
                 " -c " + Unit + " -o " + Unit + ".o\"}";
    writeFile(Project / "compile_commands.json", "[\n" + Entries + "\n]\n");
  }
  void TearDown() override { fs::remove_all(Project); }

  Outcome run(const std::string &Args = "") {
    return runCorolint("-p . -j2 --cache-dir " + quote(CacheDir.string()) + " " + Args, Project);
  }

  // "N cached, M analysed" from the summary line.
  static std::pair<int, int> counts(const Outcome &R) {
    std::smatch M;
    if (!std::regex_search(R.Err, M, std::regex("(\\d+) cached, (\\d+) analysed")))
      return {-1, -1};
    return {std::stoi(M[1]), std::stoi(M[2])};
  }

  // What --verbose said of each unit: "hit" or the miss's reason.
  static std::map<std::string, std::string> decisions(const Outcome &R) {
    std::map<std::string, std::string> Said;
    std::regex Line("corolint: cache: ([^:\\n]+): ([^\\n]+)");
    for (std::sregex_iterator It(R.Err.begin(), R.Err.end(), Line), End; It != End; ++It)
      Said[(*It)[1]] = (*It)[2];
    return Said;
  }

  std::vector<fs::path> entries() const {
    std::vector<fs::path> Found;
    if (fs::exists(CacheDir))
      for (const auto &E : fs::recursive_directory_iterator(CacheDir))
        if (E.is_regular_file() && E.path().extension() == ".unit")
          Found.push_back(E.path());
    return Found;
  }

  // Replaces a file's content, keeping its length different enough to change its digest.
  void edit(const std::string &File, const std::string &Text) { writeFile(Project / File, Text); }
};

TEST_F(Cache, CachedReportIsByteIdenticalToUncached) {
  for (const char *Format : {"text", "json", "sarif"}) {
    SCOPED_TRACE(Format);
    Outcome Uncached = runCorolint(std::string("-p . --no-cache --format ") + Format, Project);
    ASSERT_EQ(Uncached.Status, 1) << Uncached.Err;
    Outcome Cold = run(std::string("--format ") + Format);
    Outcome Warm = run(std::string("--format ") + Format);
    EXPECT_EQ(Cold.Status, 1) << Cold.Err;
    EXPECT_EQ(Warm.Status, 1) << Warm.Err;
    // The same command line, byte for byte; against --no-cache, all but SARIF's record of the
    // command line itself.
    EXPECT_EQ(Warm.Out, Cold.Out);
    EXPECT_EQ(withoutCommandLine(Warm.Out), withoutCommandLine(Uncached.Out));
    EXPECT_EQ(counts(Warm), std::make_pair(3, 0)) << Warm.Err;
  }
  EXPECT_EQ(entries().size(), 3u);
  // The chain through helper.cpp is in the cached report too: the link step ran over every unit.
  Outcome Warm = run();
  EXPECT_NE(Warm.Out.find("a.cpp:5:3: warning:"), std::string::npos) << Warm.Out;
  EXPECT_NE(Warm.Out.find("b.cpp:5:3: warning:"), std::string::npos) << Warm.Out;
}

TEST_F(Cache, EditingAHeaderReanalysesExactlyItsIncluders) {
  ASSERT_EQ(counts(run()), std::make_pair(0, 3));
  edit("shared.hpp", "#pragma once\ninline int shared_value() { return 2; } // changed\n");
  Outcome R = run("--verbose");
  EXPECT_EQ(counts(R), std::make_pair(1, 2)) << R.Err;
  std::map<std::string, std::string> Said = decisions(R);
  EXPECT_EQ(Said["a.cpp"], "miss (shared.hpp changed)") << R.Err;
  EXPECT_EQ(Said["b.cpp"], "miss (shared.hpp changed)") << R.Err;
  EXPECT_EQ(Said["helper.cpp"], "hit") << R.Err;
  EXPECT_EQ(R.Status, 1);

  // The helper stops blocking: only helper.cpp is analysed again, and a.cpp's finding (a cached
  // unit's) goes, because the link step sees the new helper.
  edit("helper.cpp", "#include \"helper.hpp\"\nvoid slow_helper() {}\n");
  Outcome After = run("--verbose");
  Said = decisions(After);
  EXPECT_EQ(Said["a.cpp"], "hit") << After.Err;
  EXPECT_EQ(Said["b.cpp"], "hit") << After.Err;
  EXPECT_EQ(Said["helper.cpp"], "miss (no entry)") << After.Err; // its main file is part of the key
  EXPECT_EQ(After.Out.find("a.cpp:"), std::string::npos) << After.Out;
  EXPECT_NE(After.Out.find("b.cpp:5:3: warning:"), std::string::npos) << After.Out;
  EXPECT_EQ(After.Out, runCorolint("-p . --no-cache", Project).Out);
}

TEST_F(Cache, DamagedEntriesAreMissesNeverErrors) {
  Outcome Cold = run();
  std::vector<fs::path> Entries = entries();
  ASSERT_EQ(Entries.size(), 3u);
  // One truncated, one emptied, one replaced by bytes that are not an entry.
  fs::resize_file(Entries[0], fs::file_size(Entries[0]) / 2);
  fs::resize_file(Entries[1], 0);
  writeFile(Entries[2], std::string("\x00\xff{[\"", 5));
  Outcome R = run();
  EXPECT_EQ(R.Status, Cold.Status);
  EXPECT_EQ(R.Out, Cold.Out);
  EXPECT_EQ(counts(R), std::make_pair(0, 3)) << R.Err;
  EXPECT_EQ(R.Err.find("error"), std::string::npos) << R.Err;
  // The damaged entries were replaced.
  EXPECT_EQ(counts(run()), std::make_pair(3, 0));
}

TEST_F(Cache, ConcurrentRunsShareTheDirectory) {
  std::string Run = quote(COROLINT_BINARY) + " -p . -j1 --cache-dir " + quote(CacheDir.string());
  Outcome Both = shell("(" + Run + " > one.txt 2> one.err & " + Run + " > two.txt 2> two.err & wait) ; cat one.err two.err",
                       Project);
  std::string Expected = runCorolint("-p . --no-cache", Project).Out;
  EXPECT_EQ(readFile(Project / "one.txt"), Expected) << Both.Out;
  EXPECT_EQ(readFile(Project / "two.txt"), Expected) << Both.Out;
  EXPECT_EQ(Both.Out.find("error"), std::string::npos) << Both.Out;
  EXPECT_EQ(counts(run()), std::make_pair(3, 0));
  for (const auto &E : fs::recursive_directory_iterator(CacheDir))
    EXPECT_EQ(E.path().string().find(".corolint-tmp"), std::string::npos) << E.path();
}

TEST_F(Cache, SizeCapEvictsTheLeastRecentlyUsed) {
  ASSERT_EQ(counts(run()), std::make_pair(0, 3));
  std::vector<fs::path> First = entries();
  std::set<fs::path> Before(First.begin(), First.end());
  // Every entry last used five minutes ago; then b.cpp changes, so its old entry is never used
  // again while the others are (a hit marks an entry used).
  auto FiveMinutesAgo = fs::file_time_type::clock::now() - std::chrono::minutes(5);
  for (const fs::path &E : Before)
    fs::last_write_time(E, FiveMinutesAgo);
  edit("b.cpp", "#include <cppcoro/task.hpp>\n#include <unistd.h>\n#include \"shared.hpp\"\n"
                "cppcoro::task<int> handler_b() {\n  usleep(10);\n  co_return shared_value();\n}\n");
  ASSERT_EQ(counts(run()), std::make_pair(2, 1));
  std::vector<fs::path> Now = entries();
  ASSERT_EQ(Now.size(), 4u);
  uintmax_t Total = 0;
  fs::path Stale;
  for (const fs::path &E : Now) {
    Total += fs::file_size(E);
    if (Before.count(E) && fs::last_write_time(E) == FiveMinutesAgo)
      Stale = E;
  }
  ASSERT_FALSE(Stale.empty()) << "b.cpp's old entry should not have been used";
  uintmax_t StaleSize = fs::file_size(Stale);
  ASSERT_GT(StaleSize * 10, Total + 200) << "the test needs the stale entry to be over a tenth of the cache";
  // A cap the four entries overflow, and whose nine tenths (where eviction stops) hold the three
  // in use: only the least recently used entry goes.
  uintmax_t Cap = (Total - StaleSize) * 10 / 9 + 20;
  ASSERT_LT(Cap, Total);
  Outcome R = run("--cache-max-size " + std::to_string(Cap));
  EXPECT_EQ(counts(R), std::make_pair(3, 0)) << R.Err;
  EXPECT_FALSE(fs::exists(Stale)) << "the least recently used entry should have been evicted";
  std::vector<fs::path> Kept = entries();
  EXPECT_EQ(Kept.size(), 3u);
  uintmax_t After = 0;
  for (const fs::path &E : Kept)
    After += fs::file_size(E);
  EXPECT_LE(After, Cap);
  // A cap below one entry empties the cache, and the next run analyses everything again.
  run("--cache-max-size 1");
  EXPECT_TRUE(entries().empty());
  EXPECT_EQ(counts(run()), std::make_pair(0, 3));
}

TEST_F(Cache, BadCacheOptionsGetOneLineAndExitTwo) {
  writeFile(Project / "not-a-dir", "mine\n");
  for (auto [Args, Says] : std::vector<std::pair<std::string, std::string>>{
           {"--cache-max-size abc", "--cache-max-size: 'abc' is not a size"},
           {"--cache-max-size 0", "--cache-max-size: '0' is not a size"},
           {"--cache-max-size 99999999999999T", "is not a size"},
           {"--cache-dir not-a-dir", "--cache-dir not-a-dir: not a directory"}}) {
    Outcome R = runCorolint("-p . " + Args, Project);
    EXPECT_EQ(R.Status, 2) << Args;
    EXPECT_EQ(lineCount(R.Err), 1u) << R.Err;
    EXPECT_NE(R.Err.find("corolint: error: "), std::string::npos) << R.Err;
    EXPECT_NE(R.Err.find(Says), std::string::npos) << R.Err;
  }
  EXPECT_EQ(readFile(Project / "not-a-dir"), "mine\n");
}

TEST_F(Cache, NoCacheReadsAndWritesNothing) {
  Outcome R = run("--no-cache");
  EXPECT_EQ(R.Status, 1);
  EXPECT_FALSE(fs::exists(CacheDir));
  EXPECT_EQ(counts(R), std::make_pair(-1, -1)) << R.Err;
}

} // namespace
