// Raw bytes on a connection after the TLS handshake: Beast's request parser with the server's
// header and body limits, then the Router's matching of the target against the FK URL patterns.
#include <cstddef>
#include <cstdint>
#include <string>

#include "platform/asio.h"
#include "platform/http/router.h"

using namespace utbyte::platform::http;
namespace bhttp = boost::beast::http;

namespace {

const Router& router() {
  static const Router instance = [] {
    Router r;
    const Handler echo = [](Request& request) {
      Response response;
      for (const auto& [name, value] : request.path_params) response.body += name + "=" + value;
      return response;
    };
    r.add("POST",
          "/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/"
          "{aktorsId}/formansinformation/fraga",
          echo);
    r.add("GET", "/rest/x/aktorer/{aktorsId}/bestallningar/{bestallningsId}/svar", echo);
    r.add("GET", "/health", echo);
    return r;
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 << 10);
  parser.body_limit(1 << 20);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_done()) return 0;
  auto message = parser.release();
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.path = request.target.substr(0, request.target.find('?'));
  request.body = std::move(message.body());
  (void)router().dispatch(request);
  return 0;
}
