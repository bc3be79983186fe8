/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MSI and MSI-X for registered PCI devices (arch/x86/msi.c).
 *
 * A device's MSI-X state (struct pci_msix: the table mapped uncached, which
 * entries are in use) hangs off pdev->msix; MSI needs none beyond the
 * capability.  Both belong to the interrupt layer and are changed only
 * under the owner's event_lock held for write, with the owner's device
 * list read-locked (d->pci_lock for read, or the pcidevs lock): the seed
 * path, physdev_map_pirq(), holds exactly read_lock(&d->pci_lock).
 *
 * For a VF, the table and PBA addresses come from its PF's VF BARs through
 * the VF -> PF link (read_pci_mem_bar()), never from a registry lookup.
 */
#ifndef ASM_X86_MSI_H
#define ASM_X86_MSI_H

#include <mhv/types.h>

struct pci_dev;

/* The message a device writes to raise a vector on a CPU. */
struct msi_msg {
    u32 address_lo, address_hi, data;
};
/* Physical destination, fixed delivery, edge, to @cpu's LAPIC. */
void msi_compose_msg(unsigned int cpu, unsigned int vector, struct msi_msg *msg);

/* The x86 message format (compatibility format, as a device sends it). */
#define MSI_ADDR_BASE               0xfee00000u
#define MSI_ADDR_WINDOW_MASK        0xfff00000u
#define MSI_ADDR_DEST_SHIFT         12          /* bits 19:12: destination */
#define MSI_ADDR_EXT_DEST_MASK      0x00000fe0u /* bits 11:5: extended dest */
#define MSI_ADDR_REMAPPABLE         0x00000010u /* interrupt format bit */
#define MSI_ADDR_REDIRECT_HINT      0x00000008u
#define MSI_ADDR_DEST_LOGICAL       0x00000004u
#define MSI_DATA_VECTOR_MASK        0x000000ffu
#define MSI_DATA_DELIVERY_SHIFT     8           /* bits 10:8 */
#define  MSI_DELIVERY_FIXED         0
#define  MSI_DELIVERY_LOWPRI        1
#define  MSI_DELIVERY_SMI           2
#define  MSI_DELIVERY_NMI           4
#define  MSI_DELIVERY_INIT          5
#define  MSI_DELIVERY_EXTINT        7
#define MSI_DATA_TRIGGER_LEVEL      0x00008000u

/* What a compatibility-format message asks for. */
struct msi_target {
    u32 dest;               /* APIC ID (physical) or logical destination */
    bool logical;           /* logical destination mode */
    bool redirect_hint;
    u8 vector;
    u8 delivery;            /* MSI_DELIVERY_* (3 bits) */
    bool level;             /* level-triggered */
};

/*
 * Decode @msg as the LAPICs would.  0, or -EINVAL with *@why naming what
 * makes it no interrupt message of that format: an address outside
 * 0xfee00000-0xfeefffff or above 4 GiB (to a device that is a memory
 * write), the remappable format, extended destination bits.  Whether the
 * vector, delivery mode and destination are acceptable is the caller's
 * policy.
 */
int msi_msg_decode(const struct msi_msg *msg, struct msi_target *t,
                   const char **why);

#define MSIX_MAX_ENTRIES 2048
struct pci_msix {
    volatile u8 *table;             /* uncached mapping of the table */
    paddr_t table_pa, pba_pa;       /* hypervisor-owned: never mapped to domains */
    unsigned int nr_entries;
    unsigned int nr_used;
    u64 used[MSIX_MAX_ENTRIES / 64];
    /* Freed while the table did not decode: masked only by the function
     * mask until the next enable masks them (msi.c). */
    u64 stale[MSIX_MAX_ENTRIES / 64];
};

/*
 * Set up MSI-X on @pdev if not yet done: locate table and PBA, check they
 * lie inside the BAR, map the table, mask every entry, enable MSI-X with
 * the function masked.  0, -ENXIO/-EINVAL (geometry, with a log line),
 * -ENODEV (no capability), -ENOMEM.
 * @pre ASSERT_PDEV_LIST_IS_READ_LOCKED(pdev->domain); owner's event_lock
 *      held for write.
 */
int msix_capability_init(struct pci_dev *pdev);
/* Program entry @entry with @msg and unmask it (function mask around it). */
int pci_enable_msix_entry(struct pci_dev *pdev, unsigned int entry,
                          const struct msi_msg *msg);
/*
 * Mask (@mask true) or unmask entry @entry, programmed before by
 * pci_enable_msix_entry(), and flush the write (read back).  0, -EINVAL
 * (not programmed), -ENXIO (the table does not decode; logged).  While
 * masked the device keeps the message pending (its PBA bit) and sends it
 * once unmasked.  @pre as msix_capability_init().
 */
int pci_msix_entry_mask(struct pci_dev *pdev, unsigned int entry, bool mask);
/* Mask and clear @entry; MSI-X is disabled and unmapped with the last one. */
void pci_disable_msix_entry(struct pci_dev *pdev, unsigned int entry);

/*
 * Enable MSI with @nvec vectors (a power of two the device offers) whose
 * first is in @msg's data; per-vector masking used when offered.
 * @pre as msix_capability_init().
 */
int msi_capability_init(struct pci_dev *pdev, unsigned int nvec,
                        const struct msi_msg *msg);
/* Disable MSI and restore the capability's registers. */
void pci_disable_msi(struct pci_dev *pdev);

/* The MSI-X table geometry the capability describes (for tests and map_bar). */
int msix_table_geometry(const struct pci_dev *pdev, paddr_t *table,
                        paddr_t *pba, unsigned int *nr_entries);

#endif /* ASM_X86_MSI_H */
