#include "Server.h"

#include "Config.h"
#include "Files.h"
#include "Protocol.h"
#include "Report.h"
#include "SourceFiles.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace corolint::lsp {

using nlohmann::json;

namespace {

// Reading a parameter: a missing or mistyped one is the client's error (InvalidParams), named.
const json &member(const json &Object, const char *Key, const std::string &Where) {
  if (!Object.is_object() || !Object.contains(Key))
    throw std::invalid_argument(Where + ": missing '" + Key + "'");
  return Object.at(Key);
}

std::string stringMember(const json &Object, const char *Key, const std::string &Where) {
  const json &Value = member(Object, Key, Where);
  if (!Value.is_string())
    throw std::invalid_argument(Where + ": '" + std::string(Key) + "' is not a string");
  return Value.get<std::string>();
}

// The document's path from params.textDocument.uri.
std::string documentPath(const json &Params, const std::string &Method) {
  std::string Uri = stringMember(member(Params, "textDocument", Method), "uri", Method + ": textDocument");
  std::optional<std::string> Path = pathOfUri(Uri);
  if (!Path)
    throw std::invalid_argument(Method + ": '" + Uri + "' is not the file:// URI of a local file");
  return *Path;
}

// How long a client may take to answer window/workDoneProgress/create before the analysis goes
// on without progress: only a client that never answers waits this long.
constexpr std::chrono::seconds ProgressAnswerWait(30);

// Typing sends a change per keystroke: a changed file's analysis starts once it has had no newer
// change for this long (or is saved), so that a burst of edits costs one parse, not one per key.
constexpr std::chrono::milliseconds QuietBeforeAnalysis(300);

// Whether the file at Path holds exactly Text.
bool diskHolds(const std::string &Path, const std::string &Text) {
  SourceFiles Disk;
  return Disk.text(Path) == Text && (!Text.empty() || llvm::sys::fs::exists(Path));
}

} // namespace

Server::~Server() {
  {
    std::lock_guard<std::mutex> Guard(Lock);
    Stopping = true;
  }
  Wake.notify_all();
  if (Worker.joinable())
    Worker.join();
}

int Server::run() {
  Worker = std::thread([this] { work(); });
  while (true) {
    std::string Body, Error;
    switch (Channel.next(Body, Error)) {
    case Transport::Read::EndOfInput:
      return 1; // the client went away without `exit`
    case Transport::Read::BadFrame:
      replyError(nullptr, ParseError, Error);
      continue;
    case Transport::Read::Message:
      break;
    }
    handle(Body);
    if (Stopping)
      return ShutdownRequested ? 0 : 1;
  }
}

void Server::handle(const std::string &Body) {
  auto Parsed = parseJsonText(Body, "message");
  if (!Parsed) {
    replyError(nullptr, ParseError, "invalid JSON: " + llvm::toString(Parsed.takeError()));
    return;
  }
  const json &Message = *Parsed;
  if (!Message.is_object()) {
    replyError(nullptr, InvalidRequest, "a message is a JSON object");
    return;
  }
  json Id = Message.contains("id") ? Message["id"] : json();
  bool IsRequest = Message.contains("id");
  if (IsRequest && !Id.is_string() && !Id.is_number_integer()) {
    replyError(nullptr, InvalidRequest, "'id' is neither a string nor an integer");
    return;
  }
  if (!Message.contains("method")) {
    if (IsRequest && (Message.contains("result") || Message.contains("error")))
      handleResponse(Message);
    else
      replyError(IsRequest ? Id : json(), InvalidRequest, "a message without 'method'");
    return;
  }
  if (!Message["method"].is_string()) {
    replyError(IsRequest ? Id : json(), InvalidRequest, "'method' is not a string");
    return;
  }
  std::string Method = Message["method"].get<std::string>();
  // `exit` and `shutdown` take no parameters: clients omit them or send null.
  json Params = Message.contains("params") && !Message["params"].is_null() ? Message["params"] : json::object();
  if (!Params.is_object() && !Params.is_array()) {
    if (IsRequest)
      replyError(Id, InvalidParams, Method + ": 'params' is neither an object nor an array");
    return;
  }
  try {
    if (IsRequest)
      handleRequest(Id, Method, Params);
    else
      handleNotification(Method, Params);
  } catch (const std::invalid_argument &E) {
    // A notification cannot be answered: the client learns of its mistake through the log.
    if (IsRequest)
      replyError(Id, InvalidParams, E.what());
    else
      notify("window/logMessage", {{"type", 1}, {"message", std::string("corolint: ") + E.what()}});
  } catch (const std::exception &E) {
    std::string Why = Method + ": " + jsonErrorReason(E);
    if (IsRequest)
      replyError(Id, InvalidParams, Why);
    else
      notify("window/logMessage", {{"type", 1}, {"message", "corolint: " + Why}});
  }
}

void Server::handleRequest(const json &Id, const std::string &Method, const json &Params) {
  if (Method == "initialize") {
    if (Initialized)
      return replyError(Id, InvalidRequest, "initialize: already initialized");
    json Result = initialize(Params);
    Initialized = true;
    return reply(Id, std::move(Result));
  }
  if (!Initialized)
    return replyError(Id, ServerNotInitialized, Method + ": the server is not initialized yet");
  if (ShutdownRequested)
    return replyError(Id, InvalidRequest, Method + ": the server is shutting down");
  if (Method == "shutdown") {
    ShutdownRequested = true;
    return reply(Id, nullptr);
  }
  if (Method == "textDocument/codeAction")
    return reply(Id, codeActions(Params));
  replyError(Id, MethodNotFound, "unknown method '" + Method + "'");
}

void Server::handleNotification(const std::string &Method, const json &Params) {
  if (Method == "exit") {
    std::lock_guard<std::mutex> Guard(Lock);
    Stopping = true;
    return;
  }
  // Before initialize, notifications are dropped (the specification's rule); after shutdown too.
  if (!Initialized || ShutdownRequested)
    return;
  if (Method == "textDocument/didOpen")
    documentOpened(Params);
  else if (Method == "textDocument/didChange")
    documentChanged(Params);
  else if (Method == "textDocument/didSave")
    documentSaved(Params);
  else if (Method == "textDocument/didClose")
    documentClosed(Params);
  // Everything else ($/cancelRequest, $/setTrace, initialized, didChangeWatchedFiles, ...) needs
  // nothing: requests are answered as they arrive, so none is left to cancel, and the database
  // and configuration are checked for changes before every analysis.
}

void Server::handleResponse(const json &Message) {
  if (!Message["id"].is_string())
    return;
  std::lock_guard<std::mutex> Guard(Lock);
  auto It = ProgressAnswers.find(Message["id"].get<std::string>());
  if (It == ProgressAnswers.end())
    return;
  It->second = !Message.contains("error");
  Wake.notify_all();
}

void Server::reply(const json &Id, json Result) {
  Channel.send({{"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}});
}

void Server::replyError(const json &Id, int Code, const std::string &Message) {
  Channel.send({{"jsonrpc", "2.0"}, {"id", Id}, {"error", {{"code", Code}, {"message", Message}}}});
}

void Server::notify(const std::string &Method, json Params) {
  Channel.send({{"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
}

void Server::showMessage(int Type, const std::string &Message) {
  {
    std::lock_guard<std::mutex> Guard(Lock);
    if (Message == LastProblem)
      return; // once, not on every save
    LastProblem = Message;
  }
  notify("window/showMessage", {{"type", Type}, {"message", "corolint: " + Message}});
}

json Server::initialize(const json &Params) {
  if (!Params.is_object())
    throw std::invalid_argument("initialize: 'params' is not an object");
  if (Params.contains("rootUri") && Params["rootUri"].is_string())
    RootPath = pathOfUri(Params["rootUri"].get<std::string>()).value_or("");
  else if (Params.contains("rootPath") && Params["rootPath"].is_string())
    RootPath = Params["rootPath"].get<std::string>();
  // Capabilities of an unexpected shape are taken as absent: a client's quirk is no reason to
  // refuse it.
  auto at = [](const json &Object, const char *Key) {
    return Object.is_object() && Object.contains(Key) ? Object.at(Key) : json();
  };
  json Capabilities = at(Params, "capabilities");
  ClientProgress = at(at(Capabilities, "window"), "workDoneProgress") == true;
  json Encodings = at(at(Capabilities, "general"), "positionEncodings");
  Utf8Positions = Encodings.is_array() && std::find(Encodings.begin(), Encodings.end(), "utf-8") != Encodings.end();
  json Result = {
      {"capabilities",
       {{"positionEncoding", Utf8Positions ? "utf-8" : "utf-16"},
        {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
        {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
      {"serverInfo", {{"name", "corolint"}, {"version", COROLINT_VERSION}}}};
  return Result;
}

void Server::documentOpened(const json &Params) {
  std::string Path = documentPath(Params, "textDocument/didOpen");
  std::string Text = stringMember(member(Params, "textDocument", "didOpen"), "text", "textDocument/didOpen: textDocument");
  {
    std::lock_guard<std::mutex> Guard(Lock);
    Documents[Path] = std::move(Text);
    QuietUntil[Path] = std::chrono::steady_clock::now() + QuietBeforeAnalysis;
  }
  schedule(Path);
}

void Server::documentChanged(const json &Params) {
  std::string Path = documentPath(Params, "textDocument/didChange");
  const json &Changes = member(Params, "contentChanges", "textDocument/didChange");
  if (!Changes.is_array() || Changes.empty())
    throw std::invalid_argument("textDocument/didChange: 'contentChanges' is not a non-empty array");
  // Full synchronisation: the last change is the whole text. It is analysed as it is, unsaved.
  std::string Text = stringMember(Changes.back(), "text", "textDocument/didChange: contentChanges");
  {
    std::lock_guard<std::mutex> Guard(Lock);
    Documents[Path] = std::move(Text);
  }
  schedule(Path);
}

void Server::documentSaved(const json &Params) {
  std::string Path = documentPath(Params, "textDocument/didSave");
  {
    std::lock_guard<std::mutex> Guard(Lock);
    QuietUntil.erase(Path); // a save is a pause: no need to wait for more keys
  }
  schedule(Path);
}

void Server::documentClosed(const json &Params) {
  std::string Path = documentPath(Params, "textDocument/didClose");
  std::string Text;
  {
    std::lock_guard<std::mutex> Guard(Lock);
    auto Open = Documents.find(Path);
    if (Open == Documents.end())
      return;
    Text = std::move(Open->second);
    Documents.erase(Open);
  }
  // Closed with changes not saved: what is shown came from them; the disk's text is the truth now.
  if (!diskHolds(Path, Text))
    schedule(Path);
}

std::map<std::string, std::string> Server::unsavedDocuments() {
  std::map<std::string, std::string> Open;
  {
    std::lock_guard<std::mutex> Guard(Lock);
    Open = Documents;
  }
  for (auto It = Open.begin(); It != Open.end();)
    It = diskHolds(It->first, It->second) ? Open.erase(It) : std::next(It);
  return Open;
}

json Server::codeActions(const json &Params) {
  std::string Path = documentPath(Params, "textDocument/codeAction");
  const json &Range = member(Params, "range", "textDocument/codeAction");
  auto lineOf = [&](const char *End) {
    const json &Position = member(Range, End, "textDocument/codeAction: range");
    const json &Line = member(Position, "line", std::string("textDocument/codeAction: range.") + End);
    if (!Line.is_number_unsigned() && !(Line.is_number_integer() && Line.get<long long>() >= 0))
      throw std::invalid_argument("textDocument/codeAction: range." + std::string(End) + ".line is not a line number");
    return Line.get<unsigned long long>() + 1;
  };
  unsigned long long First = lineOf("start"), Last = lineOf("end");
  if (Params.contains("context") && Params["context"].is_object() && Params["context"].contains("only") &&
      Params["context"]["only"].is_array()) {
    bool WantsQuickFix = false;
    for (const json &Kind : Params["context"]["only"])
      WantsQuickFix |= Kind == "quickfix" || Kind == "";
    if (!WantsQuickFix)
      return json::array();
  }
  std::lock_guard<std::mutex> Guard(Lock);
  auto Found = Shown.find(Path);
  if (Found == Shown.end())
    return json::array();
  // The editor's text when the file is open (it may be ahead of the analysis), else the disk's.
  SourceFiles Sources(Documents);
  std::string Current = Sources.text(Path);
  Positions At(Sources, Utf8Positions);
  json Fixes = json::array(), Suppressions = json::array();
  for (size_t I = 0; I < Found->second.size(); ++I) {
    const Finding &F = Found->second[I];
    if (F.Where.Line < First || F.Where.Line > Last)
      continue;
    json Diagnostic = diagnosticOf(F, I, At, Argv0);
    if (auto Action = fixAction(F, Current, At, Diagnostic))
      Fixes.push_back(std::move(*Action));
    if (auto Action = suppressAction(F, Current, At, Diagnostic))
      Suppressions.push_back(std::move(*Action));
  }
  for (json &S : Suppressions)
    Fixes.push_back(std::move(S)); // fixes first: the preferred action leads
  return Fixes;
}

void Server::schedule(const std::string &File) {
  {
    std::lock_guard<std::mutex> Guard(Lock);
    ++Generations[File];
    if (std::find(Pending.begin(), Pending.end(), File) == Pending.end())
      Pending.push_back(File);
  }
  Wake.notify_all();
}

void Server::work() {
  while (true) {
    std::string File;
    uint64_t Generation;
    {
      std::unique_lock<std::mutex> Guard(Lock);
      Wake.wait(Guard, [&] { return Stopping || !Pending.empty(); });
      if (Stopping)
        return;
      File = Pending.front();
      Pending.pop_front();
      // A file being typed in waits to be quiet; the changes meanwhile are this same work.
      for (auto Quiet = QuietUntil.find(File); !Stopping && Quiet != QuietUntil.end() &&
                                               std::chrono::steady_clock::now() < Quiet->second;
           Quiet = QuietUntil.find(File))
        Wake.wait_until(Guard, Quiet->second);
      if (Stopping)
        return;
      QuietUntil.erase(File);
      Pending.erase(std::remove(Pending.begin(), Pending.end(), File), Pending.end());
      Generation = Generations[File];
    }
    // Nothing an analysis throws may end the server: the user hears of it, the next save retries.
    try {
      analyse(File, Generation);
    } catch (const std::exception &E) {
      showMessage(1, "internal error while analysing " + displayPath(File) + ": " + E.what());
    }
  }
}

Project *Server::projectFor(const std::string &File, std::string &Error) {
  std::string Directory = std::string(llvm::sys::path::parent_path(File));
  std::string Database = findCompilationDatabase(Directory);
  if (Database.empty() && !RootPath.empty())
    Database = findCompilationDatabase(RootPath);
  if (Database.empty()) {
    Error = "no compile_commands.json in " + displayPath(Directory) + " or its parents" +
            (RootPath.empty() ? "" : " nor in the workspace " + displayPath(RootPath)) +
            " (or their build/): generate one (cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)";
    return nullptr;
  }
  std::string Key = Database + '\n' + findConfigFile(Directory);
  std::unique_ptr<Project> &Slot = Projects[Key];
  if (Slot && Slot->outdated())
    Slot.reset(); // the database or the configuration changed: everything is analysed again
  if (!Slot) {
    auto Opened = Project::open(Database, Directory, Argv0);
    if (!Opened) {
      Error = llvm::toString(Opened.takeError());
      return nullptr;
    }
    Slot = std::move(*Opened);
    if (!Slot->cacheProblem().empty())
      notify("window/logMessage", {{"type", 2}, {"message", "corolint: " + Slot->cacheProblem()}});
  }
  return Slot.get();
}

void Server::analyse(const std::string &File, uint64_t Generation) {
  auto Superseded = [&] {
    std::lock_guard<std::mutex> Guard(Lock);
    return Stopping || Generations[File] != Generation;
  };
  std::string Error;
  Project *P = projectFor(File, Error);
  if (!P) {
    showMessage(1, Error);
    return;
  }
  std::vector<clang::tooling::CompileCommand> Units = P->unitsToAnalyse(File);
  std::map<std::string, std::string> Unsaved = unsavedDocuments();
  std::optional<std::string> Token;
  if (!Units.empty())
    Token = createProgress();
  progress(Token, {{"kind", "begin"}, {"title", "corolint"}, {"cancellable", false},
                   {"message", "analysing " + displayPath(File) + " (" + std::to_string(Units.size()) +
                                   (Units.size() == 1 ? " unit)" : " units)")},
                   {"percentage", 0}});
  bool Complete = P->analyse(
      Units, Unsaved,
      [&](const std::string &Unit, size_t Done) {
        progress(Token, {{"kind", "report"},
                         {"message", "parsed " + std::string(llvm::sys::path::filename(Unit)) + " (" +
                                         std::to_string(Done) + "/" + std::to_string(Units.size()) + ")"},
                         {"percentage", Done * 100 / Units.size()}});
      },
      Superseded);
  if (!Complete || Superseded()) {
    // A newer version of the file is pending: its analysis publishes, this one's results are stale.
    progress(Token, {{"kind", "end"}, {"message", "superseded by a newer change"}});
    return;
  }
  auto Run = P->findings(Unsaved);
  if (!Run) {
    progress(Token, {{"kind", "end"}, {"message", "failed"}});
    showMessage(1, llvm::toString(Run.takeError()));
    return;
  }
  for (const ParseFailure &Failure : Run->Failures)
    notify("window/logMessage", {{"type", 2}, {"message", "corolint: " + displayPath(Failure.File) + ": " + Failure.Error}});
  size_t Count = 0;
  for (const Finding &F : Run->Findings)
    Count += !F.SuppressedBy;
  publish(*Run, File, Unsaved);
  progress(Token, {{"kind", "end"}, {"message", std::to_string(Count) + (Count == 1 ? " finding" : " findings")}});
}

void Server::publish(RunResult &Run, const std::string &Analysed, const std::map<std::string, std::string> &Unsaved) {
  std::map<std::string, std::vector<Finding>> ByFile;
  for (Finding &F : Run.Findings)
    if (!F.SuppressedBy)
      ByFile[F.Where.File].push_back(std::move(F));
  std::vector<json> Messages;
  SourceFiles Sources(Unsaved); // positions in the text that was analysed
  Positions At(Sources, Utf8Positions);
  for (const auto &[File, Findings] : ByFile) {
    json Diagnostics = json::array();
    for (size_t I = 0; I < Findings.size(); ++I)
      Diagnostics.push_back(diagnosticOf(Findings[I], I, At, Argv0));
    Messages.push_back({{"uri", uriOfPath(File)}, {"diagnostics", std::move(Diagnostics)}});
  }
  {
    // Stored before they are sent: a client answering the diagnostics with a code action
    // request must find them.
    std::lock_guard<std::mutex> Guard(Lock);
    for (const auto &[File, Findings] : Shown)
      if (!ByFile.count(File))
        Messages.push_back({{"uri", uriOfPath(File)}, {"diagnostics", json::array()}}); // gone since
    // The file saved is always answered, clean or not: the client knows its analysis is done.
    if (!ByFile.count(Analysed) && !Shown.count(Analysed))
      Messages.push_back({{"uri", uriOfPath(Analysed)}, {"diagnostics", json::array()}});
    Shown = std::move(ByFile);
    LastProblem.clear(); // a problem seen again after a good run is worth saying again
  }
  for (json &Params : Messages)
    notify("textDocument/publishDiagnostics", std::move(Params));
}

std::optional<std::string> Server::createProgress() {
  if (!ClientProgress)
    return std::nullopt;
  std::string Token;
  {
    std::lock_guard<std::mutex> Guard(Lock);
    Token = "corolint/progress/" + std::to_string(++NextProgress);
    ProgressAnswers[Token] = std::nullopt;
  }
  Channel.send({{"jsonrpc", "2.0"}, {"id", Token}, {"method", "window/workDoneProgress/create"}, {"params", {{"token", Token}}}});
  std::unique_lock<std::mutex> Guard(Lock);
  // The token may be used only once the client has created it.
  Wake.wait_for(Guard, ProgressAnswerWait, [&] { return Stopping || ProgressAnswers[Token].has_value(); });
  bool Accepted = ProgressAnswers[Token].value_or(false);
  ProgressAnswers.erase(Token);
  return Accepted ? std::optional<std::string>(Token) : std::nullopt;
}

void Server::progress(const std::optional<std::string> &Token, json Value) {
  if (Token)
    notify("$/progress", {{"token", *Token}, {"value", std::move(Value)}});
}

int runLanguageServer(const char *Argv0) {
  // A client that closes its end must not kill the server in the middle of a write.
  std::signal(SIGPIPE, SIG_IGN);
  // The protocol gets a descriptor of its own, and standard output becomes standard error: a
  // stray write to stdout from anywhere in the process lands in the log, not in the protocol.
  int Protocol = dup(STDOUT_FILENO);
  if (Protocol < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    std::fprintf(stderr, "corolint: error: lsp: cannot set up standard output\n");
    return 2;
  }
  Transport Channel(STDIN_FILENO, Protocol);
  int Status;
  {
    Server S(Channel, Argv0);
    Status = S.run();
    // The worker may be inside a parse that takes seconds; `exit` must not wait for it. Nothing
    // is left to write (messages are written whole, unbuffered), so the process ends here.
    std::fflush(nullptr);
    std::_Exit(Status);
  }
}

} // namespace corolint::lsp
