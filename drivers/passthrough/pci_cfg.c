/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Config-space access on behalf of domains, with the hypervisor's and the
 * control domain's registers filtered (<mhv/passthrough/pci_cfg.h>).
 */
#include <mhv/passthrough/pci_cfg.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/pci/regs.h>
#include <mhv/passthrough/pdev_reset.h>
#include <mhv/hypercall.h>
#include <mhv/domain.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/passthrough/bar_map.h>
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/sbdf.h>

static bool overlaps(unsigned int reg, unsigned int end, unsigned int lo,
                     unsigned int hi)
{
    return reg < hi && end > lo;
}

/*
 * What an owner other than the control domain may write (Jailhouse's
 * pci_cfg_control tables are the model): an allow list, per register and
 * bit.  A write may change only the bits listed for its bytes; everything
 * else of the function -- BARs, the ROM BAR, bridge windows, SR-IOV, power
 * state, link control, unknown registers -- is kept as it is, and a write
 * that would change it is refused.  Status registers are listed whole:
 * their bits are write-1-to-clear or read-only.  The FLR bit of PCIe
 * Device Control is not written: the hypervisor performs the reset
 * (pci_reset_device()).  MSI and MSI-X stay the hypervisor's for everybody
 * (write_is_hypervisor_owned()).
 */
enum cfg_where { CFG_HEADER, CFG_CAP, CFG_EXT_CAP };

struct cfg_rule {
    enum cfg_where where;
    u16 id;                         /* capability ID (CFG_CAP, CFG_EXT_CAP) */
    u16 off;                        /* offset in the header / capability */
    u8 len;                         /* bytes */
    u32 writable;                   /* the bits the owner may change */
};

static const struct cfg_rule owner_rules[] = {
    { CFG_HEADER, 0, PCI_COMMAND, 2, PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
      PCI_COMMAND_MASTER | PCI_COMMAND_INVALIDATE | PCI_COMMAND_PARITY |
      PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE },
    { CFG_HEADER, 0, PCI_STATUS, 2, 0xffff },
    { CFG_HEADER, 0, PCI_CACHE_LINE_SIZE, 1, 0xff },
    { CFG_HEADER, 0, PCI_LATENCY_TIMER, 1, 0xff },
    { CFG_HEADER, 0, PCI_INTERRUPT_LINE, 1, 0xff },
    /* PCIe Device Control: relaxed ordering, extended tags, no snoop and
     * the max read request size only.  Max Payload Size must match the
     * link partner (a larger one makes malformed TLPs, a fatal error for
     * the whole link), phantom functions would use other functions'
     * requester IDs, and error reporting is the platform's; FLR is a reset
     * request (below).  Then the status registers. */
    { CFG_CAP, PCI_CAP_ID_EXP, PCI_EXP_DEVCTL, 2, 0x7910 },
    { CFG_CAP, PCI_CAP_ID_EXP, PCI_EXP_DEVSTA, 2, 0xffff },
    { CFG_CAP, PCI_CAP_ID_EXP, PCI_EXP_LNKSTA, 2, 0xffff },
    /* PM: PME enable and PME status, not the power state (D3hot resets). */
    { CFG_CAP, PCI_CAP_ID_PM, PCI_PM_CTRL, 2, 0x8100 },
    /* AER: the error status registers (write 1 to clear); masks and
     * severities are the platform's (they decide what is fatal). */
    { CFG_EXT_CAP, PCI_EXT_CAP_ID_ERR, 0x04, 4, 0xffffffff },
    { CFG_EXT_CAP, PCI_EXT_CAP_ID_ERR, 0x10, 4, 0xffffffff },
};

/* The bits of config byte @at the owner of @pdev may change. */
static u8 owner_writable(pci_sbdf_t sbdf, const struct pci_dev *pdev,
                         unsigned int at)
{
    /* A capability found live may lie about where it is: the SR-IOV
     * registers recorded at add are never the owner's, whatever overlaps
     * them. */
    if (pdev && pdev->is_pf && pdev->pf.sriov_pos &&
        at >= pdev->pf.sriov_pos && at < pdev->pf.sriov_pos + PCI_SRIOV_SIZEOF)
        return 0;
    for (unsigned int i = 0; i < ARRAY_SIZE(owner_rules); i++) {
        const struct cfg_rule *r = &owner_rules[i];
        unsigned int base = 0;

        if (r->where == CFG_CAP)
            base = pci_find_cap(sbdf, r->id);
        else if (r->where == CFG_EXT_CAP && at >= 0x100)
            base = pci_find_ext_cap(sbdf, r->id);
        if (r->where != CFG_HEADER && !base)
            continue;
        if (at >= base + r->off && at < base + r->off + r->len)
            return r->writable >> (8 * (at - base - r->off));
    }
    return 0;
}

u32 pci_cfg_owner_mask(pci_sbdf_t sbdf, const struct pci_dev *pdev,
                       unsigned int reg, unsigned int size)
{
    u32 mask = 0;

    for (unsigned int i = 0; i < size; i++)
        mask |= (u32)owner_writable(sbdf, pdev, reg + i) << (8 * i);
    return mask;
}

/*
 * May an owner other than the control domain write @value (@size bytes at
 * @reg)?  Clears the FLR bit from *@value and sets *@flr when it asked for
 * one.  0, or -EPERM (logged) when the write would change a bit it may not.
 */
static int check_owner_write(struct domain *d, pci_sbdf_t sbdf,
                             const struct pci_dev *pdev, unsigned int reg,
                             unsigned int size, u32 *value, bool *flr)
{
    unsigned int exp = pci_find_cap(sbdf, PCI_CAP_ID_EXP);

    *flr = false;
    if (exp && overlaps(reg, reg + size, exp + PCI_EXP_DEVCTL + 1,
                        exp + PCI_EXP_DEVCTL + 2)) {
        u32 bit = (PCI_EXP_DEVCTL_BCR_FLR >> 8) << (8 * (exp + PCI_EXP_DEVCTL + 1 - reg));

        if (*value & bit) {
            *flr = true;
            *value &= ~bit;
        }
    }
    for (unsigned int i = 0; i < size; i++) {
        u8 now = pci_conf_read8(sbdf, reg + i), want = *value >> (8 * i);
        u8 fixed = ~owner_writable(sbdf, pdev, reg + i);

        if ((now ^ want) & fixed) {
            gprintk(LOG_WARNING "d%u: config write %pp+%#x (%u bytes, %#x) refused: "
                    "byte %#x bits %#x are not the owner's to change\n",
                    d->domain_id, &sbdf, reg, size, *value, reg + i,
                    (now ^ want) & fixed);
            return -EPERM;
        }
    }
    return 0;
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
 * it depends on are its own: memory decoding stays on
 * while MSI-X is enabled (else the hypervisor's mask writes to the table
 * would be dropped while it frees the vector), and INTx stays disabled
 * while either is.  A write of COMMAND by any domain has them forced.
 * Returns the value to write.
 */
u32 pci_cfg_mediate_command(pci_sbdf_t sbdf, const struct pci_dev *pdev,
                            unsigned int reg, unsigned int size, u32 value)
{
    u16 force = 0;

    if (!pdev || !overlaps(reg, reg + size, PCI_COMMAND, PCI_COMMAND + 2))
        return value;
    /* The hypervisor's own record, not the device's word for it; stable
     * while the caller holds the owner's event_lock for read. */
    ASSERT(!pdev->domain || rw_is_locked_by_me(&pdev->domain->event_lock));
    if (pdev->msix)
        force |= PCI_COMMAND_MEMORY | PCI_COMMAND_INTX_DISABLE;
    if (!list_empty(&pdev->msi_list))
        force |= PCI_COMMAND_INTX_DISABLE;
    /* The bytes of COMMAND this write covers, shifted into its place. */
    for (unsigned int byte = 0; byte < 2; byte++) {
        unsigned int at = PCI_COMMAND + byte;
        u32 bits = (force >> (8 * byte)) & 0xff;

        if (at < reg || at >= reg + size || !bits)
            continue;
        bits <<= 8 * (at - reg);
        if ((value & bits) != bits)
            gprintk(LOG_DEBUG "%pp: COMMAND write %#x: memory decoding / INTx "
                    "disable kept as MSI(-X) needs them\n", &sbdf, value);
        value |= bits;
    }
    return value;
}

/*
 * A PF whose VFs are registered keeps its SR-IOV geometry: VF Enable, VF
 * MSE and ARI, NumVFs, the System Page
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

/* The new value of the @len-byte register at @at after this write. */
static u32 merged(pci_sbdf_t sbdf, unsigned int at, unsigned int len,
                  unsigned int reg, unsigned int size, u32 value)
{
    u32 v = len == 2 ? pci_conf_read16(sbdf, at) : pci_conf_read32(sbdf, at);

    for (unsigned int b = 0; b < len; b++)
        if (at + b >= reg && at + b < reg + size) {
            v &= ~(0xffu << (8 * b));
            v |= ((value >> (8 * (at + b - reg))) & 0xff) << (8 * b);
        }
    return v;
}

/*
 * The control domain's writes that would pull a function from under the
 * hypervisor or other domains: a reset (FLR, or a
 * power state other than D0) of a PF with registered VFs wipes their
 * SR-IOV state; moving a BAR of a function whose MSI-X the hypervisor
 * drives, or whose BARs its owner has mapped, leaves the hypervisor's
 * table writes and the mapping at the old address.  -EBUSY, logged.
 */
static int check_d0_write(struct domain *d, pci_sbdf_t sbdf,
                          struct pci_dev *pdev, unsigned int reg,
                          unsigned int size, u32 value)
{
    const char *why = NULL;
    unsigned int pos;

    if (pci_pf_with_vfs(sbdf)) {
        if ((pos = pci_find_cap(sbdf, PCI_CAP_ID_EXP)) &&
            overlaps(reg, reg + size, pos + PCI_EXP_DEVCTL, pos + PCI_EXP_DEVCTL + 2) &&
            (merged(sbdf, pos + PCI_EXP_DEVCTL, 2, reg, size, value) & PCI_EXP_DEVCTL_BCR_FLR))
            why = "a reset of a PF with registered VFs";
        if ((pos = pci_find_cap(sbdf, PCI_CAP_ID_PM)) &&
            overlaps(reg, reg + size, pos + PCI_PM_CTRL, pos + PCI_PM_CTRL + 2) &&
            (merged(sbdf, pos + PCI_PM_CTRL, 2, reg, size, value) & 3))
            why = "a power state (reset) of a PF with registered VFs";
    }
    if (!why && pdev && !pdev->is_vf &&
        (pci_conf_read8(sbdf, PCI_HEADER_TYPE) & 0x7f) == 0 &&
        overlaps(reg, reg + size, PCI_BASE_ADDRESS_0, PCI_BASE_ADDRESS_0 + 24)) {
        bool changes = false;

        for (unsigned int at = ROUNDDOWN(reg, 4); at < reg + size; at += 4)
            if (at >= PCI_BASE_ADDRESS_0 && at < PCI_BASE_ADDRESS_0 + 24)
                changes |= merged(sbdf, at, 4, reg, size, value) !=
                           pci_conf_read32(sbdf, at);
        if (changes && (pdev->msix || pci_bars_mapped(pdev)))
            why = "moving a BAR while MSI-X is on or the BARs are mapped";
    }
    if (!why)
        return 0;
    gprintk(LOG_WARNING "d%u: config write %pp+%#x refused: %s\n",
            d->domain_id, &sbdf, reg, why);
    return -EBUSY;
}

int pci_conf_access(struct domain *d, pci_sbdf_t sbdf, unsigned int reg,
                    unsigned int size, bool write, u32 *value)
{
    struct pci_dev *pdev;
    bool flr = false;
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
    if (!rc && pdev && pdev_resetting(pdev)) {
        /* Its config space is the reset's until it ends: wait for that,
         * then this access is issued again. */
        rc = pdev_reset_wait_turn(pdev);
        if (rc == -EBUSY)
            printk(LOG_DEBUG "d%u: config access %pp+%#x: a reset of it is "
                   "running\n", d->domain_id, &sbdf, reg);
    }
    if (!rc && write && write_is_hypervisor_owned(sbdf, pdev, reg, size)) {
        gprintk(LOG_DEBUG "d%u: config write %pp+%#x refused: MSI/MSI-X control "
                "belongs to the hypervisor\n", d->domain_id, &sbdf, reg);
        rc = -EPERM;
    }
    if (!rc && write && is_control_domain(d))
        rc = check_sriov_write(d, sbdf, reg, size, *value);
    if (!rc && write && is_control_domain(d))
        rc = check_d0_write(d, sbdf, pdev, reg, size, *value);
    if (!rc && write && !is_control_domain(d))
        rc = check_owner_write(d, sbdf, pdev, reg, size, value, &flr);
    if (!rc) {
        if (write) {
            struct domain *owner = pdev ? pdev->domain : NULL;

            /* No MSI(-X) set-up or teardown between the look and the write. */
            if (owner)
                read_lock(&owner->event_lock);
            *value = pci_cfg_mediate_command(sbdf, pdev, reg, size, *value);
            if (size == 1)
                pci_conf_write8(sbdf, reg, *value);
            else if (size == 2)
                pci_conf_write16(sbdf, reg, *value);
            else
                pci_conf_write32(sbdf, reg, *value);
            if (owner)
                read_unlock(&owner->event_lock);
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
    /* The reset the owner asked for, done by the hypervisor (it takes the
     * locks it needs; the device may have gone meanwhile: then -EPERM). */
    if (!rc && flr)
        rc = pci_reset_device(d, sbdf, PCI_OWNER_GEN_ANY, hypercall_wait_result);
    return rc;
}
