/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Benchmark domain setup (bench.h): the configuration module and the VFs.
 *
 * The VFs are enabled the way mhvctl's `sriov` does it, minus the 100 ms
 * wait after VF Enable (QEMU's VFs exist at once; under icount the wait
 * would add 100 M "instructions" of idle time to the boot figure).
 */
#include "bench.h"
#include <mhv/pci/regs.h>
#include <igb/igb_irq.h>

#define CONFIG_LINE_MAX     128
#define CONFIG_MAX_WORDS    (BENCH_MAX_SIZES + 1)

static void apply(struct bench_config *c, int argc, char **argv)
{
    uint64_t v;

    if (argc < 2) {
        bench_error("config: '%s' needs a value", argv[0]);
        return;
    }
    if (str_eq(argv[0], "sizes")) {
        c->nr_sizes = 0;
        for (int i = 1; i < argc && c->nr_sizes < BENCH_MAX_SIZES; i++)
            if (!parse_uint(argv[i], 0x10000, &v) && v)
                c->sizes[c->nr_sizes++] = (unsigned int)v;
        return;
    }
    if (parse_uint(argv[1], MHV_BENCH_MAX_SAMPLES, &v) || !v) {
        bench_error("config: bad value '%s' for %s", argv[1], argv[0]);
        return;
    }
    if (str_eq(argv[0], "iterations"))
        c->iterations = (unsigned int)v;
    else if (str_eq(argv[0], "list-iterations"))
        c->list_iterations = (unsigned int)v;
    else
        bench_error("config: unknown key '%s'", argv[0]);
}

void bench_read_config(const struct start_info *si, struct bench_config *c)
{
    const char *p = (const char *)(uintptr_t)si->mod_start;
    const char *end = p + si->mod_len;

    *c = (struct bench_config){
        .iterations = 200, .list_iterations = 20,
        .sizes = { 16, 1024, 65536 }, .nr_sizes = 3,
    };
    if (!si->mod_start)
        return;
    while (p < end) {
        char line[CONFIG_LINE_MAX], *argv[CONFIG_MAX_WORDS];
        unsigned int n = 0;
        int argc;

        while (p < end && *p != '\n') {
            if (n < sizeof(line) - 1)
                line[n++] = *p;
            p++;
        }
        p++;
        line[n] = '\0';
        argc = split_args(line, argv, CONFIG_MAX_WORDS);
        if (argc > 0)
            apply(c, argc, argv);
        else if (argc < 0)
            bench_error("config: line with too many words");
    }
}

static int conf_rd(uint32_t sbdf, unsigned int reg, unsigned int size,
                   uint32_t *v)
{
    int rc = mhv_pci_conf_read(sbdf, reg, size, v);

    if (rc)
        bench_error("config read %pp+%#x: %d", SBDF_ARG(sbdf), reg, rc);
    return rc;
}

static int conf_wr(uint32_t sbdf, unsigned int reg, unsigned int size,
                   uint32_t v)
{
    int rc = mhv_pci_conf_write(sbdf, reg, size, v);

    if (rc)
        bench_error("config write %pp+%#x: %d", SBDF_ARG(sbdf), reg, rc);
    return rc;
}

/* The first registered igb PF (sysctl listing). */
static int find_pf(uint32_t *pf)
{
    struct mhv_pci_info info[16];
    uint32_t start = 0, count, total;
    int rc;

    do {
        rc = mhv_pci_list(start, info, 16, &count, &total);
        if (rc)
            return rc;
        for (uint32_t i = 0; i < count; i++)
            if ((info[i].flags & MHV_PCI_FLAG_PF) &&
                igb_is_pf(info[i].vendor, info[i].device)) {
                *pf = info[i].sbdf;
                return 0;
            }
        start += count;
    } while (count && start < total);
    bench_error("no igb PF (8086:10c9) registered");
    return -MHV_ENODEV;
}

/* Offset of the SR-IOV capability (bounded walk). */
static int find_sriov(uint32_t pf, unsigned int *pos)
{
    unsigned int off = PCI_EXT_CAP_PTR_MIN;

    for (unsigned int n = 0; n < PCI_EXT_CAP_MAX_ENTRIES && off; n++) {
        uint32_t hdr;
        int rc = conf_rd(pf, off, 4, &hdr);

        if (rc)
            return rc;
        if (hdr == 0 || hdr == ~0u)
            break;
        if (PCI_EXT_CAP_ID(hdr) == PCI_EXT_CAP_ID_SRIOV) {
            *pos = off;
            return 0;
        }
        off = PCI_EXT_CAP_NEXT(hdr);
        if (off && off < PCI_EXT_CAP_PTR_MIN)
            break;
    }
    bench_error("%pp has no SR-IOV capability", SBDF_ARG(pf));
    return -MHV_ENODEV;
}

int bench_setup_vfs(struct bench_hw *hw)
{
    uint32_t total, ctrl, offset, stride, cmd;
    unsigned int pos;
    int rc;

    if ((rc = find_pf(&hw->pf)) || (rc = find_sriov(hw->pf, &pos)) ||
        (rc = conf_rd(hw->pf, pos + PCI_SRIOV_TOTAL_VF, 2, &total)) ||
        (rc = conf_rd(hw->pf, pos + PCI_SRIOV_CTRL, 2, &ctrl)))
        return rc;
    if (ctrl & PCI_SRIOV_CTRL_VFE) {
        bench_error("%pp already has its VFs enabled", SBDF_ARG(hw->pf));
        return -MHV_EBUSY;
    }
    hw->nr_vfs = total < BENCH_MAX_VFS ? total : BENCH_MAX_VFS;
    if ((rc = conf_wr(hw->pf, pos + PCI_SRIOV_NUM_VF, 2, hw->nr_vfs)) ||
        (rc = conf_wr(hw->pf, pos + PCI_SRIOV_CTRL, 2,
                      (ctrl & PCI_SRIOV_CTRL_ARI) | PCI_SRIOV_CTRL_VFE |
                      PCI_SRIOV_CTRL_MSE)) ||
        (rc = conf_rd(hw->pf, pos + PCI_SRIOV_VF_OFFSET, 2, &offset)) ||
        (rc = conf_rd(hw->pf, pos + PCI_SRIOV_VF_STRIDE, 2, &stride)))
        return rc;

    for (unsigned int i = 0; i < hw->nr_vfs; i++) {
        uint32_t rid = (hw->pf & 0xffff) + offset + stride * i;

        if (rid > 0xffff)
            return -MHV_ERANGE;
        hw->vf[i] = (hw->pf & 0xffff0000u) | rid;
        if ((rc = conf_rd(hw->vf[i], PCI_COMMAND, 2, &cmd)) ||
            (rc = conf_wr(hw->vf[i], PCI_COMMAND, 2,
                          cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)))
            return rc;
        rc = mhv_pci_device_add(hw->vf[i], XEN_PCI_DEV_VIRTFN, hw->pf);
        if (rc) {
            bench_error("VF %pp: add refused: %d", SBDF_ARG(hw->vf[i]), rc);
            return rc;
        }
    }
    return 0;
}
