/* SPDX-License-Identifier: GPL-2.0 */
/* Memory BAR geometry of registered devices (see <mhv/passthrough/pci_mem_bar.h>). */
#include <mhv/passthrough/pci_mem_bar.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/pci/sriov.h>
#include <mhv/domain.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/pci/access.h>

/*
 * x86-64's architectural limit of physical addresses (MAXPHYADDR <= 52): a
 * BAR region reaching past it is a lie of the device (or wraps past 2^64),
 * and would have the hypervisor map some other address.
 */
#define PADDR_LIMIT     (1ULL << 52)

/* [base, base + size * (n + 1)) lies below PADDR_LIMIT (size != 0). */
static bool region_ok(u64 base, u64 size, u64 n)
{
    return base < PADDR_LIMIT && n + 1 <= (PADDR_LIMIT - base) / size;
}

static int vf_mem_bar(const struct pci_dev *vf, unsigned int bir,
                      u64 *base, u64 *size)
{
    const struct pci_dev *pf = pci_vf_physfn(vf);
    struct pci_sriov sr;
    int idx;

    if (!pf->pf.vf_rlen_valid) {
        gprintk(LOG_ERR "%pp: VF BAR sizes of PF %pp unknown (VFs were enabled "
               "when it was added)\n", &vf->sbdf, &pf->sbdf);
        return -ENXIO;
    }
    /* The capability's place was recorded when the PF was added: each
     * question below reads it there, none walks the capability list. */
    if (pci_sriov_read_at(pf->sbdf, pf->pf.sriov_pos, &sr)) {
        gprintk(LOG_ERR "%pp: PF %pp has no SR-IOV capability\n", &vf->sbdf, &pf->sbdf);
        return -ENXIO;
    }
    if (!(sr.ctrl & PCI_SRIOV_CTRL_VFE) || !(sr.ctrl & PCI_SRIOV_CTRL_MSE) ||
        !sr.num_vfs || !sr.offset || (sr.num_vfs > 1 && !sr.stride)) {
        gprintk(LOG_ERR "%pp: PF %pp SR-IOV not usable (ctrl %#x, NumVFs %u, "
               "offset %#x, stride %u)\n", &vf->sbdf, &pf->sbdf, sr.ctrl,
               sr.num_vfs, sr.offset, sr.stride);
        return -ENXIO;
    }
    idx = pci_sriov_vf_index_at(pf->sbdf, pf->pf.sriov_pos, vf->sbdf);
    if (idx < 0 || (unsigned int)idx != vf->vf.index) {
        gprintk(LOG_ERR "%pp: no longer VF %u of %pp (%d)\n", &vf->sbdf,
               vf->vf.index, &pf->sbdf, idx);
        return -ENXIO;
    }
    if (!pf->pf.vf_rlen[bir]) {
        gprintk(LOG_ERR "%pp: VF BAR%u of %pp has no size\n", &vf->sbdf, bir, &pf->sbdf);
        return -EINVAL;
    }
    if (pci_sriov_vf_bar_base(pf->sbdf, pf->pf.sriov_pos, bir, base)) {
        gprintk(LOG_ERR "%pp: VF BAR%u of %pp is not a memory BAR\n", &vf->sbdf,
               bir, &pf->sbdf);
        return -EINVAL;
    }
    if (!*base) {
        gprintk(LOG_ERR "%pp: VF BAR%u of %pp is not placed\n", &vf->sbdf, bir, &pf->sbdf);
        return -ENXIO;
    }
    *size = pf->pf.vf_rlen[bir];
    if (!region_ok(*base, *size, (u64)idx)) {
        gprintk(LOG_ERR "%pp: VF BAR%u of %pp lies beyond the physical address "
               "space (base %#lx, VF %d x %#lx)\n", &vf->sbdf, bir, &pf->sbdf,
               (unsigned long)*base, idx, (unsigned long)*size);
        return -EINVAL;
    }
    *base += (u64)idx * *size;
    return 0;
}

int read_pci_mem_bar(const struct pci_dev *pdev, unsigned int bir,
                     u64 *base, u64 *size)
{
    u32 lo;

    ASSERT(pcidevs_locked() ||
           (pdev->domain && rw_is_locked_by_me(&pdev->domain->pci_lock)));
    if (bir >= PCI_SRIOV_NUM_BARS) {
        gprintk(LOG_ERR "%pp: BAR index %u out of range\n", &pdev->sbdf, bir);
        return -EINVAL;
    }
    if (pdev->is_vf)
        return vf_mem_bar(pdev, bir, base, size);

    /* The size was taken when the device was added; only the base is
     * read now, never by writing the BAR (the device is live). */
    *size = pdev->mem_bar_size[bir];
    if (!*size) {
        gprintk(LOG_ERR "%pp: BAR%u is not a sized memory BAR\n", &pdev->sbdf, bir);
        return -EINVAL;
    }
    lo = pci_conf_read32(pdev->sbdf, PCI_BASE_ADDRESS_0 + 4 * bir);
    if (lo & PCI_BASE_ADDRESS_SPACE_IO) {
        gprintk(LOG_ERR "%pp: BAR%u is an I/O BAR now\n", &pdev->sbdf, bir);
        return -EINVAL;
    }
    *base = lo & PCI_BASE_ADDRESS_MEM_MASK;
    if ((lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64 &&
        bir + 1 < PCI_NUM_BARS_NORMAL)
        *base |= (u64)pci_conf_read32(pdev->sbdf, PCI_BASE_ADDRESS_0 + 4 * (bir + 1)) << 32;
    if (!*base) {
        gprintk(LOG_ERR "%pp: BAR%u is not placed\n", &pdev->sbdf, bir);
        return -ENXIO;
    }
    if (!region_ok(*base, *size, 0)) {
        gprintk(LOG_ERR "%pp: BAR%u lies beyond the physical address space "
                "(base %#lx)\n", &pdev->sbdf, bir, (unsigned long)*base);
        return -EINVAL;
    }
    return 0;
}
