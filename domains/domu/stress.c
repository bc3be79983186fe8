/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ordinary domain's stress mode (command line `stress=N stable=SBDF`,
 * see domu.h): interrupt mapping against a control domain that assigns,
 * takes back, removes and re-adds devices at the same time, on another CPU.
 *
 * The stable device is the one the control domain promises to leave with
 * us until it removes the PF: only its BAR0 is touched by MMIO (a BAR
 * mapping of a device taken away is gone: an access to it would read
 * all-ones and count nothing here).  Every other device we own is only
 * mapped and unmapped, and may be taken away between any two calls.
 *
 *  1. Wait (at most STABLE_WAIT_NS) until we own the stable device; map
 *     its BAR0 and its MSI-X entry PERSIST_ENTRY, kept for the whole run.
 *  2. Each round: list our devices; stop if the stable one is broken (the
 *     control domain removed the PF: the stop signal).  For each igb VF
 *     we own: map MSI-X entry (round % 2); on the stable VF fire it and
 *     wait for its event (at most FIRE_TIMEOUT_NS); unmap it.
 *  3. After N rounds without the stop signal, wait for it (polling, at
 *     most STOP_WAIT_NS).
 *  4. On the stop signal: a new mapping on the broken stable VF must be
 *     refused (EBUSY), and the PERSIST_ENTRY mapping made before must
 *     still deliver; then it is unmapped.
 *
 * Errors that are legitimate when the control domain takes a device away
 * concurrently (EPERM: no longer ours; ENODEV; EBUSY: broken; EINVAL from
 * unmap: the pirq was torn down with the device) are counted per name, on
 * other devices than the stable one.  Anything else is a failure, printed
 * on its own line.  The summary line:
 *   stress: R rounds, M maps, F fires delivered, U unmaps, refused EPERM a
 *   ENODEV b EBUSY c EINVAL d, X failures
 */
#include "domu.h"
#include <igb/igb_irq.h>

#define FIRE_TIMEOUT_NS     (60000ull * 1000 * 1000)  /* a hang detector: TCG on a loaded host can take 10 s */
#define STABLE_WAIT_NS      (60000ull * 1000 * 1000)
#define STOP_WAIT_NS        (120000ull * 1000 * 1000)
#define POLL_NS             (20ull * 1000 * 1000)
#define PERSIST_ENTRY       2u
#define MAX_OWNED           16

/* The errors a concurrent control domain may legitimately cause. */
enum refusal { REF_EPERM, REF_ENODEV, REF_EBUSY, REF_EINVAL, NR_REFUSALS };

static const int refusal_errno[NR_REFUSALS] = {
    [REF_EPERM] = MHV_EPERM, [REF_ENODEV] = MHV_ENODEV,
    [REF_EBUSY] = MHV_EBUSY, [REF_EINVAL] = MHV_EINVAL,
};

static struct {
    unsigned int rounds, maps, fires, unmaps, failures;
    unsigned int refused[NR_REFUSALS];
} st;

static struct mhv_pci_info owned[MAX_OWNED];
static unsigned int nr_owned;

static const char *ename(int rc)
{
    return errno_to_name(rc) ? errno_to_name(rc) : "EUNKNOWN";
}

static void failure(const char *what, uint32_t sbdf, int rc)
{
    st.failures++;
    printf("stress: round %u: %s %pp: %s (%d)\n", st.rounds, what,
           SBDF_ARG(sbdf), ename(rc), rc);
}

/* Count @rc as a refusal if a concurrent control domain explains it
 * (EINVAL only from an unmap); else it is a failure. */
static void refused(const char *what, uint32_t sbdf, int rc, bool unmap)
{
    for (unsigned int i = 0; i < NR_REFUSALS; i++) {
        if (rc != -refusal_errno[i])
            continue;
        if (i == REF_EINVAL && !unmap)
            break;
        st.refused[i]++;
        return;
    }
    failure(what, sbdf, rc);
}

/* Our device list into owned[]; the stable device's entry, or NULL. */
static int list_owned(uint32_t stable, const struct mhv_pci_info **stable_info)
{
    uint32_t count = 0, total = 0;
    int rc = mhv_pci_list(0, owned, MAX_OWNED, &count, &total);

    *stable_info = NULL;
    nr_owned = 0;
    if (rc)
        return rc;
    for (uint32_t i = 0; i < count; i++) {
        if (owned[i].owner != mhv_start_info->domid)
            continue;
        owned[nr_owned] = owned[i];
        if (owned[nr_owned].sbdf == stable)
            *stable_info = &owned[nr_owned];
        nr_owned++;
    }
    return 0;
}

static bool is_igb_vf(const struct mhv_pci_info *p)
{
    return (p->flags & MHV_PCI_FLAG_VF) && igb_is_vf(p->vendor, p->device);
}

/* Raise @entry of the stable VF and wait for @pirq: 0 or the error. */
static int fire(volatile void *bar0, unsigned int entry, int pirq)
{
    mhv_pirq_clear((unsigned int)pirq);
    igb_trigger(bar0, true, entry);
    return mhv_wait_pirq((unsigned int)pirq, FIRE_TIMEOUT_NS);
}

/* One device, one round: map, (fire), unmap. */
static void exercise(const struct mhv_pci_info *p, bool is_stable,
                     volatile void *bar0)
{
    unsigned int entry = st.rounds % 2;
    const struct mhv_pci_info *s;
    int pirq, rc;

    rc = mhv_map_pirq_msix(DOMID_SELF, p->sbdf, entry, &pirq);
    if (rc) {
        /* The stop signal may land between our list and this map: EBUSY
         * on a stable device that is broken now is that, not a failure
         * (the next round sees the flag and stops). */
        if (is_stable && rc == -MHV_EBUSY && !list_owned(p->sbdf, &s) && s &&
            (s->flags & MHV_PCI_FLAG_BROKEN))
            return;
        if (is_stable)
            failure("map_pirq on the stable device", p->sbdf, rc);
        else
            refused("map_pirq", p->sbdf, rc, false);
        return;
    }
    st.maps++;
    if (is_stable) {
        rc = fire(bar0, entry, pirq);
        /* The stop signal (the PF's removal) may land while we wait: its
         * VFs are gone then and the event with them -- not a failure (the
         * next round sees the flag and stops). */
        if (rc == -MHV_ETIMEDOUT && !list_owned(p->sbdf, &s) && s &&
            (s->flags & MHV_PCI_FLAG_BROKEN))
            rc = 0;
        else if (rc)
            failure("event from the stable device", p->sbdf, rc);
        else
            st.fires++;
    }
    rc = mhv_unmap_pirq(DOMID_SELF, pirq);
    if (!rc)
        st.unmaps++;
    else if (is_stable)
        failure("unmap_pirq on the stable device", p->sbdf, rc);
    else
        refused("unmap_pirq", p->sbdf, rc, true);
}

/* Poll our list until @cond holds for the stable device or @ns pass. */
static bool wait_stable(uint32_t stable, bool want_broken, uint64_t ns)
{
    const struct mhv_pci_info *s;

    for (;;) {
        if (!list_owned(stable, &s) && s &&
            (!want_broken || (s->flags & MHV_PCI_FLAG_BROKEN)))
            return true;
        if (!ns)
            return false;
        mhv_sleep_ns(ns < POLL_NS ? ns : POLL_NS);
        ns -= ns < POLL_NS ? ns : POLL_NS;
    }
}

/* Step 4: the registry rules for a broken device, seen from its owner. */
static void after_stop(uint32_t stable, volatile void *bar0, int persist)
{
    int pirq, rc;

    rc = mhv_map_pirq_msix(DOMID_SELF, stable, 0, &pirq);
    if (rc == -MHV_EBUSY) {
        printf("stress: new mapping on broken %pp refused: EBUSY\n",
               SBDF_ARG(stable));
    } else {
        failure("new mapping on the broken stable device (want EBUSY)",
                stable, rc ? rc : -MHV_EEXIST);
        if (!rc)
            mhv_unmap_pirq(DOMID_SELF, pirq);
    }
    rc = fire(bar0, PERSIST_ENTRY, persist);
    if (rc)
        failure("event on the mapping kept over the PF's removal", stable, rc);
    else
        printf("stress: pirq %d mapped before the PF's removal delivered to "
               "d%u\n", persist, mhv_start_info->domid);
    rc = mhv_unmap_pirq(DOMID_SELF, persist);
    if (rc)
        failure("unmap of the kept mapping", stable, rc);
}

int stress_run(unsigned int rounds, uint32_t stable)
{
    const struct mhv_pci_info *s;
    volatile void *bar0;
    bool stopped = false;
    int persist, rc;

    printf("stress: %u rounds; waiting for %pp\n", rounds, SBDF_ARG(stable));
    if (!wait_stable(stable, false, STABLE_WAIT_NS)) {
        printf("stress: %pp never assigned to d%u\n", SBDF_ARG(stable),
               mhv_start_info->domid);
        return 1;
    }
    if ((rc = mhv_pci_enable_mem_master(stable)) ||
        (rc = mhv_bar_get(stable, 0, &bar0, NULL)) ||
        (rc = mhv_map_pirq_msix(DOMID_SELF, stable, PERSIST_ENTRY, &persist))) {
        printf("stress: cannot set up %pp: %s (%d)\n", SBDF_ARG(stable),
               ename(rc), rc);
        return 1;
    }
    printf("stress: %pp ready, pirq %d kept on entry %u\n", SBDF_ARG(stable),
           persist, PERSIST_ENTRY);

    while (st.rounds < rounds && !stopped) {
        rc = list_owned(stable, &s);
        if (rc) {
            failure("pci_list", stable, rc);
            break;
        }
        if (!s) {
            failure("the stable device was taken away", stable, -MHV_EPERM);
            break;
        }
        if (s->flags & MHV_PCI_FLAG_BROKEN) {
            stopped = true;
            break;
        }
        for (unsigned int i = 0; i < nr_owned; i++)
            if (is_igb_vf(&owned[i]))
                exercise(&owned[i], owned[i].sbdf == stable, bar0);
        st.rounds++;
    }
    if (!stopped && !st.failures) {
        printf("stress: %u rounds done; waiting for the PF's removal\n",
               st.rounds);
        stopped = wait_stable(stable, true, STOP_WAIT_NS);
        if (!stopped)
            failure("no stop signal (PF removal) seen", stable, -MHV_ETIMEDOUT);
    }
    if (stopped) {
        printf("stress: %pp broken after %u rounds: stopping\n",
               SBDF_ARG(stable), st.rounds);
        after_stop(stable, bar0, persist);
    }
    printf("stress: %u rounds, %u maps, %u fires delivered, %u unmaps, "
           "refused EPERM %u ENODEV %u EBUSY %u EINVAL %u, %u failures\n",
           st.rounds, st.maps, st.fires, st.unmaps, st.refused[REF_EPERM],
           st.refused[REF_ENODEV], st.refused[REF_EBUSY],
           st.refused[REF_EINVAL], st.failures);
    return st.failures ? 1 : 0;
}
