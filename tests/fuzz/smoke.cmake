# The CTest smoke run of one fuzz target: every input of its seed corpus and of its
# regressions (inputs that once broke it), then RUNS mutated inputs from a fixed seed.
# Fails on a crash, a sanitizer report, a leak, a broken invariant or a slow input.
#   cmake -DFUZZER=... -DRUNS=... -DSEEDS=dir -DREGRESSIONS=dir -DDICT=file -DWORK=dir
#         -P smoke.cmake

# New inputs libFuzzer finds are written to the first folder: a scratch one in the build
# tree, so the source tree's corpus is only read.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/new")
set(folders "${WORK}/new" "${SEEDS}")
if(IS_DIRECTORY "${REGRESSIONS}")
    list(APPEND folders "${REGRESSIONS}")
endif()
set(options -runs=${RUNS} -seed=1 -timeout=10 -artifact_prefix=${WORK}/ -print_final_stats=1)
if(EXISTS "${DICT}")
    list(APPEND options -dict=${DICT})
endif()
execute_process(
    COMMAND "${FUZZER}" ${options} ${folders}
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${FUZZER} failed (${status}); the input that broke it is in ${WORK}")
endif()
