#!/bin/sh
# run.sh PROGRAM [ARG...]: runs PROGRAM under the preload library, keeping
# any LD_PRELOAD already set (stdbuf's, in c-tests/check.sh). PRELOAD names
# the library; MMAN_TRACE and MMAN_FAULT pass through.
LD_PRELOAD="${PRELOAD:?PRELOAD names libmman-preload.so}${LD_PRELOAD:+ $LD_PRELOAD}" exec "$@"
