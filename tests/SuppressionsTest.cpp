// NOLINT comments in clang-tidy's syntax, and which findings they suppress.
#include "SourceFiles.h"
#include "Suppressions.h"
#include "RunTool.h"

#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace corolint;

namespace {

TEST(Suppressions, ParseClangTidysForms) {
  auto D = parseSuppressions("f.cpp", "a(); // NOLINT\n"
                                      "b(); // NOLINT(blocking-call-in-coroutine, other-*)\n"
                                      "// NOLINTNEXTLINE(blocking-call-in-coroutine)\n"
                                      "c();\n"
                                      "// NOLINTBEGIN(blocking-call-in-coroutine)\n"
                                      "d();\n"
                                      "// NOLINTEND(blocking-call-in-coroutine)\n"
                                      "e(); // MYNOLINT and NOLINTFOO are not ours\n"
                                      "const char *s = \"NOLINT\";\n");
  ASSERT_EQ(D.size(), 5u);
  EXPECT_TRUE(D[0].AllRules);
  EXPECT_EQ(D[0].FirstLine, 1u);
  EXPECT_EQ(D[1].Patterns, std::vector<std::string>({"blocking-call-in-coroutine", "other-*"}));
  EXPECT_TRUE(D[1].covers("other-rule"));
  EXPECT_FALSE(D[1].covers("unrelated"));
  EXPECT_EQ(D[2].What, SuppressionDirective::NextLine);
  EXPECT_EQ(D[2].FirstLine, 4u);
  EXPECT_EQ(D[3].What, SuppressionDirective::Begin);
  EXPECT_EQ(D[3].FirstLine, 5u);
  EXPECT_EQ(D[3].LastLine, 7u);
  EXPECT_EQ(D[4].What, SuppressionDirective::End);
  EXPECT_EQ(D[1].Text, "NOLINT(blocking-call-in-coroutine, other-*)");
  EXPECT_EQ(D[1].Where.Column, 9u);
}

TEST(Suppressions, MarkWhatTheyCoverAndReportTheUnused) {
  fs::path File = fs::temp_directory_path() / ("corolint-nolint-" + std::to_string(getpid()) + ".cpp");
  tests::writeFile(File, "a(); // NOLINT(blocking-call-in-coroutine)\n"
                         "b(); // NOLINT(other-rule)\n"
                         "// NOLINTNEXTLINE(blocking-call-in-coroutine)\n"
                         "c();\n"
                         "d(); // NOLINT(blocking-call-in-coroutine)\n");
  auto At = [&](unsigned Line) {
    Finding F;
    F.Rule = "blocking-call-in-coroutine";
    F.Where = {File.string(), Line, 1, Line, 4};
    return F;
  };
  std::vector<Finding> Findings = {At(1), At(2), At(4)};
  SourceFiles Sources;
  std::vector<Finding> Unused = applySuppressions(Findings, Sources, {}, {"blocking-call-in-coroutine"}, true);
  EXPECT_TRUE(Findings[0].SuppressedBy.has_value());
  EXPECT_FALSE(Findings[1].SuppressedBy.has_value()) << "NOLINT(other-rule) is not ours";
  ASSERT_TRUE(Findings[2].SuppressedBy.has_value());
  EXPECT_EQ(Findings[2].SuppressedBy->Directive, "NOLINTNEXTLINE(blocking-call-in-coroutine)");
  EXPECT_EQ(Findings[2].SuppressedBy->Where.Line, 3u);
  ASSERT_EQ(Unused.size(), 1u) << "only line 5's suppresses nothing; other-rule is not ours to judge";
  EXPECT_EQ(Unused[0].Rule, UnusedSuppressionRule);
  EXPECT_EQ(Unused[0].Where.Line, 5u);
  EXPECT_EQ(Unused[0].Message, "'NOLINT(blocking-call-in-coroutine)' suppresses nothing; remove it");
  fs::remove(File);
}

} // namespace
