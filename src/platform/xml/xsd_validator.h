#pragma once

#include <filesystem>
#include <memory>

#include <libxml/xmlschemas.h>

#include "core/result.h"
#include "platform/xml/xml_document.h"
#include "platform/xml/xml_problem.h"

namespace utbyte::platform::xml {

struct XmlSchemaDeleter {
  void operator()(xmlSchema* schema) const { xmlSchemaFree(schema); }
};

// A compiled XML Schema. Loaded once at start-up; validate() may then be called from many
// threads at once (each call has its own validation context; the schema is only read).
class XsdValidator {
 public:
  // Parses the schema at `path`. Network access is off, and xs:import/xs:include may only name
  // files in the schema's own directory (or below it). Errors: kConfigError listing every
  // problem libxml2 reported.
  static Result<XsdValidator> load(const std::filesystem::path& path);

  // Every schema violation in `doc` (empty when valid), each with code kSchemaViolation, the
  // element path and line, in document order.
  Problems validate(const XmlDocument& doc) const;

  // As validate(), for the subtree rooted at `element` (e.g. a SOAP body's payload).
  Problems validate_element(xmlNode* element) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  XsdValidator(std::shared_ptr<xmlSchema> schema, std::filesystem::path path)
      : schema_(std::move(schema)), path_(std::move(path)) {}

  std::shared_ptr<xmlSchema> schema_;  // immutable after load; shared by copies
  std::filesystem::path path_;
};

}  // namespace utbyte::platform::xml
