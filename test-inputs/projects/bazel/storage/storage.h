#pragma once

namespace storage {

int load_user(int id);

} // namespace storage
