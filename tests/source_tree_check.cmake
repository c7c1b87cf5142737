# Tests must leave the source tree as they found it (no __pycache__, node_modules or stray files
# under tests/). MODE=snapshot records `git status --porcelain --ignored tests/` before the suite
# runs; MODE=compare fails on any line the suite added, naming the files.
# Usage: cmake -DGIT=... -DSOURCE_DIR=... -DSNAPSHOT=FILE -DMODE=snapshot|compare -P source_tree_check.cmake
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND ${GIT} status --porcelain --ignored -- tests
                WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE status OUTPUT_VARIABLE lines ERROR_VARIABLE error)
if(NOT status EQUAL 0)
  # Not a git checkout (a release tarball) or a git that refuses it: nothing to compare with.
  message("source-tree check skipped: git status failed: ${error}")
  return()
endif()
if(MODE STREQUAL "snapshot")
  file(WRITE ${SNAPSHOT} "${lines}")
  return()
endif()
if(NOT EXISTS ${SNAPSHOT})
  message("source-tree check skipped: no snapshot taken before the tests")
  return()
endif()
file(STRINGS ${SNAPSHOT} before)
string(REPLACE "\n" ";" after "${lines}")
set(added "")
foreach(line IN LISTS after)
  if(line AND NOT line IN_LIST before)
    string(APPEND added "  ${line}\n")
  endif()
endforeach()
if(added)
  message(FATAL_ERROR "The test suite changed the source tree (git status --porcelain --ignored tests/):\n${added}"
                      "Tests must write into the build folder or a temporary folder only.")
endif()
