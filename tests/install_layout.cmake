# Installs the build into PREFIX and checks that every file a package needs is there.
# Run as: cmake -DBUILD_DIR=... -DPREFIX=... -P install_layout.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX} RESULT_VARIABLE result
                OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed:\n${output}")
endif()
foreach(file bin/djust-mcp share/man/man1/djust-mcp.1 share/bash-completion/completions/djust-mcp
             share/zsh/vendor-completions/_djust-mcp share/fish/vendor_completions.d/djust-mcp.fish)
  if(NOT EXISTS ${PREFIX}/${file})
    message(FATAL_ERROR "cmake --install did not install ${file}:\n${output}")
  endif()
endforeach()
