// corolint's findings in the Language Server Protocol's terms: URIs, positions (UTF-16 code
// units unless the client takes UTF-8), diagnostics and the code actions that fix or suppress.
#pragma once

#include "corolint/Finding.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace corolint {
class SourceFiles;
}

namespace corolint::lsp {

// JSON-RPC error codes (LSP 3.17 adds the last two).
enum ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestCancelled = -32800,
};

// A file:// URI's absolute path (percent-decoded, dots removed), or nullopt for other schemes
// and malformed URIs.
std::optional<std::string> pathOfUri(const std::string &Uri);
std::string uriOfPath(const std::string &AbsolutePath);

// Turns corolint's 1-based byte columns into LSP positions for one client.
class Positions {
public:
  Positions(SourceFiles &Sources, bool Utf8) : Sources(Sources), Utf8(Utf8) {}
  nlohmann::json position(const std::string &File, unsigned Line, unsigned ByteColumn);
  nlohmann::json range(const SourceSpan &Span);
  // The position of byte Offset in Text (an editor's current text of a file).
  nlohmann::json positionInText(const std::string &Text, size_t Offset) const;

private:
  SourceFiles &Sources;
  bool Utf8;
};

// Where a rule's documentation is for a reader with a browser or an editor: the README in the
// installed documentation or in the source tree corolint was built from, else the home page.
std::string ruleDocumentationHref(const std::string &Rule, const std::string &Argv0);

// The LSP diagnostic of a finding: code = the rule, relatedInformation = each note (the chain
// through helpers, the route's registration), data = Index for the code actions to find it.
nlohmann::json diagnosticOf(const Finding &F, size_t Index, Positions &At, const std::string &Argv0);

// The rule's fix as a quick fix, when the text it replaces is still what the analysis saw in
// Current (the editor's text of the file, which may have changed since the save).
std::optional<nlohmann::json> fixAction(const Finding &F, const std::string &Current, Positions &At,
                                        const nlohmann::json &Diagnostic);
// "// NOLINT(rule)" at the end of the finding's line, as tool/Suppressions.cpp reads it; none
// for a line continued by a backslash, where a // comment would swallow the next line.
std::optional<nlohmann::json> suppressAction(const Finding &F, const std::string &Current, Positions &At,
                                             const nlohmann::json &Diagnostic);

} // namespace corolint::lsp
