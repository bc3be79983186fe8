/* SPDX-License-Identifier: GPL-2.0 */
/* sysctl(struct mhv_sysctl *): system-wide queries, control domain only. */
#ifndef MHV_PUBLIC_SYSCTL_H
#define MHV_PUBLIC_SYSCTL_H

#include "mhv.h"

#define MHV_SYSCTL_INTERFACE_VERSION    1

#define MHV_SYSCTL_pci_list     0x100   /* mhv-only: the PCI registry */
#define MHV_SYSCTL_heap         0x101   /* mhv-only: heap counters */
#define MHV_SYSCTL_pci_check    0x102   /* mhv-only: registry invariants */
#define MHV_SYSCTL_iommu        0x103   /* mhv-only: IOMMU units and counters */

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

#define MHV_IOMMU_DMA_ON        (1u << 0)   /* DMA remapping on */
#define MHV_IOMMU_IR_ON         (1u << 1)   /* interrupt remapping on */
#define MHV_IOMMU_EIM           (1u << 2)   /* x2APIC destinations (EIM) */
#define MHV_IOMMU_DMAR          (1u << 3)   /* the firmware has a DMAR */
#define MHV_IOMMU_OFF           (1u << 4)   /* iommu=off */
#define MHV_IOMMU_FORCE         (1u << 5)   /* iommu=force */
#define MHV_IOMMU_BROKEN        (1u << 6)   /* a unit is out of service */

/* MHV_SYSCTL_iommu: the machine's IOMMU and one domain's counters. */
struct mhv_iommu_info {
    uint32_t flags;             /* out: MHV_IOMMU_* */
    uint32_t nr_units;          /* out: remapping units in use */
    uint32_t levels;            /* out: second-level table depth (3 or 4) */
    uint32_t contexts;          /* out: present context entries */
    uint32_t irtes;             /* out: present interrupt remapping entries */
    domid_t domid;              /* in: the domain asked about */
    uint16_t dom_valid;         /* out: 1 if that domain exists */
    uint64_t table_pages;       /* out: IOMMU table pages allocated */
    uint64_t faults;            /* out: faults recorded since boot */
    uint64_t unit0_base;        /* out: register base of unit 0 */
    uint64_t unit0_cap;         /* out: its CAP register */
    uint64_t unit0_ecap;        /* out: its ECAP register */
    uint64_t dom_faults;        /* out: faults counted against domid */
    uint64_t dom_mapped;        /* out: pages domid has mapped for DMA */
    uint32_t dom_devices;       /* out: context entries naming its table */
    uint32_t dom_last_reason;   /* out: VT-d reason of its last fault (0 none) */
    uint64_t dom_last_addr;     /* out: address (or IRTE index) of it */
    uint32_t dev_sbdf;          /* in: a function to ask about (control
                                   domain; MHV_IOMMU_NO_DEV: none) */
    uint32_t dev_did;           /* out: domain id + 1 its last fault named */
    uint64_t dev_faults;        /* out: faults it caused since boot */
    uint64_t withheld_pages;    /* out: pages never reused: their DMA
                                   unmapping was not confirmed */
};
#define MHV_IOMMU_NO_DEV        0xffffffffu
/*
 * An ordinary domain may ask too, about itself only (domid is ignored):
 * it gets the flags and its own dom_* counters, everything else zero.
 */

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
        struct mhv_iommu_info iommu;
        uint8_t pad[128];
    } u;
};

#endif /* MHV_PUBLIC_SYSCTL_H */
