#include "platform/xml/xml_document.h"

#include <algorithm>
#include <climits>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include <fmt/format.h>

namespace utbyte::platform::xml {
namespace {

struct ParserCtxtDeleter {
  void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};
using ParserCtxtPtr = std::unique_ptr<xmlParserCtxt, ParserCtxtDeleter>;

struct XmlCharDeleter {
  void operator()(xmlChar* text) const { xmlFree(text); }
};
using XmlCharPtr = std::unique_ptr<xmlChar, XmlCharDeleter>;

constexpr std::size_t kMaxReportedMessages = 10;

// Per-parse state, reached from libxml2's callbacks through ctxt->_private. Nothing global is
// touched, so parses on different threads never see each other's errors.
struct ParseState {
  XmlLimits limits;
  int depth = 0;
  std::size_t nodes = 0;
  std::optional<Error> refusal;  // set when a callback stopped the parser on purpose
  std::vector<std::string> messages;
  startElementNsSAX2Func start_element = nullptr;
  endElementNsSAX2Func end_element = nullptr;
};

ParseState& state_of(void* ctx) {
  return *static_cast<ParseState*>(static_cast<xmlParserCtxt*>(ctx)->_private);
}

void refuse(void* ctx, Error error) {
  ParseState& state = state_of(ctx);
  if (!state.refusal) state.refusal = std::move(error);
  xmlStopParser(static_cast<xmlParserCtxt*>(ctx));
}

void on_structured_error(void* ctx, xmlError* error) {
  if (ctx == nullptr || error == nullptr) return;
  ParseState& state = state_of(ctx);
  if (state.messages.size() >= kMaxReportedMessages) return;
  std::string message = error->message ? error->message : "okänt fel";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  state.messages.push_back(fmt::format("rad {}: {}", error->line, message));
}

// A DOCTYPE is refused as soon as its name is read, before any internal subset: no entity is
// ever declared, so neither external entities nor expansion bombs can start.
void on_internal_subset(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  refuse(ctx, make_error(ErrorCode::kXmlForbiddenConstruct,
                         "XML-dokumentet innehåller en DOCTYPE-deklaration (DTD och entiteter är "
                         "inte tillåtna)"));
}

void on_start_element(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                      const xmlChar* uri, int nb_namespaces, const xmlChar** namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar** attributes) {
  ParseState& state = state_of(ctx);
  ++state.depth;
  ++state.nodes;
  if (state.depth > state.limits.max_depth) {
    refuse(ctx, make_error(ErrorCode::kXmlLimitExceeded,
                           fmt::format("XML-dokumentet är nästlat djupare än {} nivåer",
                                       state.limits.max_depth)));
    return;
  }
  if (state.nodes > state.limits.max_nodes) {
    refuse(ctx, make_error(
                    ErrorCode::kXmlLimitExceeded,
                    fmt::format("XML-dokumentet har fler än {} element", state.limits.max_nodes)));
    return;
  }
  state.start_element(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                      nb_defaulted, attributes);
}

void on_end_element(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                    const xmlChar* uri) {
  ParseState& state = state_of(ctx);
  --state.depth;
  state.end_element(ctx, localname, prefix, uri);
}

// The end of the first `terminator` at or after `from`, or npos.
std::size_t end_of(std::string_view text, std::size_t from, std::string_view terminator) {
  const std::size_t at = text.find(terminator, from);
  return at == std::string_view::npos ? at : at + terminator.size();
}

Error shape_refusal(std::string_view text, std::size_t at, std::string_view what) {
  const auto line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  return make_error(ErrorCode::kXmlLimitExceeded,
                    fmt::format("XML-dokumentet har {} (rad {})", what, line));
}

// The per-element bounds of `limits` (attributes, children, text), decided from the bytes alone
// so that libxml2 never starts its quadratic duplicate-attribute check on a bomb. It follows
// XML's lexical structure only as far as needed to find start tags: comments, CDATA sections,
// processing instructions, declarations and quoted attribute values are skipped, and an
// attribute is an '=' outside quotes inside a start tag (the grammar has no other). Linear time,
// one counter per open element up to max_depth. Whatever it cannot follow (an unterminated tag,
// say) it leaves to the parser, which reports it as malformed: it only ever refuses a document
// that breaks a bound.
std::optional<Error> check_element_shapes(std::string_view text, const XmlLimits& limits) {
  constexpr auto npos = std::string_view::npos;
  const auto too_long_text = [&](std::size_t at) {
    return shape_refusal(text, at, fmt::format("en text längre än {} byte", limits.max_text_bytes));
  };
  const std::size_t tracked_depth = static_cast<std::size_t>(std::max(limits.max_depth, 0)) + 1;
  std::vector<std::size_t> children;  // of each open element, while depth <= tracked_depth
  std::size_t depth = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t lt = text.find('<', pos);
    const std::size_t text_end = lt == npos ? text.size() : lt;
    if (limits.max_text_bytes > 0 && text_end - pos > limits.max_text_bytes) {
      return too_long_text(pos);
    }
    if (lt == npos) break;
    const std::string_view tag = text.substr(lt);
    if (tag.starts_with("<!--")) {
      pos = end_of(text, lt + 4, "-->");
    } else if (tag.starts_with("<![CDATA[")) {
      const std::size_t end = text.find("]]>", lt + 9);
      if (limits.max_text_bytes > 0 && end != npos && end - (lt + 9) > limits.max_text_bytes) {
        return too_long_text(lt);
      }
      pos = end == npos ? npos : end + 3;
    } else if (tag.starts_with("<?")) {
      pos = end_of(text, lt + 2, "?>");
    } else if (tag.starts_with("<!")) {  // DOCTYPE and the like: the parser refuses them
      pos = end_of(text, lt + 2, ">");
    } else if (tag.starts_with("</")) {
      if (depth > 0) {
        if (depth <= children.size()) children.pop_back();
        --depth;
      }
      pos = end_of(text, lt + 2, ">");
    } else {
      int attributes = 0;
      char quote = 0;
      std::size_t i = lt + 1;
      for (; i < text.size(); ++i) {
        const char c = text[i];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '=') {
          if (++attributes > limits.max_attributes) {
            return shape_refusal(
                text, lt,
                fmt::format("ett element med fler än {} attribut", limits.max_attributes));
          }
        } else if (c == '>') {
          break;
        }
      }
      if (i >= text.size()) break;  // unterminated: for the parser to report
      if (limits.max_children > 0 && depth > 0 && depth <= children.size() &&
          ++children[depth - 1] > limits.max_children) {
        return shape_refusal(
            text, lt, fmt::format("ett element med fler än {} underelement", limits.max_children));
      }
      if (text[i - 1] != '/') {  // not an empty-element tag: it opens an element
        ++depth;
        if (depth <= tracked_depth) children.push_back(0);
      }
      pos = i + 1;
    }
  }
  return std::nullopt;
}

std::string joined(const std::vector<std::string>& messages) {
  std::string out;
  for (const auto& m : messages) {
    if (!out.empty()) out += "; ";
    out += m;
  }
  return out;
}

}  // namespace

Result<XmlDocument> parse_xml(std::string_view text, const XmlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return make_error(ErrorCode::kXmlLimitExceeded,
                      fmt::format("XML-dokumentet är {} byte, största tillåtna storlek är {} byte",
                                  text.size(), limits.max_bytes));
  }
  if (text.empty()) return make_error(ErrorCode::kXmlMalformed, "XML-dokumentet är tomt");
  if (text.size() > static_cast<std::size_t>(INT_MAX)) {
    return make_error(ErrorCode::kXmlLimitExceeded, "XML-dokumentet är för stort");
  }
  if (auto refused = check_element_shapes(text, limits)) return *std::move(refused);
  ParserCtxtPtr ctxt(xmlCreateMemoryParserCtxt(text.data(), static_cast<int>(text.size())));
  if (!ctxt) return make_error(ErrorCode::kInternal, "XML-parsern kunde inte skapas");

  ParseState state;
  state.limits = limits;
  ctxt->_private = &state;
  xmlSAXHandler* sax = ctxt->sax;
  sax->serror = on_structured_error;
  sax->warning = nullptr;
  sax->error = nullptr;
  sax->internalSubset = on_internal_subset;
  sax->externalSubset = nullptr;
  state.start_element = sax->startElementNs;
  state.end_element = sax->endElementNs;
  sax->startElementNs = on_start_element;
  sax->endElementNs = on_end_element;
  // No DTD loading or validation, no entity substitution (XML_PARSE_NOENT is deliberately
  // absent), no network. XML_PARSE_HUGE stays off, so libxml2's own limits apply as well.
  int options = XML_PARSE_NONET | XML_PARSE_NOCDATA;
  if (limits.drop_blanks) options |= XML_PARSE_NOBLANKS;
  xmlCtxtUseOptions(ctxt.get(), options);

  xmlParseDocument(ctxt.get());
  XmlDocPtr doc(ctxt->myDoc);
  ctxt->myDoc = nullptr;

  if (state.refusal) return *state.refusal;
  // nsWellFormed: an undeclared prefix or a bad namespace declaration; libxml2 only warns, but
  // a document whose names cannot be resolved cannot be validated or signed.
  if (!ctxt->wellFormed || !ctxt->nsWellFormed || !doc) {
    return make_error(
        ErrorCode::kXmlMalformed,
        "XML-dokumentet är inte välformat: " +
            (state.messages.empty() ? std::string("okänt fel") : joined(state.messages)));
  }
  // Belt and braces: a DOCTYPE must have been refused above.
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    return make_error(ErrorCode::kXmlForbiddenConstruct,
                      "XML-dokumentet innehåller en DOCTYPE-deklaration");
  }
  if (xmlDocGetRootElement(doc.get()) == nullptr) {
    return make_error(ErrorCode::kXmlMalformed, "XML-dokumentet saknar rotelement");
  }
  return XmlDocument(std::move(doc));
}

Result<XmlDocument> XmlDocument::copy_of(const xmlNode* element) {
  XmlDocPtr doc(xmlNewDoc(BAD_CAST "1.0"));
  if (!doc) return make_error(ErrorCode::kInternal, "XML-dokument kunde inte skapas");
  // Extended copy (1): attributes, namespaces and children; namespaces in scope from the
  // ancestors are redeclared on the copy.
  xmlNode* copy = xmlDocCopyNode(const_cast<xmlNode*>(element), doc.get(), 1);
  if (copy == nullptr) return make_error(ErrorCode::kInternal, "XML-elementet kunde inte kopieras");
  xmlDocSetRootElement(doc.get(), copy);
  xmlReconciliateNs(doc.get(), copy);
  return XmlDocument(std::move(doc));
}

std::string XmlDocument::to_string() const {
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc_.get(), &buffer, &size, "UTF-8");
  XmlCharPtr owned(buffer);
  return owned ? std::string(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size))
               : std::string();
}

std::string_view local_name(const xmlNode* node) {
  return node && node->name ? std::string_view(reinterpret_cast<const char*>(node->name))
                            : std::string_view();
}

std::string_view namespace_uri(const xmlNode* node) {
  return node && node->ns && node->ns->href
             ? std::string_view(reinterpret_cast<const char*>(node->ns->href))
             : std::string_view();
}

bool is_element(const xmlNode* node, std::string_view ns, std::string_view local) {
  return node && node->type == XML_ELEMENT_NODE && local_name(node) == local &&
         namespace_uri(node) == ns;
}

std::vector<xmlNode*> child_elements(const xmlNode* parent) {
  std::vector<xmlNode*> out;
  if (!parent) return out;
  for (xmlNode* child = parent->children; child; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) out.push_back(child);
  }
  return out;
}

xmlNode* find_child(const xmlNode* parent, std::string_view ns, std::string_view local) {
  if (!parent) return nullptr;
  for (xmlNode* child = parent->children; child; child = child->next) {
    if (is_element(child, ns, local)) return child;
  }
  return nullptr;
}

std::string text_of(const xmlNode* node) {
  if (!node) return {};
  XmlCharPtr content(xmlNodeGetContent(node));
  return content ? std::string(reinterpret_cast<const char*>(content.get())) : std::string();
}

std::optional<std::string> attribute(const xmlNode* node, const char* name) {
  if (!node) return std::nullopt;
  XmlCharPtr value(xmlGetNoNsProp(node, BAD_CAST name));
  if (!value) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(value.get()));
}

std::string node_path(const xmlNode* node) {
  if (!node) return {};
  XmlCharPtr path(xmlGetNodePath(node));
  return path ? std::string(reinterpret_cast<const char*>(path.get())) : std::string();
}

std::string serialize_element(const xmlNode* element) {
  struct BufferDeleter {
    void operator()(xmlBuffer* buffer) const { xmlBufferFree(buffer); }
  };
  std::unique_ptr<xmlBuffer, BufferDeleter> buffer(xmlBufferCreate());
  if (!buffer) return {};
  xmlNodeDump(buffer.get(), element->doc, const_cast<xmlNode*>(element), 0, 0);
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer.get())),
                     static_cast<std::size_t>(xmlBufferLength(buffer.get())));
}

}  // namespace utbyte::platform::xml
