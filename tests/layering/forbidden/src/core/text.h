#pragma once
#include "lint/engine.h"
#include "paths.h"
