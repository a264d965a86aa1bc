// Waiting for other threads: futures, joins, condition variables, latches, semaphores.
#include <barrier>
#include <boost/asio.hpp>
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <pthread.h>
#include <semaphore.h>
#include <semaphore>
#include <thread>

namespace asio = boost::asio;
using namespace std::chrono_literals;

asio::awaitable<int> compute(std::future<int> f, std::shared_future<int> s) {
  int v = f.get();                      // EXPECT: blocking-call-in-coroutine {{'std::future::get' in coroutine 'compute'}}
  s.wait();                             // EXPECT: blocking-call-in-coroutine {{'std::shared_future::wait'}}
  s.wait_for(10ms);                     // EXPECT: blocking-call-in-coroutine {{'std::shared_future::wait_for'}}
  v += s.get();                         // EXPECT: blocking-call-in-coroutine {{'std::shared_future::get'}}
  co_return v;
}

asio::awaitable<void> void_future(std::future<void> f, std::future<int &> r) {
  f.wait();                             // EXPECT: blocking-call-in-coroutine {{'std::future::wait'}}
  f.wait_for(1ms);                      // EXPECT: blocking-call-in-coroutine {{'std::future::wait_for'}}
  r.get();                              // EXPECT: blocking-call-in-coroutine {{'std::future::get'}}
  co_return;
}

asio::awaitable<void> join_workers(std::thread &t, std::jthread &j, pthread_t p) {
  t.join();                             // EXPECT: blocking-call-in-coroutine {{'std::thread::join'}}
  j.join();                             // EXPECT: blocking-call-in-coroutine {{'std::jthread::join'}}
  pthread_join(p, nullptr);             // EXPECT: blocking-call-in-coroutine {{'pthread_join'}}
  co_return;
}

std::mutex m;
std::condition_variable cv;
std::condition_variable_any cva;

asio::awaitable<void> wait_for_signal(bool &ready) {
  std::unique_lock lock(m);
  cv.wait(lock, [&] { return ready; }); // EXPECT: blocking-call-in-coroutine {{'std::condition_variable::wait'}}
  cv.wait_for(lock, 1s);                // EXPECT: blocking-call-in-coroutine {{'std::condition_variable::wait_for'}}
  cva.wait(lock);                       // EXPECT: blocking-call-in-coroutine {{'std::condition_variable_any::wait'}}
  lock.unlock();
  co_return;
}

asio::awaitable<void> rendezvous(std::latch &l, std::barrier<> &b, std::counting_semaphore<8> &sem,
                                 std::binary_semaphore &bin, sem_t *posix) {
  l.wait();                             // EXPECT: blocking-call-in-coroutine {{'std::latch::wait'}}
  l.arrive_and_wait();                  // EXPECT: blocking-call-in-coroutine {{'std::latch::arrive_and_wait'}}
  b.arrive_and_wait();                  // EXPECT: blocking-call-in-coroutine {{'std::barrier::arrive_and_wait'}}
  sem.acquire();                        // EXPECT: blocking-call-in-coroutine {{'std::counting_semaphore::acquire'}}
  bin.acquire();                        // EXPECT: blocking-call-in-coroutine {{'std::counting_semaphore::acquire'}}
  sem_wait(posix);                      // EXPECT: blocking-call-in-coroutine {{'sem_wait'}}
  sem.release();                        // releasing never blocks
  l.count_down();
  co_return;
}
