// Every rule in Rules.def is complete (documentation, test inputs), and the catalog and the
// framework models are sound: what they accept, and the one-line errors for what they do not.
#include "corolint/Catalog.h"
#include "corolint/Framework.h"
#include "corolint/Rule.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace fs = std::filesystem;
using namespace corolint;

namespace {

TEST(Registry, EveryRuleHasItsDocumentationAndTestInputs) {
  ASSERT_FALSE(allRules().empty());
  for (const RuleInfo &Rule : allRules()) {
    SCOPED_TRACE(std::string(Rule.Id));
    EXPECT_TRUE(fs::exists(fs::path(COROLINT_SOURCE_DIR) / "rules" / Rule.Id / "README.md"));
    for (const char *Heading : {"## What it does", "## Why is this bad?", "## Example",
                                "## Use instead", "## Options", "## Frameworks"})
      EXPECT_NE(Rule.Doc.find(Heading), std::string_view::npos) << "README lacks " << Heading;
    EXPECT_FALSE(Rule.summary().empty());
    EXPECT_EQ(Rule.summary().find('\n'), std::string::npos);
    size_t Inputs = 0;
    fs::path Dir = fs::path(COROLINT_SOURCE_DIR) / "test-inputs" / "rules" / Rule.Id;
    if (fs::is_directory(Dir))
      for (const auto &Entry : fs::directory_iterator(Dir))
        Inputs += Entry.path().extension() == ".cpp";
    EXPECT_GT(Inputs, 0u) << "no test inputs in " << Dir;
    EXPECT_NE(Rule.Create(), nullptr);
    EXPECT_EQ(findRule(Rule.Id), &Rule);
  }
  EXPECT_EQ(findRule("no-such-rule"), nullptr);
}

TEST(Catalog, BuiltinCatalogLoadsAndCoversEveryFamilyTheIssueNames) {
  const BlockingApiCatalog &Catalog = BlockingApiCatalog::builtin();
  std::set<std::string> Families;
  for (const auto &Api : Catalog.apis()) {
    Families.insert(Api->Family);
    EXPECT_FALSE(Api->Suggestion.empty()) << Api->Name;
  }
  for (const char *Family : {"sleep", "file-io", "filesystem", "process", "socket", "dns", "wait",
                             "console-input", "asio-sync", "http-client", "database"})
    EXPECT_TRUE(Families.count(Family)) << Family;
  EXPECT_GT(Catalog.size(), 200u);
}

TEST(Catalog, AppliesNamespaceAliases) {
  const BlockingApiCatalog &Catalog = BlockingApiCatalog::builtin();
  EXPECT_EQ(Catalog.canonical("boost::asio::read"), "asio::read");
  EXPECT_EQ(Catalog.canonical("boost::asiox::read"), "boost::asiox::read");
  EXPECT_EQ(Catalog.canonical("std::future::get"), "std::future::get");
}

std::string parseError(const std::string &Json) {
  try {
    BlockingApiCatalog::parse(Json, "my-catalog.json");
  } catch (const std::exception &E) {
    return E.what();
  }
  return "";
}

TEST(Catalog, BadCatalogsAreRejectedWithTheFileAndTheEntry) {
  EXPECT_EQ(parseError("{ nope"), parseError("{ nope")); // deterministic
  EXPECT_NE(parseError("{ nope").find("my-catalog.json: invalid JSON"), std::string::npos);
  EXPECT_NE(parseError("[]").find("'families'"), std::string::npos);
  EXPECT_NE(parseError(R"({"families":[{"family":"f","apis":["x"]}]})").find("'suggestion'"), std::string::npos);
  EXPECT_NE(parseError(R"({"families":[{"family":"f","suggestion":"s","apis":[]}]})").find("'apis'"), std::string::npos);
  EXPECT_NE(parseError(R"({"families":[{"family":"f","suggestion":"s","apis":["a*b"]}]})").find("'a*b'"), std::string::npos);
  EXPECT_NE(parseError(R"({"families":[{"family":"f","suggestion":"s","apis":[{"name":"x","kind":"macro"}]}]})").find("'kind'"), std::string::npos);
  EXPECT_NE(parseError(R"({"families":[{"family":"f","suggestion":"s","apis":[{"name":"x","colour":1}]}]})").find("unknown key 'colour'"), std::string::npos);
  EXPECT_NE(parseError(R"({"families":[],"extra":1})").find("unknown key 'extra'"), std::string::npos);
  EXPECT_EQ(parseError(R"({"families":[{"family":"f","suggestion":"s","apis":["x",{"name":"ns::*","except":["y"]}]}]})"), "");
}

TEST(Catalog, PathUnderClausesAreChecked) {
  auto withUnless = [](const std::string &Clause) {
    return parseError(R"({"families":[{"family":"f","suggestion":"s","apis":[{"name":"x","unless":)" + Clause + "}]}]}");
  };
  EXPECT_EQ(withUnless(R"({"arg": 0, "path_under": ["/proc/"]})"), "");
  EXPECT_EQ(withUnless(R"({"arg": "object", "path_under": ["/proc/", "/sys/fs/cgroup/"]})"), "");
  EXPECT_NE(withUnless(R"({"arg": 0, "path_under": ["/proc"]})").find("'/proc' is not an absolute directory ending in '/'"),
            std::string::npos);
  EXPECT_NE(withUnless(R"({"arg": 0, "path_under": ["proc/"]})").find("'proc/' is not an absolute directory"), std::string::npos);
  EXPECT_NE(withUnless(R"({"arg": 0, "path_under": "/proc/"})").find("path_under"), std::string::npos);
  EXPECT_NE(withUnless(R"({"arg": "object", "has_flags": ["O_NONBLOCK"]})").find("\"object\" takes only \"path_under\""),
            std::string::npos);
  EXPECT_NE(withUnless(R"({"arg": "self", "path_under": ["/proc/"]})").find("argument index (0, 1, ...) or \"object\""),
            std::string::npos);
  EXPECT_NE(withUnless(R"({"path_under": ["/proc/"]})").find("each 'unless' clause is"), std::string::npos);
}

std::string modelError(const std::string &Json) {
  try {
    Frameworks::parse(nlohmann::json::parse(Json), "my-model.json");
  } catch (const std::exception &E) {
    return E.what();
  }
  return "";
}

TEST(FrameworkModel, EveryListKeyIsReadAndBadValuesAreRejectedNamingTheModelAndKey) {
  const std::string Head = R"({"framework": "mine", "coroutine_types": ["my::task"], )";
  auto withKey = [&](const std::string &KeyAndValue) { return modelError(Head + KeyAndValue + "}"); };
  FrameworkModel M = Frameworks::parse(nlohmann::json::parse(Head + R"(
    "combinators": ["my::when_all"], "loop_hops": ["my::scheduler::schedule"],
    "pool_hops": [{"call": "my::post", "first_arg": ["my::pool"]}], "off_loop_starts": ["my::sync_wait"]})"),
                                       "my-model.json");
  EXPECT_EQ(M.Combinators, std::vector<std::string>({"my::when_all"}));
  ASSERT_EQ(M.LoopHops.size(), 1u);
  EXPECT_EQ(M.LoopHops[0].Call, "my::scheduler::schedule");
  ASSERT_EQ(M.PoolHops.size(), 1u);
  EXPECT_EQ(M.PoolHops[0].FirstArgTypes, std::vector<std::string>({"my::pool"}));
  ASSERT_EQ(M.OffLoopStarts.size(), 1u);

  EXPECT_EQ(withKey(R"("combinators": "my::when_all")"), "my-model.json: framework 'mine': 'combinators' must be an array of strings");
  EXPECT_EQ(withKey(R"("combinators": [1])"), "my-model.json: framework 'mine': 'combinators' must be an array of strings");
  for (const char *Key : {"loop_hops", "pool_hops", "off_loop_starts", "detached_starts"}) {
    SCOPED_TRACE(Key);
    std::string K = Key;
    EXPECT_EQ(withKey("\"" + K + "\": [1]"), "my-model.json: framework 'mine'." + K + ": each is a name or {\"call\", \"first_arg\"}");
    // A bare name or an object where the list belongs is a mistake, not a list of one.
    EXPECT_EQ(withKey("\"" + K + "\": \"my::schedule\""), "my-model.json: framework 'mine'." + K + ": must be an array");
    EXPECT_EQ(withKey("\"" + K + "\": {\"call\": \"my::schedule\"}"), "my-model.json: framework 'mine'." + K + ": must be an array");
    EXPECT_EQ(withKey("\"" + K + "\": [{\"call\": \"my::schedule\", \"arg\": 0}]"),
              "my-model.json: framework 'mine'." + K + ": unknown key 'arg'");
    EXPECT_EQ(withKey("\"" + K + "\": [{\"call\": \"my::schedule\", \"first_arg\": \"my::pool\"}]"),
              "my-model.json: framework 'mine'." + K + ": 'first_arg' must be an array of strings");
  }
  EXPECT_EQ(withKey(R"("coroutine_types": "my::task")"), "my-model.json: framework 'mine'.coroutine_types: must be an array");
  EXPECT_EQ(withKey(R"("routes": {"call": "my::get"})"), "my-model.json: framework 'mine'.routes: must be an array");
  EXPECT_EQ(withKey(R"("loop_hop": [])"), "my-model.json: framework 'mine': unknown key 'loop_hop'");
  EXPECT_EQ(modelError(R"({"coroutine_types": []})"), "my-model.json: a framework model is an object with a 'framework' name");
}

} // namespace
