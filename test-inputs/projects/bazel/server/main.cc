#include "server/routes.h"

int main() { return 0; }
