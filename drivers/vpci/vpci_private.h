/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual PCI bus's state, shared by the files of drivers/vpci/:
 * vpci.c (the bus, slots and their lifetime), config.c (a function's
 * register table), bar.c (its BARs and their guest mappings), msix.c (its
 * MSI-X capability and table), hostbridge.c.  Interface: <mhv/vpci/vpci.h>.
 *
 * Lock: everything here is guarded by vpci->lock, taken after d->pci_lock
 * and before d->event_lock (docs/locking.md), except what says otherwise:
 * a binding's snapshot (struct vpci_msix_binding) is read without a lock by
 * the interrupt handler, and the counters are atomic.
 */
#ifndef DRIVERS_VPCI_VPCI_PRIVATE_H
#define DRIVERS_VPCI_VPCI_PRIVATE_H

#include <mhv/types.h>
#include <mhv/sbdf.h>
#include <mhv/spinlock.h>
#include <mhv/rwlock.h>
#include <mhv/vpci/vpci.h>

struct pci_dev;

#define VPCI_NR_SLOTS       32      /* devices of bus 0; 0 is the host bridge */

/*
 * The life of a virtual slot.  Changes under vpci->lock, and those out of
 * BOUND also under d->pci_lock held for write or with this CPU in the
 * slot's own reset (so a holder of d->pci_lock for read sees BOUND stay
 * BOUND unless it resets the slot itself).
 */
enum vpci_slot_state {
    VPCI_ABSENT,        /* never used: nothing answers (all-ones) */
    VPCI_BOUND,         /* a function of the domain is shown: pdev valid,
                         * and never being reset (pdev_resetting()) */
    VPCI_RESETTING,     /* its FLR runs: all-ones, writes dropped; pdev valid */
    VPCI_REVOKED,       /* it left: all-ones for good, pdev gone, slot spent */
};

/* ---------------------------------------------------------------- BARs */

enum vpci_bar_kind {
    VPCI_BAR_NONE,      /* not implemented: reads 0 */
    VPCI_BAR_MEM32,
    VPCI_BAR_MEM64,     /* low register of a 64-bit BAR */
    VPCI_BAR_MEM64_HI,  /* its high register (state lives in the low one) */
};

struct vpci_bar {
    enum vpci_bar_kind kind;
    bool prefetch;
    u64 size;           /* a power of two >= 16; 0 for NONE and MEM64_HI */
    u64 gpa;            /* where the guest put it (its BAR registers) */
    /*
     * mapped: the guest decodes it at map_gpa -- [map_gpa, + size) maps
     * host-physical [hpa, + size) but for the held-back pages [hole_lo[i],
     * hole_hi[i]) (MSI-X table, PBA), which the hypervisor maps at hole_va[i]
     * for its own accesses and the guest reaches through vpci_mmio_access().
     */
    bool mapped;
    u64 map_gpa, hpa;
    u64 hole_lo[2], hole_hi[2];
    volatile u8 *hole_va[2];
};

/* ---------------------------------------------------------------- MSI-X */

/*
 * A guest's entry made real.  Written only while no interrupt can use it
 * (before its pirq is mapped), then read without a lock by vpci_deliver()
 * until the pirq is unmapped (which returns after the vector's drain).
 */
struct vpci_msix_binding {
    struct domain *d;
    unsigned int vcpu;
    u8 vector;
    u32 addr_lo, addr_hi, data;     /* the guest's message it was made from */
};

enum vpci_msix_entry_state {
    VPCI_MSIX_UNBOUND,  /* no pirq: the real entry masked and cleared */
    VPCI_MSIX_MASKED,   /* bound, the real entry masked (pending bits kept) */
    VPCI_MSIX_LIVE,     /* bound and unmasked: interrupts reach the guest */
};

struct vpci_msix_entry {
    u32 addr_lo, addr_hi, data, ctrl;   /* the guest's view (shadow) */
    enum vpci_msix_entry_state state;
    int pirq;                           /* bound: its pirq in d's space */
    struct vpci_msix_binding bound;
};

struct vpci_msix {
    u16 ctrl;               /* the guest's Enable and Function Mask */
    unsigned int nr_entries;
    struct vpci_msix_entry *entries;    /* nr_entries, while BOUND */
};

/* ---------------------------------------------------------------- slots */

struct vpci;

struct vpci_dev {
    enum vpci_slot_state state;
    struct vpci *vpci;
    unsigned int slot;
    struct pci_dev *pdev;       /* BOUND and RESETTING only */
    u64 owner_gen;              /* pdev->owner_gen when it was shown */
    pci_sbdf_t sbdf;            /* the real function, kept for the logs */

    /* The guest's view of the header. */
    u16 command;
    u8 intline;
    struct vpci_bar bars[PCI_NUM_BARS_NORMAL];

    /* The real capabilities shown (0: none), their length. */
    u8 exp_pos, exp_len, msix_pos;
    struct vpci_msix msix;

    bool flr_asked;             /* the write being handled asked for FLR */
    /* RESETTING: the hypervisor's reset was started (the slot is live
     * again at the first access after the function is READY). */
    bool reset_begun;
};

struct vpci {
    spinlock_t lock;
    struct domain *d;
    const struct vpci_guest_ops *ops;
    u32 cf8;                    /* the 0xCF8 address latch */
    struct vpci_dev slots[VPCI_NR_SLOTS];
    struct vpci_stats stats;    /* atomic adds (vpci_count()) */
};

#define vpci_count(vpci, field)                                             \
    __atomic_add_fetch(&(vpci)->stats.field, 1, __ATOMIC_RELAXED)

/* What the functions below may assume: the vpci lock held by this CPU and
 * the owner's device list (so vd->pdev) read-locked. */
#define ASSERT_VPCI_LOCKED(vpci)                                            \
    do {                                                                    \
        ASSERT(spin_is_locked_by_me(&(vpci)->lock));                        \
        ASSERT_PDEV_LIST_IS_READ_LOCKED((vpci)->d);                         \
    } while (0)

static inline bool vpci_live(const struct vpci_dev *vd)
{
    return vd->state == VPCI_BOUND;
}

/* ---------------------------------------------------------------- config.c */

/* Set up @vd's register view of its (newly bound or reset) function:
 * the guest's registers in their reset state.  0 or -EINVAL (logged). */
int vpci_config_init(struct vpci_dev *vd);
/*
 * A config access of the guest to a BOUND slot: @size 1, 2, 4 at @reg
 * below 256, within one dword.  @pre ASSERT_VPCI_LOCKED; writes also with
 * the pcidevs lock.  A write returns true when it asked for a
 * function-level reset of a function that has one: the caller performs it
 * (vpci.c), with no lock held.
 */
u32 vpci_config_read(struct vpci_dev *vd, unsigned int reg, unsigned int size);
bool vpci_config_write(struct vpci_dev *vd, unsigned int reg, unsigned int size,
                       u32 val);
/* Write the real COMMAND from the guest's, under the hypervisor's rules. */
void vpci_config_sync_command(struct vpci_dev *vd);

/* ---------------------------------------------------------------- bar.c */

/* Read the BAR geometry of @vd's function (kinds, sizes); 0 or -EINVAL. */
int vpci_bars_init(struct vpci_dev *vd);
u32 vpci_bar_read(struct vpci_dev *vd, unsigned int idx);
/* The guest writes BAR register @idx (merged to a whole dword). */
void vpci_bar_write(struct vpci_dev *vd, unsigned int idx, u32 val);
/* Map every BAR the guest placed (it turned memory decoding on) /
 * unmap every mapped one.  @pre as vpci_config_write() for mapping. */
void vpci_bars_map(struct vpci_dev *vd);
void vpci_bars_unmap(struct vpci_dev *vd);

/* ---------------------------------------------------------------- msix.c */

/* Allocate the shadow table of @vd's MSI-X capability (reset state). */
int vpci_msix_init(struct vpci_dev *vd);
/* Unbind every entry (the real ones masked, cleared, vectors drained),
 * then free the shadow (@free) or put it back to its reset state. */
void vpci_msix_reset(struct vpci_dev *vd, bool free);
/* The capability's registers: @off from its start, a whole dword. */
u32 vpci_msix_cap_read(struct vpci_dev *vd, unsigned int off);
void vpci_msix_ctrl_write(struct vpci_dev *vd, u16 ctrl);
/* A guest access to BAR @bar's held-back page range @hole at @off into
 * the BAR (the hole lies inside the mapped BAR).  Returns the value read. */
u64 vpci_msix_mmio(struct vpci_dev *vd, unsigned int bar, unsigned int hole,
                   u64 off, unsigned int size, bool write, u64 val);

/* ---------------------------------------------------------------- hostbridge.c */

u32 vpci_hostbridge_read(unsigned int reg, unsigned int size);

#endif /* DRIVERS_VPCI_VPCI_PRIVATE_H */
