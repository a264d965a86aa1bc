// SARIF from the example project and from every test-input directory, checked by the official
// SARIF Multitool with GitHub's ingestion rules and against the SARIF 2.1.0 JSON schema
// (tests/sarif/validate.mjs). The validators are npm packages, installed with `npm ci` from
// tests/sarif/package-lock.json into the build directory.
#include "RunTool.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using namespace corolint::tests;

namespace {

const fs::path Source = COROLINT_SOURCE_DIR;
const fs::path Validators = COROLINT_VALIDATORS_DIR;

class SarifValidation : public ::testing::Test {
protected:
  static inline fs::path Work;
  static inline std::string InstallError;

  static void SetUpTestSuite() {
    Work = fs::temp_directory_path() / ("corolint-sarif-" + std::to_string(getpid()));
    fs::remove_all(Work);
    fs::create_directories(Work);
    // Reinstall only when the lock file changed.
    std::string Lock = readFile(Source / "tests" / "sarif" / "package-lock.json");
    if (readFile(Validators / "package-lock.json") != Lock || !fs::exists(Validators / "node_modules" / ".package-lock.json")) {
      fs::create_directories(Validators);
      fs::copy_file(Source / "tests" / "sarif" / "package.json", Validators / "package.json", fs::copy_options::overwrite_existing);
      fs::copy_file(Source / "tests" / "sarif" / "package-lock.json", Validators / "package-lock.json", fs::copy_options::overwrite_existing);
      Outcome Install = shell(quote(COROLINT_NPM) + " ci --no-audit --no-fund --loglevel=error", Validators);
      if (Install.Status != 0)
        InstallError = "npm ci failed: " + Install.Out + Install.Err;
    }
  }
  static void TearDownTestSuite() { fs::remove_all(Work); }

  void SetUp() override { ASSERT_EQ(InstallError, ""); }

  // Configures a CMake project (for its compile_commands.json) into Work/Name.
  static fs::path configure(const fs::path &Project, const std::string &Name) {
    fs::path Build = Work / Name;
    Outcome R = shell(quote(COROLINT_CMAKE) + " -S " + quote(Project.string()) + " -B " + quote(Build.string()) + " -G Ninja", Work);
    EXPECT_EQ(R.Status, 0) << R.Out << R.Err;
    return Build;
  }

  // Runs corolint --format sarif in Directory and validates the log; returns it.
  static nlohmann::json lintAndValidate(const std::string &Args, const fs::path &Directory, const std::string &Name,
                                        std::initializer_list<int> Statuses = {0, 1}) {
    fs::path Log = Work / (Name + ".sarif");
    Outcome Run = runCorolint(Args + " --format sarif -q -o " + quote(Log.string()), Directory);
    EXPECT_TRUE(std::find(Statuses.begin(), Statuses.end(), Run.Status) != Statuses.end()) << Run.Status << Run.Err;
    EXPECT_TRUE(fs::exists(Log)) << Run.Err;
    Outcome Check = shell(quote(COROLINT_NODE) + " " + quote((Source / "tests" / "sarif" / "validate.mjs").string()) + " " +
                              quote((Validators / "node_modules").string()) + " " + quote(Log.string()),
                          Work);
    EXPECT_EQ(Check.Status, 0) << Check.Out << Check.Err;
    EXPECT_NE(Check.Out.find(": valid (0 errors"), std::string::npos) << Check.Out << Check.Err;
    std::cout << Check.Out;
    return nlohmann::json::parse(readFile(Log), nullptr, false);
  }
};

TEST_F(SarifValidation, ExampleProject) {
  fs::path Example = Source / "examples" / "coroweb-example";
  if (!fs::exists(Example / "CMakeLists.txt"))
    GTEST_SKIP() << "examples/coroweb-example is not there yet";
  fs::path Build = configure(Example, "coroweb-example");
  nlohmann::json Log = lintAndValidate("-p " + quote(Build.string()), Example, "coroweb-example");
  EXPECT_FALSE(Log["runs"][0]["results"].empty()) << "the example's /async-blocking route blocks";
}

TEST_F(SarifValidation, EveryEndToEndProject) {
  for (const auto &Entry : fs::directory_iterator(Source / "test-inputs" / "projects")) {
    std::string Name = Entry.path().filename().string();
    SCOPED_TRACE(Name);
    // The CMake projects; the Bazel workspace's SARIF is compared with these runs' by tests/bazel.
    if (!fs::exists(Entry.path() / "CMakeLists.txt"))
      continue;
    fs::path Build = configure(Entry.path(), "project-" + Name);
    nlohmann::json Log = lintAndValidate("-p " + quote(Build.string()), Entry.path(), "project-" + Name, {0, 1, 2});
    if (Name == "broken") {
      EXPECT_EQ(Log["runs"][0]["invocations"][0]["executionSuccessful"], false);
      EXPECT_EQ(Log["runs"][0]["invocations"][0]["toolExecutionNotifications"].size(), 1u);
    }
    if (Name == "repository")
      EXPECT_TRUE(Log["runs"][0]["results"][0].contains("codeFlows")) << Log.dump(1);
  }
}

// Each directory of rule inputs as one project: a compile_commands.json with the arguments
// tests/RuleInputsTest.cpp uses.
TEST_F(SarifValidation, EveryRuleInputDirectory) {
  for (const auto &Dir : fs::directory_iterator(Source / "test-inputs" / "rules")) {
    std::string Rule = Dir.path().filename().string();
    SCOPED_TRACE(Rule);
    nlohmann::json Database = nlohmann::json::array();
    for (const auto &Entry : fs::directory_iterator(Dir.path())) {
      if (Entry.path().extension() != ".cpp")
        continue;
      std::vector<std::string> Arguments = {"clang++", "-std=c++20", "-isystem", (Source / "test-inputs" / "include").string(),
                                            "-I", (Source / "include").string()};
      std::istringstream Lines(readFile(Entry.path()));
      for (std::string Line; std::getline(Lines, Line);)
        if (Line.rfind("// ARGS:", 0) == 0) {
          std::istringstream Words(Line.substr(8));
          for (std::string W; Words >> W;)
            Arguments.push_back(W);
        }
      Arguments.push_back("-fsyntax-only");
      Arguments.push_back(Entry.path().string());
      Database.push_back({{"directory", Dir.path().string()}, {"file", Entry.path().string()}, {"arguments", Arguments}});
    }
    fs::path Build = Work / ("rules-" + Rule);
    writeFile(Build / "compile_commands.json", Database.dump(1));
    nlohmann::json Log = lintAndValidate("-p " + quote(Build.string()), Dir.path(), "rules-" + Rule);
    EXPECT_FALSE(Log["runs"][0]["results"].empty());
  }
}

// Paths with spaces and non-ASCII characters: percent-encoded URIs, still valid.
TEST_F(SarifValidation, PathsWithSpacesAndNonAsciiCharacters) {
  fs::path Project = Work / "with space" / "\xC3\xBCnic\xC3\xB6" "de";
  fs::create_directories(Project.parent_path());
  fs::copy(Source / "test-inputs" / "projects" / "shop", Project, fs::copy_options::recursive);
  fs::rename(Project / "src" / "handlers.cpp", Project / "src" / "h\xC3\xA4ndlers #1.cpp");
  std::string Lists = readFile(Project / "CMakeLists.txt");
  size_t At = Lists.find("src/handlers.cpp");
  ASSERT_NE(At, std::string::npos) << Lists;
  writeFile(Project / "CMakeLists.txt", Lists.replace(At, 16, "\"src/h\xC3\xA4ndlers #1.cpp\""));
  fs::path Build = configure(Project, "unicode-build");
  nlohmann::json Log = lintAndValidate("-p " + quote(Build.string()), Project, "unicode");
  std::string Root = Log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"];
  EXPECT_NE(Root.find("/with%20space/%C3%BCnic%C3%B6de/"), std::string::npos) << Root;
  bool Found = false;
  for (const auto &R : Log["runs"][0]["results"])
    Found |= R["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/h%C3%A4ndlers%20%231.cpp";
  EXPECT_TRUE(Found) << Log.dump(1);
}

} // namespace
