#include "repo/repository.h"

// Plain code: it may block, nothing here is reported.
int nightly_report(repo::Repository &r) { return r.count_users() + r.load_user(0); }
