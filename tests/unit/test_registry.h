#pragma once
// The product registry with default options, built once for all unit tests.

#include "registry/registry.h"

inline const djust::registry::Registry& test_registry() {
  static const djust::registry::Registry registry = djust::registry::Registry::build({});
  return registry;
}
