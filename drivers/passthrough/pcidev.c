/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The passthrough registry: the pcidevs lock, adding and removing PCI
 * functions (PFs, VFs, plain functions) in any order, lookups, the walk
 * for the sysctl and the consistency check.  Ownership changes are in
 * assign.c, the SBDF index in pdev_index.c.  Rules: <mhv/passthrough/pcidev.h>.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/list.h>
#include <mhv/spinlock.h>
#include <mhv/rwlock.h>
#include <mhv/xmalloc.h>
#include <mhv/domain.h>
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/pci/bars.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/sriov.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/pci/reset.h>
#include <mhv/time.h>
#include <mhv/passthrough/iommu.h>
#include <mhv/passthrough/pdev_reset.h>
#include <public/sysctl.h>
#include "pdev_index.h"
#include "pcidev_private.h"
#include <mhv/domain_list.h>
#include <mhv/passthrough/dev_event.h>

static DEFINE_RSPINLOCK(pcidevs);

/* Every registered pci_dev, removed PFs included (pcidevs lock). */
static LIST_HEAD(all_pdevs);
static unsigned int nr_removed_pfs;         /* pcidevs lock */

void pcidevs_lock(void)
{
    rspin_lock(&pcidevs);
}

void pcidevs_unlock(void)
{
    rspin_unlock(&pcidevs);
}

bool pcidevs_locked(void)
{
    return rspin_is_locked(&pcidevs);
}

struct list_head *pci_domain_pdev_list(struct domain *d)
{
    ASSERT_PDEV_LIST_IS_READ_LOCKED(d);
    return &d->pdev_list;
}

const struct pci_dev *pci_vf_physfn(const struct pci_dev *vf)
{
    const struct domain *d = READ_ONCE(vf->domain);

    ASSERT(vf->is_vf);
    ASSERT(pcidevs_locked() || (d && rw_is_locked_by_me(&d->pci_lock)));
    return vf->vf.pf;
}

const char *pci_dom_str(const struct domain *d, char *buf, size_t len)
{
    if (!d)
        return "none";
    snprintf(buf, len, "d%u", d->domain_id);
    return buf;
}

/* ------------------------------------------------------------ leaving an owner */

/* The leave steps of every unit linked in (<mhv/passthrough/pcidev.h>); weak, so that
 * an image (or host test) with none links too. */
extern const struct pdev_leave_step __start_pdev_leave[] __weak;
extern const struct pdev_leave_step __stop_pdev_leave[] __weak;

/* Run the leave steps registered for @why (PDEV_STEP_*) in stage order. */
static void run_leave_steps(struct pci_dev *pdev, struct domain *d,
                            unsigned int why)
{
    ASSERT_PDEV_LEAVING(pdev, d);
    for (unsigned int stage = 0; stage < PDEV_LEAVE_NR_STAGES; stage++)
        for (const struct pdev_leave_step *s = __start_pdev_leave;
             s < __stop_pdev_leave; s++)
            if (s->stage == stage && (s->when & why))
                s->fn(pdev, d);
}

void pci_dev_leave_owner(struct pci_dev *pdev)
{
    struct domain *d = pdev->domain;

    run_leave_steps(pdev, d, PDEV_STEP_LEAVE);
    owner_unlink(pdev);
}

#define RESET_INTERVAL  SECONDS(1)

void pdev_reset_budget_init(struct pci_dev *pdev)
{
    pdev->reset_budget = (struct ratelimit)RATELIMIT_INIT(PDEV_RESET_BURST,
                                                          RESET_INTERVAL);
}

int pci_reset_device(struct domain *d, pci_sbdf_t sbdf, u64 owner_gen,
                     wait_done_fn done)
{
    struct pci_dev *pdev;
    const char *why = NULL;
    unsigned long refused;
    int rc = 0;

    pcidevs_lock();
    pdev = pci_get_pdev(d, sbdf);
    if (!pdev) {
        rc = -EPERM;
        why = "not its device";
    } else if (owner_gen != PCI_OWNER_GEN_ANY && owner_gen != pdev->owner_gen) {
        rc = -EPERM;
        why = "it changed hands since the reset was asked for";
    } else if (!pci_has_flr(sbdf)) {
        rc = -EOPNOTSUPP;
        why = "no function-level reset";
    } else if (pdev->is_pf && (pdev->pf.nr_vfs ||
               (pci_conf_read16(sbdf, pdev->pf.sriov_pos + PCI_SRIOV_CTRL) &
                PCI_SRIOV_CTRL_VFE))) {
        rc = -EBUSY;
        why = "a PF with VFs (its reset would take them from their owners)";
    } else if (pdev_resetting(pdev)) {
        rc = -EBUSY;
        why = "a reset of it is running";
    } else if (!ratelimit_pass(&pdev->reset_budget, NOW(), &refused)) {
        /* Last: only a request that would be carried out takes a token. */
        rc = -EBUSY;
        why = "more resets than " __stringify(PDEV_RESET_BURST)
              " at once and one a second";
    }
    if (rc) {
        gprintk(LOG_WARNING "PCI reset %pp for d%u: %s (%d)\n", &sbdf,
                d->domain_id, why, rc);
        pcidevs_unlock();
        return rc;
    }
    write_lock(&d->pci_lock);
    run_leave_steps(pdev, d, PDEV_STEP_RESET);
    pdev_reset_start(pdev, false, true);
    rc = pdev_reset_wait_result(pdev, done);
    write_unlock(&d->pci_lock);
    pcidevs_unlock();
    return rc;
}

/* ------------------------------------------------------------ lookup */

struct pci_dev *pci_get_pdev(struct domain *d, pci_sbdf_t sbdf)
{
    struct pci_dev *pdev;

    if (!d) {
        ASSERT(pcidevs_locked());
        pdev = pdev_index_find(sbdf);
        return pdev && !pdev->removed ? pdev : NULL;
    }

    ASSERT_PDEV_LIST_IS_READ_LOCKED(d);
    if (pcidevs_locked()) {
        pdev = pdev_index_find(sbdf);
        return pdev && pdev->domain == d ? pdev : NULL;
    }

    /*
     * Only d->pci_lock: the index lock keeps the entry allocated while we
     * look at its owner.  pdev->domain cannot change to or from @d now
     * (that needs d->pci_lock for write), so a match is stable once the
     * index lock is dropped; a removed PF has no owner.
     */
    pdev_index_read_lock();
    pdev = pdev_index_find(sbdf);
    if (pdev && READ_ONCE(pdev->domain) != d)
        pdev = NULL;
    pdev_index_read_unlock();
    return pdev;
}

const struct pci_dev *pci_pf_with_vfs(pci_sbdf_t sbdf)
{
    const struct pci_dev *pdev;

    ASSERT(pcidevs_locked());
    pdev = pdev_index_find(sbdf);
    return pdev && pdev->is_pf && pdev->pf.nr_vfs ? pdev : NULL;
}

struct pci_dev *pci_registry_list_walk_lookup(pci_sbdf_t sbdf)
{
    struct pci_dev *pdev;

    ASSERT(pcidevs_locked());
    list_for_each_entry(pdev, &all_pdevs, all_list)
        if (pdev->sbdf.sbdf == sbdf.sbdf && !pdev->removed)
            return pdev;
    return NULL;
}

/* ------------------------------------------------------------ add */

/* The last ownership number given (pcidevs lock); 64 bits never wrap. */
static u64 owner_gen_last;

void owner_link(struct pci_dev *pdev, struct domain *d)
{
    ASSERT(pcidevs_locked());
    ASSERT(rw_is_write_locked_by_me(&d->pci_lock));
    list_add_tail(&pdev->domain_list, &d->pdev_list);
    d->nr_pdevs++;
    pdev->owner_gen = ++owner_gen_last;
    WRITE_ONCE(pdev->domain, d);
}

void owner_unlink(struct pci_dev *pdev)
{
    struct domain *d = pdev->domain;

    ASSERT(pcidevs_locked());
    ASSERT(rw_is_write_locked_by_me(&d->pci_lock));
    list_del_init(&pdev->domain_list);
    d->nr_pdevs--;
    WRITE_ONCE(pdev->domain, NULL);
}

/*
 * Whether an add request matches the registered @pdev: 0 (idempotent),
 * or -EEXIST with @why set.
 */
static int add_matches(const struct pci_dev *pdev,
                       const struct pci_dev_info *info, pci_sbdf_t pf_sbdf,
                       const char **why)
{
    bool virtfn = info && info->is_virtfn;

    if (virtfn && !pdev->is_vf) {
        *why = "registered as a function that is no VF";
        return -EEXIST;
    }
    if (virtfn && pdev->vf.pf->sbdf.sbdf != pf_sbdf.sbdf) {
        *why = "registered as a VF of another PF";
        return -EEXIST;
    }
    /* A request without VF information for a registered VF: it stands. */
    return 0;
}

/* A zeroed pdev for @sbdf with its list heads initialised, or NULL. */
static struct pci_dev *pdev_alloc(pci_sbdf_t sbdf)
{
    struct pci_dev *pdev = xzalloc(struct pci_dev);

    if (!pdev)
        return NULL;
    pdev->sbdf = sbdf;
    INIT_LIST_HEAD(&pdev->domain_list);
    INIT_LIST_HEAD(&pdev->all_list);
    INIT_LIST_HEAD(&pdev->msi_list);
    INIT_LIST_HEAD(&pdev->pf.vf_list);
    INIT_LIST_HEAD(&pdev->vf.entry);
    pdev_reset_init(pdev);
    pdev_reset_budget_init(pdev);
    return pdev;
}

/*
 * Make the probed @pdev (a VF of @pf, or @pf NULL) a registered device,
 * owned by the control domain if there is one (*@owner).  0, or -ENOMEM /
 * -EEXIST from the index (nothing changed).  @pre pcidevs lock held.
 */
static int pdev_register(struct pci_dev *pdev, struct pci_dev *pf,
                         struct domain **owner)
{
    int rc;

    ASSERT(pcidevs_locked());
    rc = pdev_index_insert(pdev);
    if (rc)
        return rc;
    list_add_tail(&pdev->all_list, &all_pdevs);
    if (pf) {
        list_add_tail(&pdev->vf.entry, &pf->pf.vf_list);
        pf->pf.nr_vfs++;
    }
    *owner = control_domain;
    if (*owner) {
        write_lock(&(*owner)->pci_lock);
        owner_link(pdev, *owner);
        write_unlock(&(*owner)->pci_lock);
    }
    iommu_attach_device(pdev);          /* its context entry, from now on */
    return 0;
}

/*
 * Read @pdev's MSI-X table and PBA position once, and check them against
 * the size of their BARs (@bar_size: a function's own BAR sizes, or a VF's
 * per-VF VF BAR sizes).  An invalid capability leaves MSI-X unusable (the
 * hypervisor never enables it; its control register stays the
 * hypervisor's), with a log line.
 */
static void probe_msix_geom(struct pci_dev *pdev, const u64 *bar_size)
{
    struct pci_msix_geom *g = &pdev->msix_geom;
    pci_sbdf_t sbdf = pdev->sbdf;
    u32 t, p;
    u64 tend, pend;

    *g = (struct pci_msix_geom){ .valid = false };
    if (!pdev->msix_pos)
        return;
    g->nr_entries = (pci_conf_read16(sbdf, pdev->msix_pos + PCI_MSIX_FLAGS) &
                     PCI_MSIX_FLAGS_QSIZE) + 1;
    t = pci_conf_read32(sbdf, pdev->msix_pos + PCI_MSIX_TABLE);
    p = pci_conf_read32(sbdf, pdev->msix_pos + PCI_MSIX_PBA);
    g->table_bir = t & PCI_MSIX_BIRMASK;
    g->pba_bir = p & PCI_MSIX_BIRMASK;
    g->table_offset = t & PCI_MSIX_OFFSET_MASK;
    g->pba_offset = p & PCI_MSIX_OFFSET_MASK;
    tend = (u64)g->table_offset + (u64)g->nr_entries * PCI_MSIX_ENTRY_SIZE;
    pend = (u64)g->pba_offset + DIV_ROUND_UP(g->nr_entries, 64) * 8;
    if (g->table_bir >= PCI_NUM_BARS_NORMAL || g->pba_bir >= PCI_NUM_BARS_NORMAL) {
        gprintk(LOG_WARNING "PCI add %pp: MSI-X table BIR %u / PBA BIR %u "
                "invalid: no MSI-X\n", &sbdf, g->table_bir, g->pba_bir);
        return;
    }
    if (tend > bar_size[g->table_bir] || pend > bar_size[g->pba_bir] ||
        (g->table_bir == g->pba_bir && g->table_offset < pend &&
         g->pba_offset < tend)) {
        gprintk(LOG_WARNING "PCI add %pp: MSI-X table (BAR%u+%#x, %u entries) "
                "or PBA (BAR%u+%#x) outside its BAR or overlapping: no MSI-X\n",
                &sbdf, g->table_bir, g->table_offset, g->nr_entries,
                g->pba_bir, g->pba_offset);
        return;
    }
    g->valid = true;
}

/* Fill a new (zeroed) pdev for a function that is not a VF. */
static int probe_function(struct pci_dev *pdev, const char **why)
{
    pci_sbdf_t sbdf = pdev->sbdf;
    u16 ctrl;

    /* vf_rlen[] is written here, before any VF can link to it, only. */
    ASSERT(!pdev->pf.nr_vfs && !pdev->pf.vf_rlen_valid);
    pdev->vendor = pci_conf_read16(sbdf, PCI_VENDOR_ID);
    if (pdev->vendor == 0xffff) {
        *why = "no function answers there";
        return -ENODEV;
    }
    pdev->device = pci_conf_read16(sbdf, PCI_DEVICE_ID);
    pdev->class_rev = pci_conf_read32(sbdf, PCI_CLASS_REVISION);
    pdev->hdr_type = pci_conf_read8(sbdf, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;
    pdev->msi_pos = pci_find_cap(sbdf, PCI_CAP_ID_MSI);
    pdev->msix_pos = pci_find_cap(sbdf, PCI_CAP_ID_MSIX);
    {
        struct pci_bar bars[PCI_NUM_BARS_NORMAL];

        if (pci_read_bars(sbdf, bars) > 0)
            for (unsigned int i = 0; i < PCI_NUM_BARS_NORMAL; i++)
                if (bars[i].type == PCI_BAR_MEM) {
                    pdev->mem_bar_size[i] = bars[i].size;
                    pdev->mem_bar_flags[i] =
                        (bars[i].is64 ? PCI_BASE_ADDRESS_MEM_TYPE_64 : 0) |
                        (bars[i].prefetch ? PCI_BASE_ADDRESS_MEM_PREFETCH : 0);
                }
    }
    probe_msix_geom(pdev, pdev->mem_bar_size);

    pdev->pf.sriov_pos = pci_find_ext_cap(sbdf, PCI_EXT_CAP_ID_SRIOV);
    if (!pdev->pf.sriov_pos)
        return 0;
    pdev->is_pf = true;

    /* VF BAR sizes: only while VF Enable and VF MSE are clear. */
    ctrl = pci_conf_read16(sbdf, pdev->pf.sriov_pos + PCI_SRIOV_CTRL);
    if (!(ctrl & (PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE)) &&
        !pci_sriov_size_vf_bars(sbdf, pdev->pf.sriov_pos, pdev->pf.vf_rlen))
        pdev->pf.vf_rlen_valid = true;
    else
        memset(pdev->pf.vf_rlen, 0, sizeof(pdev->pf.vf_rlen));
    return 0;
}

/* Fill a new (zeroed) pdev for VF @n of @pf. */
static void probe_vf(struct pci_dev *pdev, struct pci_dev *pf, unsigned int n)
{
    pci_sbdf_t sbdf = pdev->sbdf;
    u32 class_rev;

    ASSERT(!pdev->vf.pf);               /* the link is set once, here */
    class_rev = pci_conf_read32(sbdf, PCI_CLASS_REVISION);
    pdev->is_vf = true;
    pdev->is_extfn = pf->is_extfn;
    pdev->vendor = pf->vendor;          /* a VF's own IDs read 0xffff */
    pdev->device = pci_conf_read16(pf->sbdf,
                                   pf->pf.sriov_pos + PCI_SRIOV_VF_DID);
    pdev->class_rev = class_rev != ~0U ? class_rev : pf->class_rev;
    pdev->hdr_type = PCI_HEADER_TYPE_NORMAL;    /* a VF's, by definition */
    pdev->msi_pos = pci_find_cap(sbdf, PCI_CAP_ID_MSI);
    pdev->msix_pos = pci_find_cap(sbdf, PCI_CAP_ID_MSIX);
    pdev->vf.pf = pf;
    pdev->vf.index = n;
    probe_msix_geom(pdev, pf->pf.vf_rlen);
}

/* A refusal or a repeated add, rate-limited: the control domain may
 * repeat it at will (the adds that register a device are logged always). */
static void add_log(int rc, pci_sbdf_t sbdf, const struct pci_dev_info *info,
                    pci_sbdf_t pf_sbdf, const char *what)
{
    const char *kind = info && info->is_virtfn ? " VF of " : "";
    char pf[16] = "";

    if (info && info->is_virtfn)
        snprintf(pf, sizeof(pf), "%pp", &pf_sbdf);
    if (rc)
        gprintk(LOG_WARNING "PCI add %pp%s%s: %s (%d)\n", &sbdf, kind, pf,
                what, rc);
    else
        gprintk(LOG_INFO "PCI add %pp%s%s: %s\n", &sbdf, kind, pf, what);
}

int pci_add_device(u16 seg, u8 bus, u8 devfn, const struct pci_dev_info *info)
{
    pci_sbdf_t sbdf = PCI_SBDF(seg, bus, devfn), pf_sbdf = { .sbdf = 0 };
    struct pci_dev *pdev, *pf = NULL;
    struct domain *owner;
    const char *why = NULL;
    char dbuf[8];
    int rc, n = 0;

    if (info && info->is_virtfn)
        pf_sbdf = PCI_SBDF(seg, info->physfn.bus, info->physfn.devfn);

    pcidevs_lock();

    pdev = pdev_index_find(sbdf);
    if (pdev && pdev->removed) {
        rc = -EBUSY;
        why = "a removed PF's VFs still hold this SBDF";
        goto out;
    }
    if (pdev) {
        rc = add_matches(pdev, info, pf_sbdf, &why);
        if (!rc)
            why = "already registered";
        goto out;
    }

    if (info && info->is_virtfn) {
        pf = pci_get_pdev(NULL, pf_sbdf);
        if (!pf) {
            rc = -ENODEV;
            why = "PF not registered";
            goto out;
        }
        if (pf->is_vf || !pf->is_pf) {
            rc = -EINVAL;
            why = "that function is no SR-IOV PF";
            goto out;
        }
        n = pci_sriov_vf_index(pf_sbdf, sbdf);
        if (n < 0) {
            rc = -EINVAL;
            why = n == -ENXIO ? "the PF has no VF enabled" :
                                "not a VF of that PF under its SR-IOV state";
            goto out;
        }
    }

    rc = -ENOMEM;
    why = "out of memory";
    pdev = pdev_alloc(sbdf);
    if (!pdev)
        goto out;
    if (pf) {
        probe_vf(pdev, pf, n);
    } else {
        pdev->is_extfn = info && info->is_extfn;
        rc = probe_function(pdev, &why);
        if (rc) {
            xfree(pdev);
            goto out;
        }
    }

    rc = pdev_register(pdev, pf, &owner);
    if (rc) {
        why = rc == -ENOMEM ? "out of memory" : "SBDF taken";
        xfree(pdev);
        goto out;
    }

    if (pf)
        printk(LOG_INFO "PCI add %pp VF of %pp -> %s\n", &sbdf, &pf_sbdf,
               pci_dom_str(owner, dbuf, sizeof(dbuf)));
    else if (pdev->is_pf && !pdev->pf.vf_rlen_valid)
        printk(LOG_WARNING "PCI add %pp PF -> %s: VFs already enabled, VF BAR "
               "sizes unknown: its VFs get no MSI-X table\n", &sbdf,
               pci_dom_str(owner, dbuf, sizeof(dbuf)));
    else
        printk(LOG_INFO "PCI add %pp%s%s -> %s\n", &sbdf,
               pdev->is_pf ? " PF" : "", pdev->is_extfn ? " extfn" : "",
               pci_dom_str(owner, dbuf, sizeof(dbuf)));
    pcidevs_unlock();
    return 0;

 out:
    add_log(rc, sbdf, info, pf_sbdf, why);
    pcidevs_unlock();
    return rc;
}

/* ------------------------------------------------------------ remove */

/* Out of the registry and freed.  @pre pcidevs lock; no owner, no VFs. */
static void pdev_free(struct pci_dev *pdev)
{
    ASSERT(!pdev->domain);
    ASSERT(list_empty(&pdev->pf.vf_list));
    ASSERT(list_empty(&pdev->msi_list) && !pdev->msix);
    ASSERT(!pdev_resetting(pdev) && waitqueue_empty(&pdev->reset.waiters));
    iommu_remove_device(pdev);
    pdev_index_remove(pdev);
    list_del_init(&pdev->all_list);
    xfree(pdev);
}

/* Take @pdev from its owner, if it has one. */
static void leave_owner(struct pci_dev *pdev)
{
    struct domain *d = pdev->domain;

    ASSERT(pcidevs_locked());
    if (!d) {
        ASSERT(list_empty(&pdev->msi_list) && !pdev->msix);
        return;
    }
    write_lock(&d->pci_lock);
    pci_dev_leave_owner(pdev);
    write_unlock(&d->pci_lock);
}

/* Mark @pdev broken under its owner's lock (the flag's read rule). */
static void mark_broken(struct pci_dev *pdev)
{
    struct domain *d = pdev->domain;

    ASSERT(pcidevs_locked());
    if (d)
        write_lock(&d->pci_lock);
    WRITE_ONCE(pdev->broken, true);
    if (d)
        run_leave_steps(pdev, d, PDEV_STEP_BROKEN);
    dev_event_broken(pdev, d);
    if (d)
        write_unlock(&d->pci_lock);
}

int pci_remove_device(u16 seg, u8 bus, u8 devfn)
{
    pci_sbdf_t sbdf = PCI_SBDF(seg, bus, devfn);
    struct pci_dev *pdev, *vf;

    pcidevs_lock();
    pdev = pci_get_pdev(NULL, sbdf);
    if (!pdev) {
        gprintk(LOG_WARNING "PCI remove %pp: not registered (%d)\n", &sbdf,
                -ENODEV);
        pcidevs_unlock();
        return -ENODEV;
    }
    if (pdev_resetting(pdev)) {
        /* Not freed under its reset: the caller comes back after it. */
        int rc = pdev_reset_wait_turn(pdev);

        pcidevs_unlock();
        return rc;
    }

    leave_owner(pdev);

    if (pdev->is_vf) {
        struct pci_dev *pf = pdev->vf.pf;

        list_del_init(&pdev->vf.entry);
        pf->pf.nr_vfs--;
        pdev_free(pdev);
        if (pf->removed && list_empty(&pf->pf.vf_list)) {
            pci_sbdf_t pf_sbdf = pf->sbdf;

            nr_removed_pfs--;
            pdev_free(pf);
            printk(LOG_INFO "PCI remove %pp: last VF of removed PF %pp, "
                   "PF released\n", &sbdf, &pf_sbdf);
        } else {
            printk(LOG_INFO "PCI remove %pp\n", &sbdf);
        }
    } else if (!list_empty(&pdev->pf.vf_list)) {
        /* Out of lookups now; freed with its last VF. */
        pdev->removed = true;
        nr_removed_pfs++;
        mark_broken(pdev);
        list_for_each_entry(vf, &pdev->pf.vf_list, vf.entry)
            mark_broken(vf);
        printk(LOG_WARNING "PCI remove %pp: %u VFs still registered, PF and "
               "VFs marked broken\n", &sbdf, pdev->pf.nr_vfs);
    } else {
        pdev_free(pdev);
        printk(LOG_INFO "PCI remove %pp\n", &sbdf);
    }

    pcidevs_unlock();
    return 0;
}

/* ------------------------------------------------------------ listing */

struct walk_ctx {
    pci_registry_cb_t cb;
    void *ctx;
};

static int walk_one(struct pci_dev *pdev, void *arg)
{
    struct walk_ctx *w = arg;

    return pdev->removed ? 0 : w->cb(pdev, w->ctx);
}

int pci_registry_walk(pci_registry_cb_t cb, void *ctx)
{
    struct walk_ctx w = { .cb = cb, .ctx = ctx };

    ASSERT(pcidevs_locked());
    return pdev_index_walk(walk_one, &w);
}

void pci_dev_get_info(const struct pci_dev *pdev, struct mhv_pci_info *info)
{
    ASSERT(pcidevs_locked());
    *info = (struct mhv_pci_info){
        .sbdf = pdev->sbdf.sbdf,
        .pf_sbdf = pdev->is_vf ? pdev->vf.pf->sbdf.sbdf : 0xffffffffU,
        .vendor = pdev->vendor,
        .device = pdev->device,
        .class_rev = pdev->class_rev,
        .owner = pdev->domain ? pdev->domain->domain_id : DOMID_INVALID,
        .flags = (pdev->is_pf ? MHV_PCI_FLAG_PF : 0) |
                 (pdev->is_vf ? MHV_PCI_FLAG_VF : 0) |
                 (pdev->is_extfn ? MHV_PCI_FLAG_EXTFN : 0) |
                 (pdev->broken ? MHV_PCI_FLAG_BROKEN : 0) |
                 (pdev->msi_pos ? MHV_PCI_FLAG_MSI : 0) |
                 (pdev->msix_pos ? MHV_PCI_FLAG_MSIX : 0),
        .nr_vfs = pdev->is_pf ? pdev->pf.nr_vfs : 0,
    };
}

void pci_registry_stats(struct pci_registry_stats *st)
{
    struct pci_dev *pdev;

    *st = (struct pci_registry_stats){ 0 };
    pcidevs_lock();
    list_for_each_entry(pdev, &all_pdevs, all_list) {
        if (pdev->removed)
            continue;
        st->devices++;
        st->pfs += pdev->is_pf;
        st->vfs += pdev->is_vf;
        st->broken += pdev->broken;
        st->unowned += !pdev->domain;
    }
    st->removed_pfs = nr_removed_pfs;
    st->index_nodes = pdev_index_nr_nodes();
    pcidevs_unlock();
}

/* ------------------------------------------------------------ checking */

#define CHECK(cond, fmt, ...)                                               \
    do {                                                                    \
        if (!(cond)) {                                                      \
            printk(LOG_ERR "PCI registry: " fmt "\n", ##__VA_ARGS__);      \
            bad++;                                                          \
        }                                                                   \
    } while (0)

/* @d's list: every entry owned by @d, nr_pdevs right, @pdev on it. */
static unsigned int check_owner(const struct pci_dev *pdev)
{
    const struct domain *d = pdev->domain;
    const struct pci_dev *p;
    unsigned int bad = 0, len = 0;
    bool found = false;

    list_for_each_entry(p, &d->pdev_list, domain_list) {
        CHECK(p->domain == d, "%pp on d%u's list, owned by another",
              &p->sbdf, d->domain_id);
        found |= p == pdev;
        if (++len > pdev_index_nr_entries())
            break;
    }
    CHECK(found, "%pp not on its owner d%u's list", &pdev->sbdf,
          d->domain_id);
    CHECK(len == d->nr_pdevs, "d%u lists %u devices, nr_pdevs %u",
          d->domain_id, len, d->nr_pdevs);
    return bad;
}

static unsigned int check_links(const struct pci_dev *pdev)
{
    const struct pci_dev *v;
    unsigned int bad = 0, len = 0;

    if (pdev->is_vf) {
        const struct pci_dev *pf = pdev->vf.pf;
        bool found = false;

        CHECK(pf && pf->is_pf && !pf->is_vf, "VF %pp: bad PF link",
              &pdev->sbdf);
        if (!pf)
            return bad;
        list_for_each_entry(v, &pf->pf.vf_list, vf.entry)
            found |= v == pdev;
        CHECK(found, "VF %pp not on its PF %pp's list", &pdev->sbdf,
              &pf->sbdf);
        CHECK(!pf->removed || pdev->broken, "VF %pp of removed PF not broken",
              &pdev->sbdf);
        CHECK(list_empty(&pdev->pf.vf_list), "VF %pp has VFs", &pdev->sbdf);
        return bad;
    }
    list_for_each_entry(v, &pdev->pf.vf_list, vf.entry) {
        CHECK(v->is_vf && v->vf.pf == pdev, "%pp on PF %pp's list, not its VF",
              &v->sbdf, &pdev->sbdf);
        if (++len > pdev_index_nr_entries())
            break;
    }
    CHECK(len == pdev->pf.nr_vfs, "PF %pp lists %u VFs, nr_vfs %u",
          &pdev->sbdf, len, pdev->pf.nr_vfs);
    CHECK(pdev->is_pf || !len, "%pp has VFs but is no PF", &pdev->sbdf);
    if (pdev->removed) {
        CHECK(len && pdev->broken && !pdev->domain,
              "removed PF %pp: VFs %u, broken %d, owner %p", &pdev->sbdf,
              len, pdev->broken, pdev->domain);
    }
    return bad;
}

unsigned int pci_registry_check(void)
{
    const struct pci_dev *pdev;
    unsigned long nr = 0;
    unsigned int bad = 0, removed = 0;

    pcidevs_lock();
    list_for_each_entry(pdev, &all_pdevs, all_list) {
        nr++;
        removed += pdev->removed;
        CHECK(pdev_index_find(pdev->sbdf) == pdev, "%pp missing from the "
              "index", &pdev->sbdf);
        CHECK(!(pdev->is_pf && pdev->is_vf), "%pp both PF and VF",
              &pdev->sbdf);
        if (pdev->domain)
            bad += check_owner(pdev);
        else
            CHECK(list_empty(&pdev->domain_list), "%pp unowned but listed",
                  &pdev->sbdf);
        bad += check_links(pdev);
        if (nr > pdev_index_nr_entries())
            break;
    }
    CHECK(nr == pdev_index_nr_entries(), "%lu devices listed, %lu indexed",
          nr, pdev_index_nr_entries());
    CHECK(removed == nr_removed_pfs, "%u removed PFs listed, %u counted",
          removed, nr_removed_pfs);
    pcidevs_unlock();
    return bad;
}

/* ------------------------------------------------------------ for assign.c */

unsigned int pci_for_each_unowned(void (*fn)(struct pci_dev *pdev, void *ctx),
                                  void *ctx)
{
    struct pci_dev *pdev, *tmp;
    unsigned int n = 0;

    ASSERT(pcidevs_locked());
    list_for_each_entry_safe(pdev, tmp, &all_pdevs, all_list) {
        if (pdev->removed || pdev->domain)
            continue;
        fn(pdev, ctx);
        n++;
    }
    return n;
}

/* ------------------------------------------------------------ benchmarks */

#ifdef CONFIG_BENCH
int pci_bench_add_synthetic(pci_sbdf_t sbdf)
{
    struct pci_dev *pdev = pdev_alloc(sbdf);
    struct domain *owner;
    int rc;

    if (!pdev)
        return -ENOMEM;
    pdev->vendor = 0xffff;              /* nothing answers there */
    pdev->device = 0xffff;
    pdev->class_rev = 0xff000000;       /* "unassigned class" */
    pcidevs_lock();
    rc = pdev_register(pdev, NULL, &owner);
    pcidevs_unlock();
    if (rc)
        xfree(pdev);
    return rc;
}
#endif /* CONFIG_BENCH */
