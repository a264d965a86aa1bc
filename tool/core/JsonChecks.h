// Checks shared by the parsers of corolint's data files (the catalogs, framework models): every
// error names the file (Origin) and the place in it, and is thrown as std::runtime_error.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace corolint::jsoncheck {

[[noreturn]] inline void fail(const std::string &Origin, const std::string &What) {
  throw std::runtime_error(Origin + ": " + What);
}

inline std::vector<std::string> stringList(const nlohmann::json &J, const char *Key, const std::string &Where,
                                           const std::string &Origin) {
  std::vector<std::string> Out;
  if (!J.contains(Key))
    return Out;
  if (!J[Key].is_array())
    fail(Origin, Where + ": '" + Key + "' must be an array of strings");
  for (const nlohmann::json &S : J[Key]) {
    if (!S.is_string())
      fail(Origin, Where + ": '" + Key + "' must be an array of strings");
    Out.push_back(S.get<std::string>());
  }
  return Out;
}

inline void rejectUnknownKeys(const nlohmann::json &J, std::initializer_list<const char *> Known,
                              const std::string &Where, const std::string &Origin) {
  for (const auto &[Key, Value] : J.items())
    if (std::none_of(Known.begin(), Known.end(), [&](const char *K) { return Key == K; }))
      fail(Origin, Where + ": unknown key '" + Key + "'");
}

} // namespace corolint::jsoncheck
