#pragma once

#include <string>
#include <vector>

#include "core/error_code.h"

namespace utbyte::platform::xml {

// One thing wrong with a document: a stable code, a Swedish message and, when known, where
// (element path and line). Validators report every problem they find, in document order.
struct Problem {
  ErrorCode code = ErrorCode::kInvalidRequest;
  std::string message;
  std::string location;  // e.g. "/ase:AnmalanFranArbetsgivare/ase:assistent (rad 12)"; may be ""
};

using Problems = std::vector<Problem>;

}  // namespace utbyte::platform::xml
