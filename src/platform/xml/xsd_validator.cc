#include "platform/xml/xsd_validator.h"

#include <mutex>
#include <set>
#include <string>

#include <libxml/parserInternals.h>
#include <libxml/xmlIO.h>

#include <fmt/format.h>

namespace utbyte::platform::xml {
namespace {

struct ParserCtxtDeleter {
  void operator()(xmlSchemaParserCtxt* ctxt) const { xmlSchemaFreeParserCtxt(ctxt); }
};
struct ValidCtxtDeleter {
  void operator()(xmlSchemaValidCtxt* ctxt) const { xmlSchemaFreeValidCtxt(ctxt); }
};

constexpr std::size_t kMaxProblems = 100;

std::string trimmed(const char* message) {
  std::string text = message ? message : "okänt fel";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Directories schemas were loaded from; the only places imports may come from.
std::mutex& roots_mutex() {
  static std::mutex mutex;
  return mutex;
}
std::set<std::string>& allowed_roots() {
  static std::set<std::string> roots;  // guarded by roots_mutex()
  return roots;
}

// Replaces libxml2's entity loader once per process: no network, and local files only below a
// registered schema directory. Untrusted documents never reach it (parse_xml() loads nothing).
xmlParserInputPtr local_only_loader(const char* url, const char* id, xmlParserCtxtPtr ctxt) {
  (void)id;
  if (url == nullptr) return nullptr;
  std::string_view text(url);
  if (text.starts_with("file://")) text.remove_prefix(7);
  if (text.find("://") != std::string_view::npos) return nullptr;
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(std::filesystem::path(text), ec);
  if (ec) return nullptr;
  const std::string candidate = canonical.string();
  bool allowed = false;
  {
    std::lock_guard lock(roots_mutex());
    for (const auto& root : allowed_roots()) {
      if (candidate.starts_with(root + "/")) allowed = true;
    }
  }
  if (!allowed) return nullptr;
  return xmlNewInputFromFile(ctxt, candidate.c_str());
}

void install_loader_once() {
  static std::once_flag once;
  std::call_once(once, [] { xmlSetExternalEntityLoader(local_only_loader); });
}

void collect(void* data, xmlError* error) {
  auto* problems = static_cast<Problems*>(data);
  if (error == nullptr || problems->size() >= kMaxProblems) return;
  Problem problem;
  problem.code = ErrorCode::kSchemaViolation;
  problem.message = trimmed(error->message);
  const auto* node = static_cast<const xmlNode*>(error->node);
  const std::string path = node ? node_path(node) : std::string();
  if (!path.empty()) {
    problem.location = fmt::format("{} (rad {})", path, error->line);
  } else if (error->line > 0) {
    problem.location = fmt::format("rad {}", error->line);
  }
  problems->push_back(std::move(problem));
}

}  // namespace

Result<XsdValidator> XsdValidator::load(const std::filesystem::path& path) {
  install_loader_once();
  std::error_code ec;
  const auto canonical = std::filesystem::canonical(path, ec);
  if (ec) {
    return make_error(ErrorCode::kConfigError, fmt::format("XML-schemat {} kan inte läsas: {}",
                                                           path.string(), ec.message()));
  }
  {
    std::lock_guard lock(roots_mutex());
    allowed_roots().insert(canonical.parent_path().string());
  }
  std::unique_ptr<xmlSchemaParserCtxt, ParserCtxtDeleter> parser(
      xmlSchemaNewParserCtxt(canonical.c_str()));
  if (!parser) return make_error(ErrorCode::kConfigError, "XML-schemaparsern kunde inte skapas");
  Problems problems;
  xmlSchemaSetParserStructuredErrors(parser.get(), collect, &problems);
  std::shared_ptr<xmlSchema> schema(xmlSchemaParse(parser.get()), XmlSchemaDeleter{});
  if (!schema) {
    std::string text;
    for (const auto& p : problems) text += "; " + p.location + " " + p.message;
    return make_error(ErrorCode::kConfigError,
                      fmt::format("XML-schemat {} är ogiltigt{}", canonical.string(), text));
  }
  return XsdValidator(std::move(schema), canonical);
}

Problems XsdValidator::validate(const XmlDocument& doc) const {
  Problems problems;
  std::unique_ptr<xmlSchemaValidCtxt, ValidCtxtDeleter> ctxt(xmlSchemaNewValidCtxt(schema_.get()));
  if (!ctxt) {
    problems.push_back({ErrorCode::kInternal, "Valideringskontext kunde inte skapas", ""});
    return problems;
  }
  xmlSchemaSetValidStructuredErrors(ctxt.get(), collect, &problems);
  const int rc = xmlSchemaValidateDoc(ctxt.get(), doc.get());
  if (rc != 0 && problems.empty()) {
    problems.push_back({ErrorCode::kSchemaViolation, "Dokumentet följer inte XML-schemat", ""});
  }
  return problems;
}

Problems XsdValidator::validate_element(xmlNode* element) const {
  Problems problems;
  std::unique_ptr<xmlSchemaValidCtxt, ValidCtxtDeleter> ctxt(xmlSchemaNewValidCtxt(schema_.get()));
  if (!ctxt) {
    problems.push_back({ErrorCode::kInternal, "Valideringskontext kunde inte skapas", ""});
    return problems;
  }
  xmlSchemaSetValidStructuredErrors(ctxt.get(), collect, &problems);
  const int rc = xmlSchemaValidateOneElement(ctxt.get(), element);
  if (rc != 0 && problems.empty()) {
    problems.push_back({ErrorCode::kSchemaViolation, "Elementet följer inte XML-schemat", ""});
  }
  return problems;
}

}  // namespace utbyte::platform::xml
