/* SPDX-License-Identifier: GPL-2.0 */
/* Shared fixture of the registry tests (see test_registry_fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/lib.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/xmalloc.h>
#include "harness.h"
#include "pcimodel.h"
#include "test_registry_fixture.h"
#include <mhv/domain_list.h>

struct domain test_dom[NR_TEST_DOMAINS];
struct domain *control_domain;      /* the registry's owner for new devices */

/* Device events (common/dev_event.c) wake the owner's vCPU; the test
 * domains have none, so this is never reached, but it links. */
void vcpu_wake(struct vcpu *v)
{
    (void)v;
}

static struct heap_stats base;

void reg_mark(void)
{
    heap_stats(&base);
}

long reg_heap_delta_objects(void)
{
    struct heap_stats st;

    heap_stats(&st);
    return (long)st.live_objects - (long)base.live_objects;
}

long reg_heap_delta_bytes(void)
{
    struct heap_stats st;

    heap_stats(&st);
    return (long)st.live_bytes - (long)base.live_bytes;
}

void reg_setup(void)
{
    struct pci_registry_stats st;
    static const char *const names[NR_TEST_DOMAINS] = {
        "control", "d1", "d2", "d3" };
    unsigned int i;

    pci_registry_stats(&st);
    assert_int_equal(st.devices, 0);
    assert_int_equal(st.removed_pfs, 0);

    pcim_reset();
    host_log_clear();
    host_heap_fail_after(-1);
    for (i = 0; i < NR_TEST_DOMAINS; i++) {
        memset(&test_dom[i], 0, sizeof(test_dom[i]));
        domain_init_common(&test_dom[i], i, names[i], i == 0);
    }
    control_domain = D0;
    reg_mark();
}

void reg_check_empty(void)
{
    struct pci_registry_stats st;
    unsigned int i;

    assert_int_equal(pci_registry_check(), 0);
    pci_registry_stats(&st);
    assert_int_equal(st.devices, 0);
    assert_int_equal(st.removed_pfs, 0);
    assert_int_equal(st.index_nodes, 0);
    for (i = 0; i < NR_TEST_DOMAINS; i++) {
        assert_int_equal(test_dom[i].nr_pdevs, 0);
        assert_true(list_empty(&test_dom[i].pdev_list));
    }
    assert_int_equal(reg_heap_delta_objects(), 0);
    assert_int_equal(reg_heap_delta_bytes(), 0);
}

void igb_up(struct pcim_igb *igb, unsigned int nr_vfs_enabled,
            unsigned int nr_vfs_added)
{
    unsigned int n;

    pcim_igb_preset(igb);
    assert_int_equal(reg_add_fn(igb->pf_sbdf), 0);
    if (nr_vfs_enabled)
        pcim_enable_vfs(igb->pf_sbdf, nr_vfs_enabled);
    for (n = 0; n < nr_vfs_added; n++)
        assert_int_equal(reg_add_vf(IGB_VF(n), IGB_PF), 0);
}
