/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VT-d fault events (see vtd.h).
 *
 * The fault event is the hypervisor's own MSI: a vector on CPU 0 whose
 * handler reads every fault recording register that holds a fault (F),
 * logs it, counts it against the function and the domain whose table it
 * used (the context entry's domain id: mhv's domain id + 1, 0 for none),
 * clears the register (a 32-bit write of F) and, last, FSTS.PFO, so later
 * faults are recorded again.  The log is rate-limited and counted against
 * that domain's own bucket (gprintk_domain()): a domain whose devices fault
 * without end costs counter increments, not console, and silences only its
 * own fault lines.
 *
 *   VT-d: DMA fault: 0000:01:10.0 (d1) write 0xdead000: write denied
 *   VT-d: DMA fault: 0000:01:10.0 (d1) write irte 0x203: source-id check failed
 *
 * The fault event MSI itself is never remapped (the specification exempts
 * it), so it is composed like any compatibility-format MSI.
 */
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/bug.h>
#include <asm/irq.h>
#include <asm/msi.h>
#include <mhv/passthrough/iommu.h>
#include "vtd.h"
#include <mhv/sbdf.h>

struct vtd_fault_dev vtd_fault_devs[VTD_MAX_FAULT_DEVS];
unsigned int vtd_nr_fault_devs;

const char *vtd_fault_reason(unsigned int fr)
{
    switch (fr) {
    case 0x01: return "root entry not present";
    case 0x02: return "context entry not present (blocked)";
    case 0x03: return "context entry invalid";
    case 0x04: return "address beyond the address width";
    case 0x05: return "write denied";
    case 0x06: return "read denied";
    case 0x07: return "bad next-level table address";
    case 0x08: return "bad root table address";
    case 0x09: return "bad context table pointer";
    case 0x0a: return "root entry reserved bits";
    case 0x0b: return "context entry reserved bits";
    case 0x0c: return "page table entry reserved bits";
    case 0x0d: return "translation type not allowed";
    case 0x20: return "interrupt request reserved bits";
    case 0x21: return "interrupt index beyond the table";
    case 0x22: return "interrupt entry not present";
    case 0x23: return "bad interrupt table address";
    case 0x24: return "interrupt entry reserved bits";
    case 0x25: return "compatibility-format interrupt blocked";
    case 0x26: return "source-id check failed";
    default:   return "unknown reason";
    }
}

/* Count a fault of @sid (domain id @did).  @pre u->lock held. */
static void count_dev(pci_sbdf_t sbdf, u16 did)
{
    unsigned int i;

    for (i = 0; i < vtd_nr_fault_devs; i++)
        if (vtd_fault_devs[i].sbdf.sbdf == sbdf.sbdf)
            break;
    if (i == vtd_nr_fault_devs) {
        if (i == VTD_MAX_FAULT_DEVS)
            return;
        vtd_fault_devs[i].sbdf = sbdf;
        vtd_nr_fault_devs++;
    }
    vtd_fault_devs[i].did = did;
    vtd_fault_devs[i].count++;
}

/* The domain id the unit used for @sbdf: its context entry's. */
static u16 did_of(struct vtd_unit *u, pci_sbdf_t sbdf)
{
    const u64 *e = u->ctx[sbdf.bus] ? &u->ctx[sbdf.bus][2 * sbdf.devfn] : NULL;

    return e && (e[0] & VTD_P) ? (u16)CTX_HI_DID_OF(e[1]) : 0;
}

/* What a scan found, logged and counted against its domain after the
 * unit's lock is dropped (the domain lookup takes the domain list lock). */
#define SCAN_BATCH  16
struct fault_rec {
    pci_sbdf_t sbdf;
    u16 did;
    u8 fr;
    bool read;
    u64 addr;
};

static void log_fault(const struct fault_rec *r)
{
    int domid = r->did ? r->did - 1 : -1;
    char dom[12];

    if (r->did)
        snprintf(dom, sizeof(dom), "d%u", r->did - 1u);
    else
        strlcpy(dom, "none", sizeof(dom));
    if (r->fr >= 0x20)
        gprintk_domain(domid, LOG_WARNING "VT-d: DMA fault: %pp (%s) write irte "
                       "0x%lx: %s\n", &r->sbdf, dom, (unsigned long)r->addr,
                       vtd_fault_reason(r->fr));
    else
        gprintk_domain(domid, LOG_WARNING "VT-d: DMA fault: %pp (%s) %s 0x%lx: %s\n",
                       &r->sbdf, dom, r->read ? "read" : "write",
                       (unsigned long)r->addr, vtd_fault_reason(r->fr));
}

unsigned int vtd_fault_scan(struct vtd_unit *u)
{
    unsigned int nfr = CAP_NFR(u->cap), fro = CAP_FRO(u->cap), n = 0;
    struct fault_rec rec[SCAN_BATCH];
    unsigned long flags;
    u32 fsts;

    spin_lock_irqsave(&u->lock, flags);
    fsts = vtd_read32(u, VTD_FSTS);
    /* Each register is looked at once: bounded whatever the unit does. */
    for (unsigned int k = 0, i = (fsts >> 8) & 0xff; k < nfr && n < SCAN_BATCH;
         k++, i = (i + 1) % nfr) {
        unsigned int off = fro + 16 * i;
        u64 hi = vtd_read64(u, off + 8), lo;
        pci_sbdf_t sbdf;
        unsigned int fr;
        u16 did;

        if (!(hi & FRCD_HI_F))
            continue;
        lo = vtd_read64(u, off);
        fr = (unsigned int)FRCD_HI_FR(hi);
        sbdf = PCI_SBDF(u->drhd->segment, FRCD_HI_SID(hi) >> 8,
                        FRCD_HI_SID(hi) & 0xff);
        did = did_of(u, sbdf);
        count_dev(sbdf, did);
        rec[n].sbdf = sbdf;
        rec[n].did = did;
        rec[n].fr = (u8)fr;
        rec[n].read = hi & FRCD_HI_T;
        rec[n].addr = fr >= 0x20 ? lo >> 48 : lo & ~0xfffull;
        u->nr_faults++;
        n++;
        vtd_write32(u, off + 12, 0x80000000u);      /* clear F */
    }
    fsts = vtd_read32(u, VTD_FSTS);
    if (fsts & FSTS_PFO)
        vtd_write32(u, VTD_FSTS, FSTS_PFO);
    spin_unlock_irqrestore(&u->lock, flags);
    for (unsigned int i = 0; i < n; i++) {
        log_fault(&rec[i]);
        iommu_count_fault(rec[i].did, rec[i].fr, rec[i].addr);
    }
    return n;
}

static void fault_interrupt(unsigned int vector, void *data)
{
    /* A full batch may have left recorded faults behind: bounded rescan. */
    for (unsigned int i = 0; i < 16 && vtd_fault_scan(data) == SCAN_BATCH; i++)
        ;
}

int vtd_fault_init(struct vtd_unit *u)
{
    struct msi_msg msg;
    int vec = alloc_irq_vector(0, fault_interrupt, u, "vtd-fault");

    if (vec < 0)
        return vec;
    msi_compose_msg(0, (unsigned int)vec, &msg);
    vtd_write32(u, VTD_FEDATA, msg.data);
    vtd_write32(u, VTD_FEADDR, msg.address_lo);
    vtd_write32(u, VTD_FEUADDR, msg.address_hi);
    /* Faults recorded before now (firmware, bring-up) first. */
    vtd_fault_scan(u);
    vtd_write32(u, VTD_FECTL, 0);
    return 0;
}
