/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark hypercall (CONFIG_BENCH only): __HYPERVISOR_mhv_bench,
 * ABI in <public/bench.h>, used by domains/bench/ (docs/performance.md).
 *
 *   null      the cheapest possible hypercall: SYSCALL -> dispatch -> SYSRET
 *   info      the TSC at the Multiboot2 entry (recorded by head.S), build
 *   populate  grow or shrink the registry with synthetic functions on
 *             MHV_BENCH_SEG, to time registry operations at scale
 *   lookup    time pci_get_pdev() (the SBDF index) against the list walk
 *             Xen uses, inside the hypervisor, one sample per lookup
 *
 * Synthetic functions never reach config space: no ECAM range or 0xcf8
 * mechanism covers MHV_BENCH_SEG (drivers/pci/access.c reads all-ones and
 * drops writes there), and they are registered through the registry's
 * pci_bench_add_synthetic(), which reads no config space.  An image whose
 * registry lacks that hook answers populate with -ENOSYS (the weak default
 * below).
 *
 * Locks: bench_lock serialises the sample buffer and the synthetic count;
 * order bench_lock -> pcidevs lock.
 */
#include <mhv/hypercall.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/spinlock.h>
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <asm/cpu.h>
#include <asm/guest_access.h>
#include <public/bench.h>
#include <mhv/sbdf.h>

/* TSC at `start` (head.S, CONFIG_BENCH). */
extern u64 bench_entry_tsc;

static DEFINE_SPINLOCK(bench_lock);
static u64 samples[MHV_BENCH_MAX_SAMPLES];      /* bench_lock */
static unsigned int nr_synthetic;               /* bench_lock */
static struct pci_dev *volatile bench_sink;     /* keeps lookups alive */

/*
 * Register a plain function at @sbdf without reading its config space,
 * owned like a scanned one.  The registry provides the real one; this
 * default says it cannot.
 */
int pci_bench_add_synthetic(pci_sbdf_t sbdf);
int __weak pci_bench_add_synthetic(pci_sbdf_t sbdf)
{
    return -ENOSYS;
}

static pci_sbdf_t synthetic_sbdf(unsigned int i)
{
    return PCI_SBDF(MHV_BENCH_SEG, i >> 8, i & 0xff);
}

static unsigned int registered_devices(void)
{
    struct pci_registry_stats st;

    pci_registry_stats(&st);
    return st.devices;
}

static long bench_info(unsigned long arg)
{
    struct mhv_bench_info info = {
        .entry_tsc = bench_entry_tsc,
        .now_tsc = rdtsc(),
#ifdef CONFIG_DEBUG
        .debug = 1,
#endif
        .nr_cpus = num_online_cpus,
    };

    strlcpy(info.gitrev, MHV_GITREV, sizeof(info.gitrev));
    return copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long bench_populate(unsigned long arg)
{
    struct mhv_bench_populate p;
    unsigned int total, added = 0, removed = 0;
    long rc = 0;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;

    spin_lock(&bench_lock);
    total = registered_devices();
    while (total < p.target && !rc) {
        if (nr_synthetic >= 0x10000) {
            rc = -ENOSPC;
            break;
        }
        rc = pci_bench_add_synthetic(synthetic_sbdf(nr_synthetic));
        if (!rc) {
            nr_synthetic++;
            total++;
            added++;
        }
    }
    while (total > p.target && nr_synthetic && !rc) {
        pci_sbdf_t s = synthetic_sbdf(nr_synthetic - 1);

        rc = pci_remove_device(s.seg, s.bus, s.devfn);
        if (!rc) {
            nr_synthetic--;
            total--;
            removed++;
        }
    }
    p.total = registered_devices();
    p.synthetic = nr_synthetic;
    p.last = nr_synthetic ? synthetic_sbdf(nr_synthetic - 1).sbdf : ~0u;
    spin_unlock(&bench_lock);

    if (rc)
        gprintk(LOG_WARNING "bench: populate to %u devices stopped at %u: %ld\n",
                p.target, p.total, rc);
    else if (added || removed)
        gprintk(LOG_DEBUG "bench: %u synthetic functions added, %u removed: "
                "%u devices registered\n", added, removed, p.total);
    if (copy_to_guest(arg, &p, sizeof(p)))
        return -EFAULT;
    return rc;
}

static long bench_lookup(unsigned long arg)
{
    struct mhv_bench_lookup l;
    pci_sbdf_t sbdf;
    long rc = 0;

    if (copy_from_guest(&l, arg, sizeof(l)))
        return -EFAULT;
    if (!l.iterations || l.iterations > MHV_BENCH_MAX_SAMPLES ||
        l.method > MHV_BENCH_LOOKUP_EMPTY)
        return -EINVAL;
    sbdf.sbdf = l.sbdf;
    l.found = 0;

    spin_lock(&bench_lock);
    pcidevs_lock();
    for (unsigned int i = 0; i < l.iterations; i++) {
        struct pci_dev *pdev = NULL;
        u64 t0, t1;

        barrier();
        t0 = rdtsc();
        barrier();
        if (l.method == MHV_BENCH_LOOKUP_INDEX)
            pdev = pci_get_pdev(NULL, sbdf);
        else if (l.method == MHV_BENCH_LOOKUP_LIST)
            pdev = pci_registry_list_walk_lookup(sbdf);
        barrier();
        t1 = rdtsc();
        barrier();
        bench_sink = pdev;
        l.found += pdev != NULL;
        samples[i] = t1 - t0;
    }
    pcidevs_unlock();
    if (copy_to_guest(l.samples, samples, l.iterations * sizeof(samples[0])))
        rc = -EFAULT;
    spin_unlock(&bench_lock);

    if (!rc && copy_to_guest(arg, &l, sizeof(l)))
        rc = -EFAULT;
    return rc;
}

static long do_mhv_bench(unsigned long cmd, unsigned long arg,
                         unsigned long a3, unsigned long a4, unsigned long a5)
{
    if (cmd == MHV_BENCH_null)
        return 0;
    if (!is_control_domain(current_domain()))
        return -EPERM;
    switch (cmd) {
    case MHV_BENCH_info:
        return bench_info(arg);
    case MHV_BENCH_populate:
        return bench_populate(arg);
    case MHV_BENCH_lookup:
        return bench_lookup(arg);
    default:
        return -ENOSYS;
    }
}
DEFINE_HYPERCALL(__HYPERVISOR_mhv_bench, do_mhv_bench);
