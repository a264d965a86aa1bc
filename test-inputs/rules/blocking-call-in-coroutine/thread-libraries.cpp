// Blocking calls of Boost.Thread, C11 threads, POSIX message queues and System V IPC, and
// their non-blocking forms; a std::jthread's joining destructor.
#include <boost/asio.hpp>
#include <boost/thread.hpp>
#include <mqueue.h>
#include <pthread.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <thread>
#include <threads.h>

namespace asio = boost::asio;

struct Message { long type; char text[64]; };

asio::awaitable<void> boost_thread(boost::thread &worker, boost::condition_variable &cv,
                                   boost::unique_lock<boost::mutex> &lock) {
  boost::this_thread::sleep_for(boost::chrono::milliseconds(5)); // EXPECT: blocking-call-in-coroutine {{'boost::this_thread::sleep_for'}}
  worker.join();                   // EXPECT: blocking-call-in-coroutine {{'boost::thread::join'}}
  cv.wait(lock);                   // EXPECT: blocking-call-in-coroutine {{'boost::condition_variable::wait'}}
  co_return;
}

asio::awaitable<void> c11(thrd_t t, cnd_t *c, mtx_t *m) {
  timespec delay{0, 1000};
  thrd_sleep(&delay, nullptr);     // EXPECT: blocking-call-in-coroutine {{'thrd_sleep'}}
  thrd_join(t, nullptr);           // EXPECT: blocking-call-in-coroutine {{'thrd_join'}}
  cnd_wait(c, m);                  // EXPECT: blocking-call-in-coroutine {{'cnd_wait'}}
  co_return;
}

asio::awaitable<void> ipc(mqd_t q, int msq, int sem, pthread_barrier_t *b) {
  char buf[64];
  mq_receive(q, buf, sizeof buf, nullptr); // EXPECT: blocking-call-in-coroutine {{'mq_receive'}}
  Message m{};
  msgrcv(msq, &m, sizeof m.text, 0, 0); // EXPECT: blocking-call-in-coroutine {{'msgrcv'}}
  msgrcv(msq, &m, sizeof m.text, 0, IPC_NOWAIT);
  sembuf op{0, -1, 0};
  semop(sem, &op, 1);              // EXPECT: blocking-call-in-coroutine {{'semop'}}
  pthread_barrier_wait(b);         // EXPECT: blocking-call-in-coroutine {{'pthread_barrier_wait'}}
  co_return;
}

// A std::jthread joins its thread when it goes out of scope: at the end of the coroutine's block.
asio::awaitable<void> scoped_threads() {
  std::jthread worker([] {});      // EXPECT: blocking-call-in-coroutine {{'worker' (std::jthread) blocks when it goes out of scope}}
  std::jthread detached([] {});
  detached.detach();
  std::jthread handed([] {});
  std::jthread owner = std::move(handed);  // EXPECT: blocking-call-in-coroutine {{'owner' (std::jthread)}}
  co_return;
}
