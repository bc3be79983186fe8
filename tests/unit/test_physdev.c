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
#include <mhv/passthrough/pcidev.h>
#include <asm/passthrough/physdev.h>
#include <mhv/bootinfo.h>
#include <mhv/pci/regs.h>
#include <asm/smp.h>
#include <mhv/time.h>
#include <mhv/iomem.h>
#include <public/physdev.h>
#include "harness.h"
#include <mhv/passthrough/bar_map.h>
#include "host_hw.h"
#include "pcimodel.h"
#include "test_msi_fixture.h"
#include "gpmap_model.h"
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/sbdf.h>
#include <mhv/passthrough/assign.h>
#include <mhv/domain/physdev.h>

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

static unsigned long flrs_at_setup;

static unsigned long model_flrs_total(void)
{
    struct pcim_stats st;

    pcim_get_stats(&st);
    return st.flrs - flrs_at_setup;
}

static int setup(void **state)
{
    struct pcim_stats st;

    pcim_get_stats(&st);
    flrs_at_setup = st.flrs;
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
    assert_true(host_log_contains("are not the owner's to change"));
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
    /* The power state is not the owner's (D3hot resets the function). */
    pos = pci_find_cap(IGB_PF, PCI_CAP_ID_PM);
    assert_int_not_equal(pos, 0);
    v = 3;
    assert_int_equal(conf(D1, IGB_PF, pos + 0x4, 2, true, &v), -EPERM);
    v = 0;
    /* Other registers of an owned function are. */
    assert_int_equal(conf(D1, IGB_PF, 0x4, 2, true, &v), 0);
    assert_int_equal(deassign_device(IGB_PF), 0);
}

/* ------------------------------------------------------------ COMMAND */

/*
 * The owner of a function cannot turn memory decoding
 * off under the hypervisor's MSI-X table, nor INTx on under MSI(-X): the
 * bits are kept whatever it writes, in a 2-byte, 1-byte or 4-byte write.
 */
static void test_command_mediated_while_msix(void **state)
{
    struct pci_dev *pf = reg_lookup(IGB_PF);
    int pirq = -1;
    u32 v;

    assert_int_equal(assign_device(D1, IGB_PF), 0);
    v = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
    assert_int_equal(conf(D1, IGB_PF, PCI_COMMAND, 2, true, &v), 0);
    /* Without MSI-X the owner may do as it likes. */
    v = PCI_COMMAND_MASTER;
    assert_int_equal(conf(D1, IGB_PF, PCI_COMMAND, 2, true, &v), 0);
    assert_false(pci_conf_read16(IGB_PF, PCI_COMMAND) & PCI_COMMAND_MEMORY);
    v = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
    assert_int_equal(conf(D1, IGB_PF, PCI_COMMAND, 2, true, &v), 0);

    assert_int_equal(map_msix(D1, IGB_PF, 0, &pirq), 0);
    v = PCI_COMMAND_MASTER;
    assert_int_equal(conf(D1, IGB_PF, PCI_COMMAND, 2, true, &v), 0);
    assert_true(pci_conf_read16(IGB_PF, PCI_COMMAND) & PCI_COMMAND_MEMORY);
    assert_true(pci_conf_read16(IGB_PF, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
    v = 0;
    assert_int_equal(conf(D1, IGB_PF, PCI_COMMAND, 1, true, &v), 0);
    assert_int_equal(conf(D1, IGB_PF, PCI_COMMAND + 1, 1, true, &v), 0);
    assert_true(pci_conf_read16(IGB_PF, PCI_COMMAND) & PCI_COMMAND_MEMORY);
    assert_true(pci_conf_read16(IGB_PF, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
    v = 0;
    assert_int_equal(conf(D1, IGB_PF, PCI_COMMAND, 4, true, &v), 0);
    assert_true(pci_conf_read16(IGB_PF, PCI_COMMAND) & PCI_COMMAND_MEMORY);
    /* The hypervisor's own teardown still reaches the table. */
    assert_int_equal(unmap(D1, pirq), 0);
    assert_int_equal(msix_entry(IGB_PF_BAR3, 0).ctrl, PCI_MSIX_ENTRY_CTRL_MASKBIT);
    assert_null(pf->msix);
    assert_int_equal(deassign_device(IGB_PF), 0);
}

/* Decoding off anyway (a device that lies, a control domain's PF MSE):
 * MSI-X is not programmed blind, and a teardown it would swallow masks
 * the whole function until the entry can be masked. */
static void test_msix_without_decoding(void **state)
{
    struct pci_dev *pf = reg_lookup(IGB_PF);
    u16 cmd = pci_conf_read16(IGB_PF, PCI_COMMAND);
    int p0 = -1, p1 = -1, p2 = -1;

    pcim_poke16(msi_igb.pf, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
    host_log_clear();
    assert_int_equal(map_msix(D0, IGB_PF, 0, &p0), -ENXIO);
    assert_true(host_log_contains("0000:01:00.0: memory decoding is off"));
    assert_null(pf->msix);

    pcim_poke16(msi_igb.pf, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY);
    assert_int_equal(map_msix(D0, IGB_PF, 0, &p0), 0);
    assert_int_equal(map_msix(D0, IGB_PF, 1, &p1), 0);
    pcim_poke16(msi_igb.pf, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
    host_log_clear();
    assert_int_equal(unmap(D0, p1), 0);
    assert_true(host_log_contains("MSI-X entry 1 masked with the whole function"));
    assert_true(msix_ctrl_of(IGB_PF) & PCI_MSIX_FLAGS_MASKALL);
    /* Entry 1 still holds its old message (the write was "dropped")... */
    host_mmio_dev_write32(IGB_PF_BAR3 + 16 + PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    pcim_poke16(msi_igb.pf, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY);
    /* ... and is masked before the function mask is lifted again. */
    assert_int_equal(map_msix(D0, IGB_PF, 2, &p2), 0);
    assert_int_equal(msix_entry(IGB_PF_BAR3, 1).ctrl, PCI_MSIX_ENTRY_CTRL_MASKBIT);
    assert_false(msix_ctrl_of(IGB_PF) & PCI_MSIX_FLAGS_MASKALL);
    assert_int_equal(unmap(D0, p2), 0);
    assert_int_equal(unmap(D0, p0), 0);
    assert_null(pf->msix);
}

/* ------------------------------------------------------------ SR-IOV geometry */

/*
 * While VFs are registered, the PF's
 * VF Enable, VF MSE, ARI, NumVFs, page size and VF BARs are fixed, for the
 * control domain too; once the VFs are gone they are writable again.
 */
static void test_sriov_geometry_fixed_while_vfs(void **state)
{
    struct pci_dev *pf = reg_lookup(IGB_PF);
    unsigned int pos = pf->pf.sriov_pos;
    u16 ctrl = pci_conf_read16(IGB_PF, pos + PCI_SRIOV_CTRL);
    u32 v;

    v = ctrl & ~PCI_SRIOV_CTRL_MSE;
    host_log_clear();
    assert_int_equal(conf(D0, IGB_PF, pos + PCI_SRIOV_CTRL, 2, true, &v), -EBUSY);
    assert_true(host_log_contains("the PF has 2 registered VFs"));
    v = ctrl & 0xff & ~PCI_SRIOV_CTRL_VFE;
    assert_int_equal(conf(D0, IGB_PF, pos + PCI_SRIOV_CTRL, 1, true, &v), -EBUSY);
    v = 1;
    assert_int_equal(conf(D0, IGB_PF, pos + PCI_SRIOV_NUM_VF, 2, true, &v), -EBUSY);
    v = 0;
    assert_int_equal(conf(D0, IGB_PF, pos + PCI_SRIOV_VF_BAR(0), 4, true, &v), -EBUSY);
    assert_int_equal(conf(D0, IGB_PF, pos + PCI_SRIOV_VF_BAR(3), 4, true, &v), -EBUSY);
    assert_int_equal(conf(D0, IGB_PF, pos + PCI_SRIOV_SYS_PGSIZE, 4, true, &v), -EBUSY);
    assert_int_equal(pci_conf_read16(IGB_PF, pos + PCI_SRIOV_CTRL), ctrl);
    /* Other SR-IOV bits (VF Migration) stay writable; a same-value write too. */
    v = ctrl;
    assert_int_equal(conf(D0, IGB_PF, pos + PCI_SRIOV_CTRL, 2, true, &v), 0);
    /* A removed PF kept for its VFs is still fixed. */
    assert_int_equal(reg_remove_fn(IGB_PF), 0);
    v = 0;
    assert_int_equal(conf(D0, IGB_PF, pos + PCI_SRIOV_CTRL, 2, true, &v), -EBUSY);
    assert_int_equal(reg_remove_fn(IGB_VF(0)), 0);
    assert_int_equal(reg_remove_fn(IGB_VF(1)), 0);
    /* No VF left: the control domain may switch SR-IOV off. */
    assert_int_equal(conf(D0, IGB_PF, pos + PCI_SRIOV_CTRL, 2, true, &v), 0);
    assert_int_equal(reg_add_fn(IGB_PF), 0);
}

/* ------------------------------------------------------------ BAR placement */

/* Move VF BAR @bar of the igb PF to @base, as a careless control domain
 * could have before it enabled the VFs (device-side: the hypervisor now
 * refuses such writes while VFs are registered). */
static void place_vf_bar(unsigned int bar, u64 base)
{
    unsigned int reg = msi_igb.sriov_pos + PCI_SRIOV_VF_BAR(bar);

    pcim_poke32(msi_igb.pf, reg, (u32)base | PCI_BASE_ADDRESS_MEM_TYPE_64 |
                PCI_BASE_ADDRESS_MEM_PREFETCH);
    pcim_poke32(msi_igb.pf, reg + 4, (u32)(base >> 32));
}

/*
 * A VF BAR placed over what the hypervisor keeps, over
 * another function's BARs, or outside its bridge's windows is never
 * mapped -- for the control domain, or the ordinary domain it gave the VF.
 */
static void test_map_bar_refuses_bad_placements(void **state)
{
    struct physdev_mhv_map_bar m;

    iomem_reserve(0xb0000000ULL, 0x10000000ULL, "ECAM");
    place_vf_bar(0, 0xb0000000ULL);
    host_log_clear();
    assert_int_equal(map_bar(D0, IGB_VF(0), 0, &m), -EINVAL);
    assert_true(host_log_contains("overlaps the hypervisor's ECAM"));
    assert_int_equal(assign_device(D1, IGB_VF(1)), 0);
    assert_int_equal(map_bar(D1, IGB_VF(1), 0, &m), -EINVAL);

    /* Over the LAPIC / MSI window. */
    iomem_reserve(0xfee00000ULL, 0x100000ULL, "LAPIC/MSI window");
    place_vf_bar(0, 0xfee00000ULL);
    host_log_clear();
    assert_int_equal(map_bar(D1, IGB_VF(1), 0, &m), -EINVAL);
    assert_true(host_log_contains("overlaps the hypervisor's LAPIC/MSI window"));

    /* Over the PF's BAR3 (its MSI-X table and PBA). */
    place_vf_bar(0, IGB_PF_BAR3 - IGB_VF_BAR_SIZE);
    host_log_clear();
    assert_int_equal(map_bar(D1, IGB_VF(1), 0, &m), -EINVAL);
    assert_true(host_log_contains("overlaps BAR3 of 0000:01:00.0"));

    /* Over the PF's other VF BAR (VF BAR3: every VF's MSI-X table). */
    place_vf_bar(0, MSI_IGB_VF_BAR3);
    host_log_clear();
    assert_int_equal(map_bar(D1, IGB_VF(1), 0, &m), -EINVAL);
    assert_true(host_log_contains("overlaps VF BAR3 of 0000:01:00.0"));

    /* Outside the root port's windows (but not RAM, not reserved). */
    place_vf_bar(0, 0xc0000000ULL);
    host_log_clear();
    assert_int_equal(map_bar(D1, IGB_VF(1), 0, &m), -EINVAL);
    assert_true(host_log_contains("outside its bridge's windows"));

    /* Back where it belongs: mapped. */
    place_vf_bar(0, MSI_IGB_VF_BAR0);
    assert_int_equal(map_bar(D1, IGB_VF(1), 0, &m), 0);
    assert_int_equal(deassign_device(IGB_VF(1)), 0);
}

/* ------------------------------------------------------------ the allow list */

/*
 * An ordinary domain writes what the owner of a function
 * may -- harmless registers the deny list refused (Interrupt Line, Max
 * Payload, Relaxed Ordering, error status) go through; the rest keeps its
 * value, and a write that would change it is refused.
 */
static void test_owner_allow_list(void **state)
{
    unsigned int exp, pm, aer;
    u32 v;

    assert_int_equal(assign_device(D1, IGB_PF), 0);
    exp = pci_find_cap(IGB_PF, PCI_CAP_ID_EXP);
    pm = pci_find_cap(IGB_PF, PCI_CAP_ID_PM);
    aer = pci_find_ext_cap(IGB_PF, PCI_EXT_CAP_ID_ERR);
    assert_true(exp && pm && aer);

    v = 11;                                             /* Interrupt Line */
    assert_int_equal(conf(D1, IGB_PF, PCI_INTERRUPT_LINE, 1, true, &v), 0);
    assert_int_equal(pci_conf_read8(IGB_PF, PCI_INTERRUPT_LINE), 11);
    v = 0x10;                                           /* cache line size */
    assert_int_equal(conf(D1, IGB_PF, PCI_CACHE_LINE_SIZE, 1, true, &v), 0);
    v = (1 << 4) | (1 << 11) | (2 << 12);               /* relaxed ordering, no snoop, MRRS */
    assert_int_equal(conf(D1, IGB_PF, exp + PCI_EXP_DEVCTL, 2, true, &v), 0);
    assert_int_equal(pci_conf_read16(IGB_PF, exp + PCI_EXP_DEVCTL), v);
    /* Max Payload Size (the link's), phantom functions (other functions'
     * requester IDs) and the error reporting enables are not the owner's. */
    v = 1 << 5;
    assert_int_equal(conf(D1, IGB_PF, exp + PCI_EXP_DEVCTL, 2, true, &v), -EPERM);
    v = 1 << 9;
    assert_int_equal(conf(D1, IGB_PF, exp + PCI_EXP_DEVCTL, 2, true, &v), -EPERM);
    v = 0xf;
    assert_int_equal(conf(D1, IGB_PF, exp + PCI_EXP_DEVCTL, 2, true, &v), -EPERM);
    v = 0xffff;                                         /* clear error status */
    assert_int_equal(conf(D1, IGB_PF, PCI_STATUS, 2, true, &v), 0);
    assert_int_equal(conf(D1, IGB_PF, exp + PCI_EXP_DEVSTA, 2, true, &v), 0);
    v = 0xffffffff;
    assert_int_equal(conf(D1, IGB_PF, aer + 0x04, 4, true, &v), 0);
    assert_int_equal(conf(D1, IGB_PF, aer + 0x08, 4, true, &v), -EPERM);  /* masks */
    assert_int_equal(conf(D1, IGB_PF, aer + 0x0c, 4, true, &v), -EPERM);  /* severity */
    v = 0x0100;                                         /* PME enable */
    assert_int_equal(conf(D1, IGB_PF, pm + PCI_PM_CTRL, 2, true, &v), 0);

    /* The hypervisor's and the control domain's. */
    host_log_clear();
    v = 0x12345678;
    assert_int_equal(conf(D1, IGB_PF, PCI_BASE_ADDRESS_0, 4, true, &v), -EPERM);
    assert_true(host_log_contains("are not the owner's to change"));
    assert_int_equal(conf(D1, IGB_PF, PCI_ROM_ADDRESS, 4, true, &v), -EPERM);
    v = 0x03;                                           /* D3hot */
    assert_int_equal(conf(D1, IGB_PF, pm + PCI_PM_CTRL, 1, true, &v), -EPERM);
    v = 0x10;                                           /* Link Disable */
    assert_int_equal(conf(D1, IGB_PF, exp + 0x10, 2, true, &v), -EPERM);
    v = 0xab;                                           /* an unknown register */
    assert_int_equal(conf(D1, IGB_PF, 0xf0, 1, true, &v), -EPERM);
    /* Writing back what is there already is no change: fine. */
    v = pci_conf_read32(IGB_PF, PCI_BASE_ADDRESS_0);
    assert_int_equal(conf(D1, IGB_PF, PCI_BASE_ADDRESS_0, 4, true, &v), 0);
    assert_int_equal(deassign_device(IGB_PF), 0);
}

/*
 * Issue 13 item 6: a mapping that fails half-way is unmapped and the TLBs
 * flushed before the error returns (another CPU of the domain may have
 * cached a translation of the pages mapped so far).
 */
static void test_failed_mapping_flushes(void **state)
{
    struct physdev_mhv_map_bar m;
    unsigned long flushes = gpmap_model_flushes();

    gpmap_model_fail_after(2);        /* the third page fails */
    assert_int_equal(map_bar(D0, IGB_PF, 0, &m), -ENOMEM);
    gpmap_model_fail_after(-1);
    assert_int_equal(gpmap_model_flushes(), flushes + 1);
    assert_int_equal(gpmap_model_nr_pages(), 0);
    assert_int_equal(map_bar(D0, IGB_PF, 0, &m), 0);
}

/* ------------------------------------------------------------ review findings */

/* A careless d0 moves the PF's BAR3 (its MSI-X table) inside its BAR0: a
 * mapping of BAR0 would expose the page the hypervisor programs. */
static void test_own_bars_overlap_refused(void **state)
{
    struct physdev_mhv_map_bar m;
    u32 v = (u32)(PCIM_IGB_MEM_BASE + 0x4000) | PCI_BASE_ADDRESS_MEM_TYPE_64;

    assert_int_equal(conf(D0, IGB_PF, PCI_BASE_ADDRESS_0 + 4 * 3, 4, true, &v), 0);
    assert_int_equal(assign_device(D1, IGB_PF), 0);
    host_log_clear();
    assert_int_equal(map_bar(D1, IGB_PF, 0, &m), -EINVAL);
    assert_true(host_log_contains("overlaps BAR3 of 0000:01:00.0"));
    assert_int_equal(deassign_device(IGB_PF), 0);
    v = (u32)IGB_PF_BAR3 | PCI_BASE_ADDRESS_MEM_TYPE_64;
    assert_int_equal(conf(D0, IGB_PF, PCI_BASE_ADDRESS_0 + 4 * 3, 4, true, &v), 0);
}

/* A BAR over a range the firmware's memory map reserved is never mapped. */
static void test_map_bar_over_firmware_reserved(void **state)
{
    struct physdev_mhv_map_bar m;

    bootinfo.mem[1] = (struct boot_mem_region){ MSI_IGB_VF_BAR0, 0x10000,
                                                BOOT_MEM_RESERVED };
    bootinfo.nr_mem = 2;
    assert_int_equal(assign_device(D1, IGB_VF(1)), 0);
    assert_int_equal(map_bar(D1, IGB_VF(1), 0, &m), -EINVAL);
    bootinfo.nr_mem = 1;
    assert_int_equal(map_bar(D1, IGB_VF(1), 0, &m), 0);
    assert_int_equal(deassign_device(IGB_VF(1)), 0);
}

/* A PF with registered VFs is never reset: not at its owner's request,
 * not by the control domain's own FLR or D3hot write. */
static void test_pf_reset_refused_while_vfs(void **state)
{
    unsigned int exp = pci_find_cap(IGB_PF, PCI_CAP_ID_EXP);
    unsigned int pm = pci_find_cap(IGB_PF, PCI_CAP_ID_PM);
    int pirq = -1;
    u32 v;

    assert_int_equal(assign_device(D2, IGB_VF(0)), 0);
    assert_int_equal(map_msix(D2, IGB_VF(0), 0, &pirq), 0);
    assert_int_equal(assign_device(D1, IGB_PF), 0);
    host_log_clear();
    v = PCI_EXP_DEVCTL_BCR_FLR;
    assert_int_equal(conf(D1, IGB_PF, exp + PCI_EXP_DEVCTL, 2, true, &v), -EBUSY);
    assert_true(host_log_contains("a PF with VFs"));
    assert_int_equal(deassign_device(IGB_PF), 0);
    assert_int_equal(conf(D0, IGB_PF, exp + PCI_EXP_DEVCTL, 2, true, &v), -EBUSY);
    v = 3;
    assert_int_equal(conf(D0, IGB_PF, pm + PCI_PM_CTRL, 2, true, &v), -EBUSY);
    assert_int_equal(model_flrs_total(), 0);
    assert_int_equal(unmap(D2, pirq), 0);
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
}

/* d0 cannot move a BAR under live MSI-X or under its own BAR mapping: the
 * hypervisor's table writes and the mapping would stay at the old place. */
static void test_bar_move_refused_under_msix_or_mapping(void **state)
{
    struct physdev_mhv_map_bar m;
    u32 v = (u32)0xfe850000U | PCI_BASE_ADDRESS_MEM_TYPE_64;
    int pirq = -1;

    assert_int_equal(map_msix(D0, IGB_PF, 0, &pirq), 0);
    host_log_clear();
    assert_int_equal(conf(D0, IGB_PF, PCI_BASE_ADDRESS_0 + 4 * 3, 4, true, &v), -EBUSY);
    assert_true(host_log_contains("moving a BAR while MSI-X is on"));
    assert_int_equal(unmap(D0, pirq), 0);
    assert_int_equal(map_bar(D0, IGB_PF, 0, &m), 0);
    assert_int_equal(conf(D0, IGB_PF, PCI_BASE_ADDRESS_0 + 4 * 3, 4, true, &v), -EBUSY);
    /* Writing back what is there is no move. */
    v = pci_conf_read32(IGB_PF, PCI_BASE_ADDRESS_0);
    assert_int_equal(conf(D0, IGB_PF, PCI_BASE_ADDRESS_0, 4, true, &v), 0);
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
 * position at map time (one geometry: the one recorded when it was added).
 */
static void test_map_bar_holds_back_recorded_msix_pages(void **state)
{
    struct physdev_mhv_map_bar m;
    paddr_t t = IGB_VF_TABLE(1);

    pcim_poke32(pcim_vf(msi_igb.pf, 1), 0x70 + PCI_MSIX_TABLE, 0x1000 | 3);
    pcim_poke32(pcim_vf(msi_igb.pf, 1), 0x70 + PCI_MSIX_PBA, 0x3000 | 3);
    assert_int_equal(map_bar(D0, IGB_VF(1), 3, &m), 0);
    assert_false(gpmap_model_maps_pa(D0, t));             /* the table */
    assert_false(gpmap_model_maps_pa(D0, t + 0x2000));    /* the PBA */
    assert_true(gpmap_model_maps_pa(D0, t + 0x1000));     /* the lie's page */
    assert_true(gpmap_model_maps_pa(D0, t + 0x3000));
}

/* A BAR that lies on RAM is never mapped, whoever asks. */
static void test_map_bar_over_ram_refused(void **state)
{
    struct physdev_mhv_map_bar m;

    bootinfo.mem[0].len = 0xffffffffULL;    /* RAM "covers" the BARs now */
    assert_int_equal(map_bar(D0, IGB_VF(0), 0, &m), -EINVAL);
    assert_true(host_log_contains("overlaps RAM or a firmware range"));
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

/* ------------------------------------------------------------ hot-add BARs */

static long place_bars(struct domain *d, pci_sbdf_t sbdf, u32 *placed)
{
    struct physdev_mhv_place_bars p = { .sbdf = sbdf.sbdf };
    long rc = physdev_place_bars_op(d, (unsigned long)&p);

    if (!rc && placed)
        *placed = p.placed;
    return rc;
}

static u64 bar_base(pci_sbdf_t sbdf, unsigned int reg)
{
    return pci_conf_read32(sbdf, reg) & ~0xfULL;
}

/*
 * A hot-added igb (BARs and VF BARs at 0, as firmware leaves it, not
 * registered): PHYSDEVOP_mhv_place_bars puts its three memory BARs in the
 * root port's memory window and its VF BARs in the prefetchable one,
 * without overlap, leaves the I/O BAR and decoding off; the function can
 * then be registered and its MSI-X mapped.  Refused to other domains, for
 * a registered function and while VFs of a removed PF are still registered.
 */
static void test_place_hot_added_bars(void **state)
{
    struct pcim_dev *pf;
    u64 b0, b1, b3, vf0, vf3;
    u32 placed = 0;
    int pirq = -1;              /* in: any pirq */

    msi_teardown_all();
    msi_setup();
    pcim_igb_preset(&msi_igb);
    pf = msi_igb.pf;
    pcim_set_bar(pf, 0, 128 * 1024, PCIM_BAR_MEM32, 0);
    pcim_set_bar(pf, 1, 128 * 1024, PCIM_BAR_MEM32, 0);
    pcim_set_bar(pf, 3, 16 * 1024, PCIM_BAR_MEM64, 0);
    pcim_set_command(pf, 0);

    assert_int_equal(place_bars(D1, IGB_PF, &placed), -EPERM);
    assert_int_equal(place_bars(D0, PCI_SBDF(0, 1, PCI_DEVFN(1, 0)), &placed), -ENODEV);
    assert_int_equal(place_bars(D0, IGB_PF, &placed), 0);
    assert_int_equal(placed, 5);        /* BAR0, BAR1, BAR3, VF BAR0, VF BAR3 */
    b0 = bar_base(IGB_PF, PCI_BASE_ADDRESS_0);
    b1 = bar_base(IGB_PF, PCI_BASE_ADDRESS_0 + 4);
    b3 = bar_base(IGB_PF, PCI_BASE_ADDRESS_0 + 12);
    assert_int_equal(pci_conf_read32(IGB_PF, PCI_BASE_ADDRESS_0 + 16), 0);
    assert_true(b0 >= PCIM_IGB_MEM_BASE && b0 <= PCIM_IGB_MEM_LIMIT);
    assert_true(b1 >= PCIM_IGB_MEM_BASE && b1 <= PCIM_IGB_MEM_LIMIT);
    assert_true(b3 >= PCIM_IGB_MEM_BASE && b3 <= PCIM_IGB_MEM_LIMIT);
    assert_true(b0 % (128 * 1024) == 0 && b1 % (128 * 1024) == 0 && b3 % (16 * 1024) == 0);
    assert_true(b0 != b1 && (b3 < b0 || b3 >= b0 + 128 * 1024) &&
                (b3 < b1 || b3 >= b1 + 128 * 1024));
    /* The I/O BAR stays as it was; decoding stays off. */
    assert_int_equal(pci_conf_read32(IGB_PF, PCI_BASE_ADDRESS_0 + 8) & ~0x3u, 0xc000);
    assert_int_equal(pci_conf_read16(IGB_PF, PCI_COMMAND) & PCI_COMMAND_MEMORY, 0);
    vf0 = pci_conf_read32(IGB_PF, msi_igb.sriov_pos + PCI_SRIOV_VF_BAR(0)) & ~0xfULL;
    vf3 = pci_conf_read32(IGB_PF, msi_igb.sriov_pos + PCI_SRIOV_VF_BAR(3)) & ~0xfULL;
    assert_true(vf0 >= PCIM_IGB_PREF_BASE && vf0 + 8 * 16 * 1024 - 1 <= PCIM_IGB_PREF_LIMIT);
    assert_true(vf3 >= PCIM_IGB_PREF_BASE && vf3 + 8 * 16 * 1024 - 1 <= PCIM_IGB_PREF_LIMIT);
    assert_true(vf0 + 8 * 16 * 1024 <= vf3 || vf3 + 8 * 16 * 1024 <= vf0);

    /* Registered, then usable exactly as a boot device. */
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    assert_int_equal(place_bars(D0, IGB_PF, &placed), -EBUSY);
    pci_conf_write16(IGB_PF, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    assert_int_equal(map_msix(D0, IGB_PF, 0, &pirq), 0);
    assert_int_equal(unmap(D0, pirq), 0);

    /* A removed PF whose VFs are still registered: nothing new is placed
     * behind that port until they are gone. */
    pcim_enable_vfs(IGB_PF, 1);
    assert_int_equal(reg_add_vf(IGB_VF(0), IGB_PF), 0);
    assert_int_equal(pci_remove_device(0, 1, 0), 0);
    assert_int_equal(place_bars(D0, IGB_PF, &placed), -EBUSY);
    assert_int_equal(pci_remove_device(0, 1, 0x80), 0);
    pcim_enable_vfs(IGB_PF, 0);
    assert_int_equal(place_bars(D0, IGB_PF, &placed), 0);
    assert_int_equal(placed, 0);        /* all placed already */
}

/* PHYSDEVOP_mhv_dev_event: a domain's own queue; a pointer it cannot
 * write to fails with -EFAULT and does not cost it the event. */
static void test_dev_event_op(void **state)
{
    struct physdev_mhv_dev_event ev;

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_int_equal(physdev_dev_event_op(D1, 8), -EFAULT);
    assert_int_equal(physdev_dev_event_op(D0, (unsigned long)&ev), 0);
    assert_int_equal(ev.type, MHV_DEV_EVENT_NONE);
    assert_int_equal(physdev_dev_event_op(D1, (unsigned long)&ev), 0);
    assert_int_equal(ev.type, MHV_DEV_EVENT_REVOKED);
    assert_int_equal(ev.sbdf, IGB_VF(0).sbdf);
    assert_int_equal(ev.pending, 0);
    assert_int_equal(physdev_dev_event_op(D1, (unsigned long)&ev), 0);
    assert_int_equal(ev.type, MHV_DEV_EVENT_NONE);
}

/*
 * A BAR mapping a domain loses with its device is remembered (the domain
 * layer answers a later access to it as a removed device would): which
 * device and BAR, the whole range and nothing beside it; a new mapping of
 * the device, once it is back, is a live one at a new address; the last
 * DOMAIN_BARS_GONE are kept.
 */
static void test_lost_bar_remembered(void **state)
{
    struct physdev_mhv_map_bar m, again;
    struct domain_bar_gone g;

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(map_bar(D1, IGB_VF(0), 0, &m), 0);
    assert_false(pci_bar_gone_find(D1, m.va, &g));         /* live */
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_true(pci_bar_gone_find(D1, m.va + 8, &g));
    assert_int_equal(g.sbdf, IGB_VF(0).sbdf);
    assert_int_equal(g.bar, 0);
    assert_int_equal(g.va, m.va);
    assert_int_equal(g.size, m.size);
    assert_true(pci_bar_gone_find(D1, m.va + m.size - 1, &g));
    assert_false(pci_bar_gone_find(D1, m.va + m.size, &g));
    assert_false(pci_bar_gone_find(D1, m.va - 1, &g));
    assert_false(pci_bar_gone_find(D0, m.va + 8, &g));     /* d1's only */
    assert_int_equal(pci_bar_gone_count(D1, m.va + 8, false), 1);
    assert_int_equal(pci_bar_gone_count(D1, m.va + 12, false), 2);
    assert_int_equal(pci_bar_gone_count(D1, m.va, true), 1);
    assert_int_equal(pci_bar_gone_count(D1, m.va + m.size, true), 0);

    assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
    assert_int_equal(map_bar(D1, IGB_VF(0), 0, &again), 0);
    assert_true(again.va != m.va);
    assert_false(pci_bar_gone_find(D1, again.va, &g));
    for (unsigned int i = 0; i < DOMAIN_BARS_GONE; i++) {
        assert_int_equal(deassign_device(IGB_VF(0)), 0);
        assert_int_equal(assign_device(D1, IGB_VF(0)), 0);
        assert_int_equal(map_bar(D1, IGB_VF(0), 0, &again), 0);
    }
    assert_int_equal(deassign_device(IGB_VF(0)), 0);
    assert_false(pci_bar_gone_find(D1, m.va + 8, &g));     /* the oldest went */
    assert_true(pci_bar_gone_find(D1, again.va + 8, &g));
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
        cmocka_unit_test_setup_teardown(test_lost_bar_remembered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_bar_holds_back_recorded_msix_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_bar_over_ram_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_live_bar_never_written, setup, teardown),
        cmocka_unit_test_setup_teardown(test_command_mediated_while_msix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msix_without_decoding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sriov_geometry_fixed_while_vfs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_bar_refuses_bad_placements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_owner_allow_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_mapping_flushes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_own_bars_overlap_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_bar_over_firmware_reserved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pf_reset_refused_while_vfs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bar_move_refused_under_msix_or_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_place_hot_added_bars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dev_event_op, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
