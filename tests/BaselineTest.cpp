// Baseline fingerprints: which parts of a finding they hash, and that the places a message or a
// lambda's name cites do not make them change when code above the finding moves.
#include "Baseline.h"
#include "SourceFiles.h"

#include <gtest/gtest.h>

using namespace corolint;

namespace {

Finding finding(const std::string &Function, const std::string &Message, unsigned Line) {
  Finding F;
  F.Rule = "needless-coroutine";
  F.Function = Function;
  F.Message = Message;
  F.Where = {"/project/src/routes.cpp", Line, 3, Line, 10};
  return F;
}

std::string fingerprint(const Finding &F) {
  SourceFiles Sources; // the file does not exist: its text reads as empty, alike for both
  return stableFingerprints({F}, "/project", Sources).at(0);
}

TEST(Baseline, PlaceNumbersAreBlanked) {
  EXPECT_EQ(withoutLineNumbers("coroutine 'lambda at routes.cpp:18 in 'add_routes'' computes (a loop at line 20)"),
            "coroutine 'lambda at routes.cpp:# in 'add_routes'' computes (a loop at line #)");
  EXPECT_EQ(withoutLineNumbers("lambda at my-app_v2.test.cc:7 in 'TEST_CASE at my-app_v2.test.cc:6'"),
            "lambda at my-app_v2.test.cc:# in 'TEST_CASE at my-app_v2.test.cc:#'");
  EXPECT_EQ(withoutLineNumbers("line 1"), "line #");
  // Numbers that are no place stay: a column after a place, an address, an amount, a route,
  // a word ending in "line".
  EXPECT_EQ(withoutLineNumbers("routes.cpp:18:4"), "routes.cpp:#:4");
  EXPECT_EQ(withoutLineNumbers("connect to 127.0.0.1:8080 after 50 ms"), "connect to 127.0.0.1:8080 after 50 ms");
  EXPECT_EQ(withoutLineNumbers("GET /items/:42 in pipeline 3, offline 4"), "GET /items/:42 in pipeline 3, offline 4");
  EXPECT_EQ(withoutLineNumbers("sleep_for(50ms) at v1.2:3"), "sleep_for(50ms) at v1.2:3");
  EXPECT_EQ(withoutLineNumbers(""), "");
}

TEST(Baseline, FingerprintKeepsWhenCitedPlacesMove) {
  Finding Before = finding("lambda at routes.cpp:18 in 'add_routes'",
                           "coroutine 'lambda at routes.cpp:18 in 'add_routes'' never suspends but computes (a loop at line 20)", 18);
  Finding After = finding("lambda at routes.cpp:21 in 'add_routes'",
                          "coroutine 'lambda at routes.cpp:21 in 'add_routes'' never suspends but computes (a loop at line 23)", 21);
  EXPECT_EQ(fingerprint(Before), fingerprint(After));
}

TEST(Baseline, FingerprintTellsFindingsApart) {
  Finding Base = finding("lambda at routes.cpp:18 in 'add_routes'", "blocking call to 'sleep' (a loop at line 20)", 18);
  std::string Print = fingerprint(Base);
  Finding OtherRule = Base;
  OtherRule.Rule = "blocking-call-in-coroutine";
  Finding OtherFunction = Base;
  OtherFunction.Function = "lambda at routes.cpp:18 in 'add_more_routes'";
  Finding OtherMessage = Base;
  OtherMessage.Message = "blocking call to 'usleep' (a loop at line 20)";
  Finding OtherFile = Base;
  OtherFile.Where.File = "/project/src/other.cpp";
  for (const Finding &F : {OtherRule, OtherFunction, OtherMessage, OtherFile})
    EXPECT_NE(fingerprint(F), Print) << F.Rule << " " << F.Function << " " << F.Message << " " << F.Where.File;

  // Two findings alike in every hashed part are told apart by their rank.
  SourceFiles Sources;
  std::vector<std::string> Two = stableFingerprints({Base, Base}, "/project", Sources);
  EXPECT_EQ(Two.at(0).substr(0, 33), Two.at(1).substr(0, 33));
  EXPECT_NE(Two.at(0), Two.at(1));
}

} // namespace
