// Running the built corolint (and other commands) from tests, as a user would from a shell.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace corolint::tests {

struct Outcome {
  int Status = -1;
  std::string Out, Err;
};

inline std::string quote(const std::string &S) {
  std::string Q = "'";
  for (char C : S)
    Q += C == '\'' ? std::string("'\\''") : std::string(1, C);
  return Q + "'";
}

inline std::string readFile(const std::filesystem::path &Path) {
  std::ifstream In(Path, std::ios::binary);
  std::stringstream Text;
  Text << In.rdbuf();
  return Text.str();
}

inline void writeFile(const std::filesystem::path &Path, const std::string &Text) {
  std::filesystem::create_directories(Path.parent_path());
  std::ofstream(Path, std::ios::binary) << Text;
}

// Runs a shell command in Directory, capturing standard output, standard error and the status.
inline Outcome shell(const std::string &Command, const std::filesystem::path &Directory) {
  static int Counter = 0;
  std::filesystem::path ErrFile = std::filesystem::temp_directory_path() /
                                  ("corolint-test-" + std::to_string(getpid()) + "-" + std::to_string(++Counter) + ".err");
  std::string Full = "cd " + quote(Directory.string()) + " && " + Command + " 2>" + quote(ErrFile.string());
  Outcome R;
  FILE *Pipe = popen(Full.c_str(), "r");
  if (!Pipe)
    return R;
  std::array<char, 4096> Buffer;
  size_t N;
  while ((N = fread(Buffer.data(), 1, Buffer.size(), Pipe)) > 0)
    R.Out.append(Buffer.data(), N);
  int Raw = pclose(Pipe);
  R.Status = WIFEXITED(Raw) ? WEXITSTATUS(Raw) : -1;
  R.Err = readFile(ErrFile);
  std::filesystem::remove(ErrFile);
  return R;
}

#ifdef COROLINT_BINARY
inline Outcome runCorolint(const std::string &Args, const std::filesystem::path &Directory) {
  return shell(quote(COROLINT_BINARY) + " " + Args, Directory);
}
#endif

inline size_t lineCount(const std::string &Text) { return std::count(Text.begin(), Text.end(), '\n'); }

} // namespace corolint::tests
