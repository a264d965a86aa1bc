#pragma once
#include <string>

// Reads the report from disk: a plain function, blocking two calls down (src/storage.cpp).
std::string load_report();
