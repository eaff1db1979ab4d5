#pragma once

// The one header that pulls in Boost.Asio and Beast. Boost 1.74's asio/awaitable.hpp uses
// std::exchange without including <utility>; under C++20 that fails unless <utility> comes first.
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
