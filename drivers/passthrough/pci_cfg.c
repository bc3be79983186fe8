/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Config-space access on behalf of domains, with the hypervisor's and the
 * control domain's registers filtered (<mhv/pci_cfg.h>).
 */
#include <mhv/pci_cfg.h>
#include <mhv/pcidev.h>
#include <mhv/pci_regs.h>
#include <mhv/domain.h>
#include <mhv/lib.h>
#include <mhv/errno.h>

static bool overlaps(unsigned int reg, unsigned int end, unsigned int lo,
                     unsigned int hi)
{
    return reg < hi && end > lo;
}

/*
 * Registers only the control domain may write: the BARs and the expansion
 * ROM BAR (a domain moving its BAR over RAM and then mapping it would get
 * at memory that is not its own), a bridge's bus numbers and windows, a
 * PF's SR-IOV capability (it places and enables VFs the control domain may
 * own), and what resets or resizes the function behind the hypervisor's
 * back: PCIe Device Control (function-level reset), PM control (D3hot
 * resets too) and the Resizable BAR controls.  A deny list of what is
 * known to matter; everything else in an owned function is the owner's.
 */
static bool write_needs_control_domain(pci_sbdf_t sbdf, const struct pci_dev *pdev,
                                       unsigned int reg, unsigned int size)
{
    unsigned int end = reg + size, pos;

    if (overlaps(reg, end, PCI_BASE_ADDRESS_0, 0x40))
        return true;            /* BARs, bridge registers, ROM BARs */
    if (pdev && pdev->is_pf && pdev->pf.sriov_pos &&
        overlaps(reg, end, pdev->pf.sriov_pos, pdev->pf.sriov_pos + 0x40))
        return true;
    if ((pos = pci_find_cap(sbdf, PCI_CAP_ID_EXP)) &&
        overlaps(reg, end, pos + PCI_EXP_DEVCTL, pos + PCI_EXP_DEVCTL + 2))
        return true;
    if ((pos = pci_find_cap(sbdf, PCI_CAP_ID_PM)) &&
        overlaps(reg, end, pos + PCI_PM_CTRL, pos + PCI_PM_CTRL + 2))
        return true;
    if (reg >= 0x100 &&
        (((pos = pci_find_ext_cap(sbdf, PCI_EXT_CAP_ID_REBAR)) &&
          overlaps(reg, end, pos, pos + 0x34)) ||
         ((pos = pci_find_ext_cap(sbdf, PCI_EXT_CAP_ID_VF_REBAR)) &&
          overlaps(reg, end, pos, pos + 0x34))))
        return true;
    return false;
}

/* Does a write of @size bytes at @reg touch hypervisor-owned registers? */
static bool write_is_hypervisor_owned(pci_sbdf_t sbdf, const struct pci_dev *pdev,
                                      unsigned int reg, unsigned int size)
{
    unsigned int msi = pdev ? pdev->msi_pos : pci_find_cap(sbdf, PCI_CAP_ID_MSI);
    unsigned int msix = pdev ? pdev->msix_pos : pci_find_cap(sbdf, PCI_CAP_ID_MSIX);
    unsigned int end = reg + size;

    /* MSI: control, address, data, mask and pending (up to 24 bytes). */
    if (msi && reg < msi + 24 && end > msi + 2)
        return true;
    /* MSI-X: message control (table and PBA offsets are read-only). */
    if (msix && reg < msix + 4 && end > msix + 2)
        return true;
    return false;
}

/*
 * While the hypervisor drives a function's MSI or MSI-X, the COMMAND bits
 * it depends on are its own (issue 13 item 3): memory decoding stays on
 * while MSI-X is enabled (else the hypervisor's mask writes to the table
 * would be dropped while it frees the vector), and INTx stays disabled
 * while either is.  A write of COMMAND by any domain has them forced.
 * Returns the value to write.
 */
static u32 mediate_command(pci_sbdf_t sbdf, const struct pci_dev *pdev,
                           unsigned int reg, unsigned int size, u32 value)
{
    u16 force = 0;

    if (!pdev || !overlaps(reg, reg + size, PCI_COMMAND, PCI_COMMAND + 2))
        return value;
    if (pdev->msix_pos && (pci_conf_read16(sbdf, pdev->msix_pos + PCI_MSIX_FLAGS) &
                           PCI_MSIX_FLAGS_ENABLE))
        force |= PCI_COMMAND_MEMORY | PCI_COMMAND_INTX_DISABLE;
    if (pdev->msi_pos && (pci_conf_read16(sbdf, pdev->msi_pos + PCI_MSI_FLAGS) &
                          PCI_MSI_FLAGS_ENABLE))
        force |= PCI_COMMAND_INTX_DISABLE;
    /* The bytes of COMMAND this write covers, shifted into its place. */
    for (unsigned int byte = 0; byte < 2; byte++) {
        unsigned int at = PCI_COMMAND + byte;
        u32 bits = (force >> (8 * byte)) & 0xff;

        if (at < reg || at >= reg + size || !bits)
            continue;
        bits <<= 8 * (at - reg);
        if ((value & bits) != bits)
            printk(LOG_DEBUG "%pp: COMMAND write %#x: memory decoding / INTx "
                   "disable kept as MSI(-X) needs them\n", &sbdf, value);
        value |= bits;
    }
    return value;
}

/*
 * A PF whose VFs are registered keeps its SR-IOV geometry (issue 13 item 5,
 * issue 15 item 3): VF Enable, VF MSE and ARI, NumVFs, the System Page
 * Size, the VF BARs and the VF Resizable BAR controls -- what vf_rlen[],
 * the VFs' routing IDs and their MSI-X tables were computed from.  Refused
 * even to the control domain (-EBUSY) until its VFs are removed.
 */
static int check_sriov_write(struct domain *d, pci_sbdf_t sbdf,
                             unsigned int reg, unsigned int size, u32 value)
{
    const struct pci_dev *pf = pci_pf_with_vfs(sbdf);
    unsigned int pos, end = reg + size;
    bool bad = false;

    if (!pf)
        return 0;
    pos = pf->pf.sriov_pos;
    if (overlaps(reg, end, pos + PCI_SRIOV_CTRL, pos + PCI_SRIOV_CTRL + 2)) {
        u16 now = pci_conf_read16(sbdf, pos + PCI_SRIOV_CTRL);
        u16 keep = PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE | PCI_SRIOV_CTRL_ARI;
        u16 next = now;

        /* The new control word, as far as the write covers it. */
        for (unsigned int byte = 0; byte < 2; byte++) {
            unsigned int at = pos + PCI_SRIOV_CTRL + byte;

            if (at >= reg && at < end) {
                next &= ~(0xff << (8 * byte));
                next |= ((value >> (8 * (at - reg))) & 0xff) << (8 * byte);
            }
        }
        bad |= (next ^ now) & keep;
    }
    bad |= overlaps(reg, end, pos + PCI_SRIOV_NUM_VF, pos + PCI_SRIOV_NUM_VF + 2) ||
           overlaps(reg, end, pos + PCI_SRIOV_SYS_PGSIZE, pos + PCI_SRIOV_BAR + 24);
    if (reg >= 0x100 && (pos = pci_find_ext_cap(sbdf, PCI_EXT_CAP_ID_VF_REBAR)))
        bad |= overlaps(reg, end, pos, pos + 0x34);
    if (!bad)
        return 0;
    gprintk(LOG_WARNING "d%u: config write %pp+%#x refused: the PF has %u "
            "registered VFs, its SR-IOV geometry stays as it is\n",
            d->domain_id, &sbdf, reg, pf->pf.nr_vfs);
    return -EBUSY;
}

int pci_conf_access(struct domain *d, pci_sbdf_t sbdf, unsigned int reg,
                    unsigned int size, bool write, u32 *value)
{
    struct pci_dev *pdev;
    int rc = 0;

    if ((size != 1 && size != 2 && size != 4) || (reg & (size - 1)) ||
        reg > 0x1000 - size)
        return -EINVAL;

    if (is_control_domain(d)) {
        pcidevs_lock();
        pdev = pci_get_pdev(NULL, sbdf);
        if (pdev && pdev->domain && pdev->domain != d)
            rc = -EPERM;
    } else {
        read_lock(&d->pci_lock);
        pdev = pci_get_pdev(d, sbdf);
        if (!pdev)
            rc = -EPERM;
    }
    if (!rc && write && !is_control_domain(d) &&
        write_needs_control_domain(sbdf, pdev, reg, size)) {
        printk(LOG_DEBUG "d%u: config write %pp+%#x refused: BARs, bridge, SR-IOV, "
               "reset and resize registers are the control domain's\n",
               d->domain_id, &sbdf, reg);
        rc = -EPERM;
    }
    if (!rc && write && write_is_hypervisor_owned(sbdf, pdev, reg, size)) {
        printk(LOG_DEBUG "d%u: config write %pp+%#x refused: MSI/MSI-X control "
               "belongs to the hypervisor\n", d->domain_id, &sbdf, reg);
        rc = -EPERM;
    }
    if (!rc && write && is_control_domain(d))
        rc = check_sriov_write(d, sbdf, reg, size, *value);
    if (!rc) {
        if (write) {
            *value = mediate_command(sbdf, pdev, reg, size, *value);
            if (size == 1)
                pci_conf_write8(sbdf, reg, *value);
            else if (size == 2)
                pci_conf_write16(sbdf, reg, *value);
            else
                pci_conf_write32(sbdf, reg, *value);
        } else {
            *value = size == 1 ? pci_conf_read8(sbdf, reg)
                   : size == 2 ? pci_conf_read16(sbdf, reg)
                               : pci_conf_read32(sbdf, reg);
        }
    }
    if (is_control_domain(d))
        pcidevs_unlock();
    else
        read_unlock(&d->pci_lock);
    return rc;
}
