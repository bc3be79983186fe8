/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VT-d interrupt remapping (see vtd.h): the interrupt remapping table
 * (IRT), its entries and the remappable-format MSI address.
 *
 * One IRTE per (CPU, vector) pair: index = cpu x 256 + vector.  A dynamic
 * vector belongs to one interrupt source at a time (arch/x86/irq.c), so the
 * index needs no allocator of its own, and an entry is reused only after
 * its vector was freed -- which the interrupt layer does only after the
 * source was masked and the entry invalidated (vtd_iommu_teardown_msi()).
 * Multi-message MSI gets its block of vectors, so its entries are
 * consecutive: the address names the first (subhandle valid) and the
 * device adds the message number to the data (the subhandle).
 *
 * Each IRTE is fixed delivery, edge, physical destination, and validates
 * the source: SVT 1, SQ 0 -- only exactly that function's requester id may
 * use it (another function gets fault 0x26 and no interrupt).
 * Compatibility-format interrupts stay blocked (GCMD.CFI clear): mhv never
 * sends any (the IOAPIC's pins stay masked).  QEMU's intel-iommu does not
 * implement that block: there a compatibility-format MSI is still delivered.
 *
 * Every change of a present entry is followed by an index-selective IEC
 * invalidation, waited for.  Interrupt remapping needs QI.
 */
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/bug.h>
#include "vtd.h"

#define IRTE_P          (1ull << 0)
#define IRTE_VECTOR(v)  ((u64)((v) & 0xff) << 16)
#define IRTE_DST(d)     ((u64)(d) << 32)
#define IRTE_HI_SVT_SID (1ull << 18)
#define IRTA_EIME       (1ull << 11)
#define MSI_ADDR_IF     (1u << 4)       /* remappable format */
#define MSI_ADDR_SHV    (1u << 3)

unsigned int vtd_irte_index(unsigned int cpu, unsigned int vector)
{
    return cpu * 256 + (vector & 0xff);
}

void vtd_irte_compose(u64 irte[2], u32 apic_id, unsigned int vector,
                      u16 sid, bool eim)
{
    /* DM 0 physical, RH 0, TM 0 edge, DLM 0 fixed. */
    irte[0] = IRTE_P | IRTE_VECTOR(vector) |
              IRTE_DST(eim ? apic_id : (apic_id & 0xff) << 8);
    irte[1] = (u64)sid | IRTE_HI_SVT_SID;        /* SQ 0: all 16 bits */
}

u32 vtd_msi_remap_addr(unsigned int index, bool shv)
{
    return 0xfee00000u | ((index & 0x7fff) << 5) | MSI_ADDR_IF |
           (shv ? MSI_ADDR_SHV : 0) | (((index >> 15) & 1) << 2);
}

int vtd_intremap_init(struct vtd_unit *u, bool eim)
{
    unsigned long flags;
    unsigned int s = 0;
    int rc;

    if (!(u->ecap & ECAP_IR) || !(u->ecap & ECAP_QI))
        return -EOPNOTSUPP;
    /* u->irt_entries was chosen by the caller: a power of two >= 2. */
    while ((2u << s) < u->irt_entries)
        s++;
    ASSERT((2u << s) == u->irt_entries);
    if (!u->irt)
        return -ENOMEM;
    vtd_flush_cache(u->irt, u->irt_entries * 16);
    u->eim = eim;
    vtd_write64(u, VTD_IRTA, u->irt_pa | (eim ? IRTA_EIME : 0) | s);
    rc = vtd_gcmd(u, GCMD_SIRTP, GCMD_SIRTP);
    if (rc)
        return rc;
    spin_lock_irqsave(&u->lock, flags);
    vtd_qi_queue(u, QI_IEC, 0);         /* global */
    rc = vtd_qi_sync(u);
    spin_unlock_irqrestore(&u->lock, flags);
    if (rc)
        return rc;
    u->gcmd |= GCMD_IRE;
    rc = vtd_gcmd(u, 0, GCMD_IRE);
    if (rc) {
        u->gcmd &= ~GCMD_IRE;
        return rc;
    }
    u->ir_on = true;
    return 0;
}

/* Invalidate the IEC entry @index and wait.  @pre u->lock held. */
static int flush_iec(struct vtd_unit *u, unsigned int index)
{
    vtd_qi_queue(u, QI_IEC | QI_IEC_INDEX | ((u64)index << 32), 0);
    return vtd_qi_sync(u);
}

int vtd_irte_set(struct vtd_unit *u, unsigned int index, const u64 irte[2])
{
    unsigned long flags;
    u64 *e;
    int rc;

    if (index >= u->irt_entries)
        return -ERANGE;
    e = &u->irt[2 * index];
    spin_lock_irqsave(&u->lock, flags);
    if (!(e[0] & IRTE_P))
        u->nr_irtes++;
    /* Not present while the source-id half changes. */
    __atomic_store_n(&e[0], 0, __ATOMIC_RELEASE);
    e[1] = irte[1];
    __atomic_store_n(&e[0], irte[0], __ATOMIC_RELEASE);
    vtd_flush_cache(e, 16);
    rc = flush_iec(u, index);
    spin_unlock_irqrestore(&u->lock, flags);
    return rc;
}

int vtd_irte_clear(struct vtd_unit *u, unsigned int index)
{
    unsigned long flags;
    u64 *e;
    int rc = 0;

    if (index >= u->irt_entries)
        return -ERANGE;
    e = &u->irt[2 * index];
    spin_lock_irqsave(&u->lock, flags);
    if (e[0] & IRTE_P) {
        __atomic_store_n(&e[0], 0, __ATOMIC_RELEASE);
        e[1] = 0;
        vtd_flush_cache(e, 16);
        u->nr_irtes--;
        rc = flush_iec(u, index);
    }
    spin_unlock_irqrestore(&u->lock, flags);
    return rc;
}
