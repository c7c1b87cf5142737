#pragma once
// What the CLI may assume about where its output goes.

namespace djust::cli {

// Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org).
bool color_enabled(int fd);

// Width of the terminal on `fd`, or `fallback` when it is not one (or does not say).
int terminal_columns(int fd, int fallback = 80);

}  // namespace djust::cli
