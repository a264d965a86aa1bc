#pragma once

#include <boost/asio.hpp>
#include <string>

struct sqlite3;

namespace repo {

int run_query(sqlite3 *db, const std::string &sql); // db.cpp

class Repository {
public:
  int load_user(int id);    // repository.cpp
  int count_users();        // repository.cpp
private:
  sqlite3 *db_ = nullptr;
};

// Instantiated in handlers.cpp: a template helper in a header, two calls from the SQL.
template <class Key> int load_by(Repository &r, Key key) { return r.load_user(static_cast<int>(key)); }

struct Store {
  virtual ~Store() = default;
  virtual int fetch(int id) = 0; // stores.cpp defines a blocking override
};

} // namespace repo
