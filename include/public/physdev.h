/* SPDX-License-Identifier: GPL-2.0 */
/*
 * physdev_op(cmd, arg): physical devices.  Xen's numbers and layouts for
 * the operations Xen has; mhv-only ones are marked.
 */
#ifndef MHV_PUBLIC_PHYSDEV_H
#define MHV_PUBLIC_PHYSDEV_H

#include "mhv.h"

/* ---- PHYSDEVOP_map_pirq: bind a device interrupt to a pirq ---- */
#define PHYSDEVOP_map_pirq              13
#define MAP_PIRQ_TYPE_MSI               0x0
#define MAP_PIRQ_TYPE_GSI               0x1
#define MAP_PIRQ_TYPE_MSI_SEG           0x3
#define MAP_PIRQ_TYPE_MULTI_MSI         0x4
struct physdev_map_pirq {
    domid_t domid;              /* DOMID_SELF or the caller's own id */
    uint16_t pad;
    int32_t type;               /* MAP_PIRQ_TYPE_* */
    int32_t index;              /* -1: allocate (MSI); GSI for GSI */
    int32_t pirq;               /* in: wanted pirq or -1; out: the pirq */
    int32_t bus;                /* MSI_SEG, MULTI_MSI: segment << 16 | bus */
    int32_t devfn;
    int32_t entry_nr;           /* MSI/MSI_SEG: >= 0 the MSI-X table entry
                                   to map, -1 a single MSI vector;
                                   MULTI_MSI: number of MSI vectors (a power
                                   of two, <= 32), pirqs consecutive */
    uint32_t pad2;
    uint64_t table_base;        /* MSI-X: ignored by mhv (it knows) */
};

/* ---- PHYSDEVOP_unmap_pirq ---- */
#define PHYSDEVOP_unmap_pirq            14
struct physdev_unmap_pirq {
    domid_t domid;
    uint16_t pad;
    int32_t pirq;
};

/* ---- PHYSDEVOP_manage_pci_add/_remove: segment 0, no PF information ---- */
#define PHYSDEVOP_manage_pci_add        15
#define PHYSDEVOP_manage_pci_remove     16
struct physdev_manage_pci {
    uint8_t bus;
    uint8_t devfn;
};

/* ---- PHYSDEVOP_pci_device_add/_remove ---- */
#define PHYSDEVOP_pci_device_add        25
#define XEN_PCI_DEV_EXTFN               0x1
#define XEN_PCI_DEV_VIRTFN              0x2
#define XEN_PCI_DEV_PXM                 0x4
struct physdev_pci_device_add {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
    uint32_t flags;             /* XEN_PCI_DEV_* */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;                   /* the PF, for XEN_PCI_DEV_VIRTFN */
    uint32_t optarr[];          /* PXM: the proximity domain (ignored) */
};

#define PHYSDEVOP_pci_device_remove     26
struct physdev_pci_device {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
};

/*
 * ---- PHYSDEVOP_mhv_pci_conf (mhv-only): config-space access ----
 * The control domain may access every function not assigned to another
 * domain; other domains only functions they own.  Writes to MSI/MSI-X
 * control and to the MSI-X table/PBA belong to the hypervisor: they are
 * refused (-EPERM) or have the hypervisor-owned bits filtered.
 */
#define PHYSDEVOP_mhv_pci_conf          64
struct physdev_mhv_pci_conf {
    uint32_t sbdf;              /* seg << 16 | bus << 8 | devfn */
    uint16_t reg;               /* 0 .. 0xfff, aligned to size */
    uint8_t size;               /* 1, 2 or 4 */
    uint8_t write;              /* 0: read, 1: write */
    uint32_t value;             /* in for writes, out for reads */
};

/*
 * ---- PHYSDEVOP_mhv_map_bar (mhv-only): map a memory BAR of an owned
 * device into the caller's address space, uncached; the pages holding an
 * MSI-X table or PBA are left unmapped (accesses fault). ----
 */
#define PHYSDEVOP_mhv_map_bar           65
struct physdev_mhv_map_bar {
    uint32_t sbdf;
    uint32_t bar;               /* 0..5 */
    uint64_t va;                /* out: where it is mapped */
    uint64_t size;              /* out: bytes */
};

/*
 * ---- PHYSDEVOP_mhv_dma_alloc / _free (mhv-only): memory a device may DMA
 * to.  Physically contiguous, zeroed RAM pages mapped read-write (cached)
 * into the caller's DMA window (MHV_DMA_VA..); @bus is the address to give
 * the device for @va.  Without an IOMMU it is the physical address; behind
 * the IOMMU it is the domain's own pointer (bus == va).  At most
 * MHV_DMA_MAX_ALLOC bytes per call (-E2BIG beyond), MHV_DMA_MAX_PER_DOMAIN
 * in all (-ENOMEM beyond, or when no contiguous run is free).  Freed by
 * PHYSDEVOP_mhv_dma_free with the same @va (-ENOENT for anything else), and
 * with the domain when it dies. ----
 */
#define PHYSDEVOP_mhv_dma_alloc         66
#define PHYSDEVOP_mhv_dma_free          67
#define MHV_DMA_MAX_ALLOC               (2ull << 20)
#define MHV_DMA_MAX_PER_DOMAIN          (8ull << 20)
struct physdev_mhv_dma_alloc {
    uint64_t size;              /* in: bytes, rounded up to whole pages */
    uint64_t va;                /* out: where it is mapped */
    uint64_t bus;               /* out: the device's address for va */
};

struct physdev_mhv_dma_free {
    uint64_t va;                /* a va PHYSDEVOP_mhv_dma_alloc returned */
};

/*
 * ---- PHYSDEVOP_mhv_dev_event (mhv-only): take the caller's next device
 * event.  The hypervisor queues one when a device leaves an ordinary
 * domain because the control domain removed it (hotplug removal, say) or
 * took it back, and when it removes the PF of a VF the domain keeps (the
 * release of a dying domain tells nobody); it then sets
 * shared_info.dev_event_pending and wakes the domain.  The domain clears
 * that word, then takes events until type is 0.  Any domain, its own
 * queue only.  docs/hotplug.md. ----
 */
#define PHYSDEVOP_mhv_dev_event         68
#define MHV_DEV_EVENT_NONE              0
#define MHV_DEV_EVENT_REVOKED           1   /* no longer the domain's: removed
                                               from the registry or taken back;
                                               its interrupts and BAR mappings
                                               are gone already */
#define MHV_DEV_EVENT_BROKEN            2   /* a VF whose PF was removed: still
                                               the domain's, but unusable */
#define MHV_DEV_EVENT_F_LOST            0x1 /* events were dropped before this
                                               one (queue full): rescan */
struct physdev_mhv_dev_event {
    uint32_t sbdf;              /* out */
    uint16_t type;              /* out: MHV_DEV_EVENT_*; NONE: queue empty */
    uint16_t flags;             /* out: MHV_DEV_EVENT_F_* */
    uint32_t pending;           /* out: events still queued after this one */
    uint32_t pad;
};

/*
 * ---- PHYSDEVOP_mhv_place_bars (mhv-only, control domain): place the
 * unassigned memory BARs and VF BARs of a hot-added function that is not
 * registered yet, inside its upstream bridge's windows (widened if need
 * be), as the boot scan places VF BARs.  Firmware does not assign a
 * hot-added device's BARs.  Returns the number placed (also in placed).
 * docs/hotplug.md. ----
 */
#define PHYSDEVOP_mhv_place_bars        69
struct physdev_mhv_place_bars {
    uint32_t sbdf;              /* in */
    uint32_t placed;            /* out: BARs placed (VF BARs included) */
};

#endif /* MHV_PUBLIC_PHYSDEV_H */
