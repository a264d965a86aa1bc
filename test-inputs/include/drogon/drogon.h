// Stub of the parts of Drogon that corolint's model names: Task, HttpController routes
// (METHOD_ADD / ADD_METHOD_TO expand to registerMethod), app().registerHandler, the synchronous
// DbClient call and switchThreadCoro.
#pragma once
#include <corolint_stubs/lazy_task.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace trantor {
class EventLoop {
public:
  void queueInLoop(std::function<void()> f) { f(); }
  void runInLoop(std::function<void()> f) { f(); }
};
} // namespace trantor

namespace drogon {
COROLINT_STUB_LAZY_TASK(Task)
enum HttpMethod { Get, Post, Put, Delete };
struct HttpRequest { std::string body() const { return {}; } };
struct HttpResponse { static std::shared_ptr<HttpResponse> newHttpResponse() { return std::make_shared<HttpResponse>(); } };
using HttpRequestPtr = std::shared_ptr<HttpRequest>;
using HttpResponsePtr = std::shared_ptr<HttpResponse>;

class HttpAppFramework {
public:
  template <class F> HttpAppFramework &registerHandler(const std::string &path, F &&handler, std::vector<HttpMethod> methods = {}) {
    (void)path; (void)handler; (void)methods;
    return *this;
  }
};
inline HttpAppFramework &app() { static HttpAppFramework a; return a; }

template <class T> class HttpController {
protected:
  template <class M> static void registerMethod(M method, const std::string &pattern, std::vector<HttpMethod> = {}, bool = true, const char * = "") {
    (void)method; (void)pattern;
  }
};
#define METHOD_LIST_BEGIN static void initPathRouting() {
#define ADD_METHOD_TO(method, pattern, ...) registerMethod(&method, pattern, {__VA_ARGS__}, false, #method);
#define METHOD_LIST_END }

namespace orm {
struct Result { size_t size() const { return 0; } };
class DbClient {
public:
  template <class... A> Result execSqlSync(const std::string &sql, A &&...) { (void)sql; return {}; }
  template <class... A> Task<Result> execSqlCoro(const std::string &sql, A &&...) { (void)sql; co_return Result{}; }
};
using DbClientPtr = std::shared_ptr<DbClient>;
} // namespace orm

struct SwitchOperation {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
inline SwitchOperation switchThreadCoro(trantor::EventLoop *loop) { (void)loop; return {}; }
} // namespace drogon
