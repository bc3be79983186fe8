/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MSI and MSI-X programming, the device side (see <mhv/passthrough/msi.h>
 * for the rules).
 *
 * MSI-X set-up follows the order the PCI specification asks for: enable
 * with the function masked, every entry masked until it is programmed,
 * then lift the function mask.  Each entry change happens with the
 * function masked.  The table is mapped uncached and its pages (and the
 * PBA's) are the hypervisor's: BAR mappings for domains leave them out.
 */
#include <mhv/passthrough/msi.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/pci_mem_bar.h>
#include <mhv/pci/sriov.h>
#include <mhv/domain.h>
#include <mhv/smp.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <asm/io.h>
#include <mhv/pci/access.h>

static void assert_locks(const struct pci_dev *pdev)
{
    ASSERT(pdev->domain);
    ASSERT_PDEV_LIST_IS_READ_LOCKED(pdev->domain);
    ASSERT(rw_is_write_locked_by_me(&pdev->domain->event_lock));
}

/* ---------------------------------------------------------------- MSI-X */

static u16 msix_ctrl(const struct pci_dev *pdev)
{
    return pci_conf_read16(pdev->sbdf, pdev->msix_pos + PCI_MSIX_FLAGS);
}

static void msix_set_ctrl(const struct pci_dev *pdev, u16 v)
{
    pci_conf_write16(pdev->sbdf, pdev->msix_pos + PCI_MSIX_FLAGS, v);
}

int msix_table_geometry(const struct pci_dev *pdev, paddr_t *table,
                        paddr_t *pba, unsigned int *nr_entries)
{
    const struct pci_msix_geom *g = &pdev->msix_geom;
    u64 tbase, tsize, pbase, psize;
    int rc;

    if (!pdev->msix_pos)
        return -ENODEV;
    /* The record taken when the device was added, never the live one. */
    if (g->table_bir >= PCI_NUM_BARS_NORMAL || g->pba_bir >= PCI_NUM_BARS_NORMAL) {
        gprintk(LOG_ERR "%pp: MSI-X table BIR %u / PBA BIR %u invalid\n",
               &pdev->sbdf, g->table_bir, g->pba_bir);
        return -EINVAL;
    }
    rc = read_pci_mem_bar(pdev, g->table_bir, &tbase, &tsize);
    if (!rc)
        rc = read_pci_mem_bar(pdev, g->pba_bir, &pbase, &psize);
    if (rc)
        return rc;
    /* The table and the PBA must lie inside their BARs. */
    if (!g->valid ||
        (u64)g->table_offset + (u64)g->nr_entries * PCI_MSIX_ENTRY_SIZE > tsize ||
        (u64)g->pba_offset + DIV_ROUND_UP(g->nr_entries, 64) * 8 > psize) {
        gprintk(LOG_ERR "%pp: MSI-X table (%#x+%u entries) or PBA (%#x) outside "
               "its BAR (%#lx / %#lx bytes)\n", &pdev->sbdf, g->table_offset,
               g->nr_entries, g->pba_offset, tsize, psize);
        return -EINVAL;
    }
    *table = tbase + g->table_offset;
    *pba = pbase + g->pba_offset;
    *nr_entries = g->nr_entries;
    return 0;
}

static volatile u8 *entry_addr(const struct pci_msix *m, unsigned int entry)
{
    return m->table + entry * PCI_MSIX_ENTRY_SIZE;
}

/*
 * Does @pdev decode the memory its MSI-X table is in?  A function: its
 * COMMAND.MEM.  A VF: its PF's VF MSE (a VF's own COMMAND.MEM is reserved
 * by the specification; QEMU wants it too, and msix_capability_init() sets
 * it).  Table writes are dropped silently when it does not (Xen's
 * memory_decoded()); config space always answers.
 */
static bool msix_memory_decoded(const struct pci_dev *pdev)
{
    if (pdev->is_vf) {
        const struct pci_dev *pf = pci_vf_physfn(pdev);

        return pci_conf_read16(pf->sbdf, pf->pf.sriov_pos + PCI_SRIOV_CTRL) &
               PCI_SRIOV_CTRL_MSE;
    }
    return pci_conf_read16(pdev->sbdf, PCI_COMMAND) & PCI_COMMAND_MEMORY;
}

static bool entry_bit(const u64 *map, unsigned int entry)
{
    return map[entry / 64] & (1ULL << (entry % 64));
}

static void entry_set(u64 *map, unsigned int entry, bool on)
{
    if (on)
        map[entry / 64] |= 1ULL << (entry % 64);
    else
        map[entry / 64] &= ~(1ULL << (entry % 64));
}

/* Mask @entry and flush the write (a read completion pushes the device's
 * earlier posted writes -- its MSIs -- ahead of it). */
static void mask_entry(struct pci_msix *m, unsigned int entry)
{
    volatile u8 *e = entry_addr(m, entry);

    writel(PCI_MSIX_ENTRY_CTRL_MASKBIT, e + PCI_MSIX_ENTRY_VECTOR_CTRL);
    (void)readl(e + PCI_MSIX_ENTRY_VECTOR_CTRL);
}

int msix_capability_init(struct pci_dev *pdev)
{
    struct pci_msix *m;
    paddr_t table, pba;
    unsigned int n;
    int rc;

    assert_locks(pdev);
    if (pdev->msix)
        return 0;
    if (!pdev->msix_pos)
        return -ENODEV;
    rc = msix_table_geometry(pdev, &table, &pba, &n);
    if (rc)
        return rc;
    if (pdev->is_vf) {
        u16 cmd = pci_conf_read16(pdev->sbdf, PCI_COMMAND);

        if (!(cmd & PCI_COMMAND_MEMORY))        /* QEMU's VFs want it */
            pci_conf_write16(pdev->sbdf, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY);
    }
    if (!msix_memory_decoded(pdev)) {
        gprintk(LOG_ERR "%pp: memory decoding is off: its MSI-X table cannot "
                "be programmed\n", &pdev->sbdf);
        return -ENXIO;
    }
    m = xzalloc(struct pci_msix);
    if (!m)
        return -ENOMEM;
    m->table = ioremap(table, n * PCI_MSIX_ENTRY_SIZE);
    if (!m->table) {
        xfree(m);
        return -ENOMEM;
    }
    m->table_pa = table;
    m->pba_pa = pba;
    m->nr_entries = n;

    /* Enable with the function masked, then mask every entry. */
    msix_set_ctrl(pdev, (msix_ctrl(pdev) | PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
    for (unsigned int i = 0; i < n; i++)
        writel(PCI_MSIX_ENTRY_CTRL_MASKBIT,
               entry_addr(m, i) + PCI_MSIX_ENTRY_VECTOR_CTRL);
    pdev->msix = m;
    gprintk(LOG_DEBUG "%pp: MSI-X on, %u entries, table %#lx, PBA %#lx\n",
            &pdev->sbdf, n, table, pba);
    return 0;
}

/* The last entry went: MSI-X off (config space: always reaches the device). */
static void msix_teardown(struct pci_dev *pdev)
{
    struct pci_msix *m = pdev->msix;

    msix_set_ctrl(pdev, msix_ctrl(pdev) & ~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
    (void)msix_ctrl(pdev);
    iounmap((void *)m->table, m->nr_entries * PCI_MSIX_ENTRY_SIZE);
    pdev->msix = NULL;
    xfree(m);
}

int pci_enable_msix_entry(struct pci_dev *pdev, unsigned int entry,
                          const struct msi_msg *msg)
{
    struct pci_msix *m;
    volatile u8 *e;
    u16 ctrl;
    int rc;

    assert_locks(pdev);
    rc = msix_capability_init(pdev);
    if (rc)
        return rc;
    m = pdev->msix;
    if (entry >= m->nr_entries) {
        if (!m->nr_used)
            msix_teardown(pdev);
        return -EINVAL;
    }
    if (entry_bit(m->used, entry))
        return -EBUSY;

    ctrl = msix_ctrl(pdev);
    msix_set_ctrl(pdev, ctrl | PCI_MSIX_FLAGS_MASKALL);
    if (!msix_memory_decoded(pdev)) {
        gprintk(LOG_ERR "%pp: memory decoding is off: MSI-X entry %u not "
                "programmed\n", &pdev->sbdf, entry);
        if (!m->nr_used)
            msix_teardown(pdev);
        else
            msix_set_ctrl(pdev, ctrl);
        return -ENXIO;
    }
    /* Entries whose mask could not be written at teardown: mask them now,
     * before the function mask is lifted. */
    for (unsigned int i = 0; i < m->nr_entries; i++)
        if (entry_bit(m->stale, i)) {
            mask_entry(m, i);
            entry_set(m->stale, i, false);
        }
    e = entry_addr(m, entry);
    writel(PCI_MSIX_ENTRY_CTRL_MASKBIT, e + PCI_MSIX_ENTRY_VECTOR_CTRL);
    writel(msg->address_lo, e + PCI_MSIX_ENTRY_LOWER_ADDR);
    writel(msg->address_hi, e + PCI_MSIX_ENTRY_UPPER_ADDR);
    writel(msg->data, e + PCI_MSIX_ENTRY_DATA);
    writel(0, e + PCI_MSIX_ENTRY_VECTOR_CTRL);          /* unmask */
    entry_set(m->used, entry, true);
    m->nr_used++;
    msix_set_ctrl(pdev, (ctrl | PCI_MSIX_FLAGS_ENABLE) & ~PCI_MSIX_FLAGS_MASKALL);
    return 0;
}

int pci_msix_entry_mask(struct pci_dev *pdev, unsigned int entry, bool mask)
{
    struct pci_msix *m = pdev->msix;
    volatile u8 *e;

    assert_locks(pdev);
    if (!m || entry >= m->nr_entries || !entry_bit(m->used, entry))
        return -EINVAL;
    if (!msix_memory_decoded(pdev)) {
        gprintk(LOG_ERR "%pp: memory decoding is off: MSI-X entry %u not "
                "%smasked\n", &pdev->sbdf, entry, mask ? "" : "un");
        return -ENXIO;
    }
    e = entry_addr(m, entry);
    writel(mask ? PCI_MSIX_ENTRY_CTRL_MASKBIT : 0, e + PCI_MSIX_ENTRY_VECTOR_CTRL);
    (void)readl(e + PCI_MSIX_ENTRY_VECTOR_CTRL);        /* flush */
    return 0;
}

void pci_disable_msix_entry(struct pci_dev *pdev, unsigned int entry)
{
    struct pci_msix *m = pdev->msix;
    volatile u8 *e;

    assert_locks(pdev);
    if (!m || entry >= m->nr_entries || !entry_bit(m->used, entry))
        return;
    entry_set(m->used, entry, false);
    m->nr_used--;
    if (msix_memory_decoded(pdev)) {
        e = entry_addr(m, entry);
        writel(PCI_MSIX_ENTRY_CTRL_MASKBIT, e + PCI_MSIX_ENTRY_VECTOR_CTRL);
        writel(0, e + PCI_MSIX_ENTRY_LOWER_ADDR);
        writel(0, e + PCI_MSIX_ENTRY_UPPER_ADDR);
        writel(0, e + PCI_MSIX_ENTRY_DATA);
        (void)readl(e + PCI_MSIX_ENTRY_VECTOR_CTRL);    /* flush */
    } else if (m->nr_used) {
        /* The mask would be dropped: mask the whole function (config
         * space) until the entry can be masked (next enable). */
        gprintk(LOG_ERR "%pp: memory decoding is off: MSI-X entry %u masked "
                "with the whole function\n", &pdev->sbdf, entry);
        msix_set_ctrl(pdev, msix_ctrl(pdev) | PCI_MSIX_FLAGS_MASKALL);
        (void)msix_ctrl(pdev);
        entry_set(m->stale, entry, true);
    }
    /* The last one: MSI-X Enable off in config space silences them all,
     * whether or not the table decodes. */
    if (!m->nr_used)
        msix_teardown(pdev);
}

/* ---------------------------------------------------------------- MSI */

static unsigned int msi_data_reg(u16 ctrl)
{
    return (ctrl & PCI_MSI_FLAGS_64BIT) ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32;
}

int msi_capability_init(struct pci_dev *pdev, unsigned int nvec,
                        const struct msi_msg *msg)
{
    unsigned int pos = pdev->msi_pos, offered;
    u16 ctrl;

    assert_locks(pdev);
    if (!pos)
        return -ENODEV;
    ctrl = pci_conf_read16(pdev->sbdf, pos + PCI_MSI_FLAGS);
    if (ctrl & PCI_MSI_FLAGS_ENABLE)
        return -EBUSY;
    offered = 1u << ((ctrl & PCI_MSI_FLAGS_QMASK) >> 1);
    if (!nvec || nvec > 32 || (nvec & (nvec - 1)) || nvec > offered) {
        gprintk(LOG_ERR "%pp: %u MSI vectors requested, the device offers %u\n",
               &pdev->sbdf, nvec, offered);
        return -EINVAL;
    }
    if (ctrl & PCI_MSI_FLAGS_MASKBIT)   /* mask all while programming */
        pci_conf_write32(pdev->sbdf, pos + ((ctrl & PCI_MSI_FLAGS_64BIT) ?
                         PCI_MSI_MASK_64 : PCI_MSI_MASK_32), ~0u);
    pci_conf_write32(pdev->sbdf, pos + PCI_MSI_ADDRESS_LO, msg->address_lo);
    if (ctrl & PCI_MSI_FLAGS_64BIT)
        pci_conf_write32(pdev->sbdf, pos + PCI_MSI_ADDRESS_HI, msg->address_hi);
    pci_conf_write16(pdev->sbdf, pos + msi_data_reg(ctrl), msg->data);
    ctrl &= ~PCI_MSI_FLAGS_QSIZE;
    ctrl |= (__builtin_ctz(nvec) << 4) | PCI_MSI_FLAGS_ENABLE;
    pci_conf_write16(pdev->sbdf, pos + PCI_MSI_FLAGS, ctrl);
    /* Unmask the @nvec enabled vectors (all 32: a shift by 32 is undefined,
     * and x86 would make it a shift by 0, leaving every vector masked). */
    if (ctrl & PCI_MSI_FLAGS_MASKBIT)
        pci_conf_write32(pdev->sbdf, pos + ((ctrl & PCI_MSI_FLAGS_64BIT) ?
                         PCI_MSI_MASK_64 : PCI_MSI_MASK_32),
                         nvec < 32 ? ~0u << nvec : 0);
    return 0;
}

void pci_disable_msi(struct pci_dev *pdev)
{
    unsigned int pos = pdev->msi_pos;
    u16 ctrl;

    assert_locks(pdev);
    if (!pos)
        return;
    ctrl = pci_conf_read16(pdev->sbdf, pos + PCI_MSI_FLAGS);
    /* Disable first (every vector at once), read back, then clear. */
    pci_conf_write16(pdev->sbdf, pos + PCI_MSI_FLAGS,
                     ctrl & ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE));
    (void)pci_conf_read16(pdev->sbdf, pos + PCI_MSI_FLAGS);
    pci_conf_write32(pdev->sbdf, pos + PCI_MSI_ADDRESS_LO, 0);
    if (ctrl & PCI_MSI_FLAGS_64BIT)
        pci_conf_write32(pdev->sbdf, pos + PCI_MSI_ADDRESS_HI, 0);
    pci_conf_write16(pdev->sbdf, pos + msi_data_reg(ctrl), 0);
    if (ctrl & PCI_MSI_FLAGS_MASKBIT)
        pci_conf_write32(pdev->sbdf, pos + ((ctrl & PCI_MSI_FLAGS_64BIT) ?
                         PCI_MSI_MASK_64 : PCI_MSI_MASK_32), 0);
}
