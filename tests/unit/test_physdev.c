/* SPDX-License-Identifier: GPL-2.0 */
/*
 * physdev_op's config-space access and BAR mapping (drivers/passthrough/
 * physdev.c) on the real registry and the config model: who may touch
 * which register, and which BARs may be mapped.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/pcidev.h>
#include <asm/physdev.h>
#include <mhv/bootinfo.h>
#include <mhv/pci_regs.h>
#include <public/physdev.h>
#include "harness.h"
#include "pcimodel.h"
#include "test_msi_fixture.h"

static long conf(struct domain *d, pci_sbdf_t sbdf, unsigned int reg,
                 unsigned int size, bool write, u32 *value)
{
    struct physdev_mhv_pci_conf c = {
        .sbdf = sbdf.sbdf, .reg = reg, .size = size, .write = write,
        .value = value ? *value : 0,
    };
    long rc = physdev_pci_conf_op(d, (unsigned long)&c);

    if (!rc && value)
        *value = c.value;
    return rc;
}

static long map_bar(struct domain *d, pci_sbdf_t sbdf, unsigned int bar,
                    struct physdev_mhv_map_bar *out)
{
    *out = (struct physdev_mhv_map_bar){ .sbdf = sbdf.sbdf, .bar = bar };
    return physdev_map_bar_op(d, (unsigned long)out);
}

static int setup(void **state)
{
    msi_setup();
    memset(&bootinfo, 0, sizeof(bootinfo));
    /* RAM below 512 MiB, as under QEMU; the igb's BARs are above it. */
    bootinfo.mem[0] = (struct boot_mem_region){ 0, 512 << 20, BOOT_MEM_RAM };
    bootinfo.nr_mem = 1;
    msi_igb_up(2);
    return 0;
}

static int teardown(void **state)
{
    msi_teardown_all();
    return 0;
}

/* The control domain reads and writes anything not another domain's. */
static void test_control_domain_access(void **state)
{
    u32 v = 0;

    assert_int_equal(conf(D0, IGB_PF, 0, 4, false, &v), 0);
    assert_int_equal(v, 0x10c98086);
    v = 0x6;    /* memory + bus master */
    assert_int_equal(conf(D0, IGB_PF, 0x4, 2, true, &v), 0);
    /* An unregistered function: allowed, reads all-ones. */
    assert_int_equal(conf(D0, PCI_SBDF(0, 9, 0), 0, 4, false, &v), 0);
    assert_int_equal(v, 0xffffffff);
    /* Once a VF is d1's, d0 may not touch it. */
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(conf(D0, IGB_VF(0), 0x8, 4, false, &v), -EPERM);
}

/* Other domains: only their own devices, and not their BARs. */
static void test_domain_access_and_bar_writes(void **state)
{
    u32 v = 0;

    assert_int_equal(conf(D1, IGB_VF(0), 0x8, 4, false, &v), -EPERM);
    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(conf(D1, IGB_VF(0), 0x8, 4, false, &v), 0);
    assert_int_equal(conf(D1, IGB_VF(1), 0x8, 4, false, &v), -EPERM);
    assert_int_equal(conf(D1, IGB_PF, 0x0, 4, false, &v), -EPERM);

    /* Moving a BAR (or the ROM BAR) could point it at RAM: refused. */
    v = 0x1000;
    for (unsigned int reg = 0x10; reg < 0x28; reg += 4)
        assert_int_equal(conf(D1, IGB_VF(0), reg, 4, true, &v), -EPERM);
    assert_int_equal(conf(D1, IGB_VF(0), 0x30, 4, true, &v), -EPERM);
    assert_int_equal(conf(D1, IGB_VF(0), 0x12, 2, true, &v), -EPERM);
    assert_true(host_log_contains("are the control domain's"));
    /* COMMAND stays the owner's. */
    v = 0x6;
    assert_int_equal(conf(D1, IGB_VF(0), 0x4, 2, true, &v), 0);
}

/* MSI and MSI-X control belong to the hypervisor, for everybody. */
static void test_msi_registers_refused(void **state)
{
    struct pci_dev *pf = reg_lookup(IGB_PF);
    u32 v = 0;

    assert_non_null(pf);
    assert_int_not_equal(pf->msi_pos, 0);
    assert_int_not_equal(pf->msix_pos, 0);
    assert_int_equal(conf(D0, IGB_PF, pf->msix_pos + 2, 2, true, &v), -EPERM);
    assert_int_equal(conf(D0, IGB_PF, pf->msi_pos + 2, 2, true, &v), -EPERM);
    assert_int_equal(conf(D0, IGB_PF, pf->msi_pos + 4, 4, true, &v), -EPERM);
    /* Reading them is fine. */
    assert_int_equal(conf(D0, IGB_PF, pf->msix_pos, 4, false, &v), 0);
}

/* A PF's SR-IOV capability is the control domain's even when the PF is
 * assigned elsewhere. */
static void test_sriov_cap_refused_to_domains(void **state)
{
    struct pci_dev *pf = reg_lookup(IGB_PF);
    unsigned int pos = pf->pf.sriov_pos;
    u32 v = 0;

    assert_int_not_equal(pos, 0);
    assert_int_equal(assign_device(D1, IGB_PF), 0);
    assert_int_equal(conf(D1, IGB_PF, pos + 0x8, 2, true, &v), -EPERM);
    assert_int_equal(conf(D1, IGB_PF, pos + 0x24, 4, true, &v), -EPERM);
    /* Function-level reset and power state are not the owner's either. */
    pos = pci_find_cap(IGB_PF, PCI_CAP_ID_EXP);
    assert_int_not_equal(pos, 0);
    assert_int_equal(conf(D1, IGB_PF, pos + 0x8, 2, true, &v), -EPERM);
    pos = pci_find_cap(IGB_PF, PCI_CAP_ID_PM);
    assert_int_not_equal(pos, 0);
    assert_int_equal(conf(D1, IGB_PF, pos + 0x4, 2, true, &v), -EPERM);
    /* Other registers of an owned function are. */
    assert_int_equal(conf(D1, IGB_PF, 0x4, 2, true, &v), 0);
    assert_int_equal(deassign_device(IGB_PF), 0);
}

static void test_bad_arguments(void **state)
{
    u32 v = 0;

    assert_int_equal(conf(D0, IGB_PF, 0x2, 4, false, &v), -EINVAL);  /* misaligned */
    assert_int_equal(conf(D0, IGB_PF, 0x0, 3, false, &v), -EINVAL);  /* size */
    assert_int_equal(conf(D0, IGB_PF, 0xffe, 4, false, &v), -EINVAL);
    assert_int_equal(physdev_pci_conf_op(D0, 16), -EFAULT);
}

/* A VF's BAR maps from its PF's VF BAR, minus the MSI-X pages. */
static void test_map_vf_bars(void **state)
{
    struct physdev_mhv_map_bar m;

    assert_int_equal(map_bar(D0, IGB_VF(1), 0, &m), 0);
    assert_int_equal(m.size, IGB_VF_BAR_SIZE);
    assert_int_equal(map_bar(D0, IGB_VF(1), 3, &m), 0);
    assert_int_equal(map_bar(D1, IGB_VF(1), 0, &m), -EPERM);     /* not d1's */
    assert_int_equal(map_bar(D0, IGB_VF(1), 6, &m), -EINVAL);
    assert_int_equal(map_bar(D0, IGB_VF(1), 1, &m), -EINVAL);    /* no size */
}

/*
 * The MSI-X table and PBA pages of BAR3 are held back -- those recorded
 * when the VF was added, even when the device reports another table
 * position at map time (issue 13 item 4: one geometry).
 */
static void test_map_bar_holds_back_recorded_msix_pages(void **state)
{
    struct physdev_mhv_map_bar m;
    paddr_t t = IGB_VF_TABLE(1);

    pcim_poke32(pcim_vf(msi_igb.pf, 1), 0x70 + PCI_MSIX_TABLE, 0x1000 | 3);
    pcim_poke32(pcim_vf(msi_igb.pf, 1), 0x70 + PCI_MSIX_PBA, 0x3000 | 3);
    assert_int_equal(map_bar(D0, IGB_VF(1), 3, &m), 0);
    assert_false(msi_guest_maps_pa(D0, t));             /* the table */
    assert_false(msi_guest_maps_pa(D0, t + 0x2000));    /* the PBA */
    assert_true(msi_guest_maps_pa(D0, t + 0x1000));     /* the lie's page */
    assert_true(msi_guest_maps_pa(D0, t + 0x3000));
}

/* A BAR that lies on RAM is never mapped, whoever asks. */
static void test_map_bar_over_ram_refused(void **state)
{
    struct physdev_mhv_map_bar m;

    bootinfo.mem[0].len = 0xffffffffULL;    /* RAM "covers" the BARs now */
    assert_int_equal(map_bar(D0, IGB_VF(0), 0, &m), -EINVAL);
    assert_true(host_log_contains("overlaps RAM"));
    bootinfo.mem[0].len = 512 << 20;
}

/*
 * Mapping a BAR of a function that is not a VF, and setting up its MSI-X,
 * read the BAR but never write it: a live device's BAR is not sized again
 * (sizing turns decoding off, and two domains sizing at once could leave
 * the BAR moved).  The size comes from when the function was added.
 */
static void test_live_bar_never_written(void **state)
{
    struct physdev_mhv_map_bar m;
    struct pcim_stats before, after;
    int pirq = -1;

    pcim_get_stats(&before);
    assert_int_equal(map_bar(D0, IGB_PF, 0, &m), 0);
    assert_int_equal(m.size, 128 << 10);
    assert_int_equal(map_msix(D0, IGB_PF, 0, &pirq), 0);
    pcim_get_stats(&after);
    /* The map_pirq path writes the MSI-X control word (3 writes: enable
     * with the function masked, then lift the mask...), never a BAR. */
    assert_int_equal(after.bar_sizing_while_decoding, before.bar_sizing_while_decoding);
    assert_true(after.writes - before.writes <= 4);
    assert_int_equal(unmap(D0, pirq), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_control_domain_access, setup, teardown),
        cmocka_unit_test_setup_teardown(test_domain_access_and_bar_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msi_registers_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sriov_cap_refused_to_domains, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_vf_bars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_bar_holds_back_recorded_msix_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_bar_over_ram_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_live_bar_never_written, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
