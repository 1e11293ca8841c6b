# Run by CTest (see bench/CMakeLists.txt):
#   cmake -DGEN=<vnsearch-gen> -DWORK_DIR=<scratch folder> -DDOCS=200 -P check_determinism.cmake
# Fails unless two runs with the same seed write identical bytes, a run with another seed
# writes different bytes, and the output holds DOCS lines, each a JSON object with the six
# string fields.
cmake_minimum_required(VERSION 3.25)

foreach(var GEN WORK_DIR DOCS)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_determinism.cmake: pass -D${var}=...")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(generate seed out)
    execute_process(
        COMMAND "${GEN}" --docs ${DOCS} --seed ${seed} --out "${out}"
        RESULT_VARIABLE rc
        ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "vnsearch-gen --seed ${seed} failed (${rc}): ${err}")
    endif()
endfunction()

generate(7 "${WORK_DIR}/a.jsonl")
generate(7 "${WORK_DIR}/b.jsonl")
generate(8 "${WORK_DIR}/c.jsonl")

file(SHA256 "${WORK_DIR}/a.jsonl" digest_a)
file(SHA256 "${WORK_DIR}/b.jsonl" digest_b)
file(SHA256 "${WORK_DIR}/c.jsonl" digest_c)
if(NOT digest_a STREQUAL digest_b)
    message(FATAL_ERROR "same seed, different output: ${digest_a} != ${digest_b}")
endif()
if(digest_a STREQUAL digest_c)
    message(FATAL_ERROR "seeds 7 and 8 wrote the same output (${digest_a})")
endif()

# Every line a JSON object. CMake lists split on ";" and treat "[" "]" specially, so those
# characters (which only occur inside JSON strings here, as no field is an array) are
# replaced before the file is cut into lines; JSON validity is unchanged by that.
file(READ "${WORK_DIR}/a.jsonl" content)
string(LENGTH "${content}" length)
if(length EQUAL 0)
    message(FATAL_ERROR "empty output")
endif()
math(EXPR last "${length} - 1")
string(SUBSTRING "${content}" ${last} 1 final_char)
if(NOT final_char STREQUAL "\n")
    message(FATAL_ERROR "the output does not end with a newline")
endif()
string(SUBSTRING "${content}" 0 ${last} content)
string(REPLACE ";" "," content "${content}")
string(REPLACE "[" "(" content "${content}")
string(REPLACE "]" ")" content "${content}")
string(REPLACE "\n" ";" lines "${content}")
list(LENGTH lines count)
if(NOT count EQUAL DOCS)
    message(FATAL_ERROR "expected ${DOCS} lines, found ${count}")
endif()
set(n 0)
foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    string(JSON type ERROR_VARIABLE err TYPE "${line}")
    if(err OR NOT type STREQUAL "OBJECT")
        message(FATAL_ERROR "line ${n} is not a JSON object: ${err}")
    endif()
    foreach(field id url title published source text)
        string(JSON value ERROR_VARIABLE err GET "${line}" ${field})
        if(err OR value STREQUAL "")
            message(FATAL_ERROR "line ${n}: field \"${field}\" missing or empty")
        endif()
    endforeach()
endforeach()
message(STATUS "vnsearch-gen: ${DOCS} JSON lines, same seed same bytes (${digest_a})")
