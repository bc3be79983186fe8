/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark control domain (domains/bench/, `make bench`): what its
 * parts offer each other.
 *
 *  - main.c      the run: boot figures, the fixed operations, the scaling
 *                series (docs/performance.md lists them);
 *  - stats.c     samples -> minimum and median, and the report lines;
 *  - setup.c     finding the igb PF, turning its VFs on and registering
 *                them, the configuration module.
 *
 * Every figure is a difference of two TSC readings.  Under QEMU with
 * -icount shift=0,sleep=off that is a count of guest instructions (see
 * <public/bench.h>).  The cost of the two readings themselves (measured
 * first, its minimum) is subtracted from every sample.
 *
 * Report lines (parsed by tests/bench/run), one per figure:
 *   @bench info gitrev=REV debug=0|1 cpus=N
 *   @bench op=NAME devices=N iterations=K min=X median=Y
 *   @bench skip op=NAME reason=WORD
 *   @bench error TEXT
 *   @bench done
 */
#ifndef DOMAINS_BENCH_H
#define DOMAINS_BENCH_H

#include <runtime/runtime.h>
#include <runtime/libmhvctl.h>
#include <runtime/hypercall.h>
#include <runtime/parse.h>
#include <public/bench.h>

#define BENCH_MAX_SIZES     8
#define BENCH_MAX_VFS       8

/* Read the TSC (allowed in ring 3: CR4.TSD is clear). */
static inline uint64_t bench_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* ---- stats.c ---- */
/* The cost of an empty pair of readings, subtracted from every sample. */
extern uint64_t bench_overhead;
/* Print "@bench op=..." for @n samples (overhead already subtracted). */
void bench_report(const char *op, unsigned int devices, const uint64_t *s,
                  unsigned int n);
void bench_error(const char *fmt, ...) __printf(1, 2);
/* Subtract @overhead from each sample (never below 0). */
void bench_subtract(uint64_t *s, unsigned int n, uint64_t overhead);
uint64_t bench_min(const uint64_t *s, unsigned int n);

/* ---- setup.c ---- */
struct bench_config {
    unsigned int iterations;        /* per fixed or scaling operation */
    unsigned int list_iterations;   /* list walk at scale (slow) */
    unsigned int sizes[BENCH_MAX_SIZES];
    unsigned int nr_sizes;
};
/* Defaults, then the module's "key value" lines (see tests/bench/run). */
void bench_read_config(const struct start_info *si, struct bench_config *c);

struct bench_hw {
    uint32_t pf;                    /* the igb PF */
    uint32_t vf[BENCH_MAX_VFS];     /* its VFs, registered */
    unsigned int nr_vfs;
};
/* Find the igb PF, enable all its VFs (at most 8), register them. */
int bench_setup_vfs(struct bench_hw *hw);

#endif /* DOMAINS_BENCH_H */
