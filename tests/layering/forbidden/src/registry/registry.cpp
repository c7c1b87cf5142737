#include "registry/registry.h"

#include "core/text.h"
#include "tools/knowledge_tools.h"
