/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fuzz target: the PCI core's walkers and SR-IOV geometry
 * (drivers/pci/caps.c, bars.c, sriov.c, scan.c) against arbitrary
 * config-space bytes.
 *
 * The input describes a small machine on segment 0:
 *   u8 flags               bit 0: config writes are dropped (read-only space)
 *                          bit 1: place VF BARs (pci_sriov_place_vf_bars)
 *   then up to FUNCS times:
 *     u8 bus, u8 devfn     where the function answers (a duplicate is skipped)
 *     u16 len              config bytes that follow (at most 4096; the rest
 *                          of the 4 KiB space reads 0)
 *     len bytes            the function's config space from offset 0
 *     u16 mlen             write-mask bytes that follow (at most 4096; the
 *                          rest of the mask is 0xff: writable)
 *     mlen bytes           the write mask from offset 0
 * This file implements pci_conf_read*()/pci_conf_write*() over that machine
 * with the real access layer's rules (drivers/pci/access.c): an absent
 * function reads all-ones, a misaligned access or one beyond 4 KiB reads
 * all-ones and is dropped.  A write changes the bits its mask allows (so a
 * BAR whose low mask bits are 0 sizes like hardware); nothing else reacts
 * to writes (a device may do anything, so nothing is assumed).
 *
 * Properties checked, beyond "no crash, no sanitizer report, no ASSERT":
 *  - every capability offset returned lies in its list's space, dword
 *    aligned, and iterating with the _next functions ends;
 *  - the MSI and MSI-X capabilities found do not overlap, and the SR-IOV
 *    capability found fits in config space (the hypervisor programs them);
 *  - a BAR, ROM or VF BAR size is 0 or a power of two;
 *  - VF n of a PF maps back to index n (pci_sriov_vf_sbdf / _vf_index);
 *  - the callers never issue a misaligned or out-of-range config access;
 *  - a VF BAR placement stays below 4 GiB;
 *  - the heap holds no object afterwards.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/pci/access.h>
#include <mhv/pci/ecam.h>
#include <mhv/pci/caps.h>
#include <mhv/pci/bars.h>
#include <mhv/pci/scan.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/sriov.h>
#include <mhv/pci/place.h>
#include <mhv/xmalloc.h>
#include "fuzz_host.h"

#define FUNCS       6
#define CFG_SIZE    4096

struct fake_fn {
    pci_sbdf_t sbdf;
    u8 cfg[CFG_SIZE];
    u8 wmask[CFG_SIZE];
};

static struct fake_fn fns[FUNCS];
static unsigned int nr_fns;
static bool read_only;

static struct fake_fn *find(pci_sbdf_t sbdf)
{
    unsigned int i;

    for (i = 0; i < nr_fns; i++)
        if (fns[i].sbdf.sbdf == sbdf.sbdf)
            return &fns[i];
    return NULL;
}

/* The mechanism under the real accessors (drivers/pci/access.c), which
 * ASSERT that every access is aligned and inside the config space. */
u32 pci_conf_raw_read(pci_sbdf_t sbdf, unsigned int reg, unsigned int size)
{
    struct fake_fn *f = find(sbdf);
    u32 v = 0;

    if (!f)
        return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    memcpy(&v, f->cfg + reg, size);
    return v;
}

void pci_conf_raw_write(pci_sbdf_t sbdf, unsigned int reg, unsigned int size,
                        u32 v)
{
    struct fake_fn *f = find(sbdf);
    unsigned int i;

    if (!f || read_only)
        return;
    for (i = 0; i < size; i++, v >>= 8)
        f->cfg[reg + i] = (f->cfg[reg + i] & ~f->wmask[reg + i]) |
                          ((u8)v & f->wmask[reg + i]);
}

/* ------------------------------------------------------------ properties */

static bool pow2_or_zero(u64 x)
{
    return !(x & (x - 1));
}

static void check_caps(pci_sbdf_t sbdf)
{
    unsigned int order[PCI_CAP_MAX_ENTRIES + 1];
    unsigned int pos, n, i;

    for (pos = pci_cap_next_any(sbdf, 0), n = 0; pos;
         pos = pci_cap_next_any(sbdf, pos)) {
        u8 id = pci_conf_read8(sbdf, pos);
        unsigned int first = pci_find_cap(sbdf, id);

        FUZZ_CHECK(pos >= PCI_CAP_PTR_MIN && pos < PCI_CFG_SPACE_SIZE &&
                   !(pos & 3), "capability at %#x", pos);
        FUZZ_CHECK(n < PCI_CAP_MAX_ENTRIES, "more than %u capabilities",
                   (unsigned int)PCI_CAP_MAX_ENTRIES);
        order[n++] = pos;
        /* The first capability with this ID is this one or an earlier one. */
        for (i = 0; i < n && order[i] != first; i++)
            ;
        FUZZ_CHECK(i < n, "cap %#x at %#x, find gives %#x", id, pos, first);
        pci_find_next_cap(sbdf, pos, id);
    }
    for (pos = pci_ext_cap_next_any(sbdf, 0), n = 0; pos;
         pos = pci_ext_cap_next_any(sbdf, pos)) {
        FUZZ_CHECK(pos >= PCI_CFG_SPACE_SIZE && pos < PCI_CFG_SPACE_EXP_SIZE &&
                   !(pos & 3), "extended capability at %#x", pos);
        FUZZ_CHECK(++n <= PCI_EXT_CAP_MAX_ENTRIES, "more than %u extended "
                   "capabilities", (unsigned int)PCI_EXT_CAP_MAX_ENTRIES);
        pci_find_next_ext_cap(sbdf, pos,
                              PCI_EXT_CAP_ID(pci_conf_read32(sbdf, pos)));
    }
}

/* The capabilities the hypervisor programs: where found, they fit and do
 * not share registers. */
static void check_owned_caps(pci_sbdf_t sbdf)
{
    unsigned int msi = pci_find_cap(sbdf, PCI_CAP_ID_MSI);
    unsigned int msix = pci_find_cap(sbdf, PCI_CAP_ID_MSIX);
    unsigned int sriov = pci_find_ext_cap(sbdf, PCI_EXT_CAP_ID_SRIOV);

    if (msi && msix) {
        u16 flags = pci_conf_read16(sbdf, msi + PCI_MSI_FLAGS);
        unsigned int len = 10 + (flags & PCI_MSI_FLAGS_64BIT ? 4 : 0) +
                           (flags & PCI_MSI_FLAGS_MASKBIT ? 10 : 0);

        FUZZ_CHECK(msi + len <= msix || msix + 12 <= msi,
                   "MSI at %#x (%u bytes) and MSI-X at %#x overlap", msi, len, msix);
    }
    FUZZ_CHECK(!sriov || sriov + 0x40 <= PCI_CFG_SPACE_EXP_SIZE,
               "SR-IOV at %#x runs past config space", sriov);
}

static void check_bars(pci_sbdf_t sbdf)
{
    struct pci_bar bars[PCI_NUM_BARS_NORMAL], rom;
    unsigned int i;
    int nr = pci_read_bars(sbdf, bars);

    for (i = 0; nr > 0 && i < PCI_NUM_BARS_NORMAL; i++)
        FUZZ_CHECK(pow2_or_zero(bars[i].size), "BAR%u size %#lx", i,
                   (unsigned long)bars[i].size);
    for (i = 0; i < PCI_NUM_BARS_NORMAL; i++) {
        struct pci_bar b;

        if (pci_read_bar(sbdf, i, &b) >= 0)
            FUZZ_CHECK(pow2_or_zero(b.size), "BAR%u size %#lx", i,
                       (unsigned long)b.size);
    }
    if (pci_read_rom(sbdf, &rom) >= 0)
        FUZZ_CHECK(pow2_or_zero(rom.size), "ROM size %#lx",
                   (unsigned long)rom.size);
}

static void check_sriov(pci_sbdf_t pf, bool place)
{
    static const struct pci_mem_range root = { 0x80000000, 0xafffffff };
    struct pci_bar vfb[PCI_SRIOV_NUM_BARS];
    u64 rlen[PCI_SRIOV_NUM_BARS], base;
    struct pci_sriov sr;
    unsigned int i, n, num;
    pci_sbdf_t vf;
    int rc;

    if (pci_sriov_read(pf, &sr))
        return;
    FUZZ_CHECK(sr.pos >= PCI_CFG_SPACE_SIZE, "SR-IOV at %#x", sr.pos);
    if (!pci_sriov_read_vf_bars(pf, sr.pos, vfb))
        for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
            FUZZ_CHECK(pow2_or_zero(vfb[i].size) &&
                       (vfb[i].type != PCI_BAR_IO || !vfb[i].size),
                       "VF BAR%u size %#lx type %u", i,
                       (unsigned long)vfb[i].size, vfb[i].type);
    pci_sriov_size_vf_bars(pf, sr.pos, rlen);
    for (i = 0; i <= PCI_SRIOV_NUM_BARS; i++)
        pci_sriov_vf_bar_base(pf, sr.pos, i, &base);

    /* Every VF maps back to its index. */
    num = sr.num_vfs < 300 ? sr.num_vfs : 300;
    for (n = 0; n <= num; n++) {
        rc = pci_sriov_vf_sbdf(pf, n, &vf);
        if (rc)
            continue;
        FUZZ_CHECK(n < sr.num_vfs, "VF %u of %u exists", n, sr.num_vfs);
        rc = pci_sriov_vf_index(pf, vf);
        FUZZ_CHECK(rc == (int)n, "VF %u at %pp has index %d", n, &vf, rc);
    }
    for (i = 0; i < nr_fns; i++)
        pci_sriov_vf_index(pf, fns[i].sbdf);

    if (place) {
        rc = pci_sriov_place_vf_bars(pf, &root, 1);
        if (rc > 0 && !pci_sriov_read(pf, &sr))
            for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
                if (vfb[i].type == PCI_BAR_MEM && vfb[i].size && !vfb[i].base &&
                    !pci_sriov_vf_bar_base(pf, sr.pos, i, &base) && base)
                    FUZZ_CHECK(base + vfb[i].size * sr.total_vfs <= 0x100000000ULL,
                               "VF BAR%u placed at %#lx", i, (unsigned long)base);
    }
}

static int scan_cb(const struct pci_func *f, void *ctx)
{
    char small[8], buf[256];
    int len;

    (*(unsigned int *)ctx)++;
    len = pci_describe(f, small, sizeof(small));
    FUZZ_CHECK(len >= 0 && strlen(small) < sizeof(small), "describe %d", len);
    len = pci_describe(f, buf, sizeof(buf));
    FUZZ_CHECK(len >= 0, "describe %d", len);
    pci_print_func(f);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = { data, size };
    struct heap_stats before, after;
    u8 flags = fuzz_u8(&in);
    unsigned int i, seen = 0;
    pci_sbdf_t up;

    nr_fns = 0;
    read_only = flags & 1;
    while (in.left >= 4 && nr_fns < FUNCS) {
        u8 bus = fuzz_u8(&in), devfn = fuzz_u8(&in);
        pci_sbdf_t sbdf = PCI_SBDF(0, bus, devfn);
        u16 len = fuzz_u16(&in);
        struct fake_fn *f = &fns[nr_fns];

        memset(f->cfg, 0, CFG_SIZE);
        fuzz_bytes(&in, f->cfg, len < CFG_SIZE ? len : CFG_SIZE);
        len = fuzz_u16(&in);
        memset(f->wmask, 0xff, CFG_SIZE);
        fuzz_bytes(&in, f->wmask, len < CFG_SIZE ? len : CFG_SIZE);
        if (find(sbdf))
            continue;
        f->sbdf = sbdf;
        nr_fns++;
    }
    heap_stats(&before);

    pci_scan(0, 0, scan_cb, &seen);
    for (i = 0; i < nr_fns; i++) {
        pci_sbdf_t sbdf = fns[i].sbdf;
        struct pci_func f;
        u64 start, end;
        bool is64;

        pci_func_read(sbdf, &f);
        if (fns[i].sbdf.bus)
            pci_scan(0, sbdf.bus, scan_cb, &seen);
        check_caps(sbdf);
        check_owned_caps(sbdf);
        check_bars(sbdf);
        pci_bridge_window(sbdf, false, &start, &end, &is64);
        pci_bridge_window(sbdf, true, &start, &end, &is64);
        pci_find_upstream_bridge(0, sbdf.bus, &up);
        check_sriov(sbdf, flags & 2);
    }

    heap_stats(&after);
    FUZZ_CHECK(after.live_objects == before.live_objects,
               "heap objects %lu before, %lu after", before.live_objects,
               after.live_objects);
    return 0;
}
