// `corolint lsp` driven over pipes as an editor drives it: diagnostics with the chain through
// another file, the fix and the NOLINT suppression as code actions, the errors bad messages get,
// and the shutdown sequence.
#include "../RunTool.h"
#include "LspClient.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace corolint::tests;
using json = nlohmann::json;

namespace {

// The editor project copied to a fresh directory (the tests edit it), with its database.
fs::path copyEditorProject(const std::string &Name) {
  fs::path Dir = fs::temp_directory_path() / ("corolint-lsp-" + Name + "-" + std::to_string(getpid()));
  fs::remove_all(Dir);
  fs::copy(fs::path(COROLINT_SOURCE_DIR) / "test-inputs/projects/editor", Dir, fs::copy_options::recursive);
  json Database = json::array();
  for (const char *Source : {"src/handlers.cpp", "src/storage.cpp"})
    Database.push_back({{"directory", Dir.string()},
                        {"file", Source},
                        {"arguments", {"clang++", "-std=c++20", "-Iinclude", "-c", Source}}});
  writeFile(Dir / "compile_commands.json", Database.dump(2));
  return Dir;
}

std::string uriOf(const fs::path &Path) { return "file://" + Path.string(); }

// The 0-based line of the first line of File containing Text.
int lineOf(const fs::path &File, const std::string &Text) {
  std::istringstream In(readFile(File));
  std::string Line;
  for (int N = 0; std::getline(In, Line); ++N)
    if (Line.find(Text) != std::string::npos)
      return N;
  return -1;
}

// Applies the edits of a WorkspaceEdit's "changes" for Uri to Text (positions in an ASCII file).
std::string applyEdits(std::string Text, const json &Edits) {
  auto offsetOf = [&](const json &Position) {
    size_t Offset = 0;
    for (int L = 0; L < Position["line"].get<int>(); ++L)
      Offset = Text.find('\n', Offset) + 1;
    return Offset + Position["character"].get<size_t>();
  };
  std::vector<json> Sorted(Edits.begin(), Edits.end());
  std::sort(Sorted.begin(), Sorted.end(), [&](const json &A, const json &B) {
    return offsetOf(A["range"]["start"]) > offsetOf(B["range"]["start"]);
  });
  for (const json &Edit : Sorted) {
    size_t Start = offsetOf(Edit["range"]["start"]), End = offsetOf(Edit["range"]["end"]);
    Text.replace(Start, End - Start, Edit["newText"].get<std::string>());
  }
  return Text;
}

json initializeParams(const fs::path &Root) {
  return {{"processId", nullptr},
          {"rootUri", uriOf(Root)},
          {"capabilities", {{"window", {{"workDoneProgress", true}}}}}};
}

class LspProtocolTest : public ::testing::Test {
protected:
  void start(const std::string &Name) {
    Project = copyEditorProject(Name);
    Handlers = Project / "src/handlers.cpp";
    Storage = Project / "src/storage.cpp";
    Server = std::make_unique<LspClient>(COROLINT_BINARY);
    ASSERT_TRUE(Server->started());
    json Init = Server->response(Server->request("initialize", initializeParams(Project)));
    ASSERT_FALSE(Init.is_null()) << "no answer to initialize";
    Capabilities = Init["result"]["capabilities"];
    Server->notify("initialized", json::object());
  }
  void TearDown() override {
    Server.reset();
    if (!Project.empty())
      fs::remove_all(Project);
  }

  void open(const fs::path &File) {
    Server->notify("textDocument/didOpen", {{"textDocument",
                                              {{"uri", uriOf(File)}, {"languageId", "cpp"}, {"version", 1}, {"text", readFile(File)}}}});
  }
  void change(const fs::path &File, const std::string &Text) {
    Server->notify("textDocument/didChange", {{"textDocument", {{"uri", uriOf(File)}, {"version", ++Version}}},
                                              {"contentChanges", {{{"text", Text}}}}});
  }
  void saveAs(const fs::path &File, const std::string &Text) {
    writeFile(File, Text);
    change(File, Text);
    Server->notify("textDocument/didSave", {{"textDocument", {{"uri", uriOf(File)}}}});
  }
  json codeActions(const fs::path &File, int Line) {
    json Range = {{"start", {{"line", Line}, {"character", 0}}}, {"end", {{"line", Line}, {"character", 0}}}};
    json Reply = Server->response(Server->request(
        "textDocument/codeAction",
        {{"textDocument", {{"uri", uriOf(File)}}}, {"range", Range}, {"context", {{"diagnostics", json::array()}}}}));
    return Reply.is_null() ? Reply : Reply["result"];
  }

  fs::path Project, Handlers, Storage;
  std::unique_ptr<LspClient> Server;
  json Capabilities;
  int Version = 1;
};

TEST_F(LspProtocolTest, PublishesTheChainAndFixesOnSave) {
  start("diagnostics");
  EXPECT_EQ(Capabilities["textDocumentSync"]["save"], json({{"includeText", false}}));
  EXPECT_EQ(Capabilities["codeActionProvider"]["codeActionKinds"], json({"quickfix"}));
  open(Handlers);
  json Diagnostics = Server->diagnostics(uriOf(Handlers));
  ASSERT_TRUE(Diagnostics.is_array()) << "no diagnostics published for handlers.cpp";
  ASSERT_EQ(Diagnostics.size(), 2u) << Diagnostics.dump(2);

  int SleepLine = lineOf(Handlers, "sleep_for(100ms)"), LoadLine = lineOf(Handlers, "load_report()");
  const json &Sleep = Diagnostics[0], &Load = Diagnostics[1];
  for (const json &D : Diagnostics) {
    EXPECT_EQ(D["code"], "blocking-call-in-coroutine");
    EXPECT_EQ(D["source"], "corolint");
    EXPECT_EQ(D["severity"], 2);
    EXPECT_NE(D["codeDescription"]["href"].get<std::string>().find("rules/blocking-call-in-coroutine/README.md"),
              std::string::npos);
  }
  EXPECT_EQ(Sleep["range"]["start"]["line"], SleepLine);
  EXPECT_EQ(Sleep["range"]["start"]["character"], 2);
  EXPECT_EQ(Load["range"]["start"]["line"], LoadLine);
  // The chain: the call in the coroutine, load_report -> read_disk in storage.cpp, the sleep there.
  const json &Chain = Load["relatedInformation"];
  ASSERT_EQ(Chain.size(), 3u) << Load.dump(2);
  EXPECT_EQ(Chain[0]["location"]["uri"], uriOf(Handlers));
  EXPECT_EQ(Chain[0]["location"]["range"]["start"]["line"], LoadLine);
  EXPECT_EQ(Chain[1]["location"]["uri"], uriOf(Storage));
  EXPECT_EQ(Chain[1]["location"]["range"]["start"]["line"], lineOf(Storage, "return read_disk()"));
  EXPECT_EQ(Chain[2]["location"]["uri"], uriOf(Storage));
  EXPECT_EQ(Chain[2]["location"]["range"]["start"]["line"], lineOf(Storage, "sleep(1)"));
  EXPECT_NE(Chain[2]["message"].get<std::string>().find("'sleep', which blocks"), std::string::npos) << Chain[2];

  // Work-done progress: a token the client created, begun, ended (after the diagnostics).
  json End = Server->waitFor([](const json &M) {
    return M.value("method", "") == "$/progress" && M["params"]["value"]["kind"] == "end";
  });
  ASSERT_FALSE(End.is_null());
  EXPECT_EQ(End["params"]["value"]["message"], "2 findings");
  bool Created = false, Begun = false;
  for (const json &M : Server->received()) {
    Created |= M.value("method", "") == "window/workDoneProgress/create";
    Begun |= M.value("method", "") == "$/progress" && M["params"]["value"]["kind"] == "begin";
  }
  EXPECT_TRUE(Created && Begun);

  // The fix, applied and saved: that diagnostic goes, the chain's stays.
  json Actions = codeActions(Handlers, SleepLine);
  ASSERT_TRUE(Actions.is_array() && Actions.size() == 2u) << Actions.dump(2);
  EXPECT_EQ(Actions[0]["kind"], "quickfix");
  EXPECT_EQ(Actions[0]["isPreferred"], true);
  json Edits = Actions[0]["edit"]["changes"][uriOf(Handlers)];
  std::string Fixed = applyEdits(readFile(Handlers), Edits);
  EXPECT_NE(Fixed.find("co_await asio::steady_timer(co_await asio::this_coro::executor, 100ms)"
                       ".async_wait(asio::use_awaitable);"),
            std::string::npos) << Fixed;
  saveAs(Handlers, Fixed);
  Diagnostics = Server->diagnostics(uriOf(Handlers));
  ASSERT_EQ(Diagnostics.size(), 1u) << Diagnostics.dump(2);
  EXPECT_EQ(Diagnostics[0]["range"]["start"]["line"], LoadLine);

  // The NOLINT action on the other: suppressed, the file's diagnostics are cleared.
  Actions = codeActions(Handlers, LoadLine);
  ASSERT_EQ(Actions.size(), 1u) << "no fix for a call to a helper, only the suppression: " << Actions.dump(2);
  EXPECT_EQ(Actions[0]["title"], "Suppress with // NOLINT(blocking-call-in-coroutine)");
  std::string Suppressed = applyEdits(readFile(Handlers), Actions[0]["edit"]["changes"][uriOf(Handlers)]);
  EXPECT_NE(Suppressed.find("load_report(); // NOLINT(blocking-call-in-coroutine)\n"), std::string::npos) << Suppressed;
  saveAs(Handlers, Suppressed);
  Diagnostics = Server->diagnostics(uriOf(Handlers));
  EXPECT_EQ(Diagnostics, json::array());

  EXPECT_EQ(Server->response(Server->request("shutdown", nullptr))["result"], nullptr);
  Server->notify("exit", nullptr);
  EXPECT_EQ(Server->exitStatus(), 0);
}

// A header is analysed through the units that include it; a change of .corolint.json is seen on
// the next save, as is its removal.
TEST_F(LspProtocolTest, HeadersAndConfigurationChanges) {
  start("reload");
  fs::path Header = Project / "include/storage.h";
  open(Header);
  json Diagnostics = Server->diagnostics(uriOf(Handlers));
  ASSERT_TRUE(Diagnostics.is_array()) << "no diagnostics after opening a header";
  EXPECT_EQ(Diagnostics.size(), 2u) << Diagnostics.dump(2);

  writeFile(Project / ".corolint.json", R"({"ignore": ["blocking-call-in-coroutine"]})");
  saveAs(Handlers, readFile(Handlers));
  EXPECT_EQ(Server->diagnostics(uriOf(Handlers)), json::array());

  writeFile(Project / ".corolint.json", R"({"ignore": ["no-such-rule"]})");
  saveAs(Handlers, readFile(Handlers));
  json Shown = Server->waitFor([](const json &M) { return M.value("method", "") == "window/showMessage"; });
  EXPECT_NE(Shown["params"]["message"].get<std::string>().find("no-such-rule"), std::string::npos) << Shown;

  fs::remove(Project / ".corolint.json");
  saveAs(Handlers, readFile(Handlers));
  EXPECT_EQ(Server->diagnostics(uriOf(Handlers)).size(), 2u);
}

// Columns are UTF-16 code units unless the client offers UTF-8 (LSP 3.17's positionEncodings).
TEST_F(LspProtocolTest, PositionEncodings) {
  Project = copyEditorProject("encodings");
  Handlers = Project / "src/handlers.cpp";
  std::string Text = readFile(Handlers);
  Text.replace(Text.find("  std::this_thread::sleep_for"), 2, "  /* \xc3\xa9 */ "); // an e-acute: 2 bytes, 1 unit
  writeFile(Handlers, Text);
  for (bool Utf8 : {false, true}) {
    SCOPED_TRACE(Utf8 ? "utf-8" : "utf-16");
    Server = std::make_unique<LspClient>(COROLINT_BINARY);
    json Params = initializeParams(Project);
    if (Utf8)
      Params["capabilities"]["general"]["positionEncodings"] = {"utf-8", "utf-16"};
    json Init = Server->response(Server->request("initialize", Params));
    EXPECT_EQ(Init["result"]["capabilities"]["positionEncoding"], Utf8 ? "utf-8" : "utf-16");
    open(Handlers);
    json Diagnostics = Server->diagnostics(uriOf(Handlers));
    ASSERT_EQ(Diagnostics.size(), 2u) << Diagnostics.dump(2);
    EXPECT_EQ(Diagnostics[0]["range"]["start"]["character"], Utf8 ? 11 : 10) << Diagnostics[0];
  }
}

// Two saves in a row: whatever the first one's analysis publishes, the last word is the second's
// (a stale result published after it would leave the wait below to the hang guard).
TEST_F(LspProtocolTest, ANewerSaveSupersedesAnOlderOne) {
  start("supersede");
  open(Handlers);
  ASSERT_EQ(Server->diagnostics(uriOf(Handlers)).size(), 2u);
  std::string Original = readFile(Handlers);
  std::string WithoutSleep = Original;
  WithoutSleep.erase(WithoutSleep.find("  std::this_thread::sleep_for(100ms);\n"), 38);
  saveAs(Handlers, WithoutSleep);
  saveAs(Handlers, Original);
  json Last = Server->waitFor([&](const json &M) {
    return M.value("method", "") == "textDocument/publishDiagnostics" && M["params"]["uri"] == uriOf(Handlers) &&
           M["params"]["diagnostics"].size() == 2u;
  });
  ASSERT_FALSE(Last.is_null());
  EXPECT_EQ(Last["params"]["diagnostics"][0]["range"]["start"]["line"], lineOf(Handlers, "sleep_for(100ms)"));
}

// What the editor holds is analysed as it is typed, unsaved: the disk is left alone, positions
// and suppressions come from the editor's text, and closing without saving goes back to the disk.
TEST_F(LspProtocolTest, UnsavedChangesAreAnalysedAsTheyAreTyped) {
  start("unsaved");
  open(Handlers);
  ASSERT_EQ(Server->diagnostics(uriOf(Handlers)).size(), 2u);
  const std::string OnDisk = readFile(Handlers);
  const int LoadLine = lineOf(Handlers, "load_report()");

  std::string Edited = OnDisk;
  Edited.erase(Edited.find("  std::this_thread::sleep_for(100ms);\n"), 38);
  change(Handlers, Edited);
  json Diagnostics = Server->diagnostics(uriOf(Handlers));
  ASSERT_EQ(Diagnostics.size(), 1u) << Diagnostics.dump(2);
  EXPECT_EQ(Diagnostics[0]["range"]["start"]["line"], LoadLine - 1) << "a line up, as in the editor's text";
  EXPECT_EQ(Diagnostics[0]["relatedInformation"].size(), 3u) << "the chain into storage.cpp is kept";

  std::string Suppressed = Edited;
  Suppressed.replace(Suppressed.find("load_report();"), 14, "load_report(); // NOLINT(blocking-call-in-coroutine)");
  change(Handlers, Suppressed);
  EXPECT_EQ(Server->diagnostics(uriOf(Handlers)), json::array()) << "the unsaved suppression is honoured";

  Server->notify("textDocument/didClose", {{"textDocument", {{"uri", uriOf(Handlers)}}}});
  Diagnostics = Server->diagnostics(uriOf(Handlers));
  ASSERT_EQ(Diagnostics.size(), 2u) << "closed unsaved: the disk's findings again\n" << Diagnostics.dump(2);
  EXPECT_EQ(Diagnostics[0]["range"]["start"]["line"], lineOf(Handlers, "sleep_for(100ms)"));
  EXPECT_EQ(readFile(Handlers), OnDisk) << "nothing unsaved reaches the disk";
}

// Each bad message gets its JSON-RPC error, and the server goes on serving.
TEST_F(LspProtocolTest, BadMessagesGetErrors) {
  Project = copyEditorProject("errors");
  Server = std::make_unique<LspClient>(COROLINT_BINARY);
  ASSERT_TRUE(Server->started());
  auto errorOf = [&](const json &Reply) { return Reply.is_null() ? json() : Reply["error"]; };
  auto nextError = [&]() {
    return errorOf(Server->waitFor([](const json &M) { return M.contains("error"); }));
  };

  int Early = Server->request("textDocument/codeAction", json::object());
  EXPECT_EQ(errorOf(Server->response(Early))["code"], -32002) << "a request before initialize";
  Server->sendBody("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
  json Error = nextError();
  EXPECT_EQ(Error["code"], -32700);
  EXPECT_NE(Error["message"].get<std::string>().find("invalid JSON"), std::string::npos) << Error;
  Server->sendBody("[1, 2]");
  EXPECT_EQ(nextError()["code"], -32600);
  Server->sendRaw("Content-Length: many\r\n\r\n");
  EXPECT_EQ(nextError()["code"], -32700);
  Server->sendBody("{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"x\", \"params\": \"\xff\"}");
  EXPECT_EQ(nextError()["code"], -32700) << "a string that is not UTF-8";

  ASSERT_FALSE(Server->response(Server->request("initialize", initializeParams(Project))).is_null());
  int Unknown = Server->request("textDocument/hover", json::object());
  Error = errorOf(Server->response(Unknown));
  EXPECT_EQ(Error["code"], -32601);
  EXPECT_EQ(Error["message"], "unknown method 'textDocument/hover'");
  int Missing = Server->request("textDocument/codeAction", {{"textDocument", {{"uri", uriOf(Project / "src/handlers.cpp")}}}});
  Error = errorOf(Server->response(Missing));
  EXPECT_EQ(Error["code"], -32602);
  EXPECT_EQ(Error["message"], "textDocument/codeAction: missing 'range'");
  int NotFile = Server->request("textDocument/codeAction", {{"textDocument", {{"uri", "https://example.com/x.cpp"}}},
                                                            {"range", json::object()}});
  EXPECT_EQ(errorOf(Server->response(NotFile))["code"], -32602);
  int Mistyped = Server->request("textDocument/codeAction", {{"textDocument", {{"uri", 42}}}});
  EXPECT_EQ(errorOf(Server->response(Mistyped))["code"], -32602);
  // A notification with bad parameters cannot be answered: it is logged, and nothing breaks.
  Server->notify("textDocument/didOpen", {{"textDocument", 7}});
  json Log = Server->waitFor([](const json &M) { return M.value("method", "") == "window/logMessage"; });
  EXPECT_NE(Log["params"]["message"].get<std::string>().find("didOpen"), std::string::npos) << Log;
  Server->notify("$/cancelRequest", {{"id", 99}});
  Server->notify("workspace/unknownNotification", json::object());

  EXPECT_EQ(Server->response(Server->request("shutdown", nullptr))["result"], nullptr);
  int Late = Server->request("textDocument/codeAction", json::object());
  EXPECT_EQ(errorOf(Server->response(Late))["code"], -32600) << "a request after shutdown";
  Server->notify("exit", nullptr);
  EXPECT_EQ(Server->exitStatus(), 0);
}

// `exit` without `shutdown` ends the server with status 1; so does the client going away.
TEST_F(LspProtocolTest, ExitWithoutShutdownIsAnError) {
  Project = copyEditorProject("exit");
  Server = std::make_unique<LspClient>(COROLINT_BINARY);
  ASSERT_FALSE(Server->response(Server->request("initialize", initializeParams(Project))).is_null());
  Server->notify("exit", nullptr);
  EXPECT_EQ(Server->exitStatus(), 1);
}

} // namespace
