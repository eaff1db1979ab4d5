#pragma once

#include <string>
#include <string_view>

namespace utbyte::eioa {

// A complete, valid (but unsigned) notification in the layout of FK's published example, for
// catalogue persons of the synthetic register: Maria Sandberg (197501189984) has assistance,
// Johan Eklund (198802149990) is her assistant from 2025-01-01, employed by the organiser
// "Assistans i Test AB" (556000-0001). `id` is the notification's uuid. Sign it with
// `utbyte eioa signera` before sending.
std::string example_anmalan(std::string_view id);

}  // namespace utbyte::eioa
