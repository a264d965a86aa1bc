// The streaming JSON reader of summaries and cache entries, and summaries read back through it.
#include "Driver.h"
#include "JsonCursor.h"

#include <gtest/gtest.h>

#include <array>

using namespace corolint;

namespace {

// What reading Text as one string gives, or the error's reason and offset.
std::string stringOf(std::string_view Text) {
  JsonCursor C(Text);
  try {
    std::string S = C.string();
    C.end();
    return S;
  } catch (const JsonCursor::Error &E) {
    return "error@" + std::to_string(E.Offset) + ": " + E.what();
  }
}

std::string errorOf(std::string_view Text, void (*Read)(JsonCursor &)) {
  JsonCursor C(Text);
  try {
    Read(C);
    C.end();
  } catch (const JsonCursor::Error &E) {
    return "@" + std::to_string(E.Offset) + ": " + E.what();
  }
  return "";
}

void skipOne(JsonCursor &C) { C.skip(); }

void readPoint(JsonCursor &C) {
  static constexpr std::array<std::string_view, 2> Keys{"x", "y"};
  C.object(Keys, [&](size_t) { C.unsignedInteger(); });
}

TEST(JsonCursor, StringsWithEveryEscape) {
  EXPECT_EQ(stringOf(R"("plain")"), "plain");
  EXPECT_EQ(stringOf(R"(" a\"b\\c\/d\b\f\n\r\t")"), " a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ(stringOf(R"("\u00e9\u20ac")"), "\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(stringOf(R"("\ud83d\ude00")"), "\xF0\x9F\x98\x80"); // a surrogate pair, one code point
  EXPECT_EQ(stringOf("\"caf\xC3\xA9\""), "caf\xC3\xA9");
}

TEST(JsonCursor, MalformedStringsAreRefusedWhereTheyGoWrong) {
  EXPECT_EQ(stringOf("\"abc"), "error@4: unterminated string, found the end of the text");
  EXPECT_EQ(stringOf("\"a\xFF\""), "error@2: a string that is not UTF-8, found a byte 255");
  EXPECT_EQ(stringOf("\"\xC0\xAF\""), "error@1: a string that is not UTF-8, found a byte 192"); // overlong '/'
  EXPECT_EQ(stringOf("\"\xED\xA0\x80\""), "error@1: a string that is not UTF-8, found a byte 237"); // a surrogate
  EXPECT_EQ(stringOf("\"a\nb\""), "error@2: a control character in a string (it must be escaped), found a byte 10");
  EXPECT_EQ(stringOf(R"("\x")"), "error@2: an invalid escape in a string, found 'x'");
  EXPECT_EQ(stringOf(R"("\u12")"), "error@5: an invalid \\u escape, found '\"'");
  EXPECT_EQ(stringOf(R"("\ude00")"), "error@7: a \\u escape of a lone low surrogate, found '\"'");
  EXPECT_EQ(stringOf(R"("\ud83dx")").rfind("error@7: a \\u escape of a high surrogate without", 0), 0u);
  EXPECT_EQ(stringOf(R"("a" x)"), "error@4: unexpected text after the JSON value, found 'x'");
  EXPECT_EQ(stringOf("7"), "error@0: expected a string, found '7'");
}

TEST(JsonCursor, UnsignedIntegers) {
  JsonCursor C(" 0 18446744073709551615");
  EXPECT_EQ(C.unsignedInteger(), 0u);
  EXPECT_EQ(C.unsignedInteger(), UINT64_MAX);
  for (const char *Bad : {"18446744073709551616", "-1", "1.5", "1e3", "01", "x"})
    EXPECT_NE(errorOf(Bad, [](JsonCursor &C) { C.unsignedInteger(); }), "") << Bad;
}

TEST(JsonCursor, ObjectsNeedEachKeyOnceAndSkipUnknownOnes) {
  EXPECT_EQ(errorOf(R"({"y": 2, "extra": {"a": [1, -2.5e3, true, null, "s", {}]}, "x": 1})", readPoint), "");
  EXPECT_EQ(errorOf(R"({"x": 1})", readPoint), "@7: missing key 'y'");
  EXPECT_EQ(errorOf(R"({"x": 1, "x": 2, "y": 3})", readPoint), "@9: duplicate key 'x'");
  EXPECT_EQ(errorOf(R"({"x": 1 "y": 2})", readPoint), "@8: expected ',' or '}', found '\"'");
  EXPECT_EQ(errorOf(R"({"x": 1, "y": 2,})", readPoint), "@16: expected a string, found '}'");
  EXPECT_EQ(errorOf(R"([])", readPoint), "@0: expected an object, found '['");
}

TEST(JsonCursor, SkipsAnyValueWithoutRecursionUpToTheDepthLimit) {
  std::string Deep = std::string(MaxJsonDepth, '[') + std::string(MaxJsonDepth, ']');
  EXPECT_EQ(errorOf(Deep, skipOne), "");
  std::string TooDeep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(errorOf(TooDeep, skipOne), "@" + std::to_string(MaxJsonDepth) + ": nested more than " +
                                          std::to_string(MaxJsonDepth) + " levels deep, found '['");
  for (const char *Bad : {"", "[1,]", "{\"a\"}", "{\"a\":}", "tru", "[1 2]", "-", "1.", "{1: 2}"})
    EXPECT_NE(errorOf(Bad, skipOne), "") << Bad;
  for (const char *Good : {"[]", "{}", "[[], {}]", "{\"a\": {\"b\": [0, 1e-5, false]}}", " -0.25E+2 "})
    EXPECT_EQ(errorOf(Good, skipOne), "") << Good;
}

TranslationUnitSummary sampleUnit() {
  TranslationUnitSummary Unit;
  Unit.File = "/p/src/a\xC3\xA9.cpp";
  FunctionSummary F;
  F.Usr = "c:@F@handler#";
  F.Name = "handler";
  F.IsCoroutine = true;
  F.Framework = "asio";
  F.Where = {"/p/src/a.cpp", 3, 1, 9, 2};
  F.Blocking.push_back({"sleep", "sleep", {"/p/src/a.cpp", 4, 3, 4, 12}});
  F.Calls.push_back({"c:@F@load#", "load", true, {"/p/src/a.cpp", 5, 3, 5, 9}, true});
  F.Overrides = {"c:@S@Base@F@handler#"};
  Unit.Functions = {F, FunctionSummary{}};
  Unit.Routes.push_back({"c:@F@handler#", "GET", "/users/{id}", {"/p/src/main.cpp", 20, 3, 20, 40}});
  Finding Found;
  Found.Rule = "blocking-call-in-coroutine";
  Found.Severity = Level::Error;
  Found.Message = "'sleep' \"blocks\"\n";
  Found.Where = {"/p/src/a.cpp", 4, 3, 4, 12};
  Found.Function = "handler";
  Found.FunctionUsr = F.Usr;
  Found.Notes.push_back({"a note", {"/p/src/b.cpp", 1, 1, 1, 2}});
  Found.Properties = {{"api", "sleep"}, {"family", "sleep"}};
  Found.Fixes.push_back({"use the loop's timer", {{{"/p/src/a.cpp", 4, 3, 4, 12}, 40, 9, "sleep(1)", "co_await t"}}});
  Unit.Findings.push_back(Found);
  Unit.Error = "src/a.cpp:1:1: error: boom";
  Unit.FilesRead = {"/p/src/a.cpp", "/p/include/h.hpp"};
  return Unit;
}

TEST(SummaryReader, ReadsBackExactlyWhatWasWritten) {
  TranslationUnitSummary Unit = sampleUnit();
  std::string Text = summaryText(Unit);
  auto Read = parseSummary(Text, "a.corolint.json");
  ASSERT_TRUE(bool(Read)) << llvm::toString(Read.takeError());
  EXPECT_EQ(summaryText(*Read), Text);
  EXPECT_EQ(Read->Functions[0].Calls[0].OnPool, true);
  EXPECT_EQ(Read->Findings[0].Fixes[0].Replacements[0].Offset, 40u);
  EXPECT_EQ(*Read->Error, "src/a.cpp:1:1: error: boom");

  Unit.Error.reset();
  auto NoError = parseSummary(summaryText(Unit), "a.corolint.json");
  ASSERT_TRUE(bool(NoError)) << llvm::toString(NoError.takeError());
  EXPECT_FALSE(NoError->Error);
}

TEST(SummaryReader, RefusesOtherVersionsAndDamageInOneLineWithThePlace) {
  std::string Text = summaryText(sampleUnit());
  auto errorOfSummary = [](const std::string &T) {
    auto Read = parseSummary(T, "s.corolint.json");
    return Read ? std::string("read") : llvm::toString(Read.takeError());
  };
  const std::string Foreign = "s.corolint.json: not a corolint summary of format version 5";
  EXPECT_EQ(errorOfSummary(R"({"corolint_summary": 99})"), Foreign);
  EXPECT_EQ(errorOfSummary("[1, 2]"), Foreign);
  EXPECT_EQ(errorOfSummary(""), Foreign);
  EXPECT_EQ(errorOfSummary(Text.substr(0, Text.size() / 2)).rfind("s.corolint.json:1:", 0), 0u);
  std::string Level = Text;
  Level.replace(Level.find("\"error\"", Level.find("\"level\"")), 7, "\"loud!\"");
  EXPECT_NE(errorOfSummary(Level).find("unknown level \"loud!\""), std::string::npos) << errorOfSummary(Level);
  std::string Missing = Text;
  Missing.replace(Missing.find("\"on_pool\""), 9, "\"on_pond\"");
  EXPECT_NE(errorOfSummary(Missing).find("missing key 'on_pool'"), std::string::npos) << errorOfSummary(Missing);
  std::string Span = Text;
  Span.replace(Span.find("\",4,3,4,12]"), 11, "\",4294967296,3,4,12]");
  EXPECT_NE(errorOfSummary(Span).find("a number too large"), std::string::npos) << errorOfSummary(Span);
  std::string Short = Text;
  Short.replace(Short.find("\",4,3,4,12]"), 11, "\",4,3,4]");
  EXPECT_NE(errorOfSummary(Short).find("a source span of fewer than 5 elements"), std::string::npos);
  EXPECT_NE(errorOfSummary(Text + "x").find("unexpected text after the JSON value"), std::string::npos);
}

} // namespace
