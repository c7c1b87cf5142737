#pragma once
// Scaffolding: djust views, components and event handlers rendered from templates/*.mustache
// with a view model built here from the request. The templates hold no logic; every decision
// (imports, bases, which handlers, permissions) is made in the view model. Throws ScaffoldError
// (scaffold/python_syntax.h) for input the caller can fix.

#include "scaffold/python_syntax.h"

#include <optional>
#include <string>
#include <vector>

namespace djust::scaffold {

struct GeneratedFile {
  std::string path;  // relative to the app folder, '/'-separated, e.g. "templates/shop/cart.html"
  std::string content;
};

// The features scaffold_view combines, in presentation order.
const std::vector<std::string>& view_feature_names();

struct ViewRequest {
  std::string name;                   // CamelCase; "View" is appended unless present
  std::vector<std::string> features;  // any of view_feature_names()
  std::optional<std::string> model;   // a model class of the app, imported from .models
  std::optional<std::string> app;     // the Django app (its label and folder name)
};

struct ViewScaffold {
  std::string class_name;
  std::vector<GeneratedFile> files;  // the view module, then its template
  std::string urls_import;           // for the app's urls.py
  std::string urls_line;
};

ViewScaffold scaffold_view(const ViewRequest& request);

struct ComponentRequest {
  std::string name;   // CamelCase class name
  std::string props;  // "message:str=hello, count:int"
  std::optional<std::string> app;
};

struct ComponentScaffold {
  std::string class_name;
  std::vector<GeneratedFile> files;  // the component module, then its template
};

ComponentScaffold scaffold_component(const ComponentRequest& request);

struct HandlerRequest {
  std::string name;        // the method name
  std::string params;      // "item_id:int, quantity:int=1"
  std::string decorators;  // "rate_limit(rate=5, burst=3), debounce(wait=0.5)"
};

struct HandlerScaffold {
  std::string code;                     // the method, indented to sit in a class body
  std::string import_line;              // "from djust.decorators import ..."
  std::vector<std::string> decorators;  // top to bottom, as written after '@'
  std::vector<std::string> notes;       // one per decorator djust 1.1 ignores, with its template-side replacement
};

HandlerScaffold scaffold_handler(const HandlerRequest& request);

}  // namespace djust::scaffold
