// Router and URL decoding, without a server.
#include <gtest/gtest.h>

#include <coroweb/router.hpp>

namespace {

using coroweb::Params;
using coroweb::Router;

TEST(Router, StaticRoutesMatchExactly) {
  Router r;
  int ping = r.add("GET", "/ping");
  int root = r.add("GET", "/");
  EXPECT_EQ(r.match("GET", "/ping").route, ping);
  EXPECT_EQ(r.match("GET", "/").route, root);
  EXPECT_EQ(r.match("GET", "/ping/").status, 404u);
  EXPECT_EQ(r.match("GET", "/pin").status, 404u);
  EXPECT_EQ(r.match("GET", "").status, 404u);
}

TEST(Router, PathParametersAreDecodedPerSegment) {
  Router r;
  int id = r.add("GET", "/users/{id}/posts/{post}");
  auto m = r.match("GET", "/users/a%2Fb/posts/x%20y");
  ASSERT_EQ(m.route, id);
  EXPECT_EQ(m.params, (Params{{"id", "a/b"}, {"post", "x y"}}));
  EXPECT_EQ(r.match("GET", "/users//posts/1").status, 404u);  // an empty segment is no parameter
  EXPECT_EQ(r.match("GET", "/users/1/posts").status, 404u);
  EXPECT_EQ(r.match("GET", "/users/1/posts/2/3").status, 404u);
}

TEST(Router, EscapedLiteralSegmentsStillMatch) {
  Router r;
  int a = r.add("GET", "/a b/{x}");
  EXPECT_EQ(r.match("GET", "/a%20b/1").route, a);
  int s = r.add("GET", "/static");
  EXPECT_EQ(r.match("GET", "/st%61tic").route, s);
}

TEST(Router, RegistrationOrderDecides) {
  Router r;
  int me = r.add("GET", "/users/me");
  int any = r.add("GET", "/users/{id}");
  EXPECT_EQ(r.match("GET", "/users/me").route, me);
  EXPECT_EQ(r.match("GET", "/users/7").route, any);
}

TEST(Router, WrongMethodIs405WithAllow) {
  Router r;
  r.add("GET", "/x");
  r.add("PUT", "/x");
  r.add("GET", "/y/{id}");
  auto m = r.match("POST", "/x");
  EXPECT_EQ(m.status, 405u);
  EXPECT_EQ(m.route, -1);
  EXPECT_EQ(m.allow, "GET, PUT");
  EXPECT_EQ(r.match("DELETE", "/y/1").allow, "GET");
  EXPECT_EQ(r.match("DELETE", "/z").status, 404u);
}

TEST(Router, RejectsMalformedPatterns) {
  Router r;
  EXPECT_THROW(r.add("GET", "nope"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", ""), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/{}"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/{id"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/x{id}"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/{id}/{id}"), std::invalid_argument);
  r.add("GET", "/dup");
  EXPECT_THROW(r.add("GET", "/dup"), std::invalid_argument);
}

TEST(Url, PercentDecode) {
  EXPECT_EQ(coroweb::percent_decode("a%20b%2fc"), "a b/c");
  EXPECT_EQ(coroweb::percent_decode("a+b"), "a+b");
  EXPECT_EQ(coroweb::percent_decode("a+b", true), "a b");
  EXPECT_EQ(coroweb::percent_decode("100%"), "100%");    // malformed escapes stay literal
  EXPECT_EQ(coroweb::percent_decode("%zz%4"), "%zz%4");
  EXPECT_EQ(coroweb::percent_decode("%E2%9C%93"), "\xE2\x9C\x93");
}

TEST(Url, ParseQuery) {
  EXPECT_EQ(coroweb::parse_query("a=1&b=x+y&flag&&c=%3D&a=2"),
            (Params{{"a", "1"}, {"b", "x y"}, {"flag", ""}, {"c", "="}, {"a", "2"}}));
  EXPECT_EQ(coroweb::parse_query(""), Params{});
  EXPECT_EQ(coroweb::parse_query("=v"), (Params{{"", "v"}}));
}

}  // namespace
