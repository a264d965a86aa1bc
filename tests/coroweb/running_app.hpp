// An in-process coroweb::App on a free port, its event loop on a background thread.
#pragma once

#include <functional>
#include <thread>

#include <coroweb/coroweb.hpp>

namespace coroweb_test {

class RunningApp {
 public:
  RunningApp(coroweb::Options opts, const std::function<void(coroweb::App&)>& routes) {
    opts.port = 0;
    opts.handle_signals = false;
    app_ = std::make_unique<coroweb::App>(std::move(opts));
    routes(*app_);
    app_->listen();
    port_ = app_->port();
    thread_ = std::thread([this] { app_->run(); });
  }
  ~RunningApp() {
    app_->stop();
    thread_.join();
  }
  unsigned short port() const { return port_; }
  coroweb::App& app() { return *app_; }

 private:
  std::unique_ptr<coroweb::App> app_;
  unsigned short port_ = 0;
  std::thread thread_;
};

}  // namespace coroweb_test
