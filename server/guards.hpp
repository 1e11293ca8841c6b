#pragma once
// What the server does around its handlers: the checks of a request before its body is
// read, the security headers of every answer, the error pages, the handling of an
// exception and the request log.

#include "api.hpp"

#include <httplib.h>

namespace vnsearch::server {

/// Installs the hooks of `http` that run before and after every handler.
void install_guards(httplib::Server& http, const ServerOptions& options);

} // namespace vnsearch::server
