/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resetting a registered function without holding anything while the
 * device takes its time (drivers/passthrough/pdev_reset.c,
 * docs/passthrough.md "Resets").
 *
 * A function-level reset wants 100 ms and more of device time.  Nothing
 * waits for it on a CPU: the reset is a state of the function, driven by a
 * timer through its steps (transactions drained, FLR, settle, answer
 * polled), each step run from a softirq with the registry's locks taken
 * for that step only.  Whoever needs the function meanwhile waits on its
 * queue without holding a CPU or a lock (<mhv/waitqueue.h>):
 *
 *  - the owner that asked for the reset (pci_reset_device()) waits for its
 *    result, like any other vCPU -- a PV hypercall or an HVM config write;
 *  - every other operation on the function -- config access, MSI/MSI-X
 *    mapping, BAR mapping, assignment, deassignment, removal -- waits its
 *    turn and is then issued again (pdev_reset_wait_turn(); without a vCPU, -EBUSY);
 *  - a second reset asked for meanwhile is refused with -EBUSY;
 *  - operations on every other function, of the same owner too, go on.
 *
 * Lifetime of the state (pdev->reset.state):
 *
 *      READY --pdev_reset_start()--> RESETTING --last step--> READY
 *
 * Both transitions hold the pcidevs lock and the owner's pci_lock for
 * write, so the state is stable for whoever holds either (the readers of
 * pdev->domain): every check of it sits under one of them.  A RESETTING
 * function always has an owner and is never freed (removal waits).  It may
 * change owner only when its owner dies (the release cannot wait); the
 * running reset then serves the new owner too: it ends by giving the
 * function the new owner's IOMMU table (attach_dma).
 *
 * The steps run on the CPU that started the reset (its timer's).  The
 * fields other than state belong to the running reset: written at its
 * start and by its steps, under the same locks.
 */
#ifndef MHV_PDEV_RESET_H
#define MHV_PDEV_RESET_H

#include <mhv/types.h>
#include <mhv/list.h>
#include <mhv/time.h>
#include <mhv/pci/reset.h>
#include <mhv/waitqueue.h>

struct pci_dev;

enum pdev_reset_state {
    PDEV_READY,
    PDEV_RESETTING,
};

enum pdev_reset_phase {
    PDEV_RESET_DRAIN,       /* waiting for pending transactions (<= 100 ms) */
    PDEV_RESET_SETTLE,      /* FLR initiated: settle, then poll the answer */
};

struct pdev_reset {
    enum pdev_reset_state state;
    enum pdev_reset_phase phase;
    bool attach_dma;            /* end by attaching the owner's IOMMU table */
    bool by_owner;              /* the owner asked (not an owner change) */
    unsigned int polls;         /* of this phase */
    s_time_t started;
    struct pci_saved_config saved;
    struct timer timer;         /* the next step, on cpu */
    unsigned int cpu;
    struct pci_dev *next_due;   /* on cpu's list of steps to run */
    struct waitqueue waiters;   /* the requester, and those waiting their turn */
};

/* At allocation of @pdev: READY, nothing running. */
void pdev_reset_init(struct pci_dev *pdev);

/* pdev_resetting(pdev): RESETTING, read under the locks above (<mhv/passthrough/pcidev.h>). */

/*
 * Start resetting @pdev: save its config state, then FLR in timed steps
 * (pci_flr_*(), <mhv/pci/reset.h>); at the end its config state comes
 * back, with @attach_dma its owner's IOMMU table, and the waiters are
 * woken with 0 or -ETIMEDOUT (the function never answered: logged).
 * @pre READY, the function has FLR; the pcidevs lock and the owner's
 *      pci_lock for write held.  Returns at once.
 */
void pdev_reset_start(struct pci_dev *pdev, bool attach_dma, bool by_owner);

/*
 * @pdev changes owner while it resets (its owner died): the reset now also
 * ends by attaching the new owner's IOMMU table.  @pre as above, RESETTING.
 */
void pdev_reset_join_move(struct pci_dev *pdev);

/*
 * An operation met @pdev RESETTING: queue the running vCPU to issue its
 * hypercall again when the reset ends.  Returns -ERESTART (the caller
 * releases its locks and returns it), or -EBUSY when no vCPU runs here.
 * @pre RESETTING, read under the pcidevs lock or the owner's pci_lock.
 */
int pdev_reset_wait_turn(struct pci_dev *pdev);

/*
 * The running vCPU waits for the reset it just started on @pdev, @done
 * gets the result (hypercall_wait_result(), or an HVM exit's).  Returns
 * -ERESTART (see <mhv/hypercall.h>).  @pre as pdev_reset_wait_turn().
 */
int pdev_reset_wait_result(struct pci_dev *pdev, wait_done_fn done);

#endif /* MHV_PDEV_RESET_H */
