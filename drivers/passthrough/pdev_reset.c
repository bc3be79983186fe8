/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The asynchronous reset of a registered function (<mhv/passthrough/pdev_reset.h>):
 * a timer per function, a softirq that runs each due step with the
 * registry's locks held for that step only, and a wait queue for the
 * vCPUs that need the function meanwhile.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/smp.h>
#include <mhv/sched.h>
#include <mhv/softirq.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/pdev_reset.h>
#include <mhv/hypercall.h>
#include <mhv/passthrough/iommu.h>
#include <asm/irqflags.h>

#define DRAIN_POLLS     100     /* 1 ms apart: PCIe's 100 ms for pending transactions */
#define ANSWER_POLLS    1000    /* 1 ms apart after the settle time: 1 s */
#define POLL_INTERVAL   MILLISECS(1)

/* Per CPU: resets whose timer fired, for the softirq (linked through
 * reset.next_due).  Touched only by that CPU with interrupts off. */
static struct pci_dev *due[NR_CPUS];

static void assert_locks(const struct pci_dev *pdev)
{
    ASSERT(pcidevs_locked());
    ASSERT(pdev->domain && rw_is_write_locked_by_me(&pdev->domain->pci_lock));
}

/* The timer: interrupt context, no lock may be taken; defer the step. */
static void step_due(void *data)
{
    struct pci_dev *pdev = data;
    unsigned int cpu = smp_processor_id();

    pdev->reset.next_due = due[cpu];
    due[cpu] = pdev;
    raise_softirq(SOFTIRQ_PDEV_RESET);
}

static void arm(struct pci_dev *pdev, s_time_t delay)
{
    pdev->reset.cpu = smp_processor_id();
    set_timer(&pdev->reset.timer, NOW() + delay);
}

void pdev_reset_init(struct pci_dev *pdev)
{
    struct pdev_reset *r = &pdev->reset;

    r->state = PDEV_READY;
    init_timer(&r->timer, step_due, pdev);
    r->next_due = NULL;
    waitqueue_init(&r->waiters);
}

/* FLR initiated: settle, then poll the answer. */
static void initiate(struct pci_dev *pdev)
{
    struct pdev_reset *r = &pdev->reset;

    pci_flr_initiate(pdev->sbdf);
    r->phase = PDEV_RESET_SETTLE;
    r->polls = 0;
    arm(pdev, MILLISECS(pci_flr_settle_ms()));
}

void pdev_reset_start(struct pci_dev *pdev, bool attach_dma, bool by_owner)
{
    struct pdev_reset *r = &pdev->reset;

    assert_locks(pdev);
    ASSERT(r->state == PDEV_READY && !r->timer.active);
    r->attach_dma = attach_dma;
    r->by_owner = by_owner;
    r->started = NOW();
    pci_save_config(pdev->sbdf, &r->saved);
    WRITE_ONCE(r->state, PDEV_RESETTING);
    if (pci_flr_quiesced(pdev->sbdf)) {
        initiate(pdev);
    } else {
        r->phase = PDEV_RESET_DRAIN;
        r->polls = 0;
        arm(pdev, POLL_INTERVAL);
    }
}

void pdev_reset_join_move(struct pci_dev *pdev)
{
    assert_locks(pdev);
    ASSERT(pdev_resetting(pdev));
    pdev->reset.attach_dma = true;
}

/* The last step: config state back, the owner's table, READY, waiters. */
static void finish(struct pci_dev *pdev, int rc)
{
    struct pdev_reset *r = &pdev->reset;
    struct domain *owner = pdev->domain;
    unsigned int woken;
    s_time_t took = NOW() - r->started;

    pci_restore_config(pdev->sbdf, &r->saved);
    if (r->attach_dma)
        iommu_attach_device(pdev);
    WRITE_ONCE(r->state, PDEV_READY);
    woken = waitqueue_wake_all(&r->waiters, rc);
    if (rc)
        printk(LOG_WARNING "PCI reset %pp for d%u: failed (%d)\n", &pdev->sbdf,
               owner->domain_id, rc);
    else if (r->by_owner)
        printk(LOG_INFO "PCI reset %pp for d%u: function-level reset, its "
               "interrupts torn down\n", &pdev->sbdf, owner->domain_id);
    printk(LOG_DEBUG "PCI reset %pp: done in %lu us, %u waiter(s) woken\n",
           &pdev->sbdf, (unsigned long)(took / 1000), woken);
}

/* Run the step that is due.  The function's owner is read under the
 * pcidevs lock: it may have changed since the reset began (release). */
static void step(struct pci_dev *pdev)
{
    struct pdev_reset *r = &pdev->reset;
    struct domain *owner;

    pcidevs_lock();
    owner = pdev->domain;
    ASSERT(owner && pdev_resetting(pdev));
    write_lock(&owner->pci_lock);
    switch (r->phase) {
    case PDEV_RESET_DRAIN:
        if (pci_flr_quiesced(pdev->sbdf) || ++r->polls >= DRAIN_POLLS)
            initiate(pdev);
        else
            arm(pdev, POLL_INTERVAL);
        break;
    case PDEV_RESET_SETTLE:
        if (pci_flr_answers(pdev->sbdf)) {
            finish(pdev, 0);
        } else if (++r->polls >= ANSWER_POLLS) {
            printk(LOG_ERR "PCI %pp: no answer %u ms after a function-level "
                   "reset\n", &pdev->sbdf, pci_flr_settle_ms() + ANSWER_POLLS);
            finish(pdev, -ETIMEDOUT);
        } else {
            arm(pdev, POLL_INTERVAL);
        }
        break;
    }
    write_unlock(&owner->pci_lock);
    pcidevs_unlock();
}

static void reset_softirq(void)
{
    unsigned int cpu = smp_processor_id();

    for (;;) {
        struct pci_dev *pdev;

        local_irq_disable();
        pdev = due[cpu];
        if (pdev) {
            due[cpu] = pdev->reset.next_due;
            pdev->reset.next_due = NULL;
        }
        local_irq_enable();
        if (!pdev)
            return;
        step(pdev);
    }
}
DEFINE_SOFTIRQ(SOFTIRQ_PDEV_RESET, reset_softirq);

int pdev_reset_wait_turn(struct pci_dev *pdev)
{
    ASSERT(pdev_resetting(pdev));
    if (!current_vcpu())
        return -EBUSY;
    waitqueue_add_current(&pdev->reset.waiters, hypercall_wait_restart);
    return -ERESTART;
}

int pdev_reset_wait_result(struct pci_dev *pdev, wait_done_fn done)
{
    ASSERT(pdev_resetting(pdev) && current_vcpu());
    waitqueue_add_current(&pdev->reset.waiters, done);
    return -ERESTART;
}
