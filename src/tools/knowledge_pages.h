#pragma once
// The framework knowledge cut to the size of an answer: an index of what exists, and each schema
// section in pages. The tools and the resources serve the same JSON, so that a model can follow
// either the `section`/`page` arguments or the URIs.

#include "registry/descriptors.h"

#include <cstddef>
#include <string>
#include <vector>

namespace djust::tools {

// A person's title for a schema section ("Decorators").
std::string schema_section_title(const std::string& name);

// djust://schema/<name> (page 1) and djust://schema/<name>/page/<n>.
std::string schema_section_uri(const std::string& name, std::size_t page = 1);
std::string best_practice_uri(const std::string& section_id);

// One line per section: title, how many entries, their names, pages, URI.
registry::json schema_index();
// How many pages `name` takes (1 when it fits one answer).
std::size_t schema_section_pages(const std::string& name);
// Page `page` of section `name`: page 1 carries the section's small members and the first entries
// of its list, the others only further entries. Throws ToolError for a page out of range.
registry::json schema_section_page(const std::string& name, std::size_t page);

// One line per best-practice section: id, title, summary, the titles of its practices, URI.
registry::json best_practices_index();

// Links to the pages of a paged section other than `page`.
std::vector<registry::ResourceLink> other_page_links(const std::string& name, std::size_t page);

}  // namespace djust::tools
