// coroweb/detail/route_executor.hpp - an executor that tells the monitor which route runs.
//
// Asio resumes a coroutine by handing a function to the executor the coroutine was spawned
// on. Each connection's coroutine is spawned on a RouteExecutor wrapping the loop's executor,
// so every resumption of the handler frames it awaits - and of any task the handler spawns on
// `co_await asio::this_coro::executor` - runs inside a Monitor::Segment that reads the
// connection's route slot. No change to user code, no extra hop: the wrapped function still
// runs inline when the inner executor would have run it inline. (The App binds its own socket
// I/O to the plain executor; see App::framework.)
#pragma once

#include <type_traits>
#include <utility>

#include <boost/asio/execution.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/require.hpp>

#include "../monitor.hpp"

namespace coroweb::detail {

template <class Inner>
class RouteExecutor {
 public:
  RouteExecutor(Inner inner, Monitor* monitor, const int* slot) noexcept
      : inner_(std::move(inner)), monitor_(monitor), slot_(slot) {}

  // Properties (context, blocking, outstanding work, relationship, allocator) are the inner
  // executor's; require/prefer re-wrap the result so the marking survives them.
  template <class Property>
    requires boost::asio::can_query<const Inner&, const Property&>::value
  decltype(auto) query(const Property& p) const noexcept {
    return boost::asio::query(inner_, p);
  }

  template <class Property>
    requires boost::asio::can_require<const Inner&, const Property&>::value
  auto require(const Property& p) const {
    using R = std::decay_t<decltype(boost::asio::require(inner_, p))>;
    return RouteExecutor<R>(boost::asio::require(inner_, p), monitor_, slot_);
  }

  template <class Property>
    requires boost::asio::can_prefer<const Inner&, const Property&>::value
  auto prefer(const Property& p) const {
    using R = std::decay_t<decltype(boost::asio::prefer(inner_, p))>;
    return RouteExecutor<R>(boost::asio::prefer(inner_, p), monitor_, slot_);
  }

  template <class F>
  void execute(F&& f) const {
    inner_.execute([f = std::forward<F>(f), m = monitor_, s = slot_]() mutable {
      Monitor::Segment segment(*m, s);
      std::move(f)();
    });
  }

  friend bool operator==(const RouteExecutor& a, const RouteExecutor& b) noexcept {
    return a.inner_ == b.inner_ && a.monitor_ == b.monitor_ && a.slot_ == b.slot_;
  }
  friend bool operator!=(const RouteExecutor& a, const RouteExecutor& b) noexcept { return !(a == b); }

  const Inner& inner() const noexcept { return inner_; }

 private:
  template <class>
  friend class RouteExecutor;

  Inner inner_;
  Monitor* monitor_;
  const int* slot_;
};

}  // namespace coroweb::detail
