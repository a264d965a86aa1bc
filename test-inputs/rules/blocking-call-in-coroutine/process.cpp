// Running child processes and waiting for them.
#include <boost/asio.hpp>
#include <cstdio>
#include <cstdlib>
#include <spawn.h>
#include <sys/wait.h>

namespace asio = boost::asio;
extern char **environ;

asio::awaitable<int> convert_image() {
  int status = std::system("convert in.png out.jpg"); // EXPECT: blocking-call-in-coroutine {{'system'}}
  FILE *p = popen("git rev-parse HEAD", "r");         // EXPECT: blocking-call-in-coroutine {{'popen'}}
  pclose(p);                                           // EXPECT: blocking-call-in-coroutine {{'pclose'}}
  co_return status;
}

asio::awaitable<int> spawn_and_wait() {
  pid_t pid;
  char *argv[] = {const_cast<char *>("true"), nullptr};
  posix_spawnp(&pid, "true", nullptr, nullptr, argv, environ); // starting it returns at once
  int status = 0;
  waitpid(pid, &status, 0);             // EXPECT: blocking-call-in-coroutine {{'waitpid'}}
  wait(&status);                        // EXPECT: blocking-call-in-coroutine {{'wait'}}
  siginfo_t info;
  waitid(P_ALL, 0, &info, WEXITED);     // EXPECT: blocking-call-in-coroutine {{'waitid'}}
  co_return status;
}
