/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhv_bench(cmd, arg): benchmark support, mhv-only, present only in images
 * built with CONFIG_BENCH (configs/bench_defconfig); other images answer
 * -ENOSYS.  Control domain only (-EPERM otherwise).  Used by domains/bench/
 * (`make bench`, docs/performance.md).
 *
 * Times are TSC ticks.  Under QEMU with `-icount shift=0,sleep=off` the TSC
 * is QEMU's virtual clock, which advances by one per guest instruction
 * (plus idle time skipped to the next timer; the measured regions never
 * idle), so a difference of two readings counts guest instructions.
 */
#ifndef MHV_PUBLIC_BENCH_H
#define MHV_PUBLIC_BENCH_H

#include "mhv.h"

/* The segment synthetic functions are registered on: no ECAM range and no
 * 0xcf8 mechanism covers it, so its config space reads all-ones. */
#define MHV_BENCH_SEG           0xbe00u

/* Most samples one MHV_BENCH_lookup call returns. */
#define MHV_BENCH_MAX_SAMPLES   4096

/* ---- MHV_BENCH_null: does nothing, returns 0 (arg unused) ---- */
#define MHV_BENCH_null          0

/* ---- MHV_BENCH_info: struct mhv_bench_info (out) ---- */
#define MHV_BENCH_info          1
struct mhv_bench_info {
    uint64_t entry_tsc;         /* TSC at the Multiboot2 entry (head.S) */
    uint64_t now_tsc;           /* TSC when this call ran */
    uint32_t debug;             /* 1: CONFIG_DEBUG image */
    uint32_t nr_cpus;           /* CPUs online */
    char gitrev[16];            /* the image's git revision, NUL-terminated */
};

/*
 * ---- MHV_BENCH_populate: struct mhv_bench_populate (in/out) ----
 * Register synthetic functions on MHV_BENCH_SEG (bus = i >> 8, devfn =
 * i & 0xff for the i-th), owned by the control domain, until `target`
 * devices are registered in all (real ones included), or remove the most
 * recent synthetic ones until that many remain (never a real one).
 * No config space is read or written for them.  -ENOSPC: the segment is
 * full (65536); -ENOMEM; -ENOSYS: the image's registry offers no way to
 * register a function without config space.
 */
#define MHV_BENCH_populate      2
struct mhv_bench_populate {
    uint32_t target;            /* in: devices registered in all */
    uint32_t total;             /* out: devices registered now */
    uint32_t synthetic;         /* out: of those, synthetic */
    uint32_t last;              /* out: SBDF of the newest synthetic one
                                   (0xffffffff: none) */
};

/*
 * ---- MHV_BENCH_lookup: struct mhv_bench_lookup (in/out) ----
 * Look `sbdf` up `iterations` times with the pcidevs lock held, timing
 * each lookup alone (rdtsc before and after), and write the raw
 * differences to the guest array `samples`.  Methods:
 */
#define MHV_BENCH_lookup        3
#define MHV_BENCH_LOOKUP_INDEX  0   /* pci_get_pdev(NULL, sbdf): the index */
#define MHV_BENCH_LOOKUP_LIST   1   /* pci_registry_list_walk_lookup() */
#define MHV_BENCH_LOOKUP_EMPTY  2   /* nothing: the timing overhead */
struct mhv_bench_lookup {
    uint32_t sbdf;
    uint32_t method;            /* MHV_BENCH_LOOKUP_* */
    uint32_t iterations;        /* 1 .. MHV_BENCH_MAX_SAMPLES */
    uint32_t found;             /* out: lookups that found a device */
    uint64_t samples;           /* guest address of uint64_t[iterations] */
};

#endif /* MHV_PUBLIC_BENCH_H */
