#pragma once
// Allowed: the standard library.
#include <vector>
