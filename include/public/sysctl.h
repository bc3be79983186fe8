/* SPDX-License-Identifier: GPL-2.0 */
/* sysctl(struct mhv_sysctl *): system-wide queries, control domain only. */
#ifndef MHV_PUBLIC_SYSCTL_H
#define MHV_PUBLIC_SYSCTL_H

#include "mhv.h"

#define MHV_SYSCTL_INTERFACE_VERSION    1

#define MHV_SYSCTL_pci_list     0x100   /* mhv-only: the PCI registry */
#define MHV_SYSCTL_heap         0x101   /* mhv-only: heap counters */
#define MHV_SYSCTL_pci_check    0x102   /* mhv-only: registry invariants */

#define MHV_PCI_FLAG_PF         (1u << 0)
#define MHV_PCI_FLAG_VF         (1u << 1)
#define MHV_PCI_FLAG_EXTFN      (1u << 2)
#define MHV_PCI_FLAG_BROKEN     (1u << 3)
#define MHV_PCI_FLAG_MSI        (1u << 4)   /* has an MSI capability */
#define MHV_PCI_FLAG_MSIX       (1u << 5)   /* has an MSI-X capability */

struct mhv_pci_info {
    uint32_t sbdf;
    uint32_t pf_sbdf;           /* for a VF: its PF; else 0xffffffff */
    uint16_t vendor, device;    /* a VF's device id comes from its PF */
    uint32_t class_rev;
    domid_t owner;
    uint16_t pad;
    uint32_t flags;             /* MHV_PCI_FLAG_* */
    uint32_t nr_vfs;            /* for a PF: VFs registered */
    uint32_t pad2;
};

struct mhv_sysctl {
    uint32_t cmd;
    uint32_t interface_version; /* MHV_SYSCTL_INTERFACE_VERSION */
    union {
        struct {
            uint32_t start;     /* in: skip this many devices */
            uint32_t max;       /* in: room in buf (entries) */
            uint32_t count;     /* out: entries written (at most 64 per
                                   call: continue with start += count) */
            uint32_t total;     /* out: devices registered */
            uint64_t buf;       /* in: struct mhv_pci_info[max] */
        } pci_list;
        struct {
            uint64_t live_objects;
            uint64_t live_bytes;
            uint64_t failed;
            uint64_t free_pages;
            uint64_t free_vectors;  /* dynamic vectors free on all CPUs */
        } heap;
        struct {
            uint32_t problems;  /* out: broken invariants (0: consistent) */
            uint32_t devices;   /* out: registered (removed PFs excluded) */
            uint32_t vfs;       /* out: of those, VFs */
            uint32_t broken;    /* out: of those, broken */
            uint32_t removed_pfs;   /* out: removed PFs kept for their VFs */
        } pci_check;
        uint8_t pad[128];
    } u;
};

#endif /* MHV_PUBLIC_SYSCTL_H */
