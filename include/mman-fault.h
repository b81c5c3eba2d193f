/*
 * mman-fault.h: fault injection in-process, from C, for a program run
 * under (or linked with) libmman-preload.so. Hand-written; the library's
 * README section "The preload library" gives the grammar of the rules.
 *
 *   #include "mman-fault.h"
 *   mman_fault_set("mmap:ENOMEM:nth=2");   // the second mmap fails
 *   ...
 *   mman_fault_clear();
 *
 * Link with -lmman-preload, or run under LD_PRELOAD=libmman-preload.so and
 * find the functions with dlsym(RTLD_DEFAULT, "mman_fault_set").
 */
#ifndef MMAN_FAULT_H
#define MMAN_FAULT_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Replaces the fault rules in force (MMAN_FAULT's, or an earlier call's) by
 * those of SPEC, in MMAN_FAULT's grammar, with their counts at zero.
 * Returns 0, or -1 with errno EINVAL for a malformed spec (the rules in
 * force then stay). Meant for set-up: a call made by another thread while
 * the rules change may see part of them.
 */
int mman_fault_set(const char *spec);

/* Removes every rule: no call fails on purpose any more. */
void mman_fault_clear(void);

#ifdef __cplusplus
}
#endif

#endif /* MMAN_FAULT_H */
