/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A function's MSI-X as the guest sees it (docs/vpci.md): the capability's
 * control word and the table are shadows; the PBA is the device's.
 *
 * An entry is live -- a binding of the real entry to the guest's vector on
 * the guest's vCPU -- exactly when the guest has MSI-X enabled, the
 * function unmasked, the entry unmasked, and its message is one the
 * hypervisor accepts.  Every guest write re-evaluates the entries it
 * touched (update_entry()):
 *
 *   should be live, not bound      validate the message, bind: the real
 *                                  entry programmed on the hypervisor's
 *                                  path (allocate_and_map_msi_pirq():
 *                                  remappable format, source-checked IRTE,
 *                                  a vector of the hypervisor's own)
 *   should be live, bound, same    unmask the real entry
 *     message
 *   should be live, bound, other   unbind, then bind the new message
 *     message
 *   should not be live             mask the real entry (the binding stays;
 *                                  the device keeps the message pending in
 *                                  its PBA and sends it once unmasked)
 *   MSI-X disabled by the guest    unbind every entry
 *
 * Refused messages (the entry stays masked; counted, logged): not an
 * interrupt address (a DMA write), the remappable format, vectors below 32
 * (the exceptions), delivery modes other than fixed and lowest priority
 * (SMI, NMI, INIT, ExtINT and the reserved ones), level-triggered, a
 * destination that is not one of the guest's vCPUs.
 *
 * The binding is the seed path driven by a guest: the guest's MMIO write
 * holds d->pci_lock for read (never the pcidevs lock), and the table's host
 * address comes from read_pci_mem_bar() through the VF -> PF link
 * (msix_capability_init(), drivers/passthrough/msi.c) -- no registry lookup.
 */
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/pdev_reset.h>
#include <mhv/passthrough/msi.h>
#include <mhv/pci/regs.h>
#include <mhv/domain.h>
#include <mhv/xmalloc.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <asm/msi.h>
#include <asm/passthrough/pirq.h>
#include <asm/io.h>
#include "vpci_private.h"

int vpci_msix_init(struct vpci_dev *vd)
{
    struct vpci_msix *m = &vd->msix;

    ASSERT_VPCI_LOCKED(vd->vpci);
    *m = (struct vpci_msix){ .nr_entries = vd->msix_pos ?
                             vd->pdev->msix_geom.nr_entries : 0 };
    if (!m->nr_entries)
        return 0;
    m->entries = xzalloc_array(struct vpci_msix_entry, m->nr_entries);
    if (!m->entries)
        return -ENOMEM;
    for (unsigned int i = 0; i < m->nr_entries; i++)
        m->entries[i] = (struct vpci_msix_entry){
            .ctrl = PCI_MSIX_ENTRY_CTRL_MASKBIT, .pirq = -1 };
    return 0;
}

/* The interrupt of a live entry arrived: into the guest.  Interrupt
 * context; @arg is the entry's binding, unchanged while it is bound. */
static void vpci_deliver(void *arg)
{
    const struct vpci_msix_binding *b = arg;
    struct vpci *vpci = b->d->vpci;

    vpci_count(vpci, irqs);
    vpci->ops->inject(b->d, b->vcpu, b->vector);
}

/* Unbind entry @i: the real entry masked and cleared, its vector drained
 * and freed (unmap_domain_pirq()).  @pre d->event_lock held for write. */
static void unbind(struct vpci_dev *vd, unsigned int i)
{
    struct vpci_msix_entry *e = &vd->msix.entries[i];
    struct domain *d = vd->vpci->d;

    ASSERT(rw_is_write_locked_by_me(&d->event_lock));
    if (e->state == VPCI_MSIX_UNBOUND)
        return;
    if (unmap_domain_pirq(d, e->pirq))
        BUG();          /* our own pirq: it cannot have gone */
    e->state = VPCI_MSIX_UNBOUND;
    e->pirq = -1;
}

void vpci_msix_reset(struct vpci_dev *vd, bool free)
{
    struct vpci_msix *m = &vd->msix;
    struct domain *d = vd->vpci->d;

    ASSERT(spin_is_locked_by_me(&vd->vpci->lock));
    if (m->entries) {
        write_lock(&d->event_lock);
        for (unsigned int i = 0; i < m->nr_entries; i++)
            unbind(vd, i);
        write_unlock(&d->event_lock);
    }
    m->ctrl = 0;
    if (free) {
        xfree(m->entries);
        *m = (struct vpci_msix){ 0 };
        return;
    }
    for (unsigned int i = 0; i < m->nr_entries; i++)
        m->entries[i] = (struct vpci_msix_entry){
            .ctrl = PCI_MSIX_ENTRY_CTRL_MASKBIT, .pirq = -1 };
}

/* ------------------------------------------------------------ the message */

static const char *const delivery_name[8] = {
    [MSI_DELIVERY_SMI] = "SMI delivery", [MSI_DELIVERY_NMI] = "NMI delivery",
    [MSI_DELIVERY_INIT] = "INIT delivery", [MSI_DELIVERY_EXTINT] = "ExtINT delivery",
    [3] = "a reserved delivery mode", [6] = "a reserved delivery mode",
};

/*
 * Entry @e's message as a binding: the vCPU and vector it names.  NULL, or
 * why the hypervisor refuses it.
 */
static const char *check_message(struct vpci_dev *vd, const struct vpci_msix_entry *e,
                                 unsigned int *vcpu, u8 *vector)
{
    struct vpci *vpci = vd->vpci;
    struct msi_msg msg = { e->addr_lo, e->addr_hi, e->data };
    struct msi_target t;
    const char *why;
    int cpu;

    if (msi_msg_decode(&msg, &t, &why))
        return why;
    if (t.vector < 32)
        return "a vector below 32 (the exceptions')";
    if (t.delivery != MSI_DELIVERY_FIXED && t.delivery != MSI_DELIVERY_LOWPRI)
        return delivery_name[t.delivery];
    if (t.level)
        return "level-triggered";
    cpu = vpci->ops->dest_vcpu(vpci->d, t.dest, t.logical);
    if (cpu < 0)
        return "a destination that is none of its vCPUs";
    *vcpu = cpu;
    *vector = t.vector;
    return NULL;
}

/* Bind entry @i, whose message was checked, to @vcpu/@vector.
 * @pre d->pci_lock held for read by this CPU -- the seed path's lock
 * state: what follows reads the table's address through the VF -> PF
 * link and may not look anything up in the registry; d->event_lock held
 * for write. */
static int bind(struct vpci_dev *vd, unsigned int i, unsigned int vcpu, u8 vector)
{
    struct vpci_msix_entry *e = &vd->msix.entries[i];
    struct domain *d = vd->vpci->d;
    struct msi_info msi = { .sbdf = vd->sbdf, .type = PIRQ_MSIX, .entry_nr = i,
                            .deliver = vpci_deliver, .deliver_arg = &e->bound };
    int pirq = -1, rc;

    ASSERT(rw_is_write_locked_by_me(&d->event_lock));
    ASSERT(e->state == VPCI_MSIX_UNBOUND);
    /* A shown function is never in a reset (its resets make the slot
     * RESETTING), so the mapping cannot be made to wait for one. */
    ASSERT(!pdev_resetting(vd->pdev));
    /* The snapshot first: the interrupt may arrive as soon as it is mapped. */
    e->bound = (struct vpci_msix_binding){ .d = d, .vcpu = vcpu, .vector = vector,
                                           .addr_lo = e->addr_lo,
                                           .addr_hi = e->addr_hi, .data = e->data };
    rc = allocate_and_map_msi_pirq(d, &pirq, &msi);
    if (rc)
        return rc;
    e->pirq = pirq;
    e->state = VPCI_MSIX_LIVE;
    return 0;
}

static bool same_message(const struct vpci_msix_entry *e)
{
    return e->addr_lo == e->bound.addr_lo && e->addr_hi == e->bound.addr_hi &&
           e->data == e->bound.data;
}

static void refused(struct vpci_dev *vd, unsigned int i, const char *why, int rc)
{
    const struct vpci_msix_entry *e = &vd->msix.entries[i];

    vpci_count(vd->vpci, msix_refused);
    gprintk(LOG_WARNING "d%u: vPCI 00:%02x.0 (%pp) MSI-X entry %u (address "
            "%#x:%08x, data %#x): %s (%d): stays masked\n", vd->vpci->d->domain_id,
            vd->slot, &vd->sbdf, i, e->addr_hi, e->addr_lo, e->data, why, rc);
}

/* Make the real entry @i follow the guest's (see the top of this file). */
static void update_entry(struct vpci_dev *vd, unsigned int i)
{
    struct vpci_msix *m = &vd->msix;
    struct vpci_msix_entry *e = &m->entries[i];
    struct domain *d = vd->vpci->d;
    bool live = (m->ctrl & PCI_MSIX_FLAGS_ENABLE) && !(m->ctrl & PCI_MSIX_FLAGS_MASKALL) &&
                !(e->ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT);
    const char *why = NULL;
    unsigned int vcpu = 0;
    u8 vector = 0;
    int rc = 0;

    ASSERT_VPCI_LOCKED(vd->vpci);
    /* The entry may be bound below: the seed path's lock state, d's
     * device list read-locked by its own lock (whether or not the pcidevs
     * lock is held too), so that nothing under it may need a registry
     * lookup -- the table's address comes through the VF -> PF link. */
    ASSERT(rw_is_read_locked_by_me(&d->pci_lock));
    if (live && (e->state == VPCI_MSIX_UNBOUND || !same_message(e)))
        why = check_message(vd, e, &vcpu, &vector);
    write_lock(&d->event_lock);
    if (!live || why) {
        /* Masked, or a message refused: nothing reaches the guest.  An
         * entry that cannot be masked (its table does not decode: a lying
         * device) is unbound instead. */
        if (why || (e->state == VPCI_MSIX_LIVE &&
                    pci_msix_entry_mask(vd->pdev, i, true)))
            unbind(vd, i);
        else if (e->state == VPCI_MSIX_LIVE)
            e->state = VPCI_MSIX_MASKED;
    } else if (e->state != VPCI_MSIX_UNBOUND && same_message(e)) {
        if (e->state == VPCI_MSIX_MASKED && !pci_msix_entry_mask(vd->pdev, i, false))
            e->state = VPCI_MSIX_LIVE;
    } else {
        unbind(vd, i);
        rc = bind(vd, i, vcpu, vector);
        if (rc)
            why = "no binding";
    }
    write_unlock(&d->event_lock);
    if (why)
        refused(vd, i, why, rc ? rc : -EINVAL);
}

/* ------------------------------------------------------------ config space */

u32 vpci_msix_cap_read(struct vpci_dev *vd, unsigned int off)
{
    const struct pci_msix_geom *g = &vd->pdev->msix_geom;

    switch (off) {
    case PCI_MSIX_FLAGS:
        return vd->msix.ctrl | ((vd->msix.nr_entries - 1) & PCI_MSIX_FLAGS_QSIZE);
    case PCI_MSIX_TABLE:
        return g->table_offset | g->table_bir;
    case PCI_MSIX_PBA:
        return g->pba_offset | g->pba_bir;
    }
    return 0;
}

void vpci_msix_ctrl_write(struct vpci_dev *vd, u16 ctrl)
{
    struct vpci_msix *m = &vd->msix;
    u16 old = m->ctrl;
    struct domain *d = vd->vpci->d;

    ASSERT_VPCI_LOCKED(vd->vpci);
    m->ctrl = ctrl & (PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    if (m->ctrl == old)
        return;
    if (!(m->ctrl & PCI_MSIX_FLAGS_ENABLE)) {
        /* MSI-X off: no binding survives (the last one turns the
         * function's MSI-X off too). */
        write_lock(&d->event_lock);
        for (unsigned int i = 0; i < m->nr_entries; i++)
            unbind(vd, i);
        write_unlock(&d->event_lock);
        return;
    }
    for (unsigned int i = 0; i < m->nr_entries; i++)
        update_entry(vd, i);
}

/* ------------------------------------------------------------ the table and PBA */

static bool aligned_dword_or_qword(u64 off, unsigned int size)
{
    return (size == 4 || size == 8) && !(off & (size - 1));
}

static u32 entry_field(const struct vpci_msix_entry *e, unsigned int field)
{
    switch (field) {
    case PCI_MSIX_ENTRY_LOWER_ADDR:
        return e->addr_lo;
    case PCI_MSIX_ENTRY_UPPER_ADDR:
        return e->addr_hi;
    case PCI_MSIX_ENTRY_DATA:
        return e->data;
    }
    return e->ctrl;
}

static void set_entry_field(struct vpci_msix_entry *e, unsigned int field, u32 v)
{
    switch (field) {
    case PCI_MSIX_ENTRY_LOWER_ADDR:
        e->addr_lo = v;
        break;
    case PCI_MSIX_ENTRY_UPPER_ADDR:
        e->addr_hi = v;
        break;
    case PCI_MSIX_ENTRY_DATA:
        e->data = v;
        break;
    default:
        /* Vector Control: only the mask bit is defined. */
        e->ctrl = v & PCI_MSIX_ENTRY_CTRL_MASKBIT;
        break;
    }
}

static u64 table_access(struct vpci_dev *vd, u64 off, unsigned int size, bool write,
                        u64 val)
{
    unsigned int i = off / PCI_MSIX_ENTRY_SIZE, field = off % PCI_MSIX_ENTRY_SIZE;
    struct vpci_msix_entry *e = &vd->msix.entries[i];
    u64 v = 0;

    for (unsigned int part = 0; part < size / 4; part++) {
        if (write)
            set_entry_field(e, field + 4 * part, val >> (32 * part));
        else
            v |= (u64)entry_field(e, field + 4 * part) << (32 * part);
    }
    if (write)
        update_entry(vd, i);
    return v;
}

u64 vpci_msix_mmio(struct vpci_dev *vd, unsigned int bar, unsigned int hole,
                   u64 off, unsigned int size, bool write, u64 val)
{
    const struct pci_msix_geom *g = &vd->pdev->msix_geom;
    const struct vpci_bar *b = &vd->bars[bar];
    volatile u8 *va = b->hole_va[hole] + (off - b->hole_lo[hole]);
    u64 table = g->table_offset, table_end = table + vd->msix.nr_entries * PCI_MSIX_ENTRY_SIZE;
    u64 pba = g->pba_offset, pba_end = pba + DIV_ROUND_UP(vd->msix.nr_entries, 64) * 8;
    u64 ones = size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
    const char *what;

    ASSERT_VPCI_LOCKED(vd->vpci);
    if (!aligned_dword_or_qword(off, size)) {
        what = "an access of a size or alignment the table does not take";
        goto bad;
    }
    if (vd->msix_pos && bar == g->table_bir && off >= table && off < table_end)
        return table_access(vd, off - table, size, write, val);
    if (vd->msix_pos && bar == g->pba_bir && off >= pba && off < pba_end) {
        if (write)
            return 0;           /* the PBA is read-only: ignored */
        return size == 8 ? readq(va) : readl(va);
    }
    /* The rest of the held-back pages: the function's, read as it answers;
     * writes are dropped, as nothing there is the guest's to change. */
    if (!write)
        return size == 8 ? readq(va) : readl(va);
    what = "a write beside the MSI-X table and PBA";
 bad:
    vpci_count(vd->vpci, mmio_bad);
    gprintk(LOG_WARNING "d%u: vPCI 00:%02x.0 (%pp) BAR%u+%#lx: %s (%u bytes, %s): "
            "%s\n", vd->vpci->d->domain_id, vd->slot, &vd->sbdf, bar,
            (unsigned long)off, what, size, write ? "write" : "read",
            write ? "dropped" : "reads all-ones");
    return write ? 0 : ones;
}
