/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual PCI bus of an HVM domain (drivers/vpci/, docs/vpci.md).
 *
 * A guest whose own drivers drive its devices (an unmodified Linux with
 * igbvf) sees bus 0 of a PCI segment of its own, reached through the
 * type-1 configuration ports (0xCF8 address latch, 0xCFC-0xCFF data):
 *
 *   00:00.0   a virtual host bridge (Intel, class 0600);
 *   00:dd.0   each function assigned to the domain, at a slot of its own
 *             (dd = 1..31, the lowest never used so far), with a config
 *             space made of per-register handlers: identity presented as
 *             the real function's (a VF's 8086:10ca, which its hardware
 *             reads as ffff), COMMAND mediated, BARs emulated and mapped
 *             into the guest where it places them while it decodes
 *             memory, the capability list cut to PCI Express (read-only
 *             but for Initiate FLR) and MSI-X, no INTx, no ROM;
 *   MSI-X     the capability's control word and the table are shadows:
 *             the table's pages stay out of the guest's BAR mapping and
 *             reach vpci_mmio_*(); an entry the guest unmasks with a valid
 *             message becomes a binding -- the real entry programmed on
 *             the hypervisor's own path (remappable, source-checked), its
 *             interrupt injected into the guest's vCPU -- and the real
 *             entry is masked whenever the guest's is.
 *
 * The HVM side provides the guest-physical mappings, the vCPUs' APIC
 * destinations and the injection (struct vpci_guest_ops) and calls the
 * access functions below from its exit handlers: they return what the
 * guest's access gets, and never fail the guest.
 *
 * ---------------------------------------------------------------- lifetime
 *
 * d->vpci exists from vpci_domain_init() to vpci_domain_destroy() (an HVM
 * domain's whole life; PV domains have none).  Each virtual slot has an
 * explicit state (drivers/vpci/vpci_private.h): ABSENT -> BOUND (assigned
 * and added) -> REVOKED (deassigned, removed, its PF removed, the domain
 * released): reads all-ones, nothing of the function left with the guest,
 * and the slot is never given to another function while the domain lives,
 * so nothing of a later device reaches a driver still bound to the old one.
 * BOUND -> RESETTING -> BOUND around a function-level reset the guest asks
 * for (or that its assignment began): all-ones meanwhile.
 *
 * ---------------------------------------------------------------- locks
 *
 * d->vpci->lock (spinlock, class "vpci->lock") guards the slots, their
 * states and shadows and the 0xCF8 latch.  It nests inside d->pci_lock and
 * outside d->event_lock (docs/locking.md, the one lock-order place):
 *
 *   config read       read_lock(d->pci_lock), vpci lock
 *   config write      pcidevs lock, read_lock(d->pci_lock), vpci lock
 *                     [, d->event_lock]      (BAR placement walks the registry)
 *   MSI-X table       read_lock(d->pci_lock), vpci lock, write_lock(d->event_lock):
 *                     the seed path -- read_pci_mem_bar() through the VF -> PF
 *                     link, never a registry lookup
 *   revoke            (a leave step) pcidevs lock, write_lock(d->pci_lock),
 *                     vpci lock, write_lock(d->event_lock)
 *   delivery          no lock: a binding is immutable while it exists, and
 *                     is freed only after its vector's drain
 *
 * None of the functions below may be called with any of these held.
 */
#ifndef MHV_VPCI_VPCI_H
#define MHV_VPCI_VPCI_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

struct domain;
struct vpci;

/* What the HVM side does for the virtual PCI bus of a domain. */
struct vpci_guest_ops {
    /*
     * The host bridge's memory window, as the guest's firmware tables
     * describe it (the DSDT's _CRS): a BAR decodes only inside it, as
     * behind a real bridge.  Elsewhere it is refused (counted, logged), so
     * a guest moving a BAR around cannot make the hypervisor build
     * translations all over its physical space.
     */
    u64 window_base, window_size;
    /*
     * Map guest-physical [@gpa, @gpa + @size) to host-physical @hpa as
     * uncached device memory (page-aligned, non-empty).  0, or a negative
     * errno (logged by the caller) when the range is not free in the
     * guest-physical map -- RAM, the platform's devices, the interrupt
     * window, another mapping -- or beyond the guest's physical width.
     * Called with the vpci lock held (docs/locking.md: the map's own lock
     * comes later).
     */
    int (*map_mmio)(struct domain *d, u64 gpa, u64 hpa, u64 size);
    /* Undo one map_mmio() exactly; every vCPU's translation of it is gone
     * (TLBs flushed) when it returns. */
    void (*unmap_mmio)(struct domain *d, u64 gpa, u64 size);
    /*
     * The vCPU an MSI destination names: @dest an APIC ID (@logical false)
     * or a logical destination, as the guest's LAPICs are programmed now.
     * The vCPU's index, or a negative errno when no single vCPU of @d is
     * named (none, several, a broadcast).
     */
    int (*dest_vcpu)(struct domain *d, u32 dest, bool logical);
    /*
     * Make @vector pending in vCPU @vcpu's LAPIC and get it delivered (an
     * IPI if that vCPU runs in guest mode elsewhere).  Called in interrupt
     * context with interrupts off: no sleeping, no lock but IRQ-safe ones.
     */
    void (*inject)(struct domain *d, unsigned int vcpu, u8 vector);
};

/* ---------------------------------------------------------------- domains */

/*
 * Give @d an empty virtual bus (the host bridge only) served by @ops.
 * 0, -EEXIST (it has one), -ENOMEM.
 */
int vpci_domain_init(struct domain *d, const struct vpci_guest_ops *ops);
/*
 * Free @d's bus.  @pre none of its slots is BOUND or RESETTING: the
 * domain's devices were released first (pci_release_devices(), whose
 * leave steps revoke them).
 */
void vpci_domain_destroy(struct domain *d);

/*
 * Show the function at @sbdf, which @d owns (assign_device() first), at a
 * new virtual slot.  Returns the slot (1..31), or -ENODEV (no vPCI bus),
 * -EPERM (not @d's), -EEXIST (shown already), -EBUSY (broken), -EINVAL (a
 * function the bus cannot show: a bridge, I/O BARs only, unknown BAR sizes,
 * an MSI-X capability that lied), -ENOSPC (every slot used once),
 * -ENOMEM; logs one line.  Takes the pcidevs lock.
 */
int vpci_add_device(struct domain *d, pci_sbdf_t sbdf);

/*
 * The control domain's assignment to a domain with a virtual bus:
 * assign_device(), then vpci_add_device(); a function that cannot be shown
 * is given back to the control domain.  0, assign_device()'s errors
 * (-ERESTART included: issued again), or vpci_add_device()'s.
 */
int vpci_assign_device(struct domain *d, pci_sbdf_t sbdf);

/* ---------------------------------------------------------------- guest accesses */

/*
 * An I/O port access of the guest: @size 1, 2 or 4 bytes at @port.  The
 * bus's ports are a dword at 0xCF8 and 0xCFC-0xCFF: a write takes *@val, a
 * read fills it.  Returns
 *   0         done;
 *   -ENOENT   not the bus's (another port, or a byte/word at 0xCF8-0xCFB,
 *             which chipsets pass on as plain I/O): the platform answers;
 *   -ERESTART a write that asked for a function-level reset, which the
 *             hypervisor now performs: the access is complete (advance the
 *             guest past it), and the running vCPU was queued to wait for
 *             the reset (<mhv/waitqueue.h>: let it wait, vcpu_wait(); there
 *             is no result to apply when it ends).
 * @pre a vCPU of @d runs here (the reset's waiter); no lock held.
 */
int vpci_ioport(struct domain *d, unsigned int port, unsigned int size,
                bool write, u32 *val);
/*
 * The same in the form of an HVM port-dispatch handler (<asm/hvm/ioport.h>),
 * to register for ports 0xCF8-0xCFF with @ctx the domain: an access there
 * that is not the bus's gets -ENOENT, which the dispatch treats as a port
 * nobody decodes (reads all-ones, writes dropped, counted); 0 and
 * -ERESTART as above.
 */
int vpci_io_handler(void *ctx, u16 port, unsigned int size, bool write, u32 *val);

/*
 * A guest-physical MMIO access the nested page tables did not map:
 * @size 1, 2, 4 or 8 bytes at @gpa.  If it falls in a held-back page of a
 * BAR the guest has mapped (MSI-X table, PBA), it is emulated: a write
 * takes *@val, a read fills it; 0.  -ENOENT when it is not the bus's.
 */
int vpci_mmio_access(struct domain *d, u64 gpa, unsigned int size, bool write,
                     u64 *val);

/* ---------------------------------------------------------------- counters */

/* What the bus refused or did, since the domain began (for tests, mhvctl). */
struct vpci_stats {
    unsigned long cfg_bad;          /* misaligned / other bus / extended register */
    unsigned long cfg_unknown;      /* a register the function does not show */
    unsigned long mmio_bad;         /* MSI-X page access of a bad size or place */
    unsigned long msix_refused;     /* an entry's message refused (stays masked) */
    unsigned long bar_refused;      /* a BAR placement refused (not mapped) */
    unsigned long flrs;             /* function-level resets done for the guest */
    unsigned long shown;            /* functions added (slots used) */
    unsigned long revoked;          /* slots revoked */
    unsigned long irqs;             /* interrupts injected */
};
void vpci_get_stats(const struct domain *d, struct vpci_stats *st);

#endif /* MHV_VPCI_VPCI_H */
