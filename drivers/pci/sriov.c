/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SR-IOV geometry: the PF's capability, VF BAR sizes and VF routing IDs
 * (<mhv/pci/sriov.h>).  Placing VF BARs is drivers/pci/place.c.
 *
 * Everything is read through the config accessors when it is needed:
 * offset and stride depend on NumVFs and on the ARI Capable Hierarchy bit,
 * so no copy of them is trusted across a change.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/pci/bars.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/sriov.h>


int pci_sriov_read(pci_sbdf_t pf, struct pci_sriov *sr)
{
    unsigned int pos = pci_find_ext_cap(pf, PCI_EXT_CAP_ID_SRIOV);

    if (!pos) {
        *sr = (struct pci_sriov){ 0 };
        return -ENODEV;
    }
    return pci_sriov_read_at(pf, pos, sr);
}

/* Is the SR-IOV capability still at @pos (the header's ID)? */
static bool sriov_at(pci_sbdf_t pf, unsigned int pos)
{
    return pos >= 0x100 && pos < 0x1000 &&
           (pci_conf_read32(pf, pos) & 0xffff) == PCI_EXT_CAP_ID_SRIOV;
}

int pci_sriov_read_at(pci_sbdf_t pf, unsigned int pos, struct pci_sriov *sr)
{
    *sr = (struct pci_sriov){ 0 };
    if (!sriov_at(pf, pos))
        return -ENODEV;

    sr->pos = pos;
    sr->ctrl = pci_conf_read16(pf, pos + PCI_SRIOV_CTRL);
    sr->initial_vfs = pci_conf_read16(pf, pos + PCI_SRIOV_INITIAL_VF);
    sr->total_vfs = pci_conf_read16(pf, pos + PCI_SRIOV_TOTAL_VF);
    sr->num_vfs = pci_conf_read16(pf, pos + PCI_SRIOV_NUM_VF);
    sr->offset = pci_conf_read16(pf, pos + PCI_SRIOV_VF_OFFSET);
    sr->stride = pci_conf_read16(pf, pos + PCI_SRIOV_VF_STRIDE);
    sr->vf_device = pci_conf_read16(pf, pos + PCI_SRIOV_VF_DID);
    sr->sup_pgsz = pci_conf_read32(pf, pos + PCI_SRIOV_SUP_PGSIZE);
    sr->sys_pgsz = pci_conf_read32(pf, pos + PCI_SRIOV_SYS_PGSIZE);
    return 0;
}

int pci_sriov_read_vf_bars(pci_sbdf_t pf, unsigned int pos,
                           struct pci_bar vf_bars[PCI_SRIOV_NUM_BARS])
{
    u16 ctrl;
    unsigned int i;

    for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
        vf_bars[i] = (struct pci_bar){ .type = PCI_BAR_EMPTY };

    ctrl = pci_conf_read16(pf, pos + PCI_SRIOV_CTRL);
    if (ctrl == 0xffff)
        return -ENODEV;
    if (ctrl & (PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE)) {
        gprintk(LOG_WARNING "PCI: %pp: VF BARs not sized: VF Enable or VF MSE "
                "already set (ctrl %#x)\n", &pf, ctrl);
        return -EBUSY;
    }

    for (i = 0; i < PCI_SRIOV_NUM_BARS; ) {
        struct pci_bar *b = &vf_bars[i];
        int rc = pci_bar_probe(pf, pos + PCI_SRIOV_VF_BAR(i),
                               i + 1 < PCI_SRIOV_NUM_BARS, b);

        if (rc == -ENODEV)
            return -ENODEV;
        if (rc < 0) {
            gprintk(LOG_WARNING "PCI: %pp: VF BAR%u cannot be sized, ignored\n",
                    &pf, i);
            b->size = 0;
            i += b->is64 ? 2 : 1;
            continue;
        }
        if (b->type == PCI_BAR_IO && b->size) {
            gprintk(LOG_WARNING "PCI: %pp: VF BAR%u is an I/O BAR, ignored\n",
                    &pf, i);
            b->size = 0;
        }
        i += rc;
    }
    return 0;
}

int pci_sriov_size_vf_bars(pci_sbdf_t pf, unsigned int pos,
                           u64 vf_rlen[PCI_SRIOV_NUM_BARS])
{
    struct pci_bar bars[PCI_SRIOV_NUM_BARS];
    unsigned int i;
    int rc = pci_sriov_read_vf_bars(pf, pos, bars);

    for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
        vf_rlen[i] = bars[i].type == PCI_BAR_MEM ? bars[i].size : 0;
    return rc;
}

static bool bar_is_mem64(u32 lo)
{
    return !(lo & PCI_BASE_ADDRESS_SPACE_IO) &&
           (lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64;
}

int pci_sriov_vf_bar_base(pci_sbdf_t pf, unsigned int pos, unsigned int bar,
                          u64 *base)
{
    unsigned int i;
    u32 lo;

    *base = 0;
    if (bar >= PCI_SRIOV_NUM_BARS)
        return -EINVAL;
    /* Walk from BAR0: the upper half of a 64-bit BAR is not a BAR. */
    for (i = 0; i < bar; )
        i += bar_is_mem64(pci_conf_read32(pf, pos + PCI_SRIOV_VF_BAR(i))) ? 2 : 1;
    if (i != bar)
        return -EINVAL;
    lo = pci_conf_read32(pf, pos + PCI_SRIOV_VF_BAR(bar));
    if (lo & PCI_BASE_ADDRESS_SPACE_IO)
        return -EINVAL;
    *base = lo & PCI_BASE_ADDRESS_MEM_MASK;
    if ((lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64) {
        if (bar + 1 >= PCI_SRIOV_NUM_BARS)
            return -EINVAL;
        *base |= (u64)pci_conf_read32(pf, pos + PCI_SRIOV_VF_BAR(bar + 1)) << 32;
    }
    return 0;
}

/* ------------------------------------------------------------ routing IDs */

int pci_sriov_vf_rid(pci_sbdf_t pf, unsigned int offset, unsigned int stride,
                     unsigned int n, pci_sbdf_t *vf)
{
    u64 rid = (u64)pf.bdf + offset + (u64)stride * n;

    if (rid > 0xffff)
        return -ERANGE;
    *vf = PCI_SBDF(pf.seg, rid >> 8, rid & 0xff);
    return 0;
}

/* Read the current geometry and check that VFs exist and it is sane. */
static int vf_geometry(pci_sbdf_t pf, unsigned int pos, u16 *num, u16 *offset,
                       u16 *stride)
{
    u16 ctrl, total;

    if (!pos)
        return -ENODEV;
    ctrl = pci_conf_read16(pf, pos + PCI_SRIOV_CTRL);
    *num = pci_conf_read16(pf, pos + PCI_SRIOV_NUM_VF);
    total = pci_conf_read16(pf, pos + PCI_SRIOV_TOTAL_VF);
    *offset = pci_conf_read16(pf, pos + PCI_SRIOV_VF_OFFSET);
    *stride = pci_conf_read16(pf, pos + PCI_SRIOV_VF_STRIDE);

    if (ctrl == 0xffff && *num == 0xffff)
        return -ENODEV;         /* the PF stopped answering */
    if (!(ctrl & PCI_SRIOV_CTRL_VFE) || !*num)
        return -ENXIO;
    /*
     * The VF BARs span TotalVFs VFs: a VF beyond them would decode (and be
     * given) addresses outside the PF's VF BAR space.
     */
    if (*num > total) {
        gprintk(LOG_WARNING "PCI: %pp: SR-IOV NumVFs %u above TotalVFs %u, only "
                "%u VFs considered\n", &pf, *num, total, total);
        *num = total;
        if (!*num)
            return -ENXIO;
    }
    if (!*offset) {
        gprintk(LOG_WARNING "PCI: %pp: SR-IOV First VF Offset is 0 with %u VFs "
                "enabled\n", &pf, *num);
        return -EINVAL;
    }
    if (*num > 1 && !*stride) {
        gprintk(LOG_WARNING "PCI: %pp: SR-IOV VF Stride is 0 with %u VFs "
                "enabled\n", &pf, *num);
        return -EINVAL;
    }
    return 0;
}

int pci_sriov_vf_index(pci_sbdf_t pf, pci_sbdf_t vf)
{
    return pci_sriov_vf_index_at(pf, pci_find_ext_cap(pf, PCI_EXT_CAP_ID_SRIOV), vf);
}

int pci_sriov_vf_index_at(pci_sbdf_t pf, unsigned int pos, pci_sbdf_t vf)
{
    u16 num, offset, stride;
    unsigned int first, delta, n;
    int rc = vf_geometry(pf, pos, &num, &offset, &stride);

    if (rc)
        return rc;
    if (vf.seg != pf.seg)
        return -EINVAL;
    first = (unsigned int)pf.bdf + offset;
    if (vf.bdf < first)
        return -EINVAL;
    delta = vf.bdf - first;
    if (!stride)                /* only legal with a single VF */
        n = delta ? num : 0;
    else if (delta % stride)
        return -EINVAL;
    else
        n = delta / stride;
    if (n >= num)
        return -EINVAL;
    return n;
}

int pci_sriov_vf_sbdf(pci_sbdf_t pf, unsigned int n, pci_sbdf_t *vf)
{
    u16 num, offset, stride;
    int rc = vf_geometry(pf, pci_find_ext_cap(pf, PCI_EXT_CAP_ID_SRIOV), &num,
                         &offset, &stride);

    if (rc)
        return rc;
    if (n >= num)
        return -EINVAL;
    return pci_sriov_vf_rid(pf, offset, stride, n, vf);
}
