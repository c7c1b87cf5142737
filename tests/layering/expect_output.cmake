# Runs CHECKER on ROOT and passes only when it exits with status 1 and prints exactly EXPECTED:
# proof that the layering check finds each forbidden edge of a fixture tree, with file and line.
# Usage: cmake -DCHECKER=... -DROOT=... -DEXPECTED=... -P expect_output.cmake
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND ${CHECKER} ${ROOT} RESULT_VARIABLE status OUTPUT_VARIABLE output)
file(READ ${EXPECTED} expected)
if(NOT status EQUAL 1 OR NOT output STREQUAL expected)
  message(FATAL_ERROR "include-layering on ${ROOT}: exit status ${status} (expected 1), output:\n${output}\n"
                      "expected:\n${expected}")
endif()
