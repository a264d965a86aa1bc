#include "Expectations.h"

#include <gtest/gtest.h>

using namespace corolint;
using namespace corolint::tests;

namespace {

Finding finding(unsigned Line, std::string Rule, std::string Message, std::string File = "/a.cpp") {
  Finding F;
  F.Where.File = std::move(File);
  F.Where.Line = Line;
  F.Where.Column = 1;
  F.Rule = std::move(Rule);
  F.Message = std::move(Message);
  return F;
}

TEST(Expectations, ParsesRuleFragmentsAndOffsets) {
  ExpectationFile F = parseExpectations("// ARGS: -DX -Iinc\n// OPTIONS: {\"Pedantic\": true}\n"
                                        "a(); // EXPECT: some-rule {{sleep_for}} {{get_user}}\n"
                                        "// EXPECT@+2: other-rule\n"
                                        "\n"
                                        "b();\n"
                                        "c(); // EXPECT@-4: third-rule {{x}}\n");
  ASSERT_TRUE(F.Errors.empty()) << F.Errors.front();
  EXPECT_EQ(F.Args, (std::vector<std::string>{"-DX", "-Iinc"}));
  EXPECT_EQ(F.Options, " {\"Pedantic\": true}");
  ASSERT_EQ(F.Expected.size(), 3u);
  EXPECT_EQ(F.Expected[0].Line, 3u);
  EXPECT_EQ(F.Expected[0].Rule, "some-rule");
  EXPECT_EQ(F.Expected[0].Fragments, (std::vector<std::string>{"sleep_for", "get_user"}));
  EXPECT_EQ(F.Expected[1].Line, 6u);
  EXPECT_TRUE(F.Expected[1].Fragments.empty());
  EXPECT_EQ(F.Expected[2].Line, 3u);
}

TEST(Expectations, ReportsMalformedLinesAndMissingExpectations) {
  EXPECT_FALSE(parseExpectations("x(); // EXPECT: \n").Errors.empty());
  EXPECT_FALSE(parseExpectations("x(); // EXPECT: rule stray words\n").Errors.empty());
  EXPECT_FALSE(parseExpectations("// EXPECT@-3: rule\n").Errors.empty());
  EXPECT_FALSE(parseExpectations("int x;\n").Errors.empty()) << "a file must say what it expects";
  EXPECT_FALSE(parseExpectations("// EXPECT-NONE\nx(); // EXPECT: r\n").Errors.empty());
  ExpectationFile None = parseExpectations("// EXPECT-NONE\nint x;\n");
  EXPECT_TRUE(None.Errors.empty());
  EXPECT_TRUE(None.ExpectNone);
}

TEST(Expectations, CompareIsStrict) {
  ExpectationFile F = parseExpectations("a(); // EXPECT: r {{sleep}}\nb(); // EXPECT: r\n");
  EXPECT_TRUE(compare(F, {finding(1, "r", "call to sleep"), finding(2, "r", "x")}, "/a.cpp").empty());
  // A finding nobody expected.
  EXPECT_EQ(compare(F, {finding(1, "r", "sleep"), finding(2, "r", "x"), finding(3, "r", "y")}, "/a.cpp").size(), 1u);
  // An expectation not met, and a message without the expected text.
  EXPECT_EQ(compare(F, {finding(2, "r", "x")}, "/a.cpp").size(), 1u);
  EXPECT_EQ(compare(F, {finding(1, "r", "nap"), finding(2, "r", "x")}, "/a.cpp").size(), 2u);
  // The wrong rule on the right line.
  EXPECT_EQ(compare(F, {finding(1, "q", "sleep"), finding(2, "r", "x")}, "/a.cpp").size(), 2u);
  // Two findings on one line need two expectations.
  EXPECT_EQ(compare(F, {finding(1, "r", "sleep"), finding(1, "r", "sleep"), finding(2, "r", "x")}, "/a.cpp").size(), 1u);
  // Findings in other files are not this file's business.
  EXPECT_TRUE(compare(F, {finding(1, "r", "sleep"), finding(2, "r", "x"), finding(9, "r", "z", "/b.h")}, "/a.cpp").empty());
}

} // namespace
