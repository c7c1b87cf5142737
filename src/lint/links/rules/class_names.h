#pragma once
// How linking rules name classes in their messages.

#include "lint/links/facts.h"

#include <string>
#include <vector>

namespace djust::lint::links {

// "RoomView, LobbyView": short names, each once; a class whose short name another listed class
// shares is named with its module ("chat.views.RoomView, rooms.views.RoomView").
std::string class_names(const std::vector<const ClassFacts*>& classes);

}  // namespace djust::lint::links
