#include "Engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace corolint;

namespace {

bool contains(const std::vector<std::string> &Args, const std::string &Arg) {
  return std::find(Args.begin(), Args.end(), Arg) != Args.end();
}

TEST(AdjustForClang, DropsFlagsOnlyGccKnowsAndKeepsTheRest) {
  std::vector<std::string> Gcc = {"/usr/bin/g++", "-std=gnu++20", "-fconcepts-diagnostics-depth=2",
                                  "-I", "include", "-DNAME=1", "-fcoroutines", "-O2", "-Werror",
                                  "-fpch-preprocess", "-c", "src/a.cpp", "-o", "a.o"};
  std::vector<std::string> Out = adjustForClang(Gcc, "/tmp", "/res");
  EXPECT_EQ(Out.front(), "/usr/bin/g++");
  EXPECT_FALSE(contains(Out, "-fconcepts-diagnostics-depth=2"));
  EXPECT_FALSE(contains(Out, "-fpch-preprocess"));
  for (const char *Kept : {"-std=gnu++20", "-I", "include", "-DNAME=1", "-O2", "src/a.cpp", "-o", "a.o"})
    EXPECT_TRUE(contains(Out, Kept)) << Kept;
  EXPECT_TRUE(contains(Out, "-w")) << "-Werror must not turn clang's own warnings into errors";
  EXPECT_EQ(Out.back(), "-resource-dir=/res");
}

TEST(AdjustForClang, IncludesAGccPrecompiledHeaderAsText) {
  fs::path Dir = fs::temp_directory_path() / "corolint-pch-test";
  fs::create_directories(Dir);
  std::ofstream(Dir / "pch.hxx") << "#include <vector>\n";
  std::ofstream(Dir / "pch.hxx.gch") << "not a clang PCH";
  std::vector<std::string> Out =
      adjustForClang({"g++", "-include", "pch.hxx", "-Winvalid-pch", "-c", "a.cpp"}, Dir.string(), "");
  std::vector<std::string> Expected = {"g++", "-Xclang", "-include", "-Xclang", "pch.hxx", "-Winvalid-pch", "-c", "a.cpp", "-w", "-fno-caret-diagnostics"};
  EXPECT_EQ(Out, Expected);
  // Without a precompiled header beside it, -include stays as it is.
  fs::remove(Dir / "pch.hxx.gch");
  Out = adjustForClang({"g++", "-include", "pch.hxx", "-c", "a.cpp"}, Dir.string(), "");
  EXPECT_EQ(Out, (std::vector<std::string>{"g++", "-include", "pch.hxx", "-c", "a.cpp", "-w", "-fno-caret-diagnostics"}));
  fs::remove_all(Dir);
}

TEST(FindResourceDir, FindsClangsBuiltinHeaders) {
  std::string Dir = findResourceDir("corolint");
  ASSERT_FALSE(Dir.empty());
  EXPECT_TRUE(fs::exists(fs::path(Dir) / "include" / "stddef.h"));
}

} // namespace
