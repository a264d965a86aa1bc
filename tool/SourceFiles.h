// Source files as the report writers need them: their text (read once), GitHub's line hashes,
// UTF-16 columns for SARIF, and paths as URIs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corolint {

// GitHub's primaryLocationLineHash of every line of Text, as github/codeql-action's upload step
// computes it (a rolling hash of the next 100 non-blank characters, counted per hash value):
// "<hex>:<n>", element I for line I + 1. Computed here because the upload step keeps a
// fingerprint it is given and so works for files it cannot read.
std::vector<std::string> githubLineHashes(const std::string &Text);

// The UTF-16 column (1-based) of a 1-based byte column on Line (UTF-8): SARIF's default
// columnKind is utf16CodeUnits. Columns past the end of the line keep their excess.
unsigned utf16Column(const std::string &Line, unsigned ByteColumn);

// A relative path as a URI reference: every byte outside RFC 3986's unreserved set and '/'
// is percent-encoded (spaces, '%', '#', '?', non-ASCII UTF-8 bytes).
std::string percentEncodePath(const std::string &Path);
// An absolute path as a file:// URI.
std::string fileUri(const std::string &AbsolutePath);

// Reads each file once; missing files read as empty.
class SourceFiles {
public:
  SourceFiles() = default;
  // Files whose text is given (an editor's unsaved buffers, by absolute path) are not read.
  explicit SourceFiles(const std::map<std::string, std::string> &Given);

  const std::string &text(const std::string &Path);
  // Line N (1-based) without its line ending, or "" past the end.
  std::string line(const std::string &Path, unsigned N);
  const std::string &lineHash(const std::string &Path, unsigned N);

private:
  struct File {
    std::string Text;
    std::vector<size_t> LineStarts;
    std::optional<std::vector<std::string>> Hashes;
  };
  File &load(const std::string &Path);
  static void indexLines(File &F);
  std::map<std::string, File> Files;
};

} // namespace corolint
