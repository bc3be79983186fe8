/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ownership of registered PCI devices: assignment to a domain, return to
 * the control domain, release at domain destruction (domain_release_devices()),
 * and the control domain claiming the devices registered before it existed
 * (<mhv/passthrough/assign.h>).
 *
 * Every move holds the pcidevs lock, then the pci_lock of both domains for
 * write, lower domid first (docs/locking.md), and runs the leave steps
 * (<mhv/passthrough/pcidev.h>) before the device leaves its old owner.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/list.h>
#include <mhv/rwlock.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/iommu.h>
#include <mhv/pci/reset.h>
#include <mhv/pci/regs.h>
#include <mhv/passthrough/pdev_reset.h>
#include "pcidev_private.h"
#include <mhv/sbdf.h>
#include <mhv/passthrough/assign.h>
#include <mhv/domain_list.h>
#include <mhv/pci/access.h>

/* Write-lock the pci_lock of @a and @b (either may be NULL, or both the
 * same domain), lower domid first. */
static void lock_pair(struct domain *a, struct domain *b)
{
    if (a && b && a != b && b->domain_id < a->domain_id) {
        struct domain *t = a;

        a = b;
        b = t;
    }
    if (a)
        write_lock(&a->pci_lock);
    if (b && b != a)
        write_lock(&b->pci_lock);
}

static void unlock_pair(struct domain *a, struct domain *b)
{
    if (b && b != a)
        write_unlock(&b->pci_lock);
    if (a)
        write_unlock(&a->pci_lock);
}

/*
 * Whether @pdev, leaving an owner, is reset before its next owner may use
 * it: with an IOMMU (which quarantines it meanwhile), where it has FLR,
 * and not a PF whose VFs are enabled (its FLR would take the VFs, other
 * owners' devices, with it).
 */
static bool reset_on_move(const struct pci_dev *pdev)
{
    if (!iommu_enabled() || !pci_has_flr(pdev->sbdf))
        return false;
    return !(pdev->is_pf && pdev->pf.sriov_pos &&
             (pci_conf_read16(pdev->sbdf, pdev->pf.sriov_pos + PCI_SRIOV_CTRL) &
              PCI_SRIOV_CTRL_VFE));
}

/*
 * @pdev (registered, not removed) to @to.  When it leaves an owner it is
 * reset first (reset_on_move()): the reset runs on after the move, the
 * function quarantined until its end gives it @to's IOMMU table, and
 * every operation on it meanwhile waits its turn (<mhv/passthrough/pdev_reset.h>).
 * A function already resetting (its owner dies: the release cannot wait)
 * keeps its reset, which then ends with @to's table.
 * @pre pcidevs lock held.
 */
static void move_device(struct pci_dev *pdev, struct domain *to)
{
    struct domain *from = pdev->domain;

    ASSERT(pcidevs_locked());
    ASSERT(to && from != to && !pdev->removed);
    lock_pair(from, to);
    if (from)
        pci_dev_leave_owner(pdev);      /* its DMA quarantined */
    owner_link(pdev, to);
    pdev_reset_budget_init(pdev);       /* a new owner's resets */
    if (pdev_resetting(pdev))
        pdev_reset_join_move(pdev);
    else if (from && reset_on_move(pdev))
        pdev_reset_start(pdev, true, false);
    else
        iommu_attach_device(pdev);      /* to's table */
    unlock_pair(from, to);
}

/*
 * A refusal or a move to where the device already is: rate-limited (a
 * domain may repeat it at will); a move is the control domain's
 * configuration, always logged.
 */
static void move_log(const char *op, pci_sbdf_t sbdf, const struct domain *from,
                     const struct domain *to, int rc, const char *why)
{
    char f[8], t[8];

    if (rc)
        gprintk(LOG_WARNING "PCI %s %pp %s -> %s: %s (%d)\n", op, &sbdf,
                pci_dom_str(from, f, sizeof(f)), pci_dom_str(to, t, sizeof(t)), why, rc);
    else if (why)
        gprintk(LOG_INFO "PCI %s %pp %s -> %s: %s\n", op, &sbdf,
                pci_dom_str(from, f, sizeof(f)), pci_dom_str(to, t, sizeof(t)), why);
    else
        printk(LOG_INFO "PCI %s %pp %s -> %s\n", op, &sbdf,
               pci_dom_str(from, f, sizeof(f)), pci_dom_str(to, t, sizeof(t)));
}

/*
 * Give the device at @sbdf to @to: an assignment (@take_back false: @to
 * must be running, and neither a broken device nor one another ordinary
 * domain owns may go), or the control domain taking it back (@take_back,
 * from anyone).  Logs one line as @op.
 */
static int change_owner(const char *op, pci_sbdf_t sbdf, struct domain *to,
                        bool take_back)
{
    struct pci_dev *pdev;
    struct domain *from = NULL;
    const char *why = NULL;
    int rc = 0;

    pcidevs_lock();
    pdev = pci_get_pdev(NULL, sbdf);
    if (pdev)
        from = pdev->domain;

    if (!take_back && !to) {
        rc = -EINVAL;
        why = "no target domain";
    } else if (!take_back && READ_ONCE(to->state) != MHV_DOMSTATE_RUNNING) {
        /* Checked under the pcidevs lock: a dying domain sets its state
         * before its release takes this lock, so nothing slips in after. */
        rc = -EINVAL;
        why = "the domain is not running";
    } else if (!pdev) {
        rc = -ENODEV;
        why = "not registered";
    } else if (!to) {
        rc = -ENODEV;
        why = "no control domain yet";
    } else if (from == to) {
        why = "already there";
    } else if (pdev_resetting(pdev)) {
        /* Its reset ends first; then this request is issued again. */
        rc = pdev_reset_wait_turn(pdev);
        if (rc == -ERESTART) {
            pcidevs_unlock();
            return rc;
        }
        why = "a reset of it is running";
    } else if (!take_back && pdev->broken && !is_control_domain(to)) {
        rc = -EBUSY;
        why = "broken: only the control domain may have it";
    } else if (!take_back && from && !is_control_domain(from)) {
        rc = -EBUSY;
        why = "owned by another domain";
    } else if ((rc = iommu_check_assign(pdev, to))) {
        why = "its DMA cannot be confined";
    } else {
        move_device(pdev, to);
    }
    move_log(op, sbdf, from, to, rc, why);
    pcidevs_unlock();
    return rc;
}

int assign_device(struct domain *d, pci_sbdf_t sbdf)
{
    return change_owner("assign", sbdf, d, false);
}

int deassign_device(pci_sbdf_t sbdf)
{
    return change_owner("deassign", sbdf, control_domain, true);
}

int pci_release_devices(struct domain *d)
{
    struct domain *to = control_domain;
    struct pci_dev *pdev, *tmp;
    char f[8], t[8];
    int n = 0;

    if (!d || is_control_domain(d)) {
        printk(LOG_WARNING "PCI release %s: not an ordinary domain (%d)\n",
               pci_dom_str(d, f, sizeof(f)), -EINVAL);
        return -EINVAL;
    }

    pcidevs_lock();
    list_for_each_entry_safe(pdev, tmp, pci_domain_pdev_list(d), domain_list) {
        if (to) {
            move_device(pdev, to);
        } else {
            write_lock(&d->pci_lock);
            pci_dev_leave_owner(pdev);
            write_unlock(&d->pci_lock);
        }
        n++;
    }
    printk(LOG_INFO "PCI release %s: %d devices -> %s\n",
           pci_dom_str(d, f, sizeof(f)), n, pci_dom_str(to, t, sizeof(t)));
    pcidevs_unlock();
    return n;
}

static void claim_one(struct pci_dev *pdev, void *ctx)
{
    move_device(pdev, ctx);
}

int pci_hwdom_claim_all(struct domain *d)
{
    char buf[8];
    unsigned int n;

    if (!d) {
        printk(LOG_WARNING "PCI claim: no domain (%d)\n", -EINVAL);
        return -EINVAL;
    }
    pcidevs_lock();
    n = pci_for_each_unowned(claim_one, d);
    printk(LOG_INFO "PCI claim: %u unowned devices -> %s\n", n,
           pci_dom_str(d, buf, sizeof(buf)));
    pcidevs_unlock();
    return n;
}

void domain_release_devices(struct domain *d)
{
    if (!is_control_domain(d))
        pci_release_devices(d);
}
