#include "lint/rule.h"
#include "knowledge/knowledge.h"
#include "mcp/server.h"
