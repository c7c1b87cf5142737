#include "app/tool_families.h"
#include "tools/knowledge_tools.h"
