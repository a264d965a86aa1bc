int a; // NOLINT
int b; // NOLINT(blocking-call-in-coroutine, cpu-*)
// NOLINTNEXTLINE(discarded-task)
int c;
// NOLINTBEGIN(*)
int d;
// NOLINTEND(*)
// NOLINTEND
