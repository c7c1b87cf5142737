#pragma once
// The product registry with default options, built once for all unit tests.

#include "app/tool_families.h"

inline const djust::registry::Registry& test_registry() {
  static const djust::registry::Registry registry = djust::app::build_registry({});
  return registry;
}
