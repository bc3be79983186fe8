/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HVM domains: what the control domain passes to create one and what it
 * reads back (domctl MHV_DOMCTL_hvm_*; docs/hypercalls.md, docs/hvm.md).
 */
#ifndef MHV_PUBLIC_HVM_H
#define MHV_PUBLIC_HVM_H

#include "mhv.h"

#define MHV_HVM_MAX_VCPUS       16
#define MHV_HVM_NAME_MAX        24      /* a boot module's name, with its NUL */
#define MHV_HVM_CMDLINE_MAX     2048    /* a guest command line, with its NUL */
#define MHV_HVM_CPU_AUTO        0xff    /* place this vCPU where mhv likes */
#define MHV_HVM_IO_TOP          16      /* unclaimed ports listed per domain */
#define MHV_HVM_MARKS           4       /* progress marks kept (port 0x80) */
#define MHV_HVM_MARK_PORT       0x80

/* MHV_DOMCTL_hvm_create: in, except domid. */
struct mhv_hvm_create {
    uint64_t mem_mb;                    /* RAM, MiB, even */
    uint32_t nr_vcpus;                  /* 1 .. MHV_HVM_MAX_VCPUS */
    uint32_t cmdline_len;               /* bytes at cmdline, without NUL */
    uint64_t cmdline;                   /* the guest's command line (address
                                           in the caller), 0: the kernel
                                           module's own */
    char kernel[MHV_HVM_NAME_MAX];      /* "hvm NAME" boot module: a bzImage */
    char initrd[MHV_HVM_NAME_MAX];      /* another, or "" */
    uint8_t cpus[MHV_HVM_MAX_VCPUS];    /* CPU of each vCPU, or MHV_HVM_CPU_AUTO */
    domid_t domid;                      /* out */
    uint16_t flags;                     /* MHV_HVM_CREATE_* */
    uint16_t pad[2];
};

/*
 * Created paused: the boot vCPU does not start until MHV_DOMCTL_hvm_unpause,
 * so that devices assigned meanwhile are on the guest's PCI bus when its
 * kernel scans it (the bus has no hot-plug).
 */
#define MHV_HVM_CREATE_PAUSED   (1u << 0)

/* Exit reasons counted per domain (the order of mhv's own counters). */
#define MHV_HVM_EXIT_INTR       0
#define MHV_HVM_EXIT_VINTR      1
#define MHV_HVM_EXIT_CPUID      2
#define MHV_HVM_EXIT_HLT        3
#define MHV_HVM_EXIT_IO         4
#define MHV_HVM_EXIT_RDMSR      5
#define MHV_HVM_EXIT_WRMSR      6
#define MHV_HVM_EXIT_NPF        7
#define MHV_HVM_EXIT_EXCEPTION  8
#define MHV_HVM_EXIT_SVM_INSN   9
#define MHV_HVM_EXIT_SHUTDOWN   10
#define MHV_HVM_EXIT_OTHER      11
#define MHV_HVM_NR_EXITS        12

/* MHV_DOMCTL_hvm_info: written at the address the call gives. */
struct mhv_hvm_info {
    uint32_t nr_vcpus;
    uint32_t state;                     /* MHV_DOMSTATE_* */
    uint64_t mem_bytes;
    uint64_t exits[MHV_HVM_NR_EXITS];   /* all vCPUs */
    uint64_t exits_total;
    uint64_t npf_unclaimed_reads;       /* guest-physical reads of nothing */
    uint64_t npf_unclaimed_writes;
    uint64_t msr_refused;               /* RDMSR/WRMSR answered with #GP */
    uint64_t io_unclaimed;              /* port accesses nothing decoded */
    uint32_t io_unclaimed_ports;        /* distinct such ports (at most 64 kept) */
    uint16_t io_port[MHV_HVM_IO_TOP];   /* the first such ports... */
    uint32_t io_port_count[MHV_HVM_IO_TOP]; /* ...and their accesses */
    uint32_t shutdown_code;
    uint8_t vcpu_cpu[MHV_HVM_MAX_VCPUS];
    uint64_t vcpu_rip[MHV_HVM_MAX_VCPUS];   /* where each vCPU last exited */
    char stop_reason[96];               /* why it stopped, "" while it runs */
    /*
     * Progress marks: the guest's first MHV_HVM_MARKS writes to the
     * diagnostic port 0x80 (a POST-code port) record, each, the time
     * since creation (TSC ticks: instructions under QEMU -icount), how
     * much of it was spent in guest mode (all vCPUs), and the exits so far.
     */
    uint32_t nr_marks;
    uint32_t pad2;
    uint64_t mark_elapsed[MHV_HVM_MARKS];
    uint64_t mark_guest[MHV_HVM_MARKS];
    uint64_t mark_exits[MHV_HVM_MARKS];
    uint64_t mark0_exit_reasons[MHV_HVM_NR_EXITS];  /* the first mark's, by reason */
    /*
     * Its virtual PCI bus (docs/vpci.md), since creation: functions shown
     * and revoked, device interrupts injected, function-level resets done
     * for it, and what it was refused (config accesses of no register or
     * of the wrong shape, MSI-X page accesses of a bad size or place,
     * MSI-X messages, BAR placements).  All 0 without a bus.
     */
    uint32_t vpci_shown, vpci_revoked;
    uint64_t vpci_irqs, vpci_flrs;
    uint64_t vpci_cfg_bad, vpci_cfg_unknown, vpci_mmio_bad;
    uint64_t vpci_msix_refused, vpci_bar_refused;
    /*
     * Flushes of its nested translation (a mapping taken away while its
     * vCPUs may run: a BAR that stops decoding), and how many other CPUs
     * they interrupted in all (only CPUs its vCPUs run on are).
     */
    uint64_t p2m_flushes, p2m_flush_cpus;
};

#endif /* MHV_PUBLIC_HVM_H */
