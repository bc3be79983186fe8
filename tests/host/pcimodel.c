/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PCI configuration-space model for host tests: see pcimodel.h.
 *
 * Each function is 4 KiB of config bytes plus a 4 KiB write mask; the few
 * registers with side effects (BARs for the statistics, the SR-IOV control
 * and NumVFs) are handled after the masked write.  Functions are found by
 * a hash on the 16-bit routing ID with chaining across segments.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/pci/access.h>
#include <mhv/pci/ecam.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include "pcimodel.h"

struct pcim_dev {
    pci_sbdf_t sbdf;
    u8 cfg[PCI_CFG_SPACE_EXP_SIZE];
    u8 wmask[PCI_CFG_SPACE_EXP_SIZE];
    struct pcim_dev *hnext;         /* hash chain */

    unsigned int cap_free;          /* next free standard capability slot */
    unsigned int cap_last;          /* offset of the last capability, 0: none */
    unsigned int ext_free, ext_last;

    /* SR-IOV PF */
    unsigned int sriov_pos;
    struct pcim_sriov_cfg sriov;
    struct pcim_dev **vfs;
    unsigned int nr_vfs;

    /* VF */
    struct pcim_dev *pf;
    unsigned int vf_index;

    unsigned int exp_pos;           /* PCIe capability (FLR), 0: none */
    bool dead;                      /* answers nothing (pcim_set_dead()) */
};

static pthread_mutex_t model_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pcim_dev *hash[1 << 16];
static struct pcim_stats stats;

static void __attribute__((noreturn, format(printf, 1, 2)))
fatal(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("pcimodel: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* The model stands alone (no hypervisor code): its own BAR count. */
static unsigned int num_bars(u8 hdr)
{
    switch (hdr & PCI_HEADER_TYPE_MASK) {
    case PCI_HEADER_TYPE_NORMAL:
        return 6;
    case PCI_HEADER_TYPE_BRIDGE:
        return 2;
    case PCI_HEADER_TYPE_CARDBUS:
        return 1;
    default:
        return 0;
    }
}

/* ------------------------------------------------------------ raw bytes */

static void put(struct pcim_dev *d, unsigned int reg, unsigned int len, u32 v)
{
    for (unsigned int i = 0; i < len; i++)
        d->cfg[reg + i] = v >> (8 * i);
}

static u32 get(const struct pcim_dev *d, unsigned int reg, unsigned int len)
{
    u32 v = 0;

    for (unsigned int i = 0; i < len; i++)
        v |= (u32)d->cfg[reg + i] << (8 * i);
    return v;
}

static void put_wmask(struct pcim_dev *d, unsigned int reg, unsigned int len,
                      u32 mask)
{
    for (unsigned int i = 0; i < len; i++)
        d->wmask[reg + i] = mask >> (8 * i);
}

/* ------------------------------------------------------------ the table */

static struct pcim_dev *lookup(pci_sbdf_t sbdf)
{
    struct pcim_dev *d;

    for (d = hash[sbdf.bdf]; d; d = d->hnext)
        if (d->sbdf.sbdf == sbdf.sbdf)
            return d;
    return NULL;
}

static void unlink_dev(struct pcim_dev *d)
{
    struct pcim_dev **pp;

    for (pp = &hash[d->sbdf.bdf]; *pp; pp = &(*pp)->hnext)
        if (*pp == d) {
            *pp = d->hnext;
            return;
        }
}

static struct pcim_dev *new_dev(pci_sbdf_t sbdf)
{
    struct pcim_dev *d = calloc(1, sizeof(*d));

    if (!d)
        fatal("out of memory");
    d->sbdf = sbdf;
    d->cap_free = PCI_CAP_PTR_MIN;
    d->ext_free = PCI_EXT_CAP_PTR_MIN;
    d->hnext = hash[sbdf.bdf];
    hash[sbdf.bdf] = d;
    return d;
}

static void destroy_vfs(struct pcim_dev *pf)
{
    for (unsigned int n = 0; n < pf->nr_vfs; n++) {
        if (!pf->vfs[n])
            continue;
        unlink_dev(pf->vfs[n]);
        free(pf->vfs[n]);
    }
    free(pf->vfs);
    pf->vfs = NULL;
    pf->nr_vfs = 0;
}

static void free_dev(struct pcim_dev *d)
{
    destroy_vfs(d);
    unlink_dev(d);
    free(d);
}

void pcim_reset(void)
{
    pthread_mutex_lock(&model_lock);
    for (unsigned int i = 0; i < sizeof(hash) / sizeof(hash[0]); i++) {
        /* VFs go with their PF: free PFs and plain functions first. */
        struct pcim_dev *d = hash[i];

        while (d) {
            struct pcim_dev *next = d->hnext;

            if (!d->pf) {
                free_dev(d);
                next = hash[i];     /* the chain may have changed */
            }
            d = next;
        }
    }
    memset(&stats, 0, sizeof(stats));
    pthread_mutex_unlock(&model_lock);
}

/* ------------------------------------------------------------ devices */

static struct pcim_dev *add_common(pci_sbdf_t sbdf, u16 vendor, u16 device,
                                   u32 class, u8 hdr)
{
    struct pcim_dev *d;

    pthread_mutex_lock(&model_lock);
    if (lookup(sbdf))
        fatal("two devices at %04x:%02x:%02x.%u", sbdf.seg, sbdf.bus,
              sbdf.dev, sbdf.fn);
    d = new_dev(sbdf);
    put(d, PCI_VENDOR_ID, 2, vendor);
    put(d, PCI_DEVICE_ID, 2, device);
    put(d, PCI_CLASS_REVISION, 4, class << 8);
    put(d, PCI_HEADER_TYPE, 1, hdr);
    put_wmask(d, PCI_COMMAND, 2,
              PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
              PCI_COMMAND_PARITY | PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE);
    put_wmask(d, PCI_CACHE_LINE_SIZE, 2, 0xffff);
    put_wmask(d, PCI_INTERRUPT_LINE, 1, 0xff);
    pthread_mutex_unlock(&model_lock);
    return d;
}

struct pcim_dev *pcim_add_dev(pci_sbdf_t sbdf, u16 vendor, u16 device,
                              u32 class)
{
    return add_common(sbdf, vendor, device, class, PCI_HEADER_TYPE_NORMAL);
}

struct pcim_dev *pcim_add_bridge(pci_sbdf_t sbdf, u16 vendor, u16 device,
                                 u8 secondary, u8 subordinate)
{
    struct pcim_dev *d = add_common(sbdf, vendor, device, 0x060400,
                                    PCI_HEADER_TYPE_BRIDGE);

    put(d, PCI_PRIMARY_BUS, 1, sbdf.bus);
    put(d, PCI_SECONDARY_BUS, 1, secondary);
    put(d, PCI_SUBORDINATE_BUS, 1, subordinate);
    put_wmask(d, PCI_PRIMARY_BUS, 4, 0x00ffffff);
    put_wmask(d, PCI_IO_BASE, 2, 0xf0f0);
    put_wmask(d, PCI_MEMORY_BASE, 4, 0xfff0fff0);
    put_wmask(d, PCI_PREF_MEMORY_BASE, 4, 0xfff0fff0);
    put_wmask(d, PCI_PREF_BASE_UPPER32, 4, 0xffffffff);
    put_wmask(d, PCI_PREF_LIMIT_UPPER32, 4, 0xffffffff);
    put_wmask(d, PCI_IO_BASE_UPPER16, 4, 0xffffffff);
    put_wmask(d, PCI_BRIDGE_CONTROL, 2, 0x0fff);
    /* 64-bit prefetchable window registers; all windows disabled. */
    put(d, PCI_PREF_MEMORY_BASE, 2, 0xfff0 | PCI_PREF_RANGE_TYPE_64);
    put(d, PCI_PREF_MEMORY_LIMIT, 2, PCI_PREF_RANGE_TYPE_64);
    put(d, PCI_MEMORY_BASE, 2, 0xfff0);
    put(d, PCI_MEMORY_LIMIT, 2, 0);
    put(d, PCI_IO_BASE, 1, 0xf0);
    put(d, PCI_IO_LIMIT, 1, 0);
    return d;
}

void pcim_set_multifunction(struct pcim_dev *d, bool on)
{
    d->cfg[PCI_HEADER_TYPE] = (d->cfg[PCI_HEADER_TYPE] & PCI_HEADER_TYPE_MASK) |
                              (on ? PCI_HEADER_TYPE_MFD : 0);
}

void pcim_set_header_type(struct pcim_dev *d, u8 type)
{
    d->cfg[PCI_HEADER_TYPE] = type;
}

void pcim_set_revision(struct pcim_dev *d, u8 rev)
{
    d->cfg[PCI_REVISION_ID] = rev;
}

void pcim_set_command(struct pcim_dev *d, u16 cmd)
{
    put(d, PCI_COMMAND, 2, cmd);
}

void pcim_set_dead(struct pcim_dev *d, bool dead)
{
    pthread_mutex_lock(&model_lock);
    d->dead = dead;
    pthread_mutex_unlock(&model_lock);
}

void pcim_remove_dev(struct pcim_dev *d)
{
    pthread_mutex_lock(&model_lock);
    if (d->pf) {
        d->pf->vfs[d->vf_index] = NULL;
        unlink_dev(d);
        free(d);
    } else {
        free_dev(d);
    }
    pthread_mutex_unlock(&model_lock);
}

struct pcim_dev *pcim_find(pci_sbdf_t sbdf)
{
    struct pcim_dev *d;

    pthread_mutex_lock(&model_lock);
    d = lookup(sbdf);
    pthread_mutex_unlock(&model_lock);
    return d;
}

pci_sbdf_t pcim_sbdf(const struct pcim_dev *d)
{
    return d->sbdf;
}

/* ------------------------------------------------------------ BARs */

/* Program one BAR (or VF BAR) register pair at @reg. */
static void set_bar_regs(struct pcim_dev *d, unsigned int reg, u64 size,
                         unsigned int flags, u64 base)
{
    u32 type;

    if (!size) {
        put(d, reg, 4, 0);
        put_wmask(d, reg, 4, 0);
        return;
    }
    if (size & (size - 1))
        fatal("BAR size %#llx is not a power of two", (unsigned long long)size);

    if (flags & PCIM_BAR_IO) {
        if (size < 4)
            fatal("I/O BAR of %llu bytes", (unsigned long long)size);
        put(d, reg, 4, ((u32)base & ~(u32)(size - 1) & ~3U) | 1);
        put_wmask(d, reg, 4, ~(u32)(size - 1) & ~3U);
        return;
    }
    if (size < 16)
        fatal("memory BAR of %llu bytes", (unsigned long long)size);
    type = (flags & PCIM_BAR_MEM64 ? PCI_BASE_ADDRESS_MEM_TYPE_64 : 0) |
           (flags & PCIM_BAR_PREFETCH ? PCI_BASE_ADDRESS_MEM_PREFETCH : 0);
    base &= ~(size - 1);
    put(d, reg, 4, ((u32)base & ~0xfU) | type);
    put_wmask(d, reg, 4, (u32)~(size - 1) & ~0xfU);
    if (flags & PCIM_BAR_MEM64) {
        put(d, reg + 4, 4, base >> 32);
        put_wmask(d, reg + 4, 4, (u32)(~(size - 1) >> 32));
    } else if (size > 0x80000000ULL) {
        fatal("32-bit BAR of %#llx bytes", (unsigned long long)size);
    }
}

void pcim_set_bar(struct pcim_dev *d, unsigned int idx, u64 size,
                  unsigned int flags, u64 base)
{
    unsigned int nr = num_bars(d->cfg[PCI_HEADER_TYPE]);

    if (idx >= nr || ((flags & PCIM_BAR_MEM64) && idx + 1 >= nr))
        fatal("BAR%u does not exist here", idx);
    set_bar_regs(d, PCI_BAR_REG(idx), size, flags, base);
}

void pcim_set_rom(struct pcim_dev *d, u32 size, u32 base)
{
    unsigned int reg = (d->cfg[PCI_HEADER_TYPE] & PCI_HEADER_TYPE_MASK) ==
                       PCI_HEADER_TYPE_BRIDGE ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;

    if (!size) {
        put(d, reg, 4, 0);
        put_wmask(d, reg, 4, 0);
        return;
    }
    if ((size & (size - 1)) || size < 2048)
        fatal("ROM size %#x", size);
    put(d, reg, 4, base & ~(size - 1));
    put_wmask(d, reg, 4, (~(size - 1) & PCI_ROM_ADDRESS_MASK) | PCI_ROM_ADDRESS_ENABLE);
}

/* ------------------------------------------------------------ bridges */

void pcim_set_window(struct pcim_dev *br, enum pcim_window which, u64 base,
                     u64 limit)
{
    if (which == PCIM_WIN_MEM) {
        put(br, PCI_MEMORY_BASE, 2, (base >> 16) & 0xfff0);
        put(br, PCI_MEMORY_LIMIT, 2, (limit >> 16) & 0xfff0);
    } else {
        put(br, PCI_PREF_MEMORY_BASE, 2, ((base >> 16) & 0xfff0) | PCI_PREF_RANGE_TYPE_64);
        put(br, PCI_PREF_MEMORY_LIMIT, 2, ((limit >> 16) & 0xfff0) | PCI_PREF_RANGE_TYPE_64);
        put(br, PCI_PREF_BASE_UPPER32, 4, base >> 32);
        put(br, PCI_PREF_LIMIT_UPPER32, 4, limit >> 32);
    }
}

bool pcim_get_window(struct pcim_dev *br, enum pcim_window which, u64 *base,
                     u64 *limit)
{
    if (which == PCIM_WIN_MEM) {
        *base = (u64)(get(br, PCI_MEMORY_BASE, 2) & 0xfff0) << 16;
        *limit = ((u64)(get(br, PCI_MEMORY_LIMIT, 2) & 0xfff0) << 16) | 0xfffff;
    } else {
        *base = ((u64)(get(br, PCI_PREF_MEMORY_BASE, 2) & 0xfff0) << 16) |
                ((u64)get(br, PCI_PREF_BASE_UPPER32, 4) << 32);
        *limit = ((u64)(get(br, PCI_PREF_MEMORY_LIMIT, 2) & 0xfff0) << 16) |
                 ((u64)get(br, PCI_PREF_LIMIT_UPPER32, 4) << 32) | 0xfffff;
    }
    return *base <= *limit;
}

/* ------------------------------------------------------------ capabilities */

unsigned int pcim_add_cap_at(struct pcim_dev *d, unsigned int pos, u8 id,
                             unsigned int len)
{
    unsigned int link;

    if (len < 2)
        len = 2;
    if (pos < PCI_CAP_PTR_MIN || (pos & 3) || pos + len > PCI_CFG_SPACE_SIZE)
        fatal("capability %#x of %u bytes at %#x does not fit", id, len, pos);
    memset(&d->cfg[pos], 0, len);
    memset(&d->wmask[pos], 0, len);
    d->cfg[pos + PCI_CAP_LIST_ID] = id;
    d->cfg[pos + PCI_CAP_LIST_NEXT] = 0;

    if ((d->cfg[PCI_HEADER_TYPE] & PCI_HEADER_TYPE_MASK) == PCI_HEADER_TYPE_CARDBUS)
        link = d->cap_last ? d->cap_last + 1 : PCI_CB_CAPABILITY_LIST;
    else
        link = d->cap_last ? d->cap_last + 1 : PCI_CAPABILITY_LIST;
    d->cfg[link] = pos;
    d->cap_last = pos;
    put(d, PCI_STATUS, 2, get(d, PCI_STATUS, 2) | PCI_STATUS_CAP_LIST);
    if (pos + len > d->cap_free)
        d->cap_free = (pos + len + 3) & ~3U;
    return pos;
}

unsigned int pcim_add_cap(struct pcim_dev *d, u8 id, unsigned int len)
{
    return pcim_add_cap_at(d, d->cap_free, id, len);
}

unsigned int pcim_add_ext_cap_at(struct pcim_dev *d, unsigned int pos, u16 id,
                                 u8 ver, unsigned int len)
{
    if (len < 4)
        len = 4;
    if (pos < PCI_EXT_CAP_PTR_MIN || (pos & 3) || pos + len > PCI_CFG_SPACE_EXP_SIZE)
        fatal("extended capability %#x of %u bytes at %#x does not fit", id,
              len, pos);
    if (!d->ext_last && pos != PCI_EXT_CAP_PTR_MIN) {
        /* The list starts at 0x100: a null capability leads to @pos. */
        put(d, PCI_EXT_CAP_PTR_MIN, 4, PCI_EXT_CAP_HEADER(0, 0, 0));
        d->ext_last = PCI_EXT_CAP_PTR_MIN;
    }
    memset(&d->cfg[pos], 0, len);
    memset(&d->wmask[pos], 0, len);
    put(d, pos, 4, PCI_EXT_CAP_HEADER(id, ver, 0));
    if (d->ext_last)
        pcim_set_ext_cap_next(d, d->ext_last, pos);
    d->ext_last = pos;
    if (pos + len > d->ext_free)
        d->ext_free = (pos + len + 3) & ~3U;
    return pos;
}

unsigned int pcim_add_ext_cap(struct pcim_dev *d, u16 id, u8 ver,
                              unsigned int len)
{
    return pcim_add_ext_cap_at(d, d->ext_free, id, ver, len);
}

void pcim_set_cap_next(struct pcim_dev *d, unsigned int pos, u8 next)
{
    d->cfg[pos + PCI_CAP_LIST_NEXT] = next;
}

void pcim_set_ext_cap_next(struct pcim_dev *d, unsigned int pos,
                           unsigned int next)
{
    u32 h = get(d, pos, 4);

    put(d, pos, 4, (h & 0x000fffff) | ((u32)(next & 0xfff) << 20));
}

unsigned int pcim_add_pm(struct pcim_dev *d, unsigned int pos)
{
    pos = pcim_add_cap_at(d, pos ? pos : d->cap_free, PCI_CAP_ID_PM, 8);
    put(d, pos + 2, 2, 0x0003);             /* PM version 3 */
    put_wmask(d, pos + 4, 2, 0x8103);       /* PMCSR: state, PME */
    return pos;
}

unsigned int pcim_add_msi(struct pcim_dev *d, unsigned int pos, bool is64,
                          bool maskable, unsigned int log2_vectors)
{
    unsigned int len = 10 + (is64 ? 4 : 0) + (maskable ? 10 : 0);
    unsigned int data = is64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32;
    u16 flags = (log2_vectors & 7) << 1;

    if (is64)
        flags |= PCI_MSI_FLAGS_64BIT;
    if (maskable)
        flags |= PCI_MSI_FLAGS_MASKBIT;
    pos = pcim_add_cap_at(d, pos ? pos : d->cap_free, PCI_CAP_ID_MSI, len);
    put(d, pos + PCI_MSI_FLAGS, 2, flags);
    put_wmask(d, pos + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
    put_wmask(d, pos + PCI_MSI_ADDRESS_LO, 4, 0xfffffffc);
    if (is64)
        put_wmask(d, pos + PCI_MSI_ADDRESS_HI, 4, 0xffffffff);
    put_wmask(d, pos + data, 2, 0xffff);
    if (maskable)
        put_wmask(d, pos + (is64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32), 4,
                  (u32)((1ULL << (1U << (log2_vectors & 7))) - 1));
    return pos;
}

unsigned int pcim_add_msix(struct pcim_dev *d, unsigned int pos,
                           unsigned int entries, u8 table_bir, u32 table_off,
                           u8 pba_bir, u32 pba_off)
{
    if (!entries || entries > 2048)
        fatal("MSI-X with %u entries", entries);
    pos = pcim_add_cap_at(d, pos ? pos : d->cap_free, PCI_CAP_ID_MSIX, 12);
    put(d, pos + PCI_MSIX_FLAGS, 2, entries - 1);
    put_wmask(d, pos + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    put(d, pos + PCI_MSIX_TABLE, 4, (table_off & ~7U) | (table_bir & 7));
    put(d, pos + PCI_MSIX_PBA, 4, (pba_off & ~7U) | (pba_bir & 7));
    return pos;
}

unsigned int pcim_add_pcie(struct pcim_dev *d, unsigned int pos, u8 port_type)
{
    pos = pcim_add_cap_at(d, pos ? pos : d->cap_free, PCI_CAP_ID_EXP, 0x3c);
    put(d, pos + PCI_EXP_FLAGS, 2, 0x0002 | ((port_type & 0xf) << 4));
    put(d, pos + PCI_EXP_DEVCAP, 4, PCI_EXP_DEVCAP_FLR);
    put_wmask(d, pos + PCI_EXP_DEVCTL, 2, 0xffff);
    put_wmask(d, pos + PCI_EXP_DEVCTL2, 2, 0xffff);
    d->exp_pos = pos;
    return pos;
}

/* ------------------------------------------------------------ SR-IOV */

unsigned int pcim_add_sriov(struct pcim_dev *pf, const struct pcim_sriov_cfg *cfg)
{
    unsigned int pos, i;

    pos = pcim_add_ext_cap_at(pf, cfg->pos ? cfg->pos : pf->ext_free,
                              PCI_EXT_CAP_ID_SRIOV, 1, PCI_SRIOV_SIZEOF);
    pf->sriov_pos = pos;
    pf->sriov = *cfg;
    pf->sriov.pos = pos;
    put(pf, pos + PCI_SRIOV_INITIAL_VF, 2, cfg->initial_vfs ? cfg->initial_vfs : cfg->total_vfs);
    put(pf, pos + PCI_SRIOV_TOTAL_VF, 2, cfg->total_vfs);
    put(pf, pos + PCI_SRIOV_VF_OFFSET, 2, cfg->offset);
    put(pf, pos + PCI_SRIOV_VF_STRIDE, 2, cfg->stride);
    put(pf, pos + PCI_SRIOV_VF_DID, 2, cfg->vf_device);
    put(pf, pos + PCI_SRIOV_SUP_PGSIZE, 4, cfg->sup_pgsz ? cfg->sup_pgsz : 0x553);
    put(pf, pos + PCI_SRIOV_SYS_PGSIZE, 4, 1);
    put_wmask(pf, pos + PCI_SRIOV_CTRL, 2,
              PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_VFM | PCI_SRIOV_CTRL_INTR |
              PCI_SRIOV_CTRL_MSE | PCI_SRIOV_CTRL_ARI);
    put_wmask(pf, pos + PCI_SRIOV_NUM_VF, 2, 0xffff);
    put_wmask(pf, pos + PCI_SRIOV_SYS_PGSIZE, 4, 0xffffffff);
    for (i = 0; i < PCI_SRIOV_NUM_BARS; i++) {
        unsigned int flags = cfg->vf_bar[i].flags;

        if (!cfg->vf_bar[i].size)
            continue;
        if ((flags & PCIM_BAR_MEM64) && i + 1 >= PCI_SRIOV_NUM_BARS)
            fatal("64-bit VF BAR%u has no upper half", i);
        set_bar_regs(pf, pos + PCI_SRIOV_VF_BAR(i), cfg->vf_bar[i].size,
                     flags, 0);
        if (flags & PCIM_BAR_MEM64)
            i++;
    }
    return pos;
}

static void create_vfs(struct pcim_dev *pf)
{
    unsigned int pos = pf->sriov_pos;
    unsigned int num = get(pf, pos + PCI_SRIOV_NUM_VF, 2);
    unsigned int offset = get(pf, pos + PCI_SRIOV_VF_OFFSET, 2);
    unsigned int stride = get(pf, pos + PCI_SRIOV_VF_STRIDE, 2);
    const struct pcim_sriov_cfg *c = &pf->sriov;

    if (num > c->total_vfs)
        num = c->total_vfs;
    pf->vfs = calloc(num ? num : 1, sizeof(*pf->vfs));
    if (!pf->vfs)
        fatal("out of memory");
    pf->nr_vfs = num;

    for (unsigned int n = 0; n < num; n++) {
        u32 rid = pf->sbdf.bdf + offset + stride * n;
        pci_sbdf_t sbdf = PCI_SBDF(pf->sbdf.seg, (rid >> 8) & 0xff, rid & 0xff);
        struct pcim_dev *vf;

        if (rid > 0xffff || lookup(sbdf)) {
            stats.vf_collisions++;
            continue;
        }
        vf = new_dev(sbdf);
        vf->pf = pf;
        vf->vf_index = n;
        put(vf, PCI_VENDOR_ID, 4, 0xffffffff);
        put(vf, PCI_CLASS_REVISION, 4, get(pf, PCI_CLASS_REVISION, 4));
        put(vf, PCI_HEADER_TYPE, 1, PCI_HEADER_TYPE_NORMAL);
        put(vf, PCI_SUBSYSTEM_VENDOR_ID, 4, get(pf, PCI_SUBSYSTEM_VENDOR_ID, 4));
        put_wmask(vf, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
                  PCI_COMMAND_PARITY | PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE);
        if (c->vf_msix_entries)
            pcim_add_msix(vf, 0x70, c->vf_msix_entries, c->vf_msix_table_bir,
                          c->vf_msix_table_off, c->vf_msix_pba_bir,
                          c->vf_msix_pba_off);
        pcim_add_pcie(vf, 0xa0, PCI_EXP_TYPE_ENDPOINT);
        pf->vfs[n] = vf;
    }
}

unsigned int pcim_nr_vfs(struct pcim_dev *pf)
{
    unsigned int n, count = 0;

    pthread_mutex_lock(&model_lock);
    for (n = 0; n < pf->nr_vfs; n++)
        count += pf->vfs[n] != NULL;
    pthread_mutex_unlock(&model_lock);
    return count;
}

struct pcim_dev *pcim_vf(struct pcim_dev *pf, unsigned int n)
{
    struct pcim_dev *vf = NULL;

    pthread_mutex_lock(&model_lock);
    if (n < pf->nr_vfs)
        vf = pf->vfs[n];
    pthread_mutex_unlock(&model_lock);
    return vf;
}

void pcim_enable_vfs(pci_sbdf_t pf, unsigned int n)
{
    struct pcim_dev *d = pcim_find(pf);
    unsigned int pos;
    u16 ctrl;

    if (!d || !d->sriov_pos)
        fatal("pcim_enable_vfs: no SR-IOV PF");
    pos = d->sriov_pos;
    ctrl = pci_conf_read16(pf, pos + PCI_SRIOV_CTRL);
    if (n) {
        pci_conf_write16(pf, pos + PCI_SRIOV_NUM_VF, n);
        pci_conf_write16(pf, pos + PCI_SRIOV_CTRL,
                         ctrl | PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE);
    } else {
        pci_conf_write16(pf, pos + PCI_SRIOV_CTRL,
                         ctrl & ~(PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE));
        pci_conf_write16(pf, pos + PCI_SRIOV_NUM_VF, 0);
    }
}

/* ------------------------------------------------------------ accessors */

/* The accessors (drivers/pci/access.c) let only aligned accesses inside
 * the 4 KiB space through: anything else is the model's caller's bug. */
static void check_access(unsigned int reg, unsigned int len)
{
    if (reg >= PCI_CFG_SPACE_EXP_SIZE || reg + len > PCI_CFG_SPACE_EXP_SIZE ||
        (reg & (len - 1)))
        fatal("bad %u-byte config access at %#x past the accessors", len, reg);
}

static u32 model_read(pci_sbdf_t sbdf, unsigned int reg, unsigned int len)
{
    struct pcim_dev *d;
    u32 v = 0xffffffffU >> (32 - 8 * len);

    pthread_mutex_lock(&model_lock);
    stats.reads++;
    check_access(reg, len);
    d = lookup(sbdf);
    if (d && !d->dead)
        v = get(d, reg, len);
    else
        stats.absent_reads++;
    pthread_mutex_unlock(&model_lock);
    return v;
}

static bool overlaps(unsigned int reg, unsigned int len, unsigned int start,
                     unsigned int size)
{
    return reg < start + size && start < reg + len;
}

/* Statistics about BAR writes that a careful driver never makes. */
static void check_bar_write(struct pcim_dev *d, unsigned int reg,
                            unsigned int len, u32 val)
{
    unsigned int nr = d->pf ? 0 : num_bars(d->cfg[PCI_HEADER_TYPE]);
    u16 cmd = get(d, PCI_COMMAND, 2);

    if (nr && overlaps(reg, len, PCI_BASE_ADDRESS_0, 4 * nr) && len == 4 &&
        val == 0xffffffffU) {
        /* The BAR's own space: from its low dword (or the one before). */
        u32 lo = get(d, reg, 4);

        if (reg > PCI_BASE_ADDRESS_0 && !(get(d, reg - 4, 4) & 1) &&
            (get(d, reg - 4, 4) & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64)
            lo = get(d, reg - 4, 4);
        if ((lo & PCI_BASE_ADDRESS_SPACE_IO) ? (cmd & PCI_COMMAND_IO)
                                             : (cmd & PCI_COMMAND_MEMORY))
            stats.bar_sizing_while_decoding++;
    }
    if (d->sriov_pos &&
        overlaps(reg, len, d->sriov_pos + PCI_SRIOV_BAR, 4 * PCI_SRIOV_NUM_BARS) &&
        (get(d, d->sriov_pos + PCI_SRIOV_CTRL, 2) &
         (PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE)))
        stats.vf_bar_writes_while_enabled++;
}

/*
 * Function-level reset: what software wrote is gone -- COMMAND, the BARs
 * (back to their type bits), MSI and MSI-X enables, Device Control -- and
 * the FLR bit reads 0 again.  @pre model_lock held.
 */
static void model_flr(struct pcim_dev *d)
{
    unsigned int pos;

    stats.flrs++;
    put(d, PCI_COMMAND, 2, 0);
    for (unsigned int r = PCI_BASE_ADDRESS_0; r < PCI_BASE_ADDRESS_0 + 24; r++)
        d->cfg[r] &= ~d->wmask[r];
    for (unsigned int r = PCI_INTERRUPT_LINE; r < PCI_INTERRUPT_LINE + 1; r++)
        d->cfg[r] = 0;
    for (pos = d->cfg[PCI_CAPABILITY_LIST] & ~3u; pos; pos = d->cfg[pos + 1] & ~3u) {
        if (d->cfg[pos] == PCI_CAP_ID_MSIX)
            put(d, pos + PCI_MSIX_FLAGS, 2, get(d, pos + PCI_MSIX_FLAGS, 2) &
                ~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
        if (d->cfg[pos] == PCI_CAP_ID_MSI)
            put(d, pos + PCI_MSI_FLAGS, 2, get(d, pos + PCI_MSI_FLAGS, 2) &
                ~PCI_MSI_FLAGS_ENABLE);
        if (pos >= PCI_CFG_SPACE_SIZE - 2)
            break;
    }
    put(d, d->exp_pos + PCI_EXP_DEVCTL, 2, 0);
}

static void model_write(pci_sbdf_t sbdf, unsigned int reg, unsigned int len,
                        u32 val)
{
    struct pcim_dev *d;
    unsigned int i;
    u16 old_ctrl = 0, new_ctrl;
    bool ignored_numvfs = false;

    pthread_mutex_lock(&model_lock);
    stats.writes++;
    check_access(reg, len);
    if (!(d = lookup(sbdf)) || d->dead)
        goto out;

    check_bar_write(d, reg, len, val);
    if (d->sriov_pos)
        old_ctrl = get(d, d->sriov_pos + PCI_SRIOV_CTRL, 2);

    for (i = 0; i < len; i++) {
        unsigned int r = reg + i;
        u8 m = d->wmask[r], b = val >> (8 * i);

        if (d->sriov_pos && (old_ctrl & PCI_SRIOV_CTRL_VFE) &&
            overlaps(r, 1, d->sriov_pos + PCI_SRIOV_NUM_VF, 2)) {
            ignored_numvfs = true;
            continue;       /* NumVFs is read-only while VF Enable is set */
        }
        d->cfg[r] = (d->cfg[r] & ~m) | (b & m);
    }
    if (ignored_numvfs)
        stats.numvfs_writes_ignored++;
    if (d->exp_pos && (get(d, d->exp_pos + PCI_EXP_DEVCTL, 2) & PCI_EXP_DEVCTL_BCR_FLR))
        model_flr(d);

    if (d->sriov_pos) {
        new_ctrl = get(d, d->sriov_pos + PCI_SRIOV_CTRL, 2);
        if (!(old_ctrl & PCI_SRIOV_CTRL_VFE) && (new_ctrl & PCI_SRIOV_CTRL_VFE))
            create_vfs(d);
        else if ((old_ctrl & PCI_SRIOV_CTRL_VFE) && !(new_ctrl & PCI_SRIOV_CTRL_VFE))
            destroy_vfs(d);
    }
out:
    pthread_mutex_unlock(&model_lock);
}

/* The mechanism under the real accessors (drivers/pci/access.c). */
u32 pci_conf_raw_read(pci_sbdf_t sbdf, unsigned int reg, unsigned int size)
{
    return model_read(sbdf, reg, size);
}

void pci_conf_raw_write(pci_sbdf_t sbdf, unsigned int reg, unsigned int size,
                        u32 val)
{
    model_write(sbdf, reg, size, val);
}

/* ------------------------------------------------------------ raw access */

void pcim_poke8(struct pcim_dev *d, unsigned int reg, u8 val)
{
    put(d, reg, 1, val);
}

void pcim_poke16(struct pcim_dev *d, unsigned int reg, u16 val)
{
    put(d, reg, 2, val);
}

void pcim_poke32(struct pcim_dev *d, unsigned int reg, u32 val)
{
    put(d, reg, 4, val);
}

u32 pcim_peek32(struct pcim_dev *d, unsigned int reg)
{
    return get(d, reg, 4);
}

void pcim_set_wmask(struct pcim_dev *d, unsigned int reg, unsigned int len,
                    u32 mask)
{
    put_wmask(d, reg, len, mask);
}

void pcim_get_stats(struct pcim_stats *st)
{
    pthread_mutex_lock(&model_lock);
    *st = stats;
    pthread_mutex_unlock(&model_lock);
}

/* ------------------------------------------------------------ presets */

void pcim_igb_preset(struct pcim_igb *igb)
{
    struct pcim_sriov_cfg sr = {
        .pos = 0x160,
        .total_vfs = 8,
        .initial_vfs = 8,
        .offset = 0x80,
        .stride = 2,
        .vf_device = 0x10ca,
        .vf_bar = {
            [0] = { 16 * 1024, PCIM_BAR_MEM64 | PCIM_BAR_PREFETCH },
            [3] = { 16 * 1024, PCIM_BAR_MEM64 | PCIM_BAR_PREFETCH },
        },
        .vf_msix_entries = 3,
        .vf_msix_table_bir = 3, .vf_msix_table_off = 0,
        .vf_msix_pba_bir = 3, .vf_msix_pba_off = 0x2000,
    };
    struct pcim_dev *pf;

    memset(igb, 0, sizeof(*igb));
    igb->host = pcim_add_dev(PCI_SBDF4(0, 0, 0, 0), 0x8086, 0x29c0, 0x060000);

    igb->rp_sbdf = PCI_SBDF4(0, 0, 4, 0);
    igb->rp = pcim_add_bridge(igb->rp_sbdf, 0x1b36, 0x000c, 1, 1);
    pcim_add_pcie(igb->rp, 0x40, PCI_EXP_TYPE_ROOT_PORT);
    pcim_set_window(igb->rp, PCIM_WIN_MEM, PCIM_IGB_MEM_BASE, PCIM_IGB_MEM_LIMIT);
    pcim_set_window(igb->rp, PCIM_WIN_PREF, PCIM_IGB_PREF_BASE, PCIM_IGB_PREF_LIMIT);
    put(igb->rp, PCI_IO_BASE, 1, 0xc0);
    put(igb->rp, PCI_IO_LIMIT, 1, 0xc0);
    pcim_set_command(igb->rp, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);

    igb->pf_sbdf = PCI_SBDF4(0, 1, 0, 0);
    pf = igb->pf = pcim_add_dev(igb->pf_sbdf, 0x8086, 0x10c9, 0x020000);
    pcim_set_revision(pf, 0x01);
    pcim_set_bar(pf, 0, 128 * 1024, PCIM_BAR_MEM32, 0xfe800000);
    pcim_set_bar(pf, 1, 128 * 1024, PCIM_BAR_MEM32, 0xfe820000);
    pcim_set_bar(pf, 2, 32, PCIM_BAR_IO, 0xc000);
    pcim_set_bar(pf, 3, 16 * 1024, PCIM_BAR_MEM64, 0xfe840000);
    pcim_add_pm(pf, 0x40);
    pcim_add_msi(pf, 0x50, true, true, 0);
    pcim_add_msix(pf, 0x70, 10, 3, 0, 3, 0x2000);
    pcim_add_pcie(pf, 0xa0, PCI_EXP_TYPE_ENDPOINT);
    pcim_add_ext_cap_at(pf, 0x100, PCI_EXT_CAP_ID_ERR, 2, 0x48);
    pcim_add_ext_cap_at(pf, 0x150, PCI_EXT_CAP_ID_ARI, 1, 8);
    igb->sriov_pos = pcim_add_sriov(pf, &sr);
    pcim_set_command(pf, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

struct pcim_dev *pcim_add_sriov_pf(pci_sbdf_t sbdf, u16 total, u16 offset,
                                   u16 stride)
{
    struct pcim_dev *pf = pcim_add_dev(sbdf, 0x15b3, 0x1017, 0x020000);
    struct pcim_sriov_cfg cfg = {
        .total_vfs = total, .offset = offset, .stride = stride,
        .vf_device = 0x1018,
        .vf_bar[0] = { 16384, PCIM_BAR_MEM64 | PCIM_BAR_PREFETCH },
        .vf_msix_entries = 3, .vf_msix_table_bir = 0, .vf_msix_pba_bir = 0,
        .vf_msix_pba_off = 0x2000,
    };

    pcim_add_pcie(pf, 0, PCI_EXP_TYPE_ENDPOINT);
    pcim_add_sriov(pf, &cfg);
    return pf;
}
