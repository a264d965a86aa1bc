// The fix for a blocking sleep in a coroutine: std::this_thread::sleep_for(d) becomes the
// framework's asynchronous sleep.
#pragma once

#include "corolint/Finding.h"

#include <optional>

namespace clang {
class ASTContext;
class CallExpr;
} // namespace clang

namespace corolint {

struct Coroutine;

// `co_await coroweb::sleep(d)` in a coroweb::Task coroutine; in an Asio awaitable,
// `co_await asio::steady_timer(co_await asio::this_coro::executor, d).async_wait(asio::use_awaitable)`
// (boost::asio:: for Boost's). nullopt wherever the edit could be wrong: the call is not a
// statement of its own, sits in a lambda or a catch handler (no co_await there), under a lock
// (it would be held across the suspension), in a macro or a template (one text, many meanings),
// or the framework's asynchronous sleep is not declared in the translation unit.
std::optional<Fix> sleepFix(const Coroutine &C, const clang::CallExpr &Call, clang::ASTContext &Ast);

} // namespace corolint
