// -j's default: the cores the process may use, a cgroup's CPU quota included.
#include "Driver.h"

#include "llvm/Support/Threading.h"

#include <gtest/gtest.h>

using namespace corolint;

TEST(Parallelism, CgroupQuotaRoundsUpToWholeCores) {
  EXPECT_EQ(coresOfQuota("200000", "100000"), 2u);   // cpu.max "200000 100000"
  EXPECT_EQ(coresOfQuota("150000", "100000"), 2u);   // one and a half cores: two threads
  EXPECT_EQ(coresOfQuota("50000", "100000"), 1u);    // half a core: still one
  EXPECT_EQ(coresOfQuota("400000\n", "100000\n"), 4u); // v1's files end with a newline
}

TEST(Parallelism, UnlimitedOrUnreadableQuotaSaysNothing) {
  EXPECT_EQ(coresOfQuota("max", "100000"), std::nullopt); // v2, unlimited
  EXPECT_EQ(coresOfQuota("-1", "100000"), std::nullopt);  // v1, unlimited
  EXPECT_EQ(coresOfQuota("", ""), std::nullopt);          // no such file
  EXPECT_EQ(coresOfQuota("100000", "0"), std::nullopt);
}

TEST(Parallelism, AvailableCoresIsAtLeastOneAndAtMostTheAffinity) {
  unsigned Cores = availableCores();
  EXPECT_GE(Cores, 1u);
  EXPECT_LE(Cores, std::max(1u, llvm::hardware_concurrency().compute_thread_count()));
}
