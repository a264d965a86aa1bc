// `corolint lsp`: the language server. The main thread reads messages and answers requests at
// once (code actions come from the findings last published); one worker thread analyses, so a
// long parse never holds the protocol up.
#pragma once

#include "Project.h"
#include "Transport.h"

#include "corolint/Finding.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace corolint::lsp {

class Server {
public:
  Server(Transport &Channel, std::string Argv0) : Channel(Channel), Argv0(std::move(Argv0)) {}
  ~Server();

  // Serves until `exit` (or the end of the input); the process's exit status per the
  // specification: 0 after `shutdown`, else 1.
  int run();

private:
  // A request's parameters were not what the method needs: answered with InvalidParams.
  struct BadParams {
    std::string Message;
  };

  void handle(const std::string &Body);
  void handleRequest(const nlohmann::json &Id, const std::string &Method, const nlohmann::json &Params);
  void handleNotification(const std::string &Method, const nlohmann::json &Params);
  void handleResponse(const nlohmann::json &Message);
  void reply(const nlohmann::json &Id, nlohmann::json Result);
  void replyError(const nlohmann::json &Id, int Code, const std::string &Message);
  void notify(const std::string &Method, nlohmann::json Params);
  void showMessage(int Type, const std::string &Message);

  nlohmann::json initialize(const nlohmann::json &Params);
  nlohmann::json codeActions(const nlohmann::json &Params);
  void documentOpened(const nlohmann::json &Params);
  void documentChanged(const nlohmann::json &Params);
  void documentSaved(const nlohmann::json &Params);
  void documentClosed(const nlohmann::json &Params);

  // The worker: one file's analysis at a time, each change or save of a file superseding the
  // older one; open files are analysed as the editor holds them, saved or not.
  void schedule(const std::string &File);
  void work();
  void analyse(const std::string &File, uint64_t Generation);
  Project *projectFor(const std::string &File, std::string &Error);
  // Diagnostics for every file with findings, empty ones for files whose findings went and for
  // Analysed (the file opened or saved) when it has none.
  void publish(RunResult &Run, const std::string &Analysed, const std::map<std::string, std::string> &Unsaved);
  // The open files whose editor text differs from the disk's, by path.
  std::map<std::string, std::string> unsavedDocuments();

  // Work-done progress, when the client takes it: a token created by the client first.
  std::optional<std::string> createProgress();
  void progress(const std::optional<std::string> &Token, nlohmann::json Value);

  Transport &Channel;
  std::string Argv0;
  bool Initialized = false, ShutdownRequested = false;
  std::string RootPath;     // the workspace's root directory, if the client named one
  bool Utf8Positions = false;
  bool ClientProgress = false;

  std::mutex Lock; // guards everything below
  std::condition_variable Wake;
  std::map<std::string, std::string> Documents;   // open files: the editor's text
  std::map<std::string, std::vector<Finding>> Shown; // findings published, by file
  std::deque<std::string> Pending;                // files to analyse, oldest first
  std::map<std::string, uint64_t> Generations;    // opens, changes and saves of each file so far
  std::map<std::string, std::chrono::steady_clock::time_point> QuietUntil; // files being typed in
  std::map<std::string, std::unique_ptr<Project>> Projects; // by database and configuration
  std::string LastProblem;                        // not repeated to the user
  std::map<std::string, std::optional<bool>> ProgressAnswers; // create requests: answered, accepted
  uint64_t NextProgress = 0;
  bool Stopping = false;
  std::thread Worker;
};

// Runs the server on standard input and output.
int runLanguageServer(const char *Argv0);

} // namespace corolint::lsp
