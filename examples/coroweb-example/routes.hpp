// The seed's FastAPI sample, in coroweb. Routes live in routes.cpp, the server in main.cpp.
#pragma once

#include <coroweb/coroweb.hpp>

void add_routes(coroweb::App& app);
