// The resolve hook build_modules.mjs registers: a package name ("@modelcontextprotocol/sdk/...")
// imported from outside any node_modules is looked up as if imported from the build's e2e folder.
let buildParentURL;

export function initialize({ parentURL }) {
  buildParentURL = parentURL;
}

export function resolve(specifier, context, nextResolve) {
  const isPackage = !/^(\.|\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
  if (isPackage && !context.parentURL?.includes("/node_modules/"))
    return nextResolve(specifier, { ...context, parentURL: buildParentURL });
  return nextResolve(specifier, context);
}
