#include "repo/repository.h"

#include <sqlite3.h>

namespace repo {

int run_query(sqlite3 *db, const std::string &sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

} // namespace repo
