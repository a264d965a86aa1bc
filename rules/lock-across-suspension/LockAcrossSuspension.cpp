// lock-across-suspension: a lock (std::lock_guard, unique_lock, scoped_lock, shared_lock, or a
// configured type) alive across a co_await or co_yield in the same coroutine.
#include "corolint/Catalog.h"
#include "corolint/Coroutine.h"
#include "corolint/Framework.h"
#include "corolint/Names.h"
#include "corolint/Rule.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace corolint {
namespace {

// The first suspension point in a statement, not counting lambdas (they run elsewhere) and
// awaits that never suspend.
class SuspensionFinder : public RecursiveASTVisitor<SuspensionFinder> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    std::string Type = catalogNameOfType(E->getOperand()->getType());
    if (Type.find("this_coro::") == std::string::npos && Type != "std::suspend_never")
      Found = E;
    return !Found;
  }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *E) { // in a template not instantiated
    Found = E;
    return false;
  }
  bool VisitCoyieldExpr(CoyieldExpr *E) {
    Found = E;
    return false;
  }
  const Expr *Found = nullptr;
};

const Expr *firstSuspension(const Stmt *S) {
  SuspensionFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

// The variable or member an expression names, through implicit conversions and `*`/`&`.
const ValueDecl *namedEntity(const Expr *E) {
  for (int Depth = 0; E && Depth < 4; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return Ref->getDecl();
    if (const auto *Member = dyn_cast<MemberExpr>(E))
      return Member->getMemberDecl();
    const auto *Unary = dyn_cast<UnaryOperator>(E);
    if (!Unary || (Unary->getOpcode() != UO_Deref && Unary->getOpcode() != UO_AddrOf))
      return nullptr;
    E = Unary->getSubExpr();
  }
  return nullptr;
}

// A condition variable's wait, `co_await cv.wait(lock or mutex, ...)`: the awaited call is given
// the lock, or the mutex the lock holds, and releases it while the coroutine is suspended.
bool releasesWhileSuspended(const Expr &Suspension, const VarDecl &Lock) {
  const auto *Await = dyn_cast<CoawaitExpr>(&Suspension);
  const Expr *Operand = Await ? Await->getOperand()->IgnoreImplicit()->IgnoreParens() : nullptr;
  const auto *Call = dyn_cast_or_null<CallExpr>(Operand);
  if (!Call)
    return false;
  const ValueDecl *Mutex = nullptr;
  if (const auto *Made = dyn_cast_or_null<CXXConstructExpr>(Lock.getInit() ? Lock.getInit()->IgnoreImplicit() : nullptr);
      Made && Made->getNumArgs() > 0)
    Mutex = namedEntity(Made->getArg(0));
  for (const Expr *Arg : Call->arguments())
    if (const ValueDecl *Given = namedEntity(Arg); Given && (Given == &Lock || Given == Mutex))
      return true;
  return false;
}

// `lock.unlock()` or `lock.lock()` written as a statement of its own.
const char *lockOperation(const Stmt *S, const VarDecl &Lock) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(S->IgnoreContainers());
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(S))
    Call = dyn_cast<CXXMemberCallExpr>(Cleanups->getSubExpr());
  if (!Call || !Call->getMethodDecl())
    return nullptr;
  const auto *Object = dyn_cast<DeclRefExpr>(Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
  if (!Object || Object->getDecl() != &Lock)
    return nullptr;
  StringRef Name = Call->getMethodDecl()->getName();
  return Name == "unlock" ? "unlock" : Name == "lock" ? "lock" : nullptr;
}

class LockAcrossSuspension : public Rule {
public:
  std::vector<RuleOption> options() const override {
    return {{"LockTypes", "strings", "[]", "More RAII lock classes (catalog names, e.g. \"absl::MutexLock\")."}};
  }

  void checkCoroutine(const Coroutine &C, RuleContext &Ctx) override {
    LockTypes = {"std::lock_guard", "std::unique_lock", "std::scoped_lock", "std::shared_lock"};
    for (const std::string &Extra : Ctx.options().strings("LockTypes"))
      LockTypes.push_back(Ctx.catalog().canonical(Extra));
    walk(C.Body->getBody(), C, Ctx);
  }

private:
  // A variable that owns a thread lock: a lock object (not a reference or pointer to one held
  // elsewhere) over a thread mutex (a std::unique_lock over a coroutine mutex such as
  // drogon::Mutex is how that library hands its lock out: waiters suspend, nobody blocks).
  bool isLock(const VarDecl &Var, RuleContext &Ctx) const {
    QualType T = Var.getType();
    if (T->isReferenceType() || T->isPointerType())
      return false;
    std::string Type = Ctx.catalog().canonical(lockTypeName(T));
    if (std::find(LockTypes.begin(), LockTypes.end(), Type) == LockTypes.end() || acquiredByAwait(Var))
      return false;
    for (const std::string &Mutex : mutexTypesOf(T))
      if (Ctx.models().isCoroutineMutex(Mutex))
        return false;
    return true;
  }

  // A lock a co_await handed out (`auto lock = co_await mutex.coScopedLock();`): it was taken by
  // suspending, so its mutex is a coroutine mutex whatever the framework, model or not: its
  // waiters suspend too, nobody blocks.
  static bool acquiredByAwait(const VarDecl &Var) {
    const Expr *Init = Var.getInit();
    for (int Depth = 0; Init && Depth < 8; ++Depth) {
      Init = Init->IgnoreImplicit()->IgnoreParens();
      if (isa<CoawaitExpr, DependentCoawaitExpr>(Init))
        return true;
      const auto *Construct = dyn_cast<CXXConstructExpr>(Init); // a move from the awaited lock
      if (!Construct || Construct->getNumArgs() != 1)
        return false;
      Init = Construct->getArg(0);
    }
    return false;
  }

  // The class a lock type names, also in a template not instantiated (std::lock_guard<M>).
  static std::string lockTypeName(QualType T) {
    if (std::string Name = catalogNameOfType(T); !Name.empty())
      return Name;
    if (const auto *Spec = T->getAs<TemplateSpecializationType>())
      if (const TemplateDecl *Template = Spec->getTemplateName().getAsTemplateDecl())
        return catalogName(*Template);
    return "";
  }

  // The mutex types a lock type is instantiated over (its type template arguments).
  static std::vector<std::string> mutexTypesOf(QualType T) {
    std::vector<std::string> Out;
    auto Add = [&](llvm::ArrayRef<TemplateArgument> Args) {
      for (const TemplateArgument &Arg : Args) {
        if (Arg.getKind() == TemplateArgument::Type)
          Out.push_back(catalogNameOfType(Arg.getAsType()));
        else if (Arg.getKind() == TemplateArgument::Pack)
          for (const TemplateArgument &Inner : Arg.pack_elements())
            if (Inner.getKind() == TemplateArgument::Type)
              Out.push_back(catalogNameOfType(Inner.getAsType()));
      }
    };
    if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl()))
      Add(Spec->getTemplateArgs().asArray());
    else if (const auto *Written = T->getAs<TemplateSpecializationType>())
      Add(Written->template_arguments());
    return Out;
  }

  // `std::unique_lock<M> l(m, std::defer_lock)`: constructed without taking the lock.
  static bool constructedUnlocked(const VarDecl &Var) {
    const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Var.getInit() ? Var.getInit()->IgnoreImplicit() : nullptr);
    if (!Construct)
      return false;
    for (const Expr *Arg : Construct->arguments())
      if (catalogNameOfType(Arg->getType()) == "std::defer_lock_t")
        return true;
    return false;
  }

  // In each block, a lock declared there is held until the block ends or it is unlocked; the
  // statements after its declaration are searched for a suspension while it is held.
  // Iterative, so that no depth of nesting (a 20,000-term expression) can exhaust the stack.
  void walk(const Stmt *Root, const Coroutine &C, RuleContext &Ctx) {
    llvm::SmallVector<const Stmt *, 64> Pending{Root};
    while (!Pending.empty()) {
      const Stmt *S = Pending.pop_back_val();
      if (!S || isa<LambdaExpr>(S))
        continue;
      if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
        auto Body = Block->body();
        for (auto It = Body.begin(); It != Body.end(); ++It)
          if (const auto *Decl = dyn_cast<DeclStmt>(*It))
            for (const clang::Decl *D : Decl->decls())
              if (const auto *Var = dyn_cast<VarDecl>(D); Var && isLock(*Var, Ctx))
                checkHeld(*Var, std::next(It), Body.end(), C, Ctx);
      }
      for (const Stmt *Child : S->children())
        Pending.push_back(Child);
    }
  }

  template <class Iterator>
  void checkHeld(const VarDecl &Lock, Iterator From, Iterator End, const Coroutine &C, RuleContext &Ctx) {
    bool Held = !constructedUnlocked(Lock);
    for (; From != End; ++From) {
      if (const char *Op = lockOperation(*From, Lock)) {
        Held = std::string(Op) == "lock";
        continue;
      }
      if (!Held)
        continue;
      if (const Expr *Suspension = firstSuspension(*From)) {
        if (releasesWhileSuspended(*Suspension, Lock))
          continue; // a condition variable's wait: the lock is released while it waits
        std::vector<Note> Notes;
        if (auto Where = Ctx.projectSpan(Suspension->getSourceRange()))
          Notes.push_back({"the coroutine suspends here with the lock held", *Where});
        std::string Name = C.displayName();
        // The framework's own asynchronous lock where its model names one.
        const FrameworkModel *Model = Ctx.models().modelOfCoroutine(*C.Function);
        std::string Instead = Model && !Model->CoroutineMutexes.empty()
                                  ? "a coroutine mutex such as " + Model->CoroutineMutexes.front()
                                  : "an asynchronous lock (a strand, or a channel used as one)";
        Ctx.report(Lock.getSourceRange(),
                   "lock '" + Lock.getNameAsString() + "' is held across a suspension in coroutine '" + Name +
                       "': other coroutines on this thread that take it deadlock or wait for the resume; release it "
                       "before the co_await (or use " + Instead + ")",
                   Name, {{"lock", Lock.getNameAsString()}, {"framework", Model ? Model->Name : ""}}, std::move(Notes));
        return;
      }
    }
  }

  std::vector<std::string> LockTypes;
};

} // namespace

std::unique_ptr<Rule> createLockAcrossSuspension() { return std::make_unique<LockAcrossSuspension>(); }

} // namespace corolint
