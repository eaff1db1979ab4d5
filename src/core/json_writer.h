#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace utbyte {

// Writes JSON text straight into a string, for answers on hot paths where building a DOM first
// costs more than the query itself. The caller nests begin/end calls correctly; the writer
// places commas and colons and escapes strings (RFC 8259: quote, backslash and control
// characters; UTF-8 passes through unchanged).
class JsonWriter {
 public:
  // How backspace and form feed are escaped; every other character is the same in both.
  enum class ControlEscapes {
    kUnicode,  // \u0008, \u000c: the form utbyte's answers have always had
    kShort,    // \b, \f: as nlohmann::json::dump writes them, for output that must stay equal
               // to what a former DOM-based renderer produced (LEFI v8)
  };

  explicit JsonWriter(std::string& out, ControlEscapes escapes = ControlEscapes::kUnicode)
      : out_(out), short_escapes_(escapes == ControlEscapes::kShort) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The name of the next member of the current object.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(bool flag);

  // key(name).value(v) in one call.
  template <typename T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

 private:
  void before_value();
  void write_string(std::string_view text);

  std::string& out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
  const bool short_escapes_;
};

}  // namespace utbyte
