/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A function's config space as the guest sees it: a table of per-register
 * handlers (vpci_private.h, docs/vpci.md).
 *
 * Every byte of the 256-byte space belongs to one register of the table
 * below, or to none.  A register is emulated (identity, COMMAND, BARs,
 * interrupt line and pin, the capability pointers, MSI-X), read from the
 * function (status, class, subsystem, the PCI Express capability), or
 * both.  What a guest write may change in the function itself is bounded
 * by the allow list every owner gets (pci_cfg_owner_mask(),
 * drivers/passthrough/pci_cfg.c): the table narrows it, never widens it.
 *
 * Bytes of no register -- reserved ones, the capabilities not shown (PM,
 * MSI, vendor-specific, ...) -- read 0 and drop writes, as the PCI
 * specification asks of reserved registers; such writes are counted and
 * logged (rate-limited).  The capability list is rebuilt to link only the
 * PCI Express and MSI-X capabilities, at their real offsets.
 */
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/pci_cfg.h>
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/pci/regs.h>
#include <mhv/domain.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include "vpci_private.h"

/* Where a register lives: the header, or a shown capability. */
enum vpci_reg_where { AT_HEADER, AT_EXP, AT_MSIX };

struct vpci_reg {
    enum vpci_reg_where where;
    u8 off, len;                /* from the header / capability start */
    /* The register's value; @at its offset in config space. */
    u32 (*read)(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at);
    /* A write of @val to the bytes of @mask (a byte mask, in register bit
     * positions); NULL: read-only, the write is dropped. */
    void (*write)(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at,
                  u32 val, u32 mask);
};

static u32 rd_zero(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    return 0;
}

/* The function's own register (all-ones, e.g. a VF's absent subsystem IDs,
 * read as 0). */
static u32 rd_hw(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    u32 v = r->len == 1 ? pci_conf_read8(vd->sbdf, at)
          : r->len == 2 ? pci_conf_read16(vd->sbdf, at)
                        : pci_conf_read32(vd->sbdf, at);

    return v == (r->len == 4 ? ~0u : (1u << (8 * r->len)) - 1) ? 0 : v;
}

/* A write through to the function, of the bits the allow list gives an
 * owner, merged with the bits it keeps. */
static void wr_hw(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at,
                  u32 val, u32 mask)
{
    u32 allowed = pci_cfg_owner_mask(vd->sbdf, vd->pdev, at, r->len) & mask;
    u32 now;

    if (!allowed)
        return;
    now = r->len == 1 ? pci_conf_read8(vd->sbdf, at) : pci_conf_read16(vd->sbdf, at);
    val = (now & ~allowed) | (val & allowed);
    if (r->len == 1)
        pci_conf_write8(vd->sbdf, at, val);
    else
        pci_conf_write16(vd->sbdf, at, val);
}

/* ------------------------------------------------------------ header */

static u32 rd_id(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    /* The registration's identity: a VF's own ID registers read ffff (the
     * SR-IOV specification), its IDs are its PF's vendor and VF Device ID. */
    return at == PCI_VENDOR_ID ? vd->pdev->vendor : vd->pdev->device;
}

static u32 rd_command(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    return vd->command;
}

/* The COMMAND bits the guest may set: the allow list's, without I/O
 * decoding (no I/O BAR is shown). */
static u16 command_writable(const struct vpci_dev *vd)
{
    return pci_cfg_owner_mask(vd->sbdf, vd->pdev, PCI_COMMAND, 2) & ~PCI_COMMAND_IO;
}

void vpci_config_sync_command(struct vpci_dev *vd)
{
    struct domain *d = vd->vpci->d;
    u16 cmd = (vd->command & command_writable(vd)) | PCI_COMMAND_INTX_DISABLE;

    ASSERT_VPCI_LOCKED(vd->vpci);
    /* Memory decoding and INTx disable stay on while the hypervisor drives
     * the function's MSI-X (its own table writes), whatever the guest says;
     * the MSI record may not change meanwhile: its event_lock. */
    read_lock(&d->event_lock);
    cmd = pci_cfg_mediate_command(vd->sbdf, vd->pdev, PCI_COMMAND, 2, cmd);
    pci_conf_write16(vd->sbdf, PCI_COMMAND, cmd);
    read_unlock(&d->event_lock);
}

static void wr_command(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at,
                       u32 val, u32 mask)
{
    u16 writable = command_writable(vd) & mask;
    u16 old = vd->command, new = (old & ~writable) | (val & writable);

    vd->command = new;
    if ((old & ~new) & PCI_COMMAND_MEMORY)
        vpci_bars_unmap(vd);            /* the guest's view goes first */
    if (old != new)
        vpci_config_sync_command(vd);
    if ((new & ~old) & PCI_COMMAND_MEMORY)
        vpci_bars_map(vd);
}

/* Status: the function's, with the capability list the guest sees and no
 * INTx; its error bits are write-1-to-clear. */
static u32 rd_status(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    u16 s = rd_hw(vd, r, at) & ~(PCI_STATUS_INTERRUPT | PCI_STATUS_CAP_LIST);

    return s | (vd->exp_pos || vd->msix_pos ? PCI_STATUS_CAP_LIST : 0);
}

static void wr_status(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at,
                      u32 val, u32 mask)
{
    /* Only the bits written as 1 (a merge would clear the others). */
    u16 w = val & mask & pci_cfg_owner_mask(vd->sbdf, vd->pdev, at, 2);

    if (w)
        pci_conf_write16(vd->sbdf, at, w);
}

static u32 rd_class_rev(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    return vd->pdev->class_rev;
}

static u32 rd_bar(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    return vpci_bar_read(vd, (at - PCI_BASE_ADDRESS_0) / 4);
}

static void wr_bar(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at,
                   u32 val, u32 mask)
{
    unsigned int idx = (at - PCI_BASE_ADDRESS_0) / 4;

    vpci_bar_write(vd, idx, (vpci_bar_read(vd, idx) & ~mask) | (val & mask));
}

/* The shown capabilities, in config-space order. */
static unsigned int first_cap(const struct vpci_dev *vd)
{
    if (vd->exp_pos && vd->msix_pos)
        return min(vd->exp_pos, vd->msix_pos);
    return vd->exp_pos | vd->msix_pos;
}

static unsigned int next_cap(const struct vpci_dev *vd, unsigned int pos)
{
    unsigned int other = pos == vd->exp_pos ? vd->msix_pos : vd->exp_pos;

    return other > pos ? other : 0;
}

static u32 rd_cap_ptr(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    return first_cap(vd);
}

static u32 rd_intline(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    return vd->intline;
}

static void wr_intline(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at,
                       u32 val, u32 mask)
{
    vd->intline = val;          /* a scratch register: no INTx behind it */
}

/* ------------------------------------------------------------ capabilities */

static u32 rd_cap_header(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    u8 id = r->where == AT_EXP ? PCI_CAP_ID_EXP : PCI_CAP_ID_MSIX;

    return id | next_cap(vd, at) << 8;
}

/* PCI Express Device Control: read-only, but Initiate FLR is a reset the
 * hypervisor performs (the bit itself always reads 0). */
static u32 rd_devctl(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    return rd_hw(vd, r, at) & ~PCI_EXP_DEVCTL_BCR_FLR;
}

static void wr_devctl(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at,
                      u32 val, u32 mask)
{
    if ((val & mask & PCI_EXP_DEVCTL_BCR_FLR) &&
        (pci_conf_read32(vd->sbdf, vd->exp_pos + PCI_EXP_DEVCAP) & PCI_EXP_DEVCAP_FLR))
        vd->flr_asked = true;
}

static u32 rd_msix(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at)
{
    return vpci_msix_cap_read(vd, at - vd->msix_pos);
}

static void wr_msix_ctrl(struct vpci_dev *vd, const struct vpci_reg *r, unsigned int at,
                         u32 val, u32 mask)
{
    u16 now = vpci_msix_cap_read(vd, PCI_MSIX_FLAGS);

    vpci_msix_ctrl_write(vd, (now & ~mask) | (val & mask));
}

/*
 * The table.  Header registers not listed (0x28 CardBus CIS, 0x30 ROM,
 * 0x38, BIST, Min_Gnt/Max_Lat) read 0 as listed "zero" entries, so that
 * reading them is not an unknown access; their writes are dropped.
 */
static const struct vpci_reg regs[] = {
    { AT_HEADER, PCI_VENDOR_ID,        2, rd_id,        NULL },
    { AT_HEADER, PCI_DEVICE_ID,        2, rd_id,        NULL },
    { AT_HEADER, PCI_COMMAND,          2, rd_command,   wr_command },
    { AT_HEADER, PCI_STATUS,           2, rd_status,    wr_status },
    { AT_HEADER, PCI_CLASS_REVISION,   4, rd_class_rev, NULL },
    { AT_HEADER, PCI_CACHE_LINE_SIZE,  1, rd_hw,        wr_hw },
    { AT_HEADER, PCI_LATENCY_TIMER,    1, rd_hw,        wr_hw },
    { AT_HEADER, PCI_HEADER_TYPE,      1, rd_zero,      NULL },     /* type 0, one function */
    { AT_HEADER, PCI_BIST,             1, rd_zero,      NULL },
    { AT_HEADER, PCI_BASE_ADDRESS_0,   4, rd_bar,       wr_bar },
    { AT_HEADER, PCI_BASE_ADDRESS_1,   4, rd_bar,       wr_bar },
    { AT_HEADER, PCI_BASE_ADDRESS_2,   4, rd_bar,       wr_bar },
    { AT_HEADER, PCI_BASE_ADDRESS_3,   4, rd_bar,       wr_bar },
    { AT_HEADER, PCI_BASE_ADDRESS_4,   4, rd_bar,       wr_bar },
    { AT_HEADER, PCI_BASE_ADDRESS_5,   4, rd_bar,       wr_bar },
    { AT_HEADER, PCI_CARDBUS_CIS,      4, rd_zero,      NULL },
    { AT_HEADER, PCI_SUBSYSTEM_VENDOR_ID, 4, rd_hw,     NULL },
    { AT_HEADER, PCI_ROM_ADDRESS,      4, rd_zero,      NULL },     /* no ROM */
    { AT_HEADER, PCI_CAPABILITY_LIST,  1, rd_cap_ptr,   NULL },
    { AT_HEADER, 0x35,                 3, rd_zero,      NULL },
    { AT_HEADER, 0x38,                 4, rd_zero,      NULL },
    { AT_HEADER, PCI_INTERRUPT_LINE,   1, rd_intline,   wr_intline },
    { AT_HEADER, PCI_INTERRUPT_PIN,    1, rd_zero,      NULL },     /* no INTx */
    { AT_HEADER, 0x3e,                 2, rd_zero,      NULL },
    /* PCI Express: the function's registers, read-only but for FLR. */
    { AT_EXP,    PCI_CAP_LIST_ID,      2, rd_cap_header, NULL },
    { AT_EXP,    PCI_EXP_FLAGS,        2, rd_hw,        NULL },
    { AT_EXP,    PCI_EXP_DEVCAP,       4, rd_hw,        NULL },
    { AT_EXP,    PCI_EXP_DEVCTL,       2, rd_devctl,    wr_devctl },
    /* the rest of the capability: one read-only run of dwords, below */
    /* MSI-X: the control word shadowed, table and PBA as recorded. */
    { AT_MSIX,   PCI_CAP_LIST_ID,      2, rd_cap_header, NULL },
    { AT_MSIX,   PCI_MSIX_FLAGS,       2, rd_msix,      wr_msix_ctrl },
    { AT_MSIX,   PCI_MSIX_TABLE,       4, rd_msix,      NULL },
    { AT_MSIX,   PCI_MSIX_PBA,         4, rd_msix,      NULL },
};

/* The rest of the PCI Express capability after Device Control: Device
 * Status and everything after it, read-only (a dword or word at a time). */
static const struct vpci_reg exp_tail[] = {
    { AT_EXP, PCI_EXP_DEVSTA, 2, rd_hw, NULL },
};

/* The register holding byte @at of @vd's space, or NULL.  For the tail of
 * the PCI Express capability *@tmp is filled in. */
static const struct vpci_reg *reg_at(const struct vpci_dev *vd, unsigned int at,
                                     unsigned int *base, struct vpci_reg *tmp)
{
    enum vpci_reg_where where = AT_HEADER;

    *base = 0;
    if (vd->exp_pos && at >= vd->exp_pos && at < vd->exp_pos + vd->exp_len) {
        where = AT_EXP;
        *base = vd->exp_pos;
    } else if (vd->msix_pos && at >= vd->msix_pos &&
               at < vd->msix_pos + PCI_MSIX_CAP_SIZE) {
        where = AT_MSIX;
        *base = vd->msix_pos;
    } else if (at >= PCI_STD_HEADER_SIZE) {
        return NULL;                    /* a hidden capability, or nothing */
    }
    for (unsigned int i = 0; i < ARRAY_SIZE(regs); i++)
        if (regs[i].where == where && at >= *base + regs[i].off &&
            at < *base + regs[i].off + regs[i].len)
            return &regs[i];
    if (where == AT_EXP && at >= *base + PCI_EXP_DEVSTA) {
        /* Device Status onwards: read-only words (a word keeps a dword
         * access split at the same places the function has registers). */
        *tmp = exp_tail[0];
        tmp->off = ROUNDDOWN(at - *base, 2);
        return tmp;
    }
    return NULL;
}

u32 vpci_config_read(struct vpci_dev *vd, unsigned int reg, unsigned int size)
{
    u32 val = 0;
    bool unknown = false;

    ASSERT_VPCI_LOCKED(vd->vpci);
    ASSERT(vpci_live(vd));
    for (unsigned int at = reg; at < reg + size;) {
        struct vpci_reg tmp;
        unsigned int base;
        const struct vpci_reg *r = reg_at(vd, at, &base, &tmp);
        unsigned int start, shift;
        u32 v;

        if (!r) {
            unknown = true;         /* reads 0 */
            at++;
            continue;
        }
        start = base + r->off;
        v = r->read(vd, r, start);
        /* The bytes of the register inside the access, into place. */
        for (unsigned int b = 0; b < r->len; b++) {
            if (start + b < reg || start + b >= reg + size)
                continue;
            shift = 8 * (start + b - reg);
            val |= ((v >> (8 * b)) & 0xff) << shift;
        }
        at = start + r->len;
    }
    if (unknown)
        vpci_count(vd->vpci, cfg_unknown);
    return val;
}

bool vpci_config_write(struct vpci_dev *vd, unsigned int reg, unsigned int size,
                       u32 val)
{
    bool unknown = false;

    ASSERT_VPCI_LOCKED(vd->vpci);
    ASSERT(pcidevs_locked());       /* BAR placement walks the registry */
    ASSERT(vpci_live(vd));
    vd->flr_asked = false;
    for (unsigned int at = reg; at < reg + size;) {
        struct vpci_reg tmp;
        unsigned int base;
        const struct vpci_reg *r = reg_at(vd, at, &base, &tmp);
        unsigned int start;
        u32 v = 0, mask = 0;

        if (!r) {
            unknown = true;
            at++;
            continue;
        }
        start = base + r->off;
        for (unsigned int b = 0; b < r->len; b++) {
            if (start + b < reg || start + b >= reg + size)
                continue;
            v |= ((val >> (8 * (start + b - reg))) & 0xff) << (8 * b);
            mask |= 0xffu << (8 * b);
        }
        if (r->write)
            r->write(vd, r, start, v, mask);
        at = start + r->len;
    }
    if (unknown) {
        vpci_count(vd->vpci, cfg_unknown);
        gprintk(LOG_WARNING "d%u: vPCI 00:%02x.0 (%pp): config write %#x "
                "(%u bytes, %#x) to a register it does not show: dropped\n",
                vd->vpci->d->domain_id, vd->slot, &vd->sbdf, reg, size, val);
    }
    return vd->flr_asked;
}

/* ------------------------------------------------------------ set-up */

/* The length of the PCI Express capability at @pos: version 1 ends after
 * Link Status, version 2 after Slot Control 2. */
static unsigned int exp_len(pci_sbdf_t sbdf, unsigned int pos)
{
    return (pci_conf_read16(sbdf, pos + PCI_EXP_FLAGS) & PCI_EXP_FLAGS_VERS) >= 2 ?
           PCI_EXP_CAP_SIZE_V2 : PCI_EXP_CAP_SIZE_V1;
}

int vpci_config_init(struct vpci_dev *vd)
{
    const struct pci_dev *pdev = vd->pdev;
    unsigned int exp = pci_find_cap(vd->sbdf, PCI_CAP_ID_EXP);
    unsigned int len = exp ? exp_len(vd->sbdf, exp) : 0;
    unsigned int msix = pdev->msix_geom.valid ? pdev->msix_pos : 0;

    ASSERT_VPCI_LOCKED(vd->vpci);
    vd->command = 0;
    vd->intline = 0;
    /* Show a capability only where it lies whole in the 256 bytes, clear
     * of the header and of the other one: a device that lies about its
     * list gets the lie hidden, not shown. */
    if (exp && (exp < PCI_STD_HEADER_SIZE || exp + len > PCI_CFG_SPACE_SIZE))
        exp = len = 0;
    if (msix && (msix < PCI_STD_HEADER_SIZE ||
                 msix + PCI_MSIX_CAP_SIZE > PCI_CFG_SPACE_SIZE))
        msix = 0;
    if (exp && msix && msix < exp + len && exp < msix + PCI_MSIX_CAP_SIZE) {
        gprintk(LOG_WARNING "%pp: its PCI Express (%#x) and MSI-X (%#x) "
                "capabilities overlap: PCI Express not shown\n", &vd->sbdf, exp, msix);
        exp = len = 0;
    }
    vd->exp_pos = exp;
    vd->exp_len = len;
    vd->msix_pos = msix;
    return 0;
}
