/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark control domain (`make bench`, docs/performance.md).
 *
 * It runs alone (no other domain, so no time slices), reports its figures
 * as "@bench" lines (bench.h) and shuts down with 0, or 1 after an error.
 * Order: boot figures, the empty-reading overhead, the fixed operations
 * with the machine's own devices and 8 VFs registered, then each scaling
 * size (synthetic functions added by the bench hypercall).
 */
#include "bench.h"
#include <igb/igb_irq.h>

static uint64_t sa[MHV_BENCH_MAX_SAMPLES], sb[MHV_BENCH_MAX_SAMPLES];
static unsigned int devices;            /* registered now */
static int failed;

#define CHECK(expr, what)                                                   \
    do {                                                                    \
        long rc_ = (expr);                                                  \
        if (rc_ < 0) {                                                      \
            bench_error("%s: %ld", what, rc_);                              \
            failed = 1;                                                     \
            return (int)rc_;                                                \
        }                                                                   \
    } while (0)

static long bench_op(unsigned int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_mhv_bench, cmd, (unsigned long)arg);
}

static unsigned int count_devices(void)
{
    uint32_t count, total = 0;
    struct mhv_pci_info one;

    mhv_pci_list(0, &one, 1, &count, &total);
    return total;
}

/* @n samples of an empty pair of readings; their minimum is the overhead. */
static void measure_overhead(unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        uint64_t t0 = bench_rdtsc();
        uint64_t t1 = bench_rdtsc();

        sa[i] = t1 - t0;
    }
    bench_overhead = bench_min(sa, n);
    bench_report("tsc_read_pair", devices, sa, n);
}

static void report(const char *op, uint64_t *s, unsigned int n)
{
    bench_subtract(s, n, bench_overhead);
    bench_report(op, devices, s, n);
}

static int op_null(unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        uint64_t t0 = bench_rdtsc();
        long rc = hypercall2(__HYPERVISOR_mhv_bench, MHV_BENCH_null, 0);
        uint64_t t1 = bench_rdtsc();

        CHECK(rc, "null hypercall");
        sa[i] = t1 - t0;
    }
    report("null_hypercall", sa, n);

    /* An unregistered number: dispatch only, -ENOSYS. */
    for (unsigned int i = 0; i < n; i++) {
        uint64_t t0 = bench_rdtsc();
        long rc = hypercall0(MHV_NR_HYPERCALLS - 1);
        uint64_t t1 = bench_rdtsc();

        if (rc != -MHV_ENOSYS)
            CHECK(-MHV_EIO, "unknown hypercall did not return -ENOSYS");
        sa[i] = t1 - t0;
    }
    report("enosys_hypercall", sa, n);
    return 0;
}

static int op_conf_read(uint32_t sbdf, unsigned int n)
{
    uint32_t v;

    for (unsigned int i = 0; i < n; i++) {
        uint64_t t0 = bench_rdtsc();
        int rc = mhv_pci_conf_read(sbdf, PCI_CLASS_REVISION, 4, &v);
        uint64_t t1 = bench_rdtsc();

        CHECK(rc, "config read");
        sa[i] = t1 - t0;
    }
    report("pci_conf_read", sa, n);
    return 0;
}

/* add (sa) and add + remove (sb) of VF @vf, registered before and after. */
static int op_add_remove(uint32_t vf, uint32_t pf, unsigned int n)
{
    CHECK(mhv_pci_device_remove(vf), "VF remove before the add loop");
    for (unsigned int i = 0; i < n; i++) {
        uint64_t t0 = bench_rdtsc();
        int rc1 = mhv_pci_device_add(vf, XEN_PCI_DEV_VIRTFN, pf);
        uint64_t t1 = bench_rdtsc();
        int rc2 = mhv_pci_device_remove(vf);
        uint64_t t2 = bench_rdtsc();

        CHECK(rc1, "VF add");
        CHECK(rc2, "VF remove");
        sa[i] = t1 - t0;
        sb[i] = t2 - t0;
    }
    CHECK(mhv_pci_device_add(vf, XEN_PCI_DEV_VIRTFN, pf), "VF add after the loop");
    report("pci_device_add_vf", sa, n);
    /* Two pairs of readings inside: t1 sits between them. */
    bench_subtract(sb, n, bench_overhead);
    report("pci_device_add_remove_vf", sb, n);
    return 0;
}

/* map_pirq (sa) and map + unmap (sb) of MSI-X entry 0 of VF @vf. */
static int op_map_unmap(uint32_t vf, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        int pirq = -1, rc1, rc2;
        uint64_t t0 = bench_rdtsc();
        uint64_t t1, t2;

        rc1 = mhv_map_pirq_msix(DOMID_SELF, vf, 0, &pirq);
        t1 = bench_rdtsc();
        rc2 = rc1 ? 0 : mhv_unmap_pirq(DOMID_SELF, pirq);
        t2 = bench_rdtsc();
        CHECK(rc1, "map_pirq");
        CHECK(rc2, "unmap_pirq");
        sa[i] = t1 - t0;
        sb[i] = t2 - t0;
    }
    report("map_pirq_vf_msix", sa, n);
    bench_subtract(sb, n, bench_overhead);
    report("map_unmap_pirq_vf_msix", sb, n);
    return 0;
}

/*
 * assign (sa) and assign + deassign (sb) of VF @vf to d1 (`domu idle`,
 * blocked for good).  With an IOMMU each move is the quarantine, the FLR
 * (its wait excluded: pci_flr_wait_ms=0) and the new context entry.
 */
static int op_assign(uint32_t vf, unsigned int n)
{
    /* Without an IOMMU the hypervisor refuses (tests/bench/run knows). */
    if (mhv_assign_device(1, vf) == -MHV_EOPNOTSUPP)
        return 0;
    CHECK(mhv_deassign_device(1, vf), "deassign after the first assign");
    for (unsigned int i = 0; i < n; i++) {
        uint64_t t0 = bench_rdtsc();
        int rc1 = mhv_assign_device(1, vf);
        uint64_t t1 = bench_rdtsc();
        int rc2 = mhv_deassign_device(1, vf);
        uint64_t t2 = bench_rdtsc();

        CHECK(rc1, "assign to d1 (is `domu idle` running?)");
        CHECK(rc2, "deassign");
        sa[i] = t1 - t0;
        sb[i] = t2 - t0;
    }
    report("assign_vf", sa, n);
    bench_subtract(sb, n, bench_overhead);
    report("assign_deassign_vf", sb, n);
    return 0;
}

/*
 * From the write to the VF's EICS to the return from SCHEDOP_block with
 * the event: device MSI-X -> hypervisor vector -> pirq pending -> block
 * returns (the event is usually there before the block starts; the block
 * hypercall then returns at once, which is part of the figure).
 */
static int op_irq_delivery(const struct bench_hw *hw, unsigned int n)
{
    const unsigned int entry = 1;
    volatile void *pf_bar0, *bar0;
    int pirq = -1;

    CHECK(mhv_map_pirq_msix(DOMID_SELF, hw->vf[0], entry, &pirq),
          "map_pirq for delivery");
    CHECK(mhv_bar_get(hw->pf, 0, &pf_bar0, NULL), "PF BAR0 mapping");
    CHECK(mhv_bar_get(hw->vf[0], 0, &bar0, NULL), "VF BAR0 mapping");
    igb_pf_msix_mode(pf_bar0);
    igb_trigger(bar0, true, entry);     /* proves delivery, sets EIAC/EIMS */
    CHECK(mhv_wait_pirq((unsigned int)pirq, 1000ull * 1000 * 1000),
          "first interrupt");

    for (unsigned int i = 0; i < n; i++) {
        uint64_t t0, t1;

        igb_wr(bar0, IGB_EICR_REG, 1u << entry);
        t0 = bench_rdtsc();
        igb_wr(bar0, IGB_EICS_REG, 1u << entry);
        do {
            mhv_sched_block();
        } while (!mhv_pirq_test_and_clear((unsigned int)pirq));
        t1 = bench_rdtsc();
        sa[i] = t1 - t0;
    }
    report("irq_delivery_vf_msix", sa, n);
    CHECK(mhv_unmap_pirq(DOMID_SELF, pirq), "unmap_pirq after delivery");
    return 0;
}

/* In-hypervisor lookup timing (the bench hypercall). */
static int op_lookup(const char *name, uint32_t sbdf, uint32_t method,
                     unsigned int n)
{
    struct mhv_bench_lookup l = {
        .sbdf = sbdf, .method = MHV_BENCH_LOOKUP_EMPTY, .iterations = n,
        .samples = (uintptr_t)sb,
    };
    uint64_t hv_overhead;

    CHECK(bench_op(MHV_BENCH_lookup, &l), "lookup timing overhead");
    hv_overhead = bench_min(sb, n);
    l.method = method;
    l.samples = (uintptr_t)sa;
    CHECK(bench_op(MHV_BENCH_lookup, &l), name);
    if (l.found != n)
        CHECK(-MHV_ENOENT, "lookup did not find its device");
    bench_subtract(sa, n, hv_overhead);
    bench_report(name, devices, sa, n);
    return 0;
}

static int scaling(const struct bench_config *c, const struct bench_hw *hw)
{
    const uint32_t add_vf = hw->vf[hw->nr_vfs - 1], map_vf = hw->vf[0];

    for (unsigned int i = 0; i < c->nr_sizes; i++) {
        struct mhv_bench_populate p = { .target = c->sizes[i] };
        long rc = bench_op(MHV_BENCH_populate, &p);
        uint32_t target;

        if (rc == -MHV_ENOSYS) {
            printf("@bench skip op=scaling reason=no_registry_hook\n");
            return 0;
        }
        CHECK(rc, "populate");
        devices = p.total;
        if (p.last != ~0u) {
            uint32_t v = 0;

            /* Nothing backs the bench segment: all-ones, never hardware. */
            CHECK(mhv_pci_conf_read(p.last, PCI_VENDOR_ID, 4, &v),
                  "config read of a synthetic function");
            if (v != ~0u)
                CHECK(-MHV_EIO, "a synthetic function's config space answers");
        }
        /* The lookups look for the newest device: the list's last entry. */
        target = p.last != ~0u ? p.last : add_vf;
        if (op_lookup("registry_lookup_index", target,
                      MHV_BENCH_LOOKUP_INDEX, c->iterations) ||
            op_lookup("registry_lookup_list_walk", target,
                      MHV_BENCH_LOOKUP_LIST, c->list_iterations) ||
            op_add_remove(add_vf, hw->pf, c->iterations) ||
            op_map_unmap(map_vf, c->iterations))
            return -1;
    }
    return 0;
}

int main(const struct start_info *si)
{
    uint64_t t_main = bench_rdtsc(), t_vfs;
    struct mhv_bench_info info;
    struct bench_config cfg;
    struct bench_hw hw;
    int rc;

    rc = bench_setup_vfs(&hw);
    t_vfs = bench_rdtsc();
    bench_read_config(si, &cfg);
    if (rc)
        return 1;
    rc = (int)bench_op(MHV_BENCH_info, &info);
    if (rc) {
        bench_error("bench hypercall: %d (not a CONFIG_BENCH image?)", rc);
        return 1;
    }
    info.gitrev[sizeof(info.gitrev) - 1] = '\0';
    devices = count_devices();
    printf("@bench info gitrev=%s debug=%u cpus=%u\n", info.gitrev, info.debug,
           info.nr_cpus);
    sa[0] = t_main - info.entry_tsc;
    bench_report("boot_to_control_domain", devices - hw.nr_vfs, sa, 1);
    sa[0] = t_vfs - info.entry_tsc;
    bench_report("boot_to_vfs_added", devices, sa, 1);

    measure_overhead(cfg.iterations);
    if (op_null(cfg.iterations) ||
        op_conf_read(hw.vf[0], cfg.iterations) ||
        op_add_remove(hw.vf[hw.nr_vfs - 1], hw.pf, cfg.iterations) ||
        op_map_unmap(hw.vf[0], cfg.iterations) ||
        op_irq_delivery(&hw, cfg.iterations) ||
        op_assign(hw.vf[1], cfg.iterations) ||
        scaling(&cfg, &hw) || failed)
        return 1;
    printf("@bench done\n");
    return 0;
}
