// ARGS: -isystem /usr/include/postgresql -isystem /usr/include/mariadb
// Blocking client libraries, with their real headers: libcurl, libpq, SQLite, MySQL, hiredis.
#include <boost/asio.hpp>
#include <curl/curl.h>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <mysql.h>
#include <sqlite3.h>

namespace asio = boost::asio;

asio::awaitable<void> fetch(CURL *curl) {
  curl_easy_setopt(curl, CURLOPT_URL, "http://backend/"); // configuring does not block
  curl_easy_perform(curl);              // EXPECT: blocking-call-in-coroutine {{'curl_easy_perform'}} {{co_await asio::post(pool, asio::use_awaitable)}}
  co_return;
}

asio::awaitable<void> postgres(const char *conninfo) {
  PGconn *conn = PQconnectdb(conninfo); // EXPECT: blocking-call-in-coroutine {{'PQconnectdb'}}
  PGresult *r = PQexec(conn, "SELECT 1"); // EXPECT: blocking-call-in-coroutine {{'PQexec' in coroutine 'postgres'}}
  const char *params[] = {"1"};
  PQexecParams(conn, "SELECT $1", 1, nullptr, params, nullptr, nullptr, 0); // EXPECT: blocking-call-in-coroutine {{'PQexecParams'}}
  PQprepare(conn, "q", "SELECT 1", 0, nullptr); // EXPECT: blocking-call-in-coroutine {{'PQprepare'}}
  PQexecPrepared(conn, "q", 0, nullptr, nullptr, nullptr, 0); // EXPECT: blocking-call-in-coroutine {{'PQexecPrepared'}}
  PQgetResult(conn);                    // EXPECT: blocking-call-in-coroutine {{'PQgetResult'}}
  PQsendQuery(conn, "SELECT 2");        // the asynchronous API returns at once
  PQclear(r);
  co_return;
}

asio::awaitable<int> sqlite(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);              // EXPECT: blocking-call-in-coroutine {{'sqlite3_open'}}
  sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nullptr); // EXPECT: blocking-call-in-coroutine {{'sqlite3_open_v2'}}
  sqlite3_exec(db, "SELECT 1", nullptr, nullptr, nullptr); // EXPECT: blocking-call-in-coroutine {{'sqlite3_exec'}} {{move it off the event loop}}
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  int rc = sqlite3_step(stmt);          // EXPECT: blocking-call-in-coroutine {{'sqlite3_step'}}
  sqlite3_finalize(stmt);
  co_return rc;
}

asio::awaitable<void> mysql(MYSQL *m) {
  mysql_real_connect(m, "db", "u", "p", "app", 3306, nullptr, 0); // EXPECT: blocking-call-in-coroutine {{'mysql_real_connect'}}
  mysql_query(m, "SELECT 1");           // EXPECT: blocking-call-in-coroutine {{'mysql_query'}}
  mysql_real_query(m, "SELECT 1", 8);   // EXPECT: blocking-call-in-coroutine {{'mysql_real_query'}}
  co_return;
}

asio::awaitable<void> redis() {
  redisContext *c = redisConnect("127.0.0.1", 6379); // EXPECT: blocking-call-in-coroutine {{'redisConnect'}}
  void *reply = redisCommand(c, "GET %s", "key"); // EXPECT: blocking-call-in-coroutine {{'redisCommand'}}
  freeReplyObject(reply);
  redisFree(c);
  co_return;
}
