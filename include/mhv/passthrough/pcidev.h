/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The passthrough registry: one `struct pci_dev` per PCI function the
 * hypervisor knows, who owns it, and how PFs and their VFs are tied
 * together (drivers/passthrough/, docs/passthrough.md).
 *
 * What it offers:
 *  - the pcidevs lock and the assertions of the registry's lock rules;
 *  - pci_add_device() / pci_remove_device() (boot scan, PHYSDEVOP_*), in
 *    any order, with PF <-> VF links that never dangle;
 *  - pci_get_pdev(): lookup by SBDF in O(1) (a radix index, not a list);
 *  - ownership: assign_device() / deassign_device() / pci_release_devices();
 *  - a walk of the registry in SBDF order (sysctl) and consistency checks.
 *
 * ---------------------------------------------------------------- locks
 *
 *   pcidevs lock   global recursive spinlock (pcidevs_lock()).  Guards the
 *                  registry: the SBDF index, the list of all devices, every
 *                  pdev's flags and PF/VF links, and -- together with the
 *                  owner's pci_lock -- ownership.  pcidevs_locked() is true
 *                  only on the CPU that holds it.
 *   d->pci_lock    per-domain rwlock: d->pdev_list, d->nr_pdevs, and
 *                  pdev->domain / pdev->broken of the devices d owns.
 *
 *   Readers of d's device list (and of pdev->domain, pdev->broken of d's
 *   devices) hold d->pci_lock for read OR the pcidevs lock.  Writers hold
 *   the pcidevs lock and then d->pci_lock for write.  A device moving from
 *   d1 to d2 holds the pcidevs lock, then both pci_locks for write, lower
 *   domid first.  The order: docs/locking.md ("Lock order").
 *
 *   Checked by ASSERT(pcidevs_locked()) where the registry is read or
 *   changed and ASSERT_PDEV_LIST_IS_READ_LOCKED(d) where d's list is read;
 *   both use the exact "held by this CPU" predicates of the lock layer.
 *
 *   The VF -> PF link (pdev->vf.pf) is set once when the VF is added and
 *   never changes.  A PF's struct stays allocated while its vf_list is not
 *   empty, even after the PF itself was removed.  A VF is removed only under
 *   its owner's pci_lock for write.  Hence whoever may use a VF (pcidevs
 *   lock, or the VF's owner's pci_lock held) may follow vf.pf and read the
 *   PF's immutable SR-IOV data -- sbdf, pf.sriov_pos, pf.vf_rlen[],
 *   pf.vf_rlen_valid -- without the pcidevs lock.  This is what the MSI-X
 *   path needs (physdev_map_pirq holds only read_lock(&d->pci_lock)); it
 *   never looks the PF up in the registry.
 *
 * ---------------------------------------------------------------- removal
 *
 *  - A VF is unlinked from its PF and freed.
 *  - A PF with no registered VF is freed.
 *  - A PF whose VFs are still registered leaves its owner and all lookups
 *    at once, and it and its VFs are marked broken; its struct is freed
 *    with its last VF.  Until then its SBDF stays taken: adding a device
 *    there is -EBUSY.
 *  - Before a device leaves its owner (removal, deassignment,
 *    reassignment, release) the leave steps below take back what the
 *    owner had of it: interrupts, BAR mappings, DMA.
 */
#ifndef MHV_PCIDEV_H
#define MHV_PCIDEV_H

#include <mhv/types.h>
#include <mhv/compiler.h>
#include <mhv/list.h>
#include <mhv/bug.h>
#include <mhv/rwlock.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/access.h>
#include <mhv/passthrough/pdev_reset.h>
#include <mhv/ratelimit.h>
#include <mhv/waitqueue.h>

struct domain;
struct pci_msix;            /* the interrupt layer's MSI-X state */

/* The MSI-X table and PBA of a function: BAR index and offset of each. */
struct pci_msix_geom {
    bool valid;                 /* false: no MSI-X, or the capability lied */
    u8 table_bir, pba_bir;
    u32 table_offset, pba_offset;
    u16 nr_entries;
};
struct mhv_pci_info;        /* <public/sysctl.h> */

struct pci_dev {
    pci_sbdf_t sbdf;                    /* immutable */

    /*
     * Owner (NULL: none yet, see pci_add_device(); always NULL once a PF
     * is removed) and the entry in owner->pdev_list.  Written under the
     * pcidevs lock + owner->pci_lock for write; read under either.
     */
    struct domain *domain;
    struct list_head domain_list;
    /* Its ownership: a number no other ownership of any function has had
     * or will have (one registry-wide counter, taken in owner_link() under
     * the same locks), so a reset asked for under one ownership is never
     * carried out under a later one -- nor under another pci_dev at the
     * same address (pci_reset_device()'s @owner_gen). */
    u64 owner_gen;

    /* Registry bookkeeping (pcidevs lock). */
    struct list_head all_list;          /* on the list of all devices */

    /* Identity, read at add (immutable). */
    u16 vendor, device;                 /* a VF: PF vendor, VF Device ID */
    u32 class_rev;                      /* class << 8 | revision */
    u8 hdr_type;                        /* PCI_HEADER_TYPE_* (a VF: NORMAL) */
    u8 msi_pos, msix_pos;               /* capability offsets, 0: none */
    /*
     * Where the MSI-X table and PBA live, read from the capability once
     * when the function is added and checked against the BAR sizes then
     * (immutable).  Every user -- MSI-X set-up, the pages BAR mappings
     * hold back -- takes it from here, never from the live capability, so
     * a device cannot move its table under the hypervisor.
     */
    struct pci_msix_geom msix_geom;
    /*
     * Sizes of the memory BARs of a function that is not a VF (0: none,
     * I/O, or the upper half of a 64-bit BAR), sized once when it is added,
     * before any domain can use it, and never again: read_pci_mem_bar()
     * must not size a live BAR (that turns decoding off under a driver).
     */
    u64 mem_bar_size[PCI_NUM_BARS_NORMAL];
    /* Their type bits as read then (PCI_BASE_ADDRESS_MEM_TYPE_64,
     * _PREFETCH), for whoever presents them (drivers/vpci). */
    u8 mem_bar_flags[PCI_NUM_BARS_NORMAL];
    /* The resets its owner may ask for (pci_reset_device(), pcidevs
     * lock): a token bucket, PDEV_RESET_BURST at once, then one a second;
     * full again for each new owner. */
    struct ratelimit reset_budget;
    /* A reset running, and its lifetime state READY / RESETTING: rules in
     * <mhv/passthrough/pdev_reset.h> (pcidevs lock + owner's pci_lock for write to
     * change, either to read). */
    struct pdev_reset reset;

    bool is_pf;                         /* has an SR-IOV capability */
    bool is_vf;
    bool is_extfn;                      /* ARI extended function */
    /*
     * broken: the PF of this device (or the device itself, a PF) was
     * removed while VFs remained.  No new assignment except to the control
     * domain, no new MSI/MSI-X mapping (-EBUSY); existing mappings keep
     * working until torn down.  Set under the pcidevs lock + the owner's
     * pci_lock for write, never cleared.
     */
    bool broken;
    bool removed;                       /* a removed PF kept for its VFs */

    /* MSI/MSI-X state: owned by the interrupt layer (d->event_lock). */
    struct list_head msi_list;
    struct pci_msix *msix;

    /* PF only (is_pf).  vf_list is empty on every other device. */
    struct {
        /*
         * Per-VF size of each VF BAR (see <mhv/pci/sriov.h>), sized when
         * the PF is added with VF Enable and VF MSE clear; written before
         * any VF is linked and never again.  vf_rlen_valid false: the PF
         * came with VFs already enabled; its VFs get no MSI-X table.
         */
        u64 vf_rlen[PCI_SRIOV_NUM_BARS];
        bool vf_rlen_valid;
        unsigned int sriov_pos;         /* SR-IOV capability offset */
        struct list_head vf_list;       /* its VFs' vf.entry (pcidevs lock) */
        unsigned int nr_vfs;            /* length of vf_list */
    } pf;

    /* VF only (is_vf). */
    struct {
        struct pci_dev *pf;             /* set at add, never changes */
        struct list_head entry;         /* on pf->pf.vf_list */
        unsigned int index;             /* n in "VF n of pf" at add */
    } vf;
};

/* vf_rlen[] is tied to the SR-IOV BAR count; users may rely on it. */
_Static_assert(ARRAY_SIZE(((struct pci_dev *)0)->pf.vf_rlen) ==
               PCI_SRIOV_NUM_BARS, "pci_dev.pf.vf_rlen size");

/* What the caller of pci_add_device() knows (PHYSDEVOP_pci_device_add). */
struct pci_dev_info {
    bool is_extfn;
    bool is_virtfn;
    struct {
        u8 bus;
        u8 devfn;
    } physfn;                           /* is_virtfn: the PF (same segment) */
};

/* ---------------------------------------------------------------- locks */

void pcidevs_lock(void);
void pcidevs_unlock(void);
/* This CPU holds the pcidevs lock (exact). */
bool pcidevs_locked(void);

/* @d's device list may be read here: pcidevs lock or d->pci_lock held. */
#define ASSERT_PDEV_LIST_IS_READ_LOCKED(d)                                  \
    ASSERT(pcidevs_locked() || rw_is_locked_by_me(&(d)->pci_lock))

/*
 * @d's device list, for iteration: asserts the read rule above.
 *     struct pci_dev *pdev;
 *     for_each_pdev(d, pdev) { ... }
 */
struct list_head *pci_domain_pdev_list(struct domain *d);
#define for_each_pdev(d, pdev)                                              \
    list_for_each_entry(pdev, pci_domain_pdev_list(d), domain_list)

/*
 * The PF of VF @vf through the VF -> PF link, for reading its immutable
 * SR-IOV data (sbdf, pf.sriov_pos, pf.vf_rlen[], pf.vf_rlen_valid).
 * @pre @vf is a registered VF; this CPU holds the pcidevs lock or @vf's
 *      owner's pci_lock.  No registry lookup, so no pcidevs lock needed.
 */
const struct pci_dev *pci_vf_physfn(const struct pci_dev *vf);

/* ---------------------------------------------------------------- registry */

/*
 * Register the function at @seg:@bus:@devfn.  @info NULL: a function with
 * no PF/VF information (a PF when it has an SR-IOV capability).
 *
 * A new device is owned by control_domain; while there is none (early
 * boot), it is registered without an owner and pci_hwdom_claim_all() hands
 * it over later.
 *
 * Returns 0 (also when the device is already registered as described:
 * nothing changes), or
 *   -ENODEV  a VF whose PF is not registered (nothing allocated); a non-VF
 *            function that does not answer config reads;
 *   -EINVAL  a VF that is not a VF of that PF under the PF's current
 *            SR-IOV state (VF Enable, NumVFs, offset, stride), or whose
 *            "PF" is no SR-IOV PF;
 *   -EEXIST  registered, but @info contradicts it (VF vs. not, other PF);
 *   -EBUSY   the SBDF is held by a removed PF whose VFs remain;
 *   -ENOMEM.
 * A PF seen for the first time with VF Enable or VF MSE set is registered
 * with a warning: its VF BAR sizes are unknown, its VFs get no MSI-X table.
 * Logs one line.  Takes the pcidevs lock (this CPU may already hold it).
 */
int pci_add_device(u16 seg, u8 bus, u8 devfn, const struct pci_dev_info *info);

/*
 * Unregister a function (see the removal rules above).  Returns 0, or
 * -ENODEV when nothing is registered there (a removed PF included).
 * Logs one line.
 */
int pci_remove_device(u16 seg, u8 bus, u8 devfn);

/*
 * The registered device at @sbdf, or NULL.  Removed PFs are never found.
 *   @d NULL: any device;  @pre pcidevs lock held (ASSERT).
 *   @d:      only a device owned by @d;
 *            @pre ASSERT_PDEV_LIST_IS_READ_LOCKED(d).
 * Cost: a fixed number of steps, whatever the number of devices.
 */
struct pci_dev *pci_get_pdev(struct domain *d, pci_sbdf_t sbdf);

/*
 * The PF at @sbdf if it has registered VFs -- a removed PF kept for its
 * VFs included -- else NULL.  @pre pcidevs lock held.
 */
const struct pci_dev *pci_pf_with_vfs(pci_sbdf_t sbdf);

/*
 * The same lookup as pci_get_pdev(NULL, @sbdf) by walking the list of all
 * devices, as Xen does: the reference for the lookup benchmark only.
 * @pre pcidevs lock held.
 */
struct pci_dev *pci_registry_list_walk_lookup(pci_sbdf_t sbdf);

/*
 * Call @cb for every registered device (removed PFs excluded) in SBDF
 * order until it returns non-zero; returns that value, or 0.
 * @pre pcidevs lock held (and @cb does not add or remove devices).
 */
typedef int (*pci_registry_cb_t)(const struct pci_dev *pdev, void *ctx);
int pci_registry_walk(pci_registry_cb_t cb, void *ctx);

/* The sysctl's view of @pdev.  @pre pcidevs lock held. */
void pci_dev_get_info(const struct pci_dev *pdev, struct mhv_pci_info *info);

struct pci_registry_stats {
    unsigned int devices;           /* registered (removed PFs excluded) */
    unsigned int pfs, vfs;          /* of those */
    unsigned int broken;            /* of those */
    unsigned int removed_pfs;       /* kept for their VFs */
    unsigned int unowned;           /* registered without an owner */
    unsigned long index_nodes;      /* radix nodes allocated */
};
/* Counts (takes the pcidevs lock). */
void pci_registry_stats(struct pci_registry_stats *st);

/*
 * Check every invariant of the registry (index <-> list, owner lists and
 * counts, PF <-> VF links, flags).  Logs each problem; returns their
 * number (0: consistent).  Takes the pcidevs lock.
 */
unsigned int pci_registry_check(void);

#ifdef CONFIG_BENCH
/*
 * Benchmarks only (common/bench.c): register a plain function at @sbdf
 * with a fixed synthetic identity (class ff0000), owned like a
 * scanned one, WITHOUT reading config space -- for synthetic functions on
 * a segment nothing backs.  Logs nothing.  Returns 0, -EEXIST or -ENOMEM.
 * Takes the pcidevs lock.  Removal: pci_remove_device().
 */
int pci_bench_add_synthetic(pci_sbdf_t sbdf);
#endif

/* ---------------------------------------------------------------- leaving an owner */

/*
 * A device leaves its owner -- removal, deassignment, reassignment, the
 * release of a dying domain -- in one step that the registry runs with the
 * locks held (pci_dev_leave_owner(), private to drivers/passthrough/).  Each
 * unit that gave the owner something of the device registers at link time
 * what takes it back, run in stage order:
 *
 *   PDEV_LEAVE_GUEST  a guest's virtual view of the function: its virtual
 *                     PCI slot revoked (reads all-ones), its guest BAR
 *                     mappings and virtual MSI-X bindings gone (drivers/vpci);
 *   PDEV_LEAVE_IRQ    the interrupt layer: MSI/MSI-X masked and disabled at
 *                     the source, the pirqs unbound, vectors freed
 *                     (arch/x86/passthrough/pirq.c);
 *   PDEV_LEAVE_MMIO   BAR mappings out of the owner's page tables, TLBs
 *                     flushed (drivers/passthrough/bar_map.c);
 *   PDEV_LEAVE_DMA    (IOMMU) the function's DMA quarantined;
 *   PDEV_LEAVE_NOTIFY an ordinary owner gets a device event
 *                     (drivers/passthrough/dev_event.c, <mhv/passthrough/dev_event.h>).
 *
 * A step says when it runs (@when, PDEV_STEP_*): when the device leaves its
 * owner; also before a reset the owner asked for (what a reset would leave
 * stale with the same owner: interrupts, DMA in flight); also when the
 * device is marked broken because its PF was removed -- it stays with its
 * owner then, and a step that cannot let the owner keep using a broken
 * device (a guest's virtual slot) takes it back at that moment.
 *
 * Contract of a step @fn(pdev, owner):
 * @pre the pcidevs lock is held; @owner == pdev->domain, non-NULL, and
 *      owner->pci_lock is held for write, so nothing of @owner can map
 *      anything of @pdev meanwhile (ASSERT_PDEV_LEAVING()).  A step may
 *      take the locks that come after owner->pci_lock in docs/locking.md.
 * @post nothing of @pdev is left with @owner in this unit.  It cannot fail.
 */
enum pdev_leave_stage {
    PDEV_LEAVE_GUEST,
    PDEV_LEAVE_IRQ,
    PDEV_LEAVE_MMIO,
    PDEV_LEAVE_DMA,
    PDEV_LEAVE_NOTIFY,          /* the owner told (drivers/passthrough/dev_event.c) */
    PDEV_LEAVE_NR_STAGES
};

#define PDEV_STEP_LEAVE     (1u << 0)   /* the device leaves its owner */
#define PDEV_STEP_RESET     (1u << 1)   /* before pci_reset_device() */
#define PDEV_STEP_BROKEN    (1u << 2)   /* marked broken (its PF removed) */

struct pdev_leave_step {
    enum pdev_leave_stage stage;
    unsigned int when;      /* PDEV_STEP_* */
    const char *name;
    void (*fn)(struct pci_dev *pdev, struct domain *owner);
};

#define PDEV_STEP(_stage, _fn, _when)                                       \
    static const struct pdev_leave_step __used __section("pdev_leave")      \
    __aligned(8) __pdev_leave_##_fn = { .stage = _stage, .name = #_fn,      \
                                        .when = _when, .fn = _fn }
#define PDEV_LEAVE_STEP(_stage, _fn)        PDEV_STEP(_stage, _fn, PDEV_STEP_LEAVE)
/* A step that also runs before pci_reset_device(). */
#define PDEV_LEAVE_STEP_RESET(_stage, _fn)                                  \
    PDEV_STEP(_stage, _fn, PDEV_STEP_LEAVE | PDEV_STEP_RESET)

/*
 * Reset @sbdf, which @d owns, at @d's request (its write of FLR in PCIe
 * Device Control), without waiting for it: the leave steps marked for
 * resets run first (its interrupts go; the owner maps them again), then
 * the reset starts (<mhv/passthrough/pdev_reset.h>: config state saved, FLR, config
 * state restored; BAR mappings stay) and the running vCPU -- @d's, which
 * asked -- waits for it; @done gets the result, 0 or -ETIMEDOUT
 * (hypercall_wait_result() for a PV hypercall; an HVM exit passes its own).
 * @owner_gen, unless PCI_OWNER_GEN_ANY, is the function's owner_gen when
 * the request was made (a guest's FLR is asked for under the locks and
 * carried out after they were dropped): a function that has changed hands
 * since -- taken away and given back -- is not reset for it.
 * Returns -ERESTART (started; the caller releases its locks and lets the
 * vCPU wait, see <mhv/hypercall.h>) or, with nothing started: -EPERM (not
 * @d's, or not the ownership @owner_gen names), -EOPNOTSUPP (no FLR), -EBUSY (a PF with VFs registered or enabled:
 * a PF reset would wipe its SR-IOV state under the VFs' owners; a reset of
 * it running, or more than PDEV_RESET_BURST asked for at once and then
 * more than one a second).  Logs one line.
 * @pre a vCPU of @d runs here; no lock held.
 */
#define PCI_OWNER_GEN_ANY   0ull    /* owner generations start at 1 */
int pci_reset_device(struct domain *d, pci_sbdf_t sbdf, u64 owner_gen,
                     wait_done_fn done);

/*
 * An owner's resets of a function: PDEV_RESET_BURST at once, then one a
 * second (a token bucket, <mhv/ratelimit.h>).  A count, not a minimum
 * time between two: a sequence of up to PDEV_RESET_BURST requests gets
 * every one carried out however fast the machine runs it, and no owner
 * gets more than one a second for long.  pdev_reset_budget_init() fills
 * @pdev's bucket (a new function, a new owner).  @pre pcidevs lock held
 * (or @pdev not yet registered).
 */
#define PDEV_RESET_BURST    8
void pdev_reset_budget_init(struct pci_dev *pdev);

/* @pdev is being reset (<mhv/passthrough/pdev_reset.h>).  @pre the pcidevs lock or
 * the owner's pci_lock held. */
static inline bool pdev_resetting(const struct pci_dev *pdev)
{
    return READ_ONCE(pdev->reset.state) == PDEV_RESETTING;
}

/* What every leave step may assume (see above). */
#define ASSERT_PDEV_LEAVING(pdev, owner)                                    \
    do {                                                                    \
        ASSERT(pcidevs_locked());                                           \
        ASSERT((owner) && (pdev)->domain == (owner));                       \
        ASSERT(rw_is_write_locked_by_me(&(owner)->pci_lock));               \
    } while (0)

#endif /* MHV_PCIDEV_H */
