#pragma once

// The stylesheet and script of the web interface, compiled into the binary: utbyte serves every
// byte of its pages itself (no CDN, no external fonts), and CSP allows only 'self'.

#include <string_view>

namespace utbyte::webui {

inline constexpr std::string_view kStylesheetPath = "/webb/resurser/webb.css";
inline constexpr std::string_view kScriptPath = "/webb/resurser/webb.js";

std::string_view stylesheet();
std::string_view script();

}  // namespace utbyte::webui
