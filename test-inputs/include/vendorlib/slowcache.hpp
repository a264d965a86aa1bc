// A header-only "third-party" library, included as a system header (-isystem): corolint does not
// walk its functions unless told to with --follow-headers vendorlib/.
#pragma once
#include <unistd.h>

namespace slowcache {
inline void refresh() { usleep(1000); }
} // namespace slowcache
