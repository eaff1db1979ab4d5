#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

#include "core/result.h"

namespace utbyte::platform::xml {

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

// Bounds on untrusted XML, checked while parsing (the parser stops at the first breach, so a
// depth or node bomb costs no more than the limit).
struct XmlLimits {
  std::size_t max_bytes = 1 << 20;  // size of the text, checked before parsing
  int max_depth = 64;               // element nesting, the root being depth 1
  std::size_t max_nodes = 100000;   // elements
  // Per element, checked by one pass over the bytes BEFORE libxml2 sees them: libxml2 looks for
  // a duplicate attribute by comparing each with every earlier one of its start tag, so one
  // element with 26 000 attributes costs over a second of CPU before any callback of ours runs.
  int max_attributes = 64;         // attributes and namespace declarations of one start tag
  std::size_t max_children = 0;    // element children of one element; 0: only max_nodes
  std::size_t max_text_bytes = 0;  // one run of character data (text or CDATA); 0: max_bytes
  // Drops whitespace-only text nodes. Off by default: a signed document must be read exactly as
  // it was signed, whitespace included.
  bool drop_blanks = false;
};

// An owned libxml2 document. Movable, not copyable. Reading is safe from many threads; libxml2
// documents must not be modified concurrently.
class XmlDocument {
 public:
  explicit XmlDocument(XmlDocPtr doc) : doc_(std::move(doc)) {}

  xmlDoc* get() const { return doc_.get(); }
  // The root element (never null for a document from parse_xml()).
  xmlNode* root() const { return xmlDocGetRootElement(doc_.get()); }

  // A new document whose root is a deep copy of `element` (namespaces declared on its ancestors
  // are carried over). Used to treat a SOAP body's payload as the document it was signed as.
  // Errors: kInternal when libxml2 runs out of memory.
  static Result<XmlDocument> copy_of(const xmlNode* element);

  // The document as UTF-8 text with an XML declaration, exactly as libxml2 serialises it.
  std::string to_string() const;

 private:
  XmlDocPtr doc_;
};

// Parses untrusted XML with every dangerous feature off: no network, no DTD loading, no entity
// substitution, and any DOCTYPE rejected outright (before its internal subset is read, so XXE and
// entity-expansion bombs never start). Errors (message lists libxml2's complaints, Swedish lead):
//   kXmlLimitExceeded      larger than max_bytes, deeper than max_depth, more than max_nodes;
//                          an element with more than max_attributes or max_children, a run of
//                          text longer than max_text_bytes (these three decided before parsing,
//                          in time linear in the size)
//   kXmlForbiddenConstruct a DOCTYPE (DTD, entity declarations)
//   kXmlMalformed          not well-formed, or empty
// Thread-safe: errors are collected per call.
Result<XmlDocument> parse_xml(std::string_view text, const XmlLimits& limits = {});

// --- Small helpers for reading a parsed document ---------------------------------------------

// The element's local name and namespace URI ("" when in no namespace).
std::string_view local_name(const xmlNode* node);
std::string_view namespace_uri(const xmlNode* node);

// True for an element with this namespace URI and local name.
bool is_element(const xmlNode* node, std::string_view ns, std::string_view local);

// The element children of `parent`, in document order.
std::vector<xmlNode*> child_elements(const xmlNode* parent);

// The first element child with this namespace and local name, or nullptr.
xmlNode* find_child(const xmlNode* parent, std::string_view ns, std::string_view local);

// The concatenated text content of `node` (descendant text and CDATA), as UTF-8.
std::string text_of(const xmlNode* node);

// The value of an attribute in no namespace, or nullopt when the element has none.
std::optional<std::string> attribute(const xmlNode* node, const char* name);

// A readable path of the element, e.g. "/ase:AnmalanFranArbetsgivare/ase:assistent[1]".
std::string node_path(const xmlNode* node);

// Serialises one element (with its subtree) as it is in its document, without a declaration.
std::string serialize_element(const xmlNode* element);

}  // namespace utbyte::platform::xml
