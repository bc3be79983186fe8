/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhv public ABI: what a domain and the hypervisor agree on.  This header
 * and its siblings are shared, one definition of each structure, by the
 * hypervisor and the domain programs in tools/ (they are plain C with
 * fixed-width types and no hypervisor includes).
 *
 * Hypercalls: SYSCALL with the hypercall number in RAX and arguments in
 * RDI, RSI, RDX, R10, R8 (Xen's PV convention); the result comes back in
 * RAX: >= 0 on success, a negative errno value on failure.  RCX and R11 are
 * clobbered (by SYSCALL itself); every other register is preserved.
 *
 * Numbers follow Xen's so that Xen people read mhv at once; the mhv-only
 * operations are marked.  docs/hypercalls.md documents every call.
 */
#ifndef MHV_PUBLIC_MHV_H
#define MHV_PUBLIC_MHV_H

#include <stdint.h>

typedef uint16_t domid_t;
#define DOMID_SELF      0x7ff0u
#define DOMID_INVALID   0x7ff4u
#define MHV_CONTROL_DOMID 0

#define __HYPERVISOR_console_io         18
#define __HYPERVISOR_sched_op           29
#define __HYPERVISOR_event_channel_op   32
#define __HYPERVISOR_physdev_op         33
#define __HYPERVISOR_sysctl             35
#define __HYPERVISOR_domctl             36
#define __HYPERVISOR_mhv_bench          48  /* mhv-only, CONFIG_BENCH */
#define __HYPERVISOR_mhv_time           49  /* mhv-only: () -> ns since boot,
                                               monotonic, one clock for all
                                               CPUs */
#define MHV_NR_HYPERCALLS               64

/* ---- console_io(cmd, count, buffer) ---- */
#define CONSOLEIO_write     0   /* -> count written */
#define CONSOLEIO_read      1   /* control domain only; -> bytes read (0: none) */
#define CONSOLEIO_MAX       4096

/* ---- sched_op(cmd, arg) ---- */
#define SCHEDOP_yield       0   /* arg unused */
#define SCHEDOP_block       1   /* sleep until an event is pending; arg unused */
#define SCHEDOP_shutdown    2   /* arg: struct sched_shutdown * */
#define SCHEDOP_poll        3   /* arg: struct sched_poll * */

struct sched_shutdown {
    uint32_t code;              /* 0: success; the control domain's code
                                   becomes the machine's exit status */
};

struct sched_poll {
    uint64_t timeout_ns;        /* wait until an event is pending or this
                                   long has passed (0: do not wait); returns
                                   0 either way: the domain checks its
                                   shared info's pending bits */
};

/* ---- the address space of a domain ---- */
#define MHV_USER_BASE        0x0000000000400000ULL  /* ELF images start here */
#define MHV_USER_END         0x0000800000000000ULL  /* end of user space */
#define MHV_START_INFO_VA    0x00007ffff7f00000ULL
#define MHV_SHARED_INFO_VA   0x00007ffff7f01000ULL
#define MHV_MODULE_VA        0x00007ffff0000000ULL  /* the domain's data module */
#define MHV_STACK_TOP        0x00007fffffffe000ULL
#define MHV_STACK_PAGES      16
#define MHV_BAR_VA           0x0000600000000000ULL  /* BAR mappings go here */
#define MHV_DMA_VA           0x0000500000000000ULL  /* DMA memory goes here */
#define MHV_DMA_VA_END       0x0000508000000000ULL  /* (512 GiB of window) */

/*
 * Start info: read-only, at MHV_START_INFO_VA; its address is also in RDI
 * at the domain's first instruction.
 */
#define MHV_START_MAGIC      0x6d68762d73746172ULL  /* "mhv-star" */
#define MHV_SIF_PRIVILEGED   (1u << 0)  /* the control domain */
struct start_info {
    uint64_t magic;
    uint32_t domid;
    uint32_t flags;             /* MHV_SIF_* */
    uint32_t nr_cpus;           /* CPUs online in the machine */
    uint32_t pad;
    uint64_t shared_info;       /* VA of struct shared_info */
    uint64_t mod_start;         /* VA of the domain's data module (the
                                   control domain's script), 0 if none */
    uint64_t mod_len;
    char cmdline[1024];
};

/*
 * Shared info: read-write, at MHV_SHARED_INFO_VA.  The hypervisor sets a
 * pirq's bit in pirq_pending when its interrupt arrives; the domain clears
 * it (atomically) when it has handled it.
 */
#define MHV_NR_PIRQS         256
struct shared_info {
    uint64_t pirq_pending[MHV_NR_PIRQS / 64];
    uint64_t pirq_count[MHV_NR_PIRQS];  /* interrupts delivered, per pirq */
    uint64_t events;                    /* total events delivered */
    /* Set (to 1) when a device event is queued for the domain
     * (PHYSDEVOP_mhv_dev_event); the domain clears it before taking them. */
    uint64_t dev_event_pending;
    /* The domain's own word about itself (e.g. "my work is done"): the
     * hypervisor never interprets it and hands it to the control domain
     * in its domain information (mhv_domctl_domaininfo.progress). */
    uint64_t progress;
};

#endif /* MHV_PUBLIC_MHV_H */
