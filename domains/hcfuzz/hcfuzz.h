/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hcfuzz: the hypercall fuzzer, a domain program (domains/hcfuzz/).
 *
 * Booted as the control domain (tools/mhv-run --dom0) and/or as the
 * ordinary domain (--domu), it issues a seeded pseudo-random stream of
 * hypercalls -- random numbers, sub-operations, sizes, flags, SBDFs and
 * pointers (null, low, unmapped, kernel half, non-canonical, straddling the
 * end of user space or the bottom of the stack, misaligned, read-only) --
 * counts the results per error code and checks what must hold:
 *  - an unknown hypercall number is -ENOSYS;
 *  - an operation whose argument cannot be read never succeeds;
 *  - an ordinary domain's privileged operations never succeed;
 *  - a write to a device's MSI/MSI-X control is refused (-EPERM);
 *  - afterwards (control domain) the registry listing, the heap counters,
 *    the free vectors and every domain's device and pirq counts are what
 *    they were before, once the pirqs the fuzzing legitimately mapped are
 *    unmapped; then the script module, if any, runs through the mhvctl
 *    dispatcher (a normal scenario must still work).
 * The control domain never aims an operation that changes the machine
 * (device removal, config writes, assignment to another domain) at a
 * function that exists: those get SBDFs on buses or segments with no
 * device, so a successful one is a finding too.
 *
 * Command-line words (after "dom0"/"domu"): seed=N (default: from the
 * TSC), calls=N (default 100000), wait-domu=0 (control domain: do not wait
 * for the ordinary domain's fuzzer to finish), delay-ms=N (ordinary
 * domain: sleep before starting, default 300).
 *
 * Output (prefixed "(d1) " for the ordinary domain):
 *   hcfuzz: d0 seed 0x... calls 100000
 *   hcfuzz: progress 10000/100000
 *   hcfuzz: result ok 1234 / EFAULT 5678 / ...     one line per code
 *   hcfuzz: N violations                            and one line each
 *   hcfuzz: state after fuzzing matches (registry N devices, heap ...)
 *   hcfuzz: PASS | FAIL
 */
#ifndef DOMAINS_HCFUZZ_H
#define DOMAINS_HCFUZZ_H

#include <runtime/runtime.h>
#include <runtime/libmhvctl.h>
#include <runtime/parse.h>

/* A seeded generator (splitmix64): the same seed, the same calls. */
void rng_seed(uint64_t seed);
uint64_t rng(void);
/* Uniform in [0, n) (n > 0). */
uint64_t rng_below(uint64_t n);
/* True with probability 1/n. */
bool rng_one_in(uint64_t n);

#endif /* DOMAINS_HCFUZZ_H */
