// Counts operator new calls in the demo binary, for needless-coroutine's cost per call
// (GET /_demo/allocs). Sized and aligned forms all funnel through these two.
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::uint64_t> count{0};
}

namespace demo {
std::uint64_t allocations() { return count.load(std::memory_order_relaxed); }
}  // namespace demo

void* operator new(std::size_t n) {
  count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
