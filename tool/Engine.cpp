#include "Engine.h"
#include "Driver.h"
#include "Summaries.h"

#include "corolint/Catalog.h"
#include "corolint/Coroutine.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/thread.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <csignal>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <set>

using namespace clang;

namespace corolint {

namespace {

// Path (absolute, without dots) relative to Root, or nothing when it is not under Root.
std::optional<std::string> underPathRoot(llvm::StringRef Path, llvm::StringRef Root) {
  Root = Root.rtrim('/');
  if (Path.size() > Root.size() + 1 && Path.starts_with(Root) && Path[Root.size()] == '/')
    return Path.substr(Root.size() + 1).str();
  return std::nullopt;
}

// Finds every function body in the declarations it is pointed at, instantiations included.
// Lambdas are met as expressions; only coroutine lambdas are functions of their own here (other
// lambdas are part of the function that calls them, or run elsewhere).
class FunctionFinder : public RecursiveASTVisitor<FunctionFinder> {
public:
  using Callback = llvm::function_ref<void(const FunctionDecl &, const LambdaExpr *)>;
  explicit FunctionFinder(Callback Found) : Found(Found) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *F) {
    if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->getParent()->isLambda())
      return true;
    if (F->doesThisDeclarationHaveABody())
      Found(*F, nullptr);
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *L) {
    if (const FunctionTemplateDecl *Generic = L->getDependentCallOperator()) {
      for (const FunctionDecl *Specialization : Generic->specializations())
        if (coroutineBody(*Specialization))
          Found(*Specialization, L);
      return true;
    }
    if (coroutineBody(*L->getCallOperator()))
      Found(*L->getCallOperator(), L);
    return true;
  }

private:
  Callback Found;
};

class AnalysisConsumer : public ASTConsumer {
public:
  AnalysisConsumer(const EngineOptions &Options, TranslationUnitSummary &Out)
      : Options(Options), Out(Out) {}

  void HandleTranslationUnit(ASTContext &Ast) override {
    std::vector<std::unique_ptr<Rule>> Rules;
    std::vector<RuleContext> Contexts;
    Contexts.reserve(Options.Rules.size());
    for (const RuleInfo *Info : Options.Rules) {
      Rules.push_back(Info->Create());
      Contexts.emplace_back(Ast, *Options.Catalog, Info->Id, Options.settingsOf(*Info), Out.Findings);
      Contexts.back().setModels(Options.Models);
    }
    SummaryBuilder Summaries(Ast, *Options.Catalog, Options.Models, Options.FollowHeaders, Out);
    auto OnFunction = [&](const FunctionDecl &F, const LambdaExpr *Lambda) {
      const CoroutineBodyStmt *Coro = coroutineBody(F);
      // Template patterns have unresolved calls; their instantiations are summarised instead.
      if (!Options.DirectOnly && !F.isDependentContext() && Summaries.inScope(F))
        Summaries.summarize(F, Coro ? *Coro->getBody() : *F.getBody(), Coro != nullptr);
      if (!Summaries.inProject(F))
        return;
      std::string Usr = usrOf(F);
      for (size_t I = 0; I < Rules.size(); ++I) {
        Contexts[I].setFunctionUsr(Usr);
        if (!F.isDependentContext())
          Rules[I]->checkFunction(F, Coro ? *Coro->getBody() : *F.getBody(), Contexts[I]);
        if (Coro)
          Rules[I]->checkCoroutine(Coroutine{&F, Lambda, Coro, Options.Models}, Contexts[I]);
      }
    };
    FunctionFinder Finder(OnFunction);
    // Only the project's own declarations (and followed headers) are walked: system headers
    // hold no findings, and walking their bodies would cost as much again as parsing them.
    for (Decl *D : Ast.getTranslationUnitDecl()->decls())
      if (!D->isImplicit() && Summaries.inScope(*D))
        Finder.TraverseDecl(D);
    recordFilesRead(Ast.getSourceManager());
  }

private:
  void recordFilesRead(const SourceManager &Sources) {
    // With a path root, files under it are renamed everywhere in the summary: from the absolute
    // real path fileSpan gives them to the path the compile command reached them through.
    std::map<std::string, std::string> UnderRoot;
    for (auto It = Sources.fileinfo_begin(), End = Sources.fileinfo_end(); It != End; ++It) {
      llvm::StringRef Real = It->first->tryGetRealPathName();
      std::string Name(Real.empty() ? It->first->getName() : Real);
      if (!Options.PathRoot.empty()) {
        llvm::SmallString<256> Opened(It->first->getName()), Spanned(Name);
        Sources.getFileManager().makeAbsolutePath(Opened);
        llvm::sys::path::remove_dots(Opened, /*remove_dot_dot=*/true);
        Sources.getFileManager().makeAbsolutePath(Spanned);
        llvm::sys::path::remove_dots(Spanned, /*remove_dot_dot=*/true);
        if (auto Relative = underPathRoot(Opened, Options.PathRoot)) {
          UnderRoot[std::string(Spanned)] = *Relative;
          Name = *Relative;
        }
      }
      Out.FilesRead.push_back(Name);
    }
    std::sort(Out.FilesRead.begin(), Out.FilesRead.end());
    Out.FilesRead.erase(std::unique(Out.FilesRead.begin(), Out.FilesRead.end()), Out.FilesRead.end());
    if (!UnderRoot.empty())
      renameFiles(Out, [&](std::string &File) {
        auto It = UnderRoot.find(File);
        if (It != UnderRoot.end())
          File = It->second;
      });
  }

  const EngineOptions &Options;
  TranslationUnitSummary &Out;
};

class AnalysisAction : public ASTFrontendAction {
public:
  AnalysisAction(const EngineOptions &Options, TranslationUnitSummary &Out)
      : Options(Options), Out(Out) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &, StringRef) override {
    return std::make_unique<AnalysisConsumer>(Options, Out);
  }

private:
  const EngineOptions &Options;
  TranslationUnitSummary &Out;
};

class AnalysisActionFactory : public tooling::FrontendActionFactory {
public:
  AnalysisActionFactory(const EngineOptions &Options, TranslationUnitSummary &Out)
      : Options(Options), Out(Out) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<AnalysisAction>(Options, Out);
  }

private:
  const EngineOptions &Options;
  TranslationUnitSummary &Out;
};

// Keeps the first error; warnings are the compiler's business, not the linter's.
class FirstErrorConsumer : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || FirstError)
      return;
    llvm::SmallString<256> Text;
    Info.FormatDiagnostic(Text);
    std::string Where;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      PresumedLoc P = Info.getSourceManager().getPresumedLoc(
          Info.getSourceManager().getFileLoc(Info.getLocation()));
      if (P.isValid())
        Where = std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) + ":" +
                std::to_string(P.getColumn()) + ": ";
    }
    FirstError = Where + std::string(Text);
  }
  std::optional<std::string> FirstError;
};

// Serves exactly one compile command, whatever file ClangTool asks about.
class SingleCommandDatabase : public tooling::CompilationDatabase {
public:
  explicit SingleCommandDatabase(tooling::CompileCommand Command) : Command(std::move(Command)) {}
  std::vector<tooling::CompileCommand> getCompileCommands(StringRef) const override {
    return {Command};
  }

private:
  tooling::CompileCommand Command;
};

} // namespace

const RuleSettings &EngineOptions::settingsOf(const RuleInfo &Rule) const {
  auto It = Settings.find(Rule.Id);
  if (It != Settings.end())
    return It->second;
  // Rules are few and fixed: one default settings object each, for the life of the program.
  static std::map<std::string_view, RuleSettings> Defaults = [] {
    std::map<std::string_view, RuleSettings> D;
    for (const RuleInfo &Info : allRules())
      D[Info.Id] = RuleSettings{Info.DefaultLevel, RuleOptions()};
    return D;
  }();
  return Defaults.at(Rule.Id);
}

namespace {

// Parses and analyses one unit on the calling thread.
TranslationUnitSummary analyzeUnprotected(const tooling::CompileCommand &Command, const EngineOptions &Options,
                                          const std::string &File) {
  TranslationUnitSummary Result;
  Result.File = File;
  tooling::CompileCommand Adjusted = Command;
  Adjusted.Filename = Result.File;
  Adjusted.CommandLine = adjustForClang(Command.CommandLine, Command.Directory, Options.ResourceDir);
  SingleCommandDatabase Database(Adjusted);

  // A physical file system of our own: the shared real one would chdir() the whole process.
  tooling::ClangTool Tool(Database, {Result.File}, std::make_shared<PCHContainerOperations>(),
                          llvm::vfs::createPhysicalFileSystem());
  Tool.setPrintErrorMessage(false);
  for (const auto &[Path, Text] : Options.Unsaved)
    Tool.mapVirtualFile(Path, Text);
  FirstErrorConsumer Diagnostics;
  Tool.setDiagnosticConsumer(&Diagnostics);
  AnalysisActionFactory Factory(Options, Result);
  int Status = Tool.run(&Factory);
  // Instantiations of one template, and a lambda called twice, find the same thing twice; so
  // does a class template's pattern and its instantiation. The one kept is of a function the
  // summary has (an instantiation, not a pattern): the link step knows where that one runs.
  std::set<std::string> Summarised;
  for (const FunctionSummary &F : Result.Functions)
    Summarised.insert(F.Usr);
  std::sort(Result.Findings.begin(), Result.Findings.end(), [&](const Finding &A, const Finding &B) {
    if (A.identity() != B.identity())
      return A < B;
    return Summarised.count(A.FunctionUsr) > Summarised.count(B.FunctionUsr);
  });
  Result.Findings.erase(std::unique(Result.Findings.begin(), Result.Findings.end(),
                                    [](const Finding &A, const Finding &B) { return A.identity() == B.identity(); }),
                        Result.Findings.end());
  if (Diagnostics.FirstError)
    Result.Error = "cannot be parsed: " + *Diagnostics.FirstError;
  else if (Status != 0)
    Result.Error = "the compiler could not process it";
  return Result;
}

// LLVM's fatal errors (report_fatal_error) end the unit that raised them, not the run.
thread_local std::string FatalErrorOfThisThread;

void onFatalError(void *, const char *Reason, bool) {
  if (llvm::CrashRecoveryContext *Context = llvm::CrashRecoveryContext::GetCurrent()) {
    FatalErrorOfThisThread = Reason;
    Context->HandleExit(1);
  }
  // Outside a unit's analysis: one line and the error status, not LLVM's crash report.
  llvm::errs() << "corolint: error: " << Reason << "\n";
  llvm::sys::RunInterruptHandlers();
  std::_Exit(2);
}

// Signals a crashing unit raises are caught by CrashRecoveryContext. Its handlers are made to
// run on an alternate signal stack, so that a unit that exhausts its stack is contained too.
void enableCrashRecovery() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    llvm::CrashRecoveryContext::Enable();
    for (int Signal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP}) {
      struct sigaction Action;
      if (sigaction(Signal, nullptr, &Action) == 0 && Action.sa_handler != SIG_DFL && Action.sa_handler != SIG_IGN) {
        Action.sa_flags |= SA_ONSTACK;
        sigaction(Signal, &Action, nullptr);
      }
    }
    llvm::install_fatal_error_handler(onFatalError);
  });
}

// An alternate signal stack for the calling thread, for as long as it lives.
class AlternateSignalStack {
public:
  AlternateSignalStack() : Memory(std::max<size_t>(SIGSTKSZ, 1 << 16)) {
    stack_t Stack{};
    Stack.ss_sp = Memory.data();
    Stack.ss_size = Memory.size();
    Installed = sigaltstack(&Stack, &Previous) == 0;
  }
  ~AlternateSignalStack() {
    if (Installed)
      sigaltstack(&Previous, nullptr);
  }

private:
  std::vector<char> Memory;
  stack_t Previous{};
  bool Installed = false;
};

// Analyses run on threads of their own with this much stack: deeply nested code (clang's
// parser and the rules recurse over it) must not overflow where clang itself would not.
constexpr unsigned AnalysisStackSize = 64u << 20; // clang's own DesiredStackSize is 8 MiB

} // namespace

std::string mainFileOf(const tooling::CompileCommand &Command) {
  llvm::SmallString<256> File(Command.Filename);
  if (!llvm::sys::path::is_absolute(File))
    llvm::sys::fs::make_absolute(Command.Directory, File);
  llvm::sys::path::remove_dots(File, /*remove_dot_dot=*/true);
  return std::string(File);
}

TranslationUnitSummary analyzeTranslationUnit(const tooling::CompileCommand &Command,
                                              const EngineOptions &Options) {
  std::string File = mainFileOf(Command);

  TranslationUnitSummary Result;
  Result.File = File;
  if (!llvm::sys::fs::is_directory(Command.Directory)) {
    Result.Error = "the directory of its compile command, '" + Command.Directory + "', does not exist";
    return Result;
  }
  enableCrashRecovery();
  std::optional<std::string> Crash;
  llvm::thread Worker(std::optional<unsigned>(AnalysisStackSize), [&] {
    AlternateSignalStack SignalStack;
    llvm::CrashRecoveryContext Context;
    FatalErrorOfThisThread.clear();
    if (Context.RunSafely([&] { Result = analyzeUnprotected(Command, Options, std::string(File)); }))
      return;
    if (!FatalErrorOfThisThread.empty())
      Crash = "LLVM fatal error while analysing it: " + FatalErrorOfThisThread;
    else if (Context.RetCode > 128)
      Crash = std::string("corolint crashed while analysing it (") + strsignal(Context.RetCode - 128) + ")";
    else
      Crash = "corolint crashed while analysing it";
  });
  Worker.join();
  if (Crash) {
    // Whatever the unit found before it crashed is incomplete: it is reported as a failure only.
    Result = TranslationUnitSummary();
    Result.File = std::string(File);
    Result.Error = *Crash;
  }
  if (!Options.PathRoot.empty()) {
    llvm::SmallString<256> Main(Result.File);
    llvm::sys::fs::make_absolute(Main);
    llvm::sys::path::remove_dots(Main, /*remove_dot_dot=*/true);
    if (auto Relative = underPathRoot(Main, Options.PathRoot))
      Result.File = *Relative;
  }
  return Result;
}

} // namespace corolint
