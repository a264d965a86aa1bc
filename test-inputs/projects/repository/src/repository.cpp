#include "repo/repository.h"

namespace repo {

int Repository::load_user(int id) { return run_query(db_, "SELECT * FROM users WHERE id = " + std::to_string(id)); }

int Repository::count_users() { return run_query(db_, "SELECT count(*) FROM users"); }

} // namespace repo
