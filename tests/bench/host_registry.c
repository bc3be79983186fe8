/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host micro-benchmark of the passthrough registry (make bench-host): the
 * real drivers/passthrough/ code on the host config-space model, run under
 * `valgrind --tool=callgrind --collect-atstart=no` by domains/bench/host-run.
 *
 * For each device count N (arguments, default 16 1024 65536) the registry
 * holds the igb PF with 8 VFs plus synthetic functions on MHV_BENCH_SEG up
 * to N devices in all; then each measured loop runs with callgrind's
 * collection switched on around it alone and ends with a dump named
 * "OP/N/ITERATIONS", so host-run divides that dump's instruction count by
 * ITERATIONS.  Measured:
 *   lookup_index  pci_get_pdev(NULL, sbdf) of the newest device
 *   lookup_list   pci_registry_list_walk_lookup() of the same (Xen's way)
 *   add_remove_vf pci_add_device() + pci_remove_device() of igb VF 7
 *                 (its config reads go to the model: a hash, O(1))
 *
 * Synthetic functions are put in the model just long enough for
 * pci_add_device() to probe them, then taken out of it, so the model holds
 * a few devices whatever N is.  Without valgrind the program runs the same
 * loops and prints only the device counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include <mhv/lib.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/passthrough/pcidev.h>
#include <public/bench.h>
#include "harness.h"
#include "pcimodel.h"

static struct domain dom0;
struct domain *control_domain;
static struct pcim_igb igb;
static unsigned int nr_synthetic;
static pci_sbdf_t newest;
static struct pci_dev *volatile sink;

#define IGB_VF(n)   PCI_SBDF(0, 1, 0x80 + 2 * (n))

/* No vCPU runs here: an event for a domain is only queued. */
void vcpu_wake(struct vcpu *v)
{
}

static void die(const char *what, int rc)
{
    fprintf(stderr, "bench_registry: %s: %d\n", what, rc);
    exit(1);
}

static unsigned int registered(void)
{
    struct pci_registry_stats st;

    pci_registry_stats(&st);
    return st.devices;
}

static void vf_add(unsigned int n)
{
    struct pci_dev_info info = { .is_virtfn = true,
                                 .physfn = { .bus = 1, .devfn = 0 } };
    int rc = pci_add_device(0, 1, IGB_VF(n).devfn, &info);

    if (rc)
        die("VF add", rc);
}

static void vf_remove(unsigned int n)
{
    int rc = pci_remove_device(0, 1, IGB_VF(n).devfn);

    if (rc)
        die("VF remove", rc);
}

static void populate(unsigned int target)
{
    unsigned int total = registered();

    while (total < target) {
        pci_sbdf_t s = PCI_SBDF(MHV_BENCH_SEG, nr_synthetic >> 8,
                                nr_synthetic & 0xff);
        struct pcim_dev *d = pcim_add_dev(s, 0x1b36, 0x0001, 0xff0000);
        int rc = pci_add_device(s.seg, s.bus, s.devfn, NULL);

        if (rc)
            die("synthetic add", rc);
        pcim_remove_dev(d);
        newest = s;
        nr_synthetic++;
        total++;
        if (!(total & 1023))
            host_log_clear();
    }
    host_log_clear();
}

static void dump(const char *op, unsigned int n, unsigned int iters)
{
    char label[64];

    snprintf(label, sizeof(label), "%s/%u/%u", op, n, iters);
    CALLGRIND_DUMP_STATS_AT(label);
}

static void bench_lookup(bool list, unsigned int n, unsigned int iters)
{
    pcidevs_lock();
    CALLGRIND_TOGGLE_COLLECT;
    for (unsigned int i = 0; i < iters; i++)
        sink = list ? pci_registry_list_walk_lookup(newest)
                    : pci_get_pdev(NULL, newest);
    CALLGRIND_TOGGLE_COLLECT;
    pcidevs_unlock();
    if (!sink)
        die("lookup found nothing", 0);
    dump(list ? "lookup_list" : "lookup_index", n, iters);
}

static void bench_add_remove(unsigned int n, unsigned int iters)
{
    vf_remove(7);
    CALLGRIND_TOGGLE_COLLECT;
    for (unsigned int i = 0; i < iters; i++) {
        vf_add(7);
        vf_remove(7);
    }
    CALLGRIND_TOGGLE_COLLECT;
    vf_add(7);
    host_log_clear();
    dump("add_remove_vf", n, iters);
}

int main(int argc, char **argv)
{
    unsigned int sizes[8] = { 16, 1024, 65536 }, nr_sizes = 3;

    if (argc > 1) {
        nr_sizes = 0;
        for (int i = 1; i < argc && nr_sizes < 8; i++)
            sizes[nr_sizes++] = (unsigned int)strtoul(argv[i], NULL, 0);
    }

    domain_init_common(&dom0, 0, "control", true);
    control_domain = &dom0;
    pcim_reset();
    pcim_igb_preset(&igb);
    if (pci_add_device(0, 1, 0, NULL))
        die("PF add", -1);
    pcim_enable_vfs(igb.pf_sbdf, 8);
    for (unsigned int i = 0; i < 8; i++)
        vf_add(i);
    newest = IGB_VF(7);
    host_log_clear();

    for (unsigned int i = 0; i < nr_sizes; i++) {
        unsigned int n = sizes[i];

        populate(n);
        n = registered();
        printf("devices %u (synthetic %u)\n", n, nr_synthetic);
        fflush(stdout);
        bench_lookup(false, n, 1000);
        bench_lookup(true, n, n > 4096 ? 10 : 100);
        bench_add_remove(n, 100);
    }
    return 0;
}
