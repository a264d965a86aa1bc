// A real editor: headless Neovim runs tests/lsp/neovim.lua against `corolint lsp` on a copy of
// the editor project, and the test checks what it wrote down.
#include "../RunTool.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace corolint::tests;
using json = nlohmann::json;

namespace {

TEST(NeovimTest, DiagnosticsFixAndSave) {
  ASSERT_STRNE(COROLINT_NVIM, "") << "Neovim not found when configured: install it (scripts/install-deps.sh) and re-run cmake";
  fs::path Project = fs::temp_directory_path() / ("corolint-nvim-" + std::to_string(getpid()));
  fs::remove_all(Project);
  fs::copy(fs::path(COROLINT_SOURCE_DIR) / "test-inputs/projects/editor", Project, fs::copy_options::recursive);
  json Database = json::array();
  for (const char *Source : {"src/handlers.cpp", "src/storage.cpp"})
    Database.push_back({{"directory", Project.string()},
                        {"file", Source},
                        {"arguments", {"clang++", "-std=c++20", "-Iinclude", "-c", Source}}});
  writeFile(Project / "compile_commands.json", Database.dump(2));
  fs::path Seen = Project / "seen.json";

  // A home of its own, so that no user configuration or shada file takes part.
  std::string Command = "HOME=" + quote(Project.string()) + " XDG_CONFIG_HOME=" + quote((Project / "config").string()) +
                        " XDG_DATA_HOME=" + quote((Project / "data").string()) +
                        " XDG_STATE_HOME=" + quote((Project / "state").string()) +
                        " COROLINT_BINARY=" + quote(COROLINT_BINARY) + " COROLINT_PROJECT=" + quote(Project.string()) +
                        " COROLINT_OUT=" + quote(Seen.string()) + " " + quote(COROLINT_NVIM) +
                        " --headless -u NONE -i NONE -n -c " +
                        quote("luafile " + (fs::path(COROLINT_SOURCE_DIR) / "tests/lsp/neovim.lua").string()) + " </dev/null";
  Outcome R = shell(Command, Project);
  std::string Text = readFile(Seen);
  ASSERT_FALSE(Text.empty()) << "Neovim wrote nothing; status " << R.Status << "\n" << R.Out << R.Err;
  json Report = json::parse(Text);
  ASSERT_EQ(Report["ok"], true) << Report.dump(2);
  EXPECT_EQ(R.Status, 0) << R.Err;

  int SleepLine = 14, LoadLine = 15; // 1-based, in test-inputs/projects/editor/src/handlers.cpp
  const json &Before = Report["before"];
  ASSERT_EQ(Before.size(), 2u) << Report.dump(2);
  EXPECT_EQ(Before[0]["code"], "blocking-call-in-coroutine");
  EXPECT_EQ(Before[0]["line"], SleepLine);
  EXPECT_EQ(Before[1]["code"], "blocking-call-in-coroutine");
  EXPECT_EQ(Before[1]["line"], LoadLine);
  EXPECT_EQ(Before[1]["chain"], json({"handlers.cpp:15", "storage.cpp:10", "storage.cpp:6"})) << Before[1];
  EXPECT_EQ(Report["shown"].size(), 2u) << "Neovim's own diagnostics: " << Report["shown"];
  EXPECT_EQ(Report["actions"][0], "Replace the blocking sleep with an asynchronous wait on a 'asio::steady_timer'");
  EXPECT_EQ(Report["fixed_line"],
            "  co_await asio::steady_timer(co_await asio::this_coro::executor, 100ms).async_wait(asio::use_awaitable);");
  EXPECT_NE(readFile(Project / "src/handlers.cpp").find("async_wait(asio::use_awaitable);\n  std::string report"),
            std::string::npos) << "the fix was saved";
  const json &After = Report["after"];
  ASSERT_EQ(After.size(), 1u) << "only the chain's diagnostic is left: " << Report.dump(2);
  EXPECT_EQ(After[0]["line"], LoadLine);
  fs::remove_all(Project);
}

} // namespace
