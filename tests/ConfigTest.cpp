// The configuration file: what it accepts, and the one-line errors for what it does not.
#include "Config.h"

#include <gtest/gtest.h>

using namespace corolint;

namespace {

std::string errorOf(const std::string &Text) {
  auto C = parseConfig(Text, ".corolint.json");
  if (C)
    return "";
  return llvm::toString(C.takeError());
}

TEST(Config, AcceptsEveryKey) {
  auto C = parseConfig(R"({
    "$comment": "all keys",
    "select": ["blocking-call-in-coroutine"], "ignore": [],
    "rules": {"blocking-call-in-coroutine": {"level": "error"}},
    "blocking": [{"family": "legacy-db", "suggestion": "use the async client", "apis": ["legacy::query"]}],
    "allowed": ["std::future::get"],
    "frameworks": [{"name": "mine"}],
    "exclude": ["third_party/*"],
    "follow_virtual_calls": true, "follow_headers": ["vendor/"],
    "fail_on": "warning", "report_unused_suppressions": true
  })", ".corolint.json");
  ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
  EXPECT_EQ(*C->Select, std::vector<std::string>({"blocking-call-in-coroutine"}));
  EXPECT_EQ(C->Rules["blocking-call-in-coroutine"].Severity, Level::Error);
  EXPECT_EQ(C->Blocking.size(), 1u);
  EXPECT_EQ(C->Allowed, std::vector<std::string>({"std::future::get"}));
  EXPECT_EQ(C->Frameworks[0]["name"], "mine");
  EXPECT_EQ(C->FailOn, Level::Warning);
  EXPECT_TRUE(*C->FollowVirtualCalls);
  EXPECT_TRUE(*C->ReportUnusedSuppressions);
}

TEST(Config, ErrorsNameTheFileAndTheKey) {
  EXPECT_EQ(errorOf(R"({"selct": []})").rfind(".corolint.json: selct: unknown key", 0), 0u) << errorOf(R"({"selct": []})");
  EXPECT_EQ(errorOf(R"({"select": ["nope"]})"), ".corolint.json: select[0]: unknown rule 'nope' (corolint --list-rules lists them)");
  EXPECT_EQ(errorOf(R"({"rules": {"nope": {}}})").rfind(".corolint.json: rules.nope: unknown rule", 0), 0u);
  EXPECT_EQ(errorOf(R"({"rules": {"blocking-call-in-coroutine": {"level": "loud"}}})"),
            ".corolint.json: rules.blocking-call-in-coroutine.level: must be \"note\", \"warning\" or \"error\" (not \"loud\")");
  EXPECT_EQ(errorOf(R"({"rules": {"blocking-call-in-coroutine": {"options": {"Pedantc": true}}}})")
                .rfind(".corolint.json: rules.blocking-call-in-coroutine.options.Pedantc: unknown option (options: ", 0),
            0u);
  EXPECT_EQ(errorOf(R"({"rules": {"blocking-call-in-coroutine": {"lvl": "error"}}})"),
            ".corolint.json: rules.blocking-call-in-coroutine.lvl: unknown key (keys: level, options)");
  EXPECT_EQ(errorOf(R"({"allowed": "std::future::get"})"), ".corolint.json: allowed: must be an array of strings");
  EXPECT_EQ(errorOf(R"({"exclude": [1]})"), ".corolint.json: exclude[0]: must be a string");
  EXPECT_EQ(errorOf(R"({"frameworks": [1]})"), ".corolint.json: frameworks[0]: must be an object");
  EXPECT_EQ(errorOf(R"({"fail_on": "fatal"})").rfind(".corolint.json: fail_on: must be", 0), 0u);
  EXPECT_EQ(errorOf(R"({"follow_virtual_calls": "yes"})"), ".corolint.json: follow_virtual_calls: must be true or false");
  EXPECT_EQ(errorOf(R"({"blocking": [{"family": "x", "suggestion": "y", "apis": []}]})"),
            ".corolint.json: blocking: family 'x': 'apis' must be a non-empty array");
  EXPECT_EQ(errorOf("[1]"), ".corolint.json: (top level): must be a JSON object");
  EXPECT_EQ(errorOf("{\"select\": [").rfind(".corolint.json:1:13: syntax error", 0), 0u) << errorOf("{\"select\": [");
  EXPECT_EQ(errorOf("{\"select\": [").find('\n'), std::string::npos);
}

TEST(Config, ExcludeGlobsMatchPathsRelativeToTheConfigurationsDirectory) {
  EXPECT_TRUE(isExcluded("/repo/third_party/x/y.cpp", {"third_party/*"}, "/repo"));
  EXPECT_TRUE(isExcluded("/repo/src/gen/a.pb.cc", {"*.pb.cc"}, "/repo"));
  EXPECT_FALSE(isExcluded("/repo/src/handlers.cpp", {"third_party/*", "*.pb.cc"}, "/repo"));
  EXPECT_TRUE(isExcluded("/elsewhere/a.cpp", {"/elsewhere/*"}, "/repo"));
}

} // namespace
