// corolint-demo: a coroweb server with a bad and a fixed route per corolint warning, and the
// proof that each warning is real.
//
//   corolint-demo serve [--port N] [--host ADDR] [--block-ms N]
//   corolint-demo prove [--quick] [--out DIR] [--build DIR]
//
// prove runs corolint (found next to this binary) over tool/demo with the build directory's
// compile_commands.json (default: the directory above this binary's bin/), starts the server,
// measures every finding, writes DIR/proof.json, DIR/proof.md and a chart per case, and prints a
// summary. Exit status: 0 every finding confirmed and the fixed routes clean, 1 otherwise, 2 error.
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "demo.hpp"
#include "prover.hpp"

namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: corolint-demo serve [--port N] [--host ADDR] [--block-ms N]\n"
    "       corolint-demo prove [--quick] [--out DIR] [--build DIR]\n";

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "corolint-demo: error: %s\n", message.c_str());
  std::exit(2);
}

int prove(int argc, char** argv) {
  demo::ProveOptions o;
  o.out = "corolint-demo-proof";
  fs::path bin = fs::read_symlink("/proc/self/exe").parent_path();
  o.build = bin.parent_path().string();
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc || argv[i + 1][0] == '\0') fail("missing value for " + std::string(arg));
      return argv[++i];
    };
    if (arg == "--quick") o.quick = true;
    else if (arg == "--out") o.out = value();
    else if (arg == "--build") o.build = value();
    else fail("unknown argument '" + std::string(arg) + "' for prove (try --help)");
  }
  o.out = fs::absolute(o.out).string();  // corolint runs from the repository's root
  o.build = fs::absolute(o.build).string();
  o.corolint = (bin / "corolint").string();
  o.source_dir = COROLINT_DEMO_SOURCE_DIR;
  if (!fs::exists(o.corolint)) fail("corolint not found next to corolint-demo: " + o.corolint);
  if (!fs::exists(fs::path(o.build) / "compile_commands.json"))
    fail("no compile_commands.json in build directory '" + o.build + "' (use --build DIR)");
  if (fs::exists(o.out) && !fs::is_directory(o.out)) fail("--out '" + o.out + "' exists and is not a directory");
  return demo::prove(o);
}

}  // namespace

int main(int argc, char** argv) {
  std::string_view cmd = argc > 1 ? argv[1] : "";
  if (cmd == "--help" || cmd == "-h") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (cmd == "serve") return demo::serve(argc - 2, argv + 2);
  if (cmd == "prove") return prove(argc - 2, argv + 2);
  fail(cmd.empty() ? "missing command: serve or prove (try --help)" : "unknown command '" + std::string(cmd) + "' (try --help)");
}
