// coroweb/detail/handler.hpp - turns whatever was registered into one of two handler kinds.
//
// The kind is decided by the return type, as FastAPI decides by `async def` vs `def`:
//   Task<Response>  -> a coroutine, run on the event loop;
//   Response        -> a plain function, run on the worker pool.
// A handler may take (Request&), (const Request&) or nothing; member functions come with the
// object to call them on.
#pragma once

#include <functional>
#include <type_traits>
#include <utility>

#include "../async.hpp"
#include "../http.hpp"

namespace coroweb::detail {

template <class>
inline constexpr bool dependent_false = false;

struct Handler {
  bool coroutine = false;
  std::function<Task<Response>(Request&)> coro;
  std::function<Response(Request&)> plain;
};

template <class F>
auto taking_request(F f) {
  if constexpr (std::is_invocable_v<F&, Request&>)
    return f;
  else if constexpr (std::is_invocable_v<F&>)
    // f lives inside the returned lambda, which the App keeps for its lifetime: a coroutine
    // lambda's captures stay valid while its frames run.
    return [f = std::move(f)](Request&) mutable { return f(); };
  else
    static_assert(dependent_false<F>, "coroweb: a handler takes (coroweb::Request&), (const coroweb::Request&) or ()");
}

template <class F>
Handler make_handler(F f) {
  auto g = taking_request(std::move(f));
  using R = std::invoke_result_t<decltype(g)&, Request&>;
  if constexpr (std::is_same_v<R, Task<Response>>)
    return Handler{true, std::move(g), {}};
  else if constexpr (std::is_convertible_v<R, Response>)
    return Handler{false, {}, std::move(g)};
  else
    static_assert(dependent_false<F>,
                  "coroweb: a handler returns coroweb::Response (runs on the worker pool) or "
                  "coroweb::Task<coroweb::Response> (runs on the event loop)");
}

template <class M, class C>
Handler make_handler(M C::*method, C* object) {
  static_assert(std::is_member_function_pointer_v<M C::*>, "coroweb: expected a member function");
  if constexpr (std::is_invocable_v<M C::*, C*, Request&>)
    return make_handler([method, object](Request& r) { return std::invoke(method, object, r); });
  else
    return make_handler([method, object] { return std::invoke(method, object); });
}

}  // namespace coroweb::detail
