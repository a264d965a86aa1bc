// A small project for the tests of the cache and of sharding: a.cpp calls a helper defined in
// helper.cpp that sleeps (found through the link step), b.cpp sleeps itself; a.cpp and b.cpp
// include shared.hpp, helper.cpp does not. Its compile_commands.json names the stub headers of
// test-inputs/include, so each unit parses in a fraction of a second.
#pragma once

#include "RunTool.h"

#include <filesystem>
#include <string>

namespace corolint::tests {

inline void writeThreeUnitProject(const std::filesystem::path &Project) {
  const std::filesystem::path StubHeaders = std::filesystem::path(COROLINT_SOURCE_DIR) / "test-inputs" / "include";
  writeFile(Project / "shared.hpp", "#pragma once\ninline int shared_value() { return 1; }\n");
  writeFile(Project / "helper.hpp", "#pragma once\nvoid slow_helper();\n");
  writeFile(Project / "helper.cpp", "#include \"helper.hpp\"\n#include <unistd.h>\nvoid slow_helper() { sleep(1); }\n");
  writeFile(Project / "a.cpp", "#include <cppcoro/task.hpp>\n#include \"helper.hpp\"\n#include \"shared.hpp\"\n"
                               "cppcoro::task<int> handler_a() {\n  slow_helper();\n  co_return shared_value();\n}\n");
  writeFile(Project / "b.cpp", "#include <cppcoro/task.hpp>\n#include <unistd.h>\n#include \"shared.hpp\"\n"
                               "cppcoro::task<int> handler_b() {\n  sleep(1);\n  co_return shared_value();\n}\n");
  std::string Entries;
  for (const char *Unit : {"a.cpp", "b.cpp", "helper.cpp"})
    Entries += std::string(Entries.empty() ? "" : ",\n") + "{\"directory\": \"" + Project.string() + "\", \"file\": \"" +
               Unit + "\", \"command\": \"clang++ -std=c++20 -I" + StubHeaders.string() + " -c " + Unit + " -o " + Unit +
               ".o\"}";
  writeFile(Project / "compile_commands.json", "[\n" + Entries + "\n]\n");
}

} // namespace corolint::tests
