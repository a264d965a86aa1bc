#pragma once

#include <cppcoro/task.hpp>

namespace server {

cppcoro::task<int> get_user(int id);
cppcoro::task<int> warm_up();

} // namespace server
