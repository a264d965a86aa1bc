#include "storage/storage.h"

int main() { return storage::load_user(7) == 7 ? 0 : 1; }
