/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registry under concurrency: several CPUs (pthreads) add and remove
 * VFs, remove and re-add PFs, assign, deassign and release devices, and
 * look devices up both ways -- under a domain's pci_lock for read (the
 * MSI-X path: follow the VF -> PF link and read vf_rlen[]) and under the
 * pcidevs lock -- for a bounded number of rounds, with the real lock code
 * and its checker (lock order, misuse) live.  No assertion may fire; every
 * result must be one the rules allow; at the end the registry is
 * consistent, and after removing everything empty with the heap counters
 * back at their start (ASan watches every access on the way).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/smp.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/pci/sriov.h>
#include "harness.h"
#include "pcimodel.h"
#include "test_registry_fixture.h"
#include <mhv/sbdf.h>
#include <mhv/passthrough/assign.h>

#define NR_THREADS  6
/*
 * Bounded so that the harness's printk log (1 MiB, not thread-safe when it
 * wraps) never wraps during the run: about 60% of the operations log one
 * line of under 100 bytes.
 */
#define ROUNDS      1500
#define PF2_VFS     16

static pci_sbdf_t pfs[2];
static pci_sbdf_t vfs[8 + PF2_VFS];
static unsigned int vf_pf[8 + PF2_VFS];     /* index into pfs[] */
#define NR_VFS ARRAY_SIZE(vfs)

static int failures;
static char first_failure[256];
static unsigned long teardown_calls;

enum { OP_ADD, OP_REMOVE, OP_ASSIGN, OP_DEASSIGN, OP_LOOKUP_D, OP_LOOKUP_ALL,
       OP_PF_CYCLE, OP_RELEASE, NR_OPS };
static unsigned long op_count[NR_OPS], found_via_domain;

static void record_failure(const char *fmt, ...)
{
    va_list ap;

    if (__atomic_fetch_add(&failures, 1, __ATOMIC_SEQ_CST) == 0) {
        va_start(ap, fmt);
        vsnprintf(first_failure, sizeof(first_failure), fmt, ap);
        va_end(ap);
    }
}

#define EXPECT(cond, ...) do { if (!(cond)) record_failure(__VA_ARGS__); } while (0)

/* A leave step: it gets the locks it is promised. */
static void count_leave(struct pci_dev *pdev, struct domain *owner)
{
    EXPECT(pcidevs_locked(), "leave step without the pcidevs lock");
    EXPECT(owner && pdev->domain == owner &&
           rw_is_write_locked_by_me(&owner->pci_lock),
           "leave step of %pp without its owner's pci_lock", &pdev->sbdf);
    __atomic_add_fetch(&teardown_calls, 1, __ATOMIC_RELAXED);
}
PDEV_LEAVE_STEP(PDEV_LEAVE_IRQ, count_leave);

static bool rc_in(int rc, int a, int b, int c)
{
    return rc == a || rc == b || rc == c;
}

/* Read through a domain's pci_lock only, as physdev_map_pirq does. */
static void lookup_via_domain(struct domain *d, unsigned int v)
{
    struct pci_dev *pdev, *p;
    unsigned int n = 0;

    read_lock(&d->pci_lock);
    pdev = pci_get_pdev(d, vfs[v]);
    if (pdev) {
        const struct pci_dev *pf;

        __atomic_add_fetch(&found_via_domain, 1, __ATOMIC_RELAXED);
        EXPECT(READ_ONCE(pdev->domain) == d, "%pp: owner changed under "
               "d%u's read lock", &vfs[v], d->domain_id);
        EXPECT(pdev->is_vf && pdev->sbdf.sbdf == vfs[v].sbdf, "%pp: wrong "
               "device", &vfs[v]);
        pf = pci_vf_physfn(pdev);
        EXPECT(pf->sbdf.sbdf == pfs[vf_pf[v]].sbdf, "%pp: wrong PF", &vfs[v]);
        EXPECT(pf->pf.vf_rlen_valid ? pf->pf.vf_rlen[0] == 16384
                                    : pf->pf.vf_rlen[0] == 0,
               "%pp: PF's vf_rlen[0] %lu", &vfs[v],
               (unsigned long)pf->pf.vf_rlen[0]);
    }
    for_each_pdev(d, p) {
        EXPECT(p->domain == d, "%pp on d%u's list, not its", &p->sbdf,
               d->domain_id);
        if (++n > NR_VFS + 2) {
            record_failure("d%u's list too long", d->domain_id);
            break;
        }
    }
    EXPECT(n == d->nr_pdevs, "d%u: %u listed, nr_pdevs %u", d->domain_id, n,
           d->nr_pdevs);
    read_unlock(&d->pci_lock);
}

static int count_cb(const struct pci_dev *pdev, void *ctx)
{
    (*(unsigned int *)ctx)++;
    return 0;
}

static void lookup_all(unsigned int v)
{
    unsigned int n = 0;

    pcidevs_lock();
    EXPECT(pci_get_pdev(NULL, vfs[v]) == pci_registry_list_walk_lookup(vfs[v]),
           "%pp: index and list disagree", &vfs[v]);
    EXPECT(pci_get_pdev(NULL, pfs[vf_pf[v]]) ==
           pci_registry_list_walk_lookup(pfs[vf_pf[v]]),
           "%pp: index and list disagree", &pfs[vf_pf[v]]);
    pci_registry_walk(count_cb, &n);
    EXPECT(n <= NR_VFS + 2, "%u devices listed", n);
    pcidevs_unlock();
}

static void *worker(void *arg)
{
    unsigned int cpu = (unsigned int)(unsigned long)arg + 1;
    unsigned int seed = cpu * 7919, i;

    host_set_cpu(cpu);
    for (i = 0; i < ROUNDS; i++) {
        unsigned int r = rand_r(&seed), v = r % NR_VFS, pick = (r >> 8) % 40;
        struct domain *d = &test_dom[(r >> 16) % NR_TEST_DOMAINS];
        unsigned int op;
        int rc;

        op = pick < 7 ? OP_ADD : pick < 12 ? OP_REMOVE : pick < 16 ? OP_ASSIGN :
             pick < 19 ? OP_DEASSIGN : pick < 31 ? OP_LOOKUP_D :
             pick < 37 ? OP_LOOKUP_ALL : pick < 39 ? OP_PF_CYCLE : OP_RELEASE;
        __atomic_add_fetch(&op_count[op], 1, __ATOMIC_RELAXED);

        switch (op) {
        case OP_ADD:
            rc = reg_add_vf(vfs[v], pfs[vf_pf[v]]);
            EXPECT(rc_in(rc, 0, -ENODEV, 0), "add %pp: %d", &vfs[v], rc);
            break;
        case OP_REMOVE:
            rc = reg_remove_fn(vfs[v]);
            EXPECT(rc_in(rc, 0, -ENODEV, 0), "remove %pp: %d", &vfs[v], rc);
            break;
        case OP_ASSIGN:
            rc = assign_device(d, (r & 0x80000000) ? pfs[vf_pf[v]] : vfs[v]);
            EXPECT(rc_in(rc, 0, -ENODEV, -EBUSY), "assign: %d", rc);
            break;
        case OP_DEASSIGN:
            rc = deassign_device(vfs[v]);
            EXPECT(rc_in(rc, 0, -ENODEV, 0), "deassign %pp: %d", &vfs[v], rc);
            break;
        case OP_LOOKUP_D:
            lookup_via_domain(d, v);
            break;
        case OP_LOOKUP_ALL:
            lookup_all(v);
            break;
        case OP_PF_CYCLE:
            rc = reg_remove_fn(pfs[vf_pf[v]]);
            EXPECT(rc_in(rc, 0, -ENODEV, 0), "remove PF: %d", rc);
            rc = reg_add_fn(pfs[vf_pf[v]]);
            EXPECT(rc_in(rc, 0, -EBUSY, 0), "add PF: %d", rc);
            break;
        case OP_RELEASE:
            if (d != D0) {
                rc = pci_release_devices(d);
                EXPECT(rc >= 0, "release d%u: %d", d->domain_id, rc);
            }
            break;
        }
    }
    return NULL;
}

static void test_concurrent_registry(void **state)
{
    pthread_t th[NR_THREADS];
    struct pcim_igb igb;
    struct pci_registry_stats st;
    unsigned long i;
    unsigned int n;

    reg_setup();
    pcim_igb_preset(&igb);
    pfs[0] = IGB_PF;
    pfs[1] = PCI_SBDF(0, 2, 0);
    pcim_add_sriov_pf(pfs[1], PF2_VFS, 0x80, 2);
    for (i = 0; i < 2; i++)
        assert_int_equal(reg_add_fn(pfs[i]), 0);
    pcim_enable_vfs(pfs[0], 8);
    pcim_enable_vfs(pfs[1], PF2_VFS);
    for (n = 0; n < NR_VFS; n++) {
        vf_pf[n] = n < 8 ? 0 : 1;
        assert_int_equal(pci_sriov_vf_sbdf(pfs[vf_pf[n]], n < 8 ? n : n - 8,
                                           &vfs[n]), 0);
    }
    host_log_clear();

    for (i = 0; i < NR_THREADS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, worker, (void *)i), 0);
    for (i = 0; i < NR_THREADS; i++)
        pthread_join(th[i], NULL);

    if (failures)
        fail_msg("%d failures, the first: %s", failures, first_failure);
    assert_false(host_log_contains("Assertion"));
    assert_false(host_log_contains("lock check:"));
    for (i = 0; i < NR_OPS; i++)
        assert_true(op_count[i] > 0);
    assert_true(found_via_domain > 0);
    assert_true(teardown_calls > 0);
    assert_int_equal(pci_registry_check(), 0);
    pci_registry_stats(&st);
    print_message("registry after %u rounds on %u CPUs: %u devices (%u VFs, "
                  "%u broken), %u removed PFs; %lu lookups found a device "
                  "through a domain's lock; %lu interrupt teardowns\n",
                  ROUNDS, NR_THREADS, st.devices, st.vfs, st.broken,
                  st.removed_pfs, found_via_domain, teardown_calls);

    /* Everything out, in an order that frees removed PFs last. */
    for (n = 0; n < 2; n++)
        reg_remove_fn(pfs[n]);
    for (n = 0; n < NR_VFS; n++)
        reg_remove_fn(vfs[n]);
    reg_check_empty();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_registry),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
