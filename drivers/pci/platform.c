/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The platform's part of placing BARs at boot (<mhv/pci/platform.h>): the PCI
 * hole below 4 GiB, from the memory map and MCFG, and QEMU's VF-BAR quirk;
 * selftest=pci checks the result.  The allocator is drivers/pci/place.c.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/init.h>
#include <mhv/acpi.h>
#include <mhv/bootinfo.h>
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/pci/bars.h>
#include <mhv/pci/scan.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/sriov.h>
#include <mhv/pci/place.h>
#include <mhv/pci/platform.h>

/*
 * The PCI hole below 4 GiB that VF BARs may grow into on the root bus:
 * from the end of the last memory-map region below 4 GiB up to the IOAPIC
 * area, minus the ECAM ranges.  VF BARs go below 4 GiB because QEMU's igb
 * ignores the upper dword of 64-bit VF BARs.
 */
#define HOLE_END 0xfebfffffULL
#define MAX_ROOT 8

static unsigned int pci_hole(struct pci_mem_range *r)
{
    u64 start = 0;
    unsigned int n = 0;

    for (unsigned int i = 0; i < bootinfo.nr_mem; i++) {
        u64 end = bootinfo.mem[i].addr + bootinfo.mem[i].len;

        if (bootinfo.mem[i].addr < HOLE_END && end > start)
            start = end;
    }
    start = ROUNDUP(start, 1UL << 20);
    r[n++] = (struct pci_mem_range){ start, HOLE_END };
    /* Cut the ECAM windows out. */
    for (unsigned int i = 0; i < acpi_info.nr_mcfg; i++) {
        u64 es = acpi_info.mcfg[i].base + ((u64)acpi_info.mcfg[i].start_bus << 20);
        u64 ee = acpi_info.mcfg[i].base + (((u64)acpi_info.mcfg[i].end_bus + 1) << 20) - 1;

        for (unsigned int j = 0; j < n && n < MAX_ROOT; j++) {
            struct pci_mem_range w = r[j];

            if (ee < w.start || es > w.end)
                continue;
            if (es > w.start && ee < w.end) {
                r[j].end = es - 1;
                r[n++] = (struct pci_mem_range){ ee + 1, w.end };
            } else if (es <= w.start) {
                r[j].start = ee + 1;
            } else {
                r[j].end = es - 1;
            }
        }
    }
    return n;
}

/*
 * Firmware that does place VF BARs (OVMF) may put them above 4 GiB, which
 * QEMU's VFs do not decode: forget such a placement so that it is redone
 * below 4 GiB.  Only while VFs are disabled.
 */
static void forget_high_vf_bars(pci_sbdf_t pf)
{
    struct pci_sriov sr;

    if (pci_sriov_read(pf, &sr) ||
        (sr.ctrl & (PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE)))
        return;
    for (unsigned int i = 0; i < PCI_SRIOV_NUM_BARS; i++) {
        unsigned int reg = sr.pos + PCI_SRIOV_BAR + 4 * i;
        u32 lo = pci_conf_read32(pf, reg);
        u64 base;

        if ((lo & PCI_BASE_ADDRESS_SPACE_IO) ||
            (lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) != PCI_BASE_ADDRESS_MEM_TYPE_64 ||
            i + 1 >= PCI_SRIOV_NUM_BARS)
            continue;
        if (!pci_sriov_vf_bar_base(pf, sr.pos, i, &base) && base >= (1ULL << 32)) {
            printk("PCI %pp: VF BAR%u at %#lx is above 4 GiB (VFs would not "
                   "decode it): placing it again\n", &pf, i, base);
            pci_conf_write32(pf, reg, lo & ~PCI_BASE_ADDRESS_MEM_MASK);
            pci_conf_write32(pf, reg + 4, 0);
        }
        i++;        /* the upper half */
    }
}

int pci_place_boot_vf_bars(pci_sbdf_t pf)
{
    struct pci_mem_range root[MAX_ROOT];
    int rc;

    forget_high_vf_bars(pf);
    rc = pci_sriov_place_vf_bars(pf, root, pci_hole(root));
    if (rc < 0 && rc != -EBUSY)
        printk(LOG_WARNING "PCI %pp: VF BARs not placed (%d): its VFs "
               "cannot be used\n", &pf, rc);
    return rc;
}

int pci_place_hotplug_bars(pci_sbdf_t sbdf)
{
    struct pci_mem_range root[MAX_ROOT];
    int n, vf = 0;

    n = pci_place_func_bars(sbdf, root, pci_hole(root));
    if (n >= 0 && pci_find_ext_cap(sbdf, PCI_EXT_CAP_ID_SRIOV))
        vf = pci_place_boot_vf_bars(sbdf);
    if (n < 0)
        return n;
    return vf < 0 ? vf : n + vf;
}

/*
 * selftest=pci: every SR-IOV PF's VF BARs are placed below 4 GiB and lie
 * inside a memory window of the PF's upstream bridge (what the VFs decode).
 */
struct vfbar_check {
    unsigned int pfs, bars, bad;
};

static int check_pf(const struct pci_func *f, void *ctx)
{
    struct vfbar_check *c = ctx;
    struct pci_sriov sr;
    u64 rlen[PCI_SRIOV_NUM_BARS];
    pci_sbdf_t br;

    if (f->is_vf || pci_sriov_read(f->sbdf, &sr))
        return 0;
    c->pfs++;
    if (pci_find_upstream_bridge(f->sbdf.seg, f->sbdf.bus, &br)) {
        printk("selftest pci: %pp is on a root bus: not checked\n", &f->sbdf);
        return 0;
    }
    if (pci_sriov_size_vf_bars(f->sbdf, sr.pos, rlen))
        return 0;           /* VFs enabled: sizes cannot be read now */
    for (unsigned int i = 0; i < PCI_SRIOV_NUM_BARS; i++) {
        u64 base, end, ws, we;
        bool is64, in = false;

        if (!rlen[i] || pci_sriov_vf_bar_base(f->sbdf, sr.pos, i, &base))
            continue;
        end = base + (u64)sr.total_vfs * rlen[i] - 1;
        for (int pref = 1; pref >= 0 && !in; pref--)
            if (pci_bridge_window(br, pref, &ws, &we, &is64) && base >= ws && end <= we)
                in = true;
        c->bars++;
        if (!base || end >= (1ULL << 32) || !in) {
            printk(LOG_ERR "selftest pci: %pp VF BAR%u [%#lx-%#lx] not inside a "
                   "window of %pp below 4 GiB\n", &f->sbdf, i, base, end, &br);
            c->bad++;
        } else {
            printk("selftest pci: %pp VF BAR%u [%#lx-%#lx] inside a window of %pp\n",
                   &f->sbdf, i, base, end, &br);
        }
    }
    return 0;
}

static int selftest_pci(void)
{
    struct vfbar_check c = { 0 };

    for (unsigned int i = 0; i < max(acpi_info.nr_mcfg, 1u); i++)
        pci_scan(acpi_info.nr_mcfg ? acpi_info.mcfg[i].segment : 0,
                 acpi_info.nr_mcfg ? acpi_info.mcfg[i].start_bus : 0, check_pf, &c);
    printk("selftest pci: %u SR-IOV PF(s), %u VF BAR(s) checked, %u bad\n",
           c.pfs, c.bars, c.bad);
    return c.bad ? -EINVAL : 0;
}
REGISTER_SELFTEST("pci", selftest_pci, SELFTEST_IN_ALL);
