// corolint-demo's server side: the routes, the helpers they call, and the simulated slow world
// (a slow disk, a slow upstream service, a slow DNS server) that makes blocking measurable.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <coroweb/coroweb.hpp>

namespace demo {

// How long one bad request blocks (the fixed twin waits as long, without blocking the loop).
std::chrono::milliseconds block();
void set_block(std::chrono::milliseconds d);

void add_blocking_routes(coroweb::App& app);  // routes_blocking.cpp
void add_cpu_routes(coroweb::App& app);       // routes_cpu.cpp
void add_hazard_routes(coroweb::App& app);    // routes_hazards.cpp
void add_hidden_routes(coroweb::App& app);    // routes_hidden.cpp: a stall corolint does not see

// helpers.cpp: a blocking helper two calls away from the coroutine, and CPU work sized to block().
std::string fetch_inventory();
std::vector<std::uint32_t> random_values(std::size_t n);
std::uint64_t crunch_iterations();  // loop iterations that take about block()
std::size_t sort_size();            // elements whose std::sort takes about block()
void calibrate_cpu_work();

// simulators.cpp: the slow world, started once before the server runs.
void start_simulators();
void stop_simulators();               // removes the slow disk's directory
std::string slow_disk_file();          // a FIFO whose content arrives after block()
unsigned short slow_upstream_port();   // a TCP peer that answers after block()
void use_slow_dns_on_this_thread();    // points this thread's resolver at a DNS answering after block()
inline constexpr const char* kSlowHost = "inventory.corolint-demo.test";

std::uint64_t allocations();  // alloc_counter.cpp: operator new calls so far

int serve(int argc, char** argv);  // server.cpp

}  // namespace demo
