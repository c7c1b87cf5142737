#pragma once
// The props of djust's built-in components (djust.components.components, .ui, .layout), read from
// a djust source tree: for each class with its own __init__, its keyword parameters, the required
// ones, whether it takes **kwargs, and the props written into a dj-* event attribute of its markup
// (the name of a handler of the view it renders in). The content of data/schema/components.json.

#include <nlohmann/json.hpp>

#include <filesystem>

nlohmann::json component_inventory(const std::filesystem::path& djust_root);
