// Reading the console blocks; writing to it is not treated as blocking.
#include <boost/asio.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

namespace asio = boost::asio;

asio::awaitable<std::string> ask_user() {
  std::string name;
  int age = 0;
  std::cout << "name? " << std::flush;  // console output: not reported
  printf("age? ");
  std::cin >> age;                      // EXPECT: blocking-call-in-coroutine {{operator>>}}
  std::cin >> name;                     // EXPECT: blocking-call-in-coroutine {{operator>>}}
  std::getline(std::cin, name);         // EXPECT: blocking-call-in-coroutine {{'std::getline'}}
  scanf("%d", &age);                    // EXPECT: blocking-call-in-coroutine {{'scanf'}}
  getchar();                            // EXPECT: blocking-call-in-coroutine {{'getchar'}}
  char line[64];
  fgets(line, sizeof line, stdin);      // EXPECT: blocking-call-in-coroutine {{'fgets'}}
  co_return name;
}

// String streams are in memory: extraction and getline on them are not I/O.
asio::awaitable<int> parse_form(std::string body) {
  std::istringstream in(body);
  std::string field;
  int value = 0;
  std::getline(in, field, '=');
  in >> value;
  std::stringstream ss;
  ss << value;
  ss >> field;
  co_return value;
}
