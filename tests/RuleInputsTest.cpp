// Runs every test input under test-inputs/rules/<rule-id>/ through that rule, in process (parse,
// rules, link step), and checks its findings against the file's inline expectations.
#include "Driver.h"
#include "Expectations.h"

#include "corolint/Catalog.h"
#include "corolint/Framework.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace corolint;

namespace {

const fs::path InputsRoot = fs::path(COROLINT_SOURCE_DIR) / "test-inputs";

std::vector<fs::path> ruleInputs() {
  std::vector<fs::path> Files;
  for (const auto &Entry : fs::recursive_directory_iterator(InputsRoot / "rules"))
    if (Entry.is_regular_file() && Entry.path().extension() == ".cpp")
      Files.push_back(Entry.path());
  std::sort(Files.begin(), Files.end());
  return Files;
}

std::string readFile(const fs::path &Path) {
  std::ifstream In(Path);
  std::stringstream Buffer;
  Buffer << In.rdbuf();
  return Buffer.str();
}

class RuleInput : public ::testing::TestWithParam<fs::path> {};

// The names by which a message would give a framework's advice.
const std::map<std::string, std::vector<std::string>> AdviceNames = {
    {"coroweb", {"coroweb"}},        {"asio", {"asio::", "asio "}}, {"drogon", {"drogon::", "trantor"}},
    {"libcoro", {"coro::thread_pool", "coro::scheduler", "tp.schedule"}}, {"cppcoro", {"cppcoro"}},
    {"folly", {"folly", "co_withExecutor"}},     {"async_simple", {"async_simple"}}};

// Every message's advice comes from the model of the coroutine's own framework: a finding in
// a coroutine of one framework names no other (coroweb, built on Asio, may name Asio's spawn).
std::vector<std::string> foreignAdvice(const std::vector<Finding> &Findings) {
  std::vector<std::string> Problems;
  for (const Finding &F : Findings) {
    auto Own = F.Properties.find("framework");
    if (Own == F.Properties.end() || Own->second.empty())
      continue;
    for (const auto &[Framework, Names] : AdviceNames) {
      if (Framework == Own->second || (Own->second == "coroweb" && Framework == "asio"))
        continue;
      for (const std::string &Name : Names)
        if (F.Message.find(Name) != std::string::npos)
          Problems.push_back("line " + std::to_string(F.Where.Line) + ": a finding in " + Own->second +
                             " code gives " + Framework + "'s advice ('" + Name + "'): " + F.Message);
    }
  }
  return Problems;
}

TEST_P(RuleInput, FindingsMatchExpectations) {
  const fs::path &File = GetParam();
  std::string RuleId = File.parent_path().filename().string();
  const RuleInfo *Rule = findRule(RuleId);
  ASSERT_NE(Rule, nullptr) << File << " is not in the folder of a known rule";

  tests::ExpectationFile Expected = tests::parseExpectations(readFile(File));
  clang::tooling::CompileCommand Command;
  Command.Directory = File.parent_path().string();
  Command.Filename = File.string();
  Command.CommandLine = {"clang++", "-std=c++20", "-isystem", (InputsRoot / "include").string(),
                         "-I", (fs::path(COROLINT_SOURCE_DIR) / "include").string()};
  Command.CommandLine.insert(Command.CommandLine.end(), Expected.Args.begin(), Expected.Args.end());
  Command.CommandLine.push_back(File.string());

  EngineOptions Options;
  Options.Rules = {Rule};
  if (!Expected.Options.empty())
    Options.Settings[std::string(Rule->Id)] =
        RuleSettings{Rule->DefaultLevel, RuleOptions(nlohmann::json::parse(Expected.Options))};
  Options.Catalog = &BlockingApiCatalog::builtin();
  Options.Models = &Frameworks::builtin();
  Options.ResourceDir = COROLINT_BUILD_RESOURCE_DIR;
  // The whole pipeline, link step included, on this one translation unit.
  RunResult Result = analyzeAll({Command}, Options, 1);
  ASSERT_TRUE(Result.Failures.empty()) << "test input does not compile: " << Result.Failures.front().Error;

  for (const std::string &Problem : tests::compare(Expected, Result.Findings, File.string()))
    ADD_FAILURE() << File.filename().string() << ": " << Problem;
  for (const std::string &Problem : foreignAdvice(Result.Findings))
    ADD_FAILURE() << File.filename().string() << ": " << Problem;
}

std::string caseName(const ::testing::TestParamInfo<fs::path> &Info) {
  std::string Name = fs::relative(Info.param, InputsRoot / "rules").replace_extension().string();
  for (char &C : Name)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

INSTANTIATE_TEST_SUITE_P(TestInputs, RuleInput, ::testing::ValuesIn(ruleInputs()), caseName);

} // namespace
