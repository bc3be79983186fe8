/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VT-d unit bring-up and invalidation (see vtd.h).
 *
 * Bring-up, as QEMU's model and the specification both accept it: fault
 * events masked, root table latched (SRTP), queued invalidation on (QIE),
 * global context-cache and IOTLB invalidation, then translation (TE).
 * QEMU compares every GCMD write with GSTS, so each write repeats the
 * enables that stay on (u->gcmd) plus its one-shot bit.  Once QI is on,
 * register-based invalidation is refused (its busy bit never clears), so
 * every invalidation here goes through the queue, and every batch ends in a
 * wait descriptor whose status write is polled for, bounded.
 *
 * Context entries: one per registered function, pointing at its owner's
 * second-level table; absent means blocked (DMA faults with reason 2).
 * A change of a present entry clears it first, invalidates the device's
 * context-cache entry and the old domain's IOTLB, and only then writes the
 * new one, so no cached translation of the old owner survives the move.
 */
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/bug.h>
#include "vtd.h"
#include <mhv/sbdf.h>

struct vtd_unit vtd_units[DMAR_MAX_UNITS];
unsigned int vtd_nr_units;
unsigned int vtd_levels = 4;

int vtd_gcmd(struct vtd_unit *u, u32 oneshot, u32 want)
{
    u64 t0 = vtd_now_ns();

    vtd_write32(u, VTD_GCMD, u->gcmd | oneshot);
    while ((vtd_read32(u, VTD_GSTS) & want) != want) {
        if (vtd_now_ns() - t0 > VTD_POLL_NS) {
            gprintk(LOG_ERR "VT-d: unit %u: GSTS 0x%08x never showed 0x%08x\n",
                    u->index, vtd_read32(u, VTD_GSTS), want);
            u->broken = true;
            return -ETIMEDOUT;
        }
    }
    return 0;
}

void vtd_qi_queue(struct vtd_unit *u, u64 lo, u64 hi)
{
    u64 *d = &u->iq[2 * u->iq_tail];

    ASSERT(spin_is_locked(&u->lock) || !u->dma_on);
    d[0] = lo;
    d[1] = hi;
    vtd_flush_cache(d, 16);
    u->iq_tail = (u->iq_tail + 1) % VTD_IQ_ENTRIES;
}

/*
 * Completion of a batch: a wait descriptor writes a fresh sequence number
 * to a status word of its own -- the word of its queue slot in the status
 * page -- and we poll that word.  A status write of any other wait (an
 * earlier one, however late it lands) goes to another word, so it can
 * neither stand in for ours nor overwrite it.  Sequence 0 is never used:
 * a slot is cleared to 0 before its descriptor is queued.
 *
 * Liveness is judged by the unit's progress, not by the clock alone.  Once
 * per VTD_POLL_NS without our status the queue registers say what is
 * going on:
 *  - FSTS has IQE/ITE/ICE: the unit refused a descriptor: broken, -EIO;
 *  - IQT is not the tail we wrote: the unit never took our tail write;
 *    write it again, up to VTD_QI_REWRITES times for one batch; then the
 *    unit is broken, -ETIMEDOUT;
 *  - IQH reached our tail (it fetched everything, our wait included) but
 *    our status is not there: the status write went missing.  The queue
 *    completes in order, so a new wait descriptor behind it proves the
 *    batch done when its status comes; queue one.  Up to
 *    VTD_QI_RESUBMITS times for one batch; then this batch fails with
 *    -ETIMEDOUT, and the unit stays in service (it does fetch);
 *  - IQH moved since the last look: slow, not dead: keep waiting, for
 *    up to VTD_QI_MOVING_PERIODS periods in one batch; a unit whose IQH
 *    keeps moving without ever reaching a tail a few descriptors ahead is
 *    not slow but wedged: broken, -ETIMEDOUT;
 *  - IQH did not move in a whole period with descriptors before it: the
 *    unit stopped fetching: broken, -ETIMEDOUT.
 * A slow host (QEMU's unit runs on a vCPU thread that may be descheduled)
 * therefore never breaks a unit that fetches; and every verdict is reached
 * within a bounded number of periods, (VTD_QI_REWRITES +
 * VTD_QI_RESUBMITS + VTD_QI_MOVING_PERIODS + 1) at most, so the caller
 * (interrupts off, under the unit lock) never spins for ever.
 */
static u32 qi_next_seq(struct vtd_unit *u)
{
    if (++u->wait_seq == 0)
        ++u->wait_seq;
    return u->wait_seq;
}

/* Queue a wait descriptor with its own status word and a new sequence
 * number, and submit everything queued.  @pre u->lock held. */
static void qi_submit_wait(struct vtd_unit *u, unsigned int *slot, u32 *seq)
{
    *slot = u->iq_tail;
    *seq = qi_next_seq(u);
    __atomic_store_n(&u->wait_status[*slot], 0, __ATOMIC_RELAXED);
    vtd_qi_queue(u, QI_WAIT | QI_WAIT_SW | ((u64)*seq << 32),
                 u->wait_status_pa + *slot * sizeof(u32));
    vtd_write64(u, VTD_IQT, (u64)u->iq_tail << 4);
}

_Static_assert(VTD_IQ_ENTRIES * sizeof(u32) <= 4096,
               "a status word per queue slot in one page");

int vtd_qi_sync(struct vtd_unit *u)
{
    unsigned int slot, resubmits = 0, rewrites = 0, moving = 0;
    u32 seq;
    u64 t0, head0;

    if (u->broken)
        return -ETIMEDOUT;
    qi_submit_wait(u, &slot, &seq);
    t0 = vtd_now_ns();
    head0 = vtd_read64(u, VTD_IQH);
    while (__atomic_load_n(&u->wait_status[slot], __ATOMIC_ACQUIRE) != seq) {
        u32 fsts = vtd_read32(u, VTD_FSTS);
        u64 head, tail, want = (u64)u->iq_tail << 4;

        if (fsts & (FSTS_IQE | FSTS_ITE | FSTS_ICE)) {
            gprintk(LOG_ERR "VT-d: unit %u: invalidation queue error (FSTS "
                    "0x%08x, IQH 0x%lx)\n", u->index, fsts,
                    (unsigned long)vtd_read64(u, VTD_IQH));
            vtd_write32(u, VTD_FSTS, fsts & (FSTS_IQE | FSTS_ITE | FSTS_ICE));
            u->broken = true;
            return -EIO;
        }
        if (vtd_now_ns() - t0 <= VTD_POLL_NS)
            continue;
        head = vtd_read64(u, VTD_IQH);
        tail = vtd_read64(u, VTD_IQT);
        if (tail != want) {
            if (rewrites++ == VTD_QI_REWRITES) {
                gprintk(LOG_ERR "VT-d: unit %u: IQT 0x%lx after %u writes of "
                        "0x%lx: the unit takes no tail writes: unit out of "
                        "service\n", u->index, (unsigned long)tail, rewrites,
                        (unsigned long)want);
                u->broken = true;
                return -ETIMEDOUT;
            }
            gprintk(LOG_WARNING "VT-d: unit %u: IQT 0x%lx, not the 0x%lx "
                    "written: writing it again\n", u->index,
                    (unsigned long)tail, (unsigned long)want);
            vtd_write64(u, VTD_IQT, want);
        } else if (head == want) {
            if (resubmits++ == VTD_QI_RESUBMITS) {
                gprintk(LOG_ERR "VT-d: unit %u: %u wait descriptors fetched "
                        "(IQH = IQT 0x%lx) without their status writes: "
                        "invalidation not confirmed (-ETIMEDOUT)\n", u->index,
                        resubmits, (unsigned long)head);
                return -ETIMEDOUT;
            }
            gprintk(LOG_WARNING "VT-d: unit %u: wait descriptor fetched (IQH = "
                    "IQT 0x%lx) but its status (slot %u: %#x, want %#x) not "
                    "written: queuing another\n", u->index,
                    (unsigned long)head, slot, u->wait_status[slot], seq);
            qi_submit_wait(u, &slot, &seq);
        } else if (head == head0) {
            gprintk(LOG_ERR "VT-d: unit %u: invalidation queue stopped (IQH "
                    "0x%lx, IQT 0x%lx, FSTS %#x, GSTS %#x): unit out of "
                    "service\n", u->index, (unsigned long)head,
                    (unsigned long)tail, fsts, vtd_read32(u, VTD_GSTS));
            u->broken = true;
            return -ETIMEDOUT;
        } else if (++moving > VTD_QI_MOVING_PERIODS) {
            gprintk(LOG_ERR "VT-d: unit %u: IQH kept moving for %u periods "
                    "without reaching the tail (IQH 0x%lx, IQT 0x%lx): unit "
                    "out of service\n", u->index, VTD_QI_MOVING_PERIODS,
                    (unsigned long)head, (unsigned long)tail);
            u->broken = true;
            return -ETIMEDOUT;
        }
        t0 = vtd_now_ns();
        head0 = vtd_read64(u, VTD_IQH);
    }
    return 0;
}

static u64 *ctx_entry(struct vtd_unit *u, pci_sbdf_t sbdf)
{
    return u->ctx[sbdf.bus] ? &u->ctx[sbdf.bus][2 * sbdf.devfn] : NULL;
}

int vtd_context_did(struct vtd_unit *u, pci_sbdf_t sbdf)
{
    unsigned long flags;
    u64 *e;
    int did = -1;

    spin_lock_irqsave(&u->lock, flags);
    e = ctx_entry(u, sbdf);
    if (e && (e[0] & VTD_P))
        did = (int)CTX_HI_DID_OF(e[1]);
    spin_unlock_irqrestore(&u->lock, flags);
    return did;
}

/* Invalidate @sbdf's context-cache entry (old domain @did) and @did's
 * IOTLB, and wait.  @pre u->lock held. */
static int flush_context(struct vtd_unit *u, pci_sbdf_t sbdf, u16 did)
{
    vtd_qi_queue(u, QI_CC | (QI_GRAN_DEVICE << 4) | ((u64)did << 16) |
                 ((u64)sbdf.bdf << 32), 0);
    vtd_qi_queue(u, QI_IOTLB | (QI_GRAN_DOMAIN << 4) | QI_IOTLB_DR |
                 QI_IOTLB_DW | ((u64)did << 16), 0);
    return vtd_qi_sync(u);
}

int vtd_set_context(struct vtd_unit *u, pci_sbdf_t sbdf, u16 did,
                    paddr_t pgd_pa)
{
    unsigned long flags;
    paddr_t pa;
    u64 *e;
    int rc = 0;

    spin_lock_irqsave(&u->lock, flags);
    if (!u->ctx[sbdf.bus]) {
        u64 *t;

        if (!pgd_pa)
            goto confirm;   /* absent already */
        t = vtd_alloc_page(&pa);
        if (!t) {
            rc = -ENOMEM;
            goto out;
        }
        vtd_flush_cache(t, 4096);
        u->ctx[sbdf.bus] = t;
        u->root[2 * sbdf.bus + 1] = 0;
        u->root[2 * sbdf.bus] = pa | VTD_P;
        vtd_flush_cache(&u->root[2 * sbdf.bus], 16);
    }
    e = ctx_entry(u, sbdf);
    if (e[0] & VTD_P) {
        u16 old = (u16)CTX_HI_DID_OF(e[1]);

        if (pgd_pa && old == did && (e[0] & VTD_ADDR_MASK) == pgd_pa)
            goto out;       /* already so */
        /* Clear, flush the old owner's cached state, then write anew. */
        e[0] = 0;
        e[1] = 0;
        vtd_flush_cache(e, 16);
        u->nr_contexts--;
        u->ctx_used[sbdf.bus]--;
        rc = flush_context(u, sbdf, old);
        if (rc) {
            u->ctx_stale = true;
            goto out;
        }
    }
    if (pgd_pa) {
        e[1] = CTX_HI_AW(vtd_levels) | CTX_HI_DID(did);
        __atomic_store_n(&e[0], (pgd_pa & VTD_ADDR_MASK) | VTD_P,
                         __ATOMIC_RELEASE);
        vtd_flush_cache(e, 16);
        u->nr_contexts++;
        u->ctx_used[sbdf.bus]++;
        /* Not-present entries are not cached (CAP.CM = 0); a caching-mode
         * unit needs this one, and it is cheap. */
        vtd_qi_queue(u, QI_CC | (QI_GRAN_DEVICE << 4) | ((u64)did << 16) |
                     ((u64)sbdf.bdf << 32), 0);
        rc = vtd_qi_sync(u);
    } else if (!u->ctx_used[sbdf.bus]) {
        /* The bus's last entry went: its table is unreachable once the
         * root entry is gone and the context cache forgot it. */
        u64 *t = u->ctx[sbdf.bus];

        u->root[2 * sbdf.bus] = 0;
        vtd_flush_cache(&u->root[2 * sbdf.bus], 16);
        vtd_qi_queue(u, QI_CC | (QI_GRAN_GLOBAL << 4), 0);
        rc = vtd_qi_sync(u);
        u->ctx[sbdf.bus] = NULL;
        if (!rc) {
            vtd_free_page(t);
        } else {
            /* The unit may still walk it: never reused (still counted
             * among the table pages). */
            u->ctx_stale = true;
            gprintk(LOG_ERR "VT-d: unit %u: bus %02x's context table kept: "
                    "its invalidation failed (%d)\n", u->index, sbdf.bus, rc);
        }
    }
 confirm:
    /*
     * Blocked means blocked only once no clear whose invalidation failed
     * may still sit in the unit's caches -- this function's entry among
     * them, if an earlier call failed to block it: invalidate everything
     * once, and the debt is paid.
     */
    if (!rc && !pgd_pa && u->ctx_stale) {
        vtd_qi_queue(u, QI_CC | (QI_GRAN_GLOBAL << 4), 0);
        vtd_qi_queue(u, QI_IOTLB | (QI_GRAN_GLOBAL << 4) | QI_IOTLB_DR |
                     QI_IOTLB_DW, 0);
        rc = vtd_qi_sync(u);
        if (!rc)
            u->ctx_stale = false;
    }
 out:
    spin_unlock_irqrestore(&u->lock, flags);
    return rc;
}

int vtd_flush_iotlb(u16 did, unsigned long page)
{
    int rc = 0;

    for (unsigned int i = 0; i < vtd_nr_units; i++) {
        struct vtd_unit *u = &vtd_units[i];
        unsigned long flags;
        int r;

        if (!u->dma_on)
            continue;
        spin_lock_irqsave(&u->lock, flags);
        if (page != ~0ul && (u->cap & CAP_PSI))
            vtd_qi_queue(u, QI_IOTLB | (QI_GRAN_PAGE << 4) | QI_IOTLB_DR |
                         QI_IOTLB_DW | ((u64)did << 16), page << 12);
        else
            vtd_qi_queue(u, QI_IOTLB | (QI_GRAN_DOMAIN << 4) | QI_IOTLB_DR |
                         QI_IOTLB_DW | ((u64)did << 16), 0);
        r = vtd_qi_sync(u);
        spin_unlock_irqrestore(&u->lock, flags);
        if (r && !rc)
            rc = r;
    }
    return rc;
}

int vtd_unit_init(struct vtd_unit *u)
{
    u32 gsts;
    int rc;

    spin_lock_init_class(&u->lock, "vtd_unit->lock");
    if (!(u->ecap & ECAP_QI)) {
        printk(LOG_WARNING "VT-d: unit %u has no queued invalidation: not "
               "used\n", u->index);
        return -EOPNOTSUPP;
    }
    gsts = vtd_read32(u, VTD_GSTS);
    if (gsts & (GCMD_TE | GCMD_QIE | GCMD_IRE))
        printk(LOG_WARNING "VT-d: unit %u was left on by firmware (GSTS "
               "0x%08x)\n", u->index, gsts);
    u->gcmd = 0;
    vtd_write32(u, VTD_FECTL, FECTL_IM);

    u->root = vtd_alloc_page(&u->root_pa);
    u->iq = vtd_alloc_page(&u->iq_pa);
    u->wait_status = vtd_alloc_page(&u->wait_status_pa);
    if (!u->root || !u->iq || !u->wait_status) {
        rc = -ENOMEM;
        goto fail;
    }
    vtd_flush_cache(u->root, 4096);

    vtd_write64(u, VTD_RTADDR, u->root_pa);
    rc = vtd_gcmd(u, GCMD_SRTP, GCMD_SRTP);
    if (rc)
        goto fail;

    u->iq_tail = 0;
    vtd_write64(u, VTD_IQT, 0);
    vtd_write64(u, VTD_IQA, u->iq_pa);      /* QS 0: 256 descriptors */
    u->gcmd |= GCMD_QIE;
    rc = vtd_gcmd(u, 0, GCMD_QIE);
    if (rc)
        goto fail;

    vtd_qi_queue(u, QI_CC | (QI_GRAN_GLOBAL << 4), 0);
    vtd_qi_queue(u, QI_IOTLB | (QI_GRAN_GLOBAL << 4) | QI_IOTLB_DR |
                 QI_IOTLB_DW, 0);
    rc = vtd_qi_sync(u);
    if (rc)
        goto fail;

    u->gcmd |= GCMD_TE;
    rc = vtd_gcmd(u, 0, GCMD_TE);
    if (rc)
        goto fail;
    u->dma_on = true;
    return 0;

 fail:
    printk(LOG_ERR "VT-d: unit %u bring-up failed (%d)\n", u->index, rc);
    vtd_unit_teardown(u);
    return rc;
}

void vtd_unit_teardown(struct vtd_unit *u)
{
    /* Off first: no table below is used once GSTS shows it. */
    if (u->regs && u->gcmd) {
        u->gcmd = 0;
        vtd_gcmd(u, 0, 0);
    }
    for (unsigned int b = 0; b < 256; b++) {
        vtd_free_page(u->ctx[b]);
        u->ctx[b] = NULL;
        u->ctx_used[b] = 0;
    }
    vtd_free_page(u->root);
    vtd_free_page(u->iq);
    vtd_free_page((void *)u->wait_status);
    vtd_free_pages(u->irt, u->irt_order);
    u->root = u->iq = u->irt = NULL;
    u->wait_status = NULL;
    u->dma_on = u->ir_on = false;
    u->nr_contexts = u->nr_irtes = 0;
}
