/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl's interrupt commands: msix, msi, fire, unmap.
 *
 * mhvctl remembers which pirq it mapped for which (SBDF, MSI-X entry) in a
 * small table, so that `fire SBDF ENTRY` can wait for the right bit of the
 * shared info page.  Entries go with `unmap`, and with the device when it
 * is removed, assigned away or deassigned (the hypervisor tears those
 * mappings down itself).
 */
#include "mhvctl.h"
#include <igb/igb_irq.h>
#include <igb/igb_regs.h>

#define PIRQ_TABLE_SIZE     64
#define ENTRY_MSI           (-1)
#define FIRE_TIMEOUT_NS     (2000ull * 1000 * 1000)
#define MSIX_MAX_ENTRIES    2048

static struct pirq_map {
    bool used;
    uint32_t sbdf;
    int entry;                  /* MSI-X table entry, or ENTRY_MSI */
    int pirq;
} pirq_table[PIRQ_TABLE_SIZE];

static struct pirq_map *pirq_find(uint32_t sbdf, int entry)
{
    for (struct pirq_map *m = pirq_table; m < pirq_table + PIRQ_TABLE_SIZE; m++)
        if (m->used && m->sbdf == sbdf && m->entry == entry)
            return m;
    return NULL;
}

static unsigned int pirq_free_slots(void)
{
    unsigned int n = 0;

    for (struct pirq_map *m = pirq_table; m < pirq_table + PIRQ_TABLE_SIZE; m++)
        n += !m->used;
    return n;
}

/* @pre a slot is free or (sbdf, entry) is already in the table. */
static void pirq_record(uint32_t sbdf, int entry, int pirq)
{
    struct pirq_map *m = pirq_find(sbdf, entry);

    for (struct pirq_map *f = pirq_table; !m && f < pirq_table + PIRQ_TABLE_SIZE; f++)
        if (!f->used)
            m = f;
    if (!m)
        return;
    m->used = true;
    m->sbdf = sbdf;
    m->entry = entry;
    m->pirq = pirq;
}

void irq_forget_device(uint32_t sbdf)
{
    for (struct pirq_map *m = pirq_table; m < pirq_table + PIRQ_TABLE_SIZE; m++)
        if (m->used && m->sbdf == sbdf)
            m->used = false;
    mhv_bar_forget(sbdf);
}

int cmd_msix(int argc, char **argv)
{
    uint32_t sbdf;
    uint64_t nvec;
    int rc;

    if ((rc = arg_sbdf("SBDF", argv[1], &sbdf)) ||
        (rc = arg_uint("vector count", argv[2], MSIX_MAX_ENTRIES, &nvec)))
        return rc;
    if (!nvec) {
        printf("bad vector count '%s' (at least 1)\n", argv[2]);
        return -MHV_EINVAL;
    }
    if (pirq_free_slots() < nvec) {
        printf("mhvctl remembers at most %d pirqs; unmap some first\n",
               PIRQ_TABLE_SIZE);
        return -MHV_ENOSPC;
    }
    rc = mhv_pci_enable_mem_master(sbdf);
    if (rc)
        return rc;
    for (unsigned int i = 0; i < nvec; i++) {
        int pirq;

        rc = mhv_map_pirq_msix(DOMID_SELF, sbdf, i, &pirq);
        if (rc) {
            printf("entry %u not mapped\n", i);
            return rc;
        }
        pirq_record(sbdf, (int)i, pirq);
        printf("pirq %d entry %u\n", pirq, i);
    }
    return 0;
}

int cmd_msi(int argc, char **argv)
{
    uint32_t sbdf;
    int pirq, rc;

    if ((rc = arg_sbdf("SBDF", argv[1], &sbdf)))
        return rc;
    if (!pirq_find(sbdf, ENTRY_MSI) && !pirq_free_slots()) {
        printf("mhvctl remembers at most %d pirqs; unmap some first\n",
               PIRQ_TABLE_SIZE);
        return -MHV_ENOSPC;
    }
    if ((rc = mhv_pci_enable_mem_master(sbdf)) ||
        (rc = mhv_map_pirq_msi(DOMID_SELF, sbdf, &pirq)))
        return rc;
    pirq_record(sbdf, ENTRY_MSI, pirq);
    printf("pirq %d msi\n", pirq);
    return 0;
}

int cmd_unmap(int argc, char **argv)
{
    uint64_t pirq;
    int rc;

    if ((rc = arg_uint("pirq", argv[1], 0x7fffffff, &pirq)))
        return rc;
    rc = mhv_unmap_pirq(DOMID_SELF, (int)pirq);
    if (rc)
        return rc;
    for (struct pirq_map *m = pirq_table; m < pirq_table + PIRQ_TABLE_SIZE; m++)
        if (m->used && m->pirq == (int)pirq)
            m->used = false;
    return 0;
}

/* What `fire` needs to know about an igb function. */
struct igb_fn {
    uint32_t sbdf, pf;
    bool vf;
    unsigned int nr_entries;
};

static int igb_identify(uint32_t sbdf, struct igb_fn *fn)
{
    struct mhv_pci_info info;
    int rc = mhv_pci_lookup(sbdf, &info);

    if (rc)
        return rc;
    fn->sbdf = sbdf;
    if ((info.flags & MHV_PCI_FLAG_VF) && igb_is_vf(info.vendor, info.device)) {
        fn->vf = true;
        fn->pf = info.pf_sbdf;
        fn->nr_entries = IGB_VF_MSIX_ENTRIES;
        return 0;
    }
    if (igb_is_pf(info.vendor, info.device)) {
        fn->vf = false;
        fn->pf = sbdf;
        fn->nr_entries = IGB_PF_MSIX_ENTRIES;
        return 0;
    }
    return -MHV_EOPNOTSUPP;
}

static int igb_pf_msix_mode_on(uint32_t pf)
{
    volatile void *bar0;
    int rc = mhv_bar_get(pf, 0, &bar0, NULL);

    if (rc)
        return rc;
    igb_pf_msix_mode(bar0);
    /* And the transmit engine, so a VF's own queue can run (it is the PF
     * driver's job; nothing is sent until a queue is set up). */
    if (!(igb_rd(bar0, IGB_TCTL) & IGB_TCTL_EN))
        igb_wr(bar0, IGB_TCTL, igb_rd(bar0, IGB_TCTL) | IGB_TCTL_EN);
    return 0;
}

int igb_prepare(uint32_t sbdf)
{
    struct igb_fn fn;
    int rc = igb_identify(sbdf, &fn);

    if (rc == -MHV_EOPNOTSUPP || rc == -MHV_ENODEV)
        return 0;               /* not an igb function: nothing to do */
    if (rc)
        return rc;
    return igb_pf_msix_mode_on(fn.pf);
}

int cmd_fire(int argc, char **argv)
{
    struct igb_fn fn;
    struct pirq_map *m;
    volatile void *bar0;
    uint64_t entry;
    int rc;

    if ((rc = arg_sbdf("SBDF", argv[1], &fn.sbdf)) ||
        (rc = arg_uint("entry", argv[2], MSIX_MAX_ENTRIES - 1, &entry)))
        return rc;
    rc = igb_identify(fn.sbdf, &fn);
    if (rc == -MHV_EOPNOTSUPP)
        printf("fire: %pp is not an igb PF (8086:10c9) or VF (8086:10ca)\n",
               SBDF_ARG(fn.sbdf));
    else if (rc == -MHV_ENODEV)
        printf("fire: %pp is not registered\n", SBDF_ARG(fn.sbdf));
    if (rc)
        return rc;
    if (entry >= fn.nr_entries) {
        printf("fire: an igb %s has MSI-X entries 0..%u\n", fn.vf ? "VF" : "PF",
               fn.nr_entries - 1);
        return -MHV_EINVAL;
    }
    m = pirq_find(fn.sbdf, (int)entry);
    if (!m) {
        printf("fire: no pirq mapped for %pp entry %u ('msix %pp N' first)\n",
               SBDF_ARG(fn.sbdf), (unsigned int)entry, SBDF_ARG(fn.sbdf));
        return -MHV_ENOENT;
    }
    /*
     * GPIE is set once and stays; a removed PF (its VFs stay registered,
     * broken) is no longer ours to map, but its VFs' existing mappings
     * must still fire: go on without it.
     */
    rc = igb_pf_msix_mode_on(fn.pf);
    if (rc && fn.vf && (rc == -MHV_EPERM || rc == -MHV_ENODEV))
        printf("fire: PF %pp BAR0 not mapped (%s): GPIE left as it is\n",
               SBDF_ARG(fn.pf), errno_to_name(rc) ? errno_to_name(rc) : "EUNKNOWN");
    else if (rc)
        return rc;
    if ((rc = mhv_bar_get(fn.sbdf, 0, &bar0, NULL)))
        return rc;

    mhv_pirq_clear((unsigned int)m->pirq);     /* a stale bit proves nothing */
    igb_trigger(bar0, fn.vf, (unsigned int)entry);
    rc = mhv_wait_pirq((unsigned int)m->pirq, FIRE_TIMEOUT_NS);
    if (rc == -MHV_ETIMEDOUT) {
        printf("fire: pirq %d not delivered within %llu ms\n", m->pirq,
               FIRE_TIMEOUT_NS / 1000000);
        return rc;
    }
    if (rc)
        return rc;
    if (fn.vf && !mhvctl_first_vf_irq_tsc)
        mhvctl_first_vf_irq_tsc = mhvctl_rdtsc();
    printf("pirq %d delivered to d%u\n", m->pirq, mhv_start_info->domid);
    return 0;
}
