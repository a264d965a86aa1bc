// The registry: Rules.def turned into RuleInfo entries, with the READMEs and the catalog that
// the build embedded.
#include "corolint/Catalog.h"
#include "corolint/Framework.h"
#include "corolint/Rule.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"

#include <map>

namespace corolint {

#define RULE(Class, Id, DefaultLevel) std::unique_ptr<Rule> create##Class();
#include "Rules.def"

namespace {

std::string_view docOf(std::string_view Id) {
  static const std::map<std::string_view, std::string_view> Docs = {
#include "RuleDocs.inc"
  };
  auto It = Docs.find(Id);
  return It == Docs.end() ? std::string_view() : It->second;
}

} // namespace

const std::vector<RuleInfo> &allRules() {
  static const std::vector<RuleInfo> Rules = {
#define RULE(Class, Id, DefaultLevel) {Id, Level::DefaultLevel, docOf(Id), &create##Class},
#include "Rules.def"
  };
  return Rules;
}

const RuleInfo *findRule(std::string_view Id) {
  for (const RuleInfo &Info : allRules())
    if (Info.Id == Id)
      return &Info;
  return nullptr;
}

std::string RuleInfo::summary() const {
  constexpr std::string_view Heading = "## What it does\n";
  size_t Start = Doc.find(Heading);
  if (Start == std::string_view::npos)
    return "";
  std::string_view Text = Doc.substr(Start + Heading.size());
  size_t End = Text.find(". ");
  size_t Paragraph = Text.find(".\n");
  End = std::min(End, Paragraph);
  std::string Sentence(Text.substr(0, End == std::string_view::npos ? Text.find('\n') : End + 1));
  for (char &C : Sentence)
    if (C == '\n')
      C = ' ';
  return Sentence;
}

namespace {

const std::map<std::string_view, std::string_view> &embeddedCatalogs() {
  static const std::map<std::string_view, std::string_view> Files = {
#include "Catalogs.inc"
  };
  return Files;
}

} // namespace

std::string BlockingApiCatalog::builtinDataDigest() {
  llvm::BLAKE3 Hash;
  for (const auto &[Name, Text] : embeddedCatalogs()) {
    for (std::string_view Part : {Name, Text}) { // each part with its length: no two splits hash alike
      std::string Length = std::to_string(Part.size()) + ":";
      Hash.update(Length);
      Hash.update(llvm::StringRef(Part.data(), Part.size()));
    }
  }
  return llvm::toHex(Hash.final<16>(), /*LowerCase=*/true);
}

const BlockingApiCatalog &BlockingApiCatalog::builtin() {
  static const BlockingApiCatalog Catalog = [] {
    BlockingApiCatalog C = parse(std::string(embeddedCatalogs().at("blocking-apis.json")),
                                 "rules/catalog/blocking-apis.json");
    // Each framework model's blocking APIs join the catalog.
    for (const auto &[Name, Text] : embeddedCatalogs()) {
      if (!Name.starts_with("frameworks/"))
        continue;
      nlohmann::json Model = nlohmann::json::parse(Text);
      if (Model.contains("blocking"))
        C.merge(parseFrameworkFamilies(Model["blocking"].dump(), "rules/catalog/" + std::string(Name)));
    }
    return C;
  }();
  return Catalog;
}

const BlockingApiCatalog &BlockingApiCatalog::builtinCpuHeavy() {
  static const BlockingApiCatalog Catalog =
      parse(std::string(embeddedCatalogs().at("cpu-heavy-apis.json")), "rules/catalog/cpu-heavy-apis.json");
  return Catalog;
}

const Frameworks &Frameworks::builtin() {
  static const Frameworks All = [] {
    Frameworks F;
    for (const auto &[Name, Text] : embeddedCatalogs())
      if (Name.starts_with("frameworks/"))
        F.add(parse(nlohmann::json::parse(Text), "rules/catalog/" + std::string(Name)));
    return F;
  }();
  return All;
}



} // namespace corolint
