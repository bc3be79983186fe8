/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bus scan and the boot listing of functions.
 *
 * The scan walks a root bus and every bus behind its bridges as the
 * firmware numbered them (no renumbering), visiting each bus at most once,
 * lowest bus number first (the firmware's depth-first order).  It knows
 * nothing of the device registry: it hands each function to a callback.
 *
 * A function is present when its vendor ID is not 0xffff.  VFs read 0xffff
 * there, so they are never found (nor judged absent) by probing: the scan
 * reports them after their PF, computed from the PF's SR-IOV state.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/pci/bars.h>
#include <mhv/pci/scan.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/sriov.h>

#define LONG_BITS       (8 * sizeof(long))
#define BUS_WORDS       (256 / LONG_BITS)

static bool bus_test(const unsigned long *map, unsigned int bus)
{
    return map[bus / LONG_BITS] & (1UL << (bus % LONG_BITS));
}

static void bus_set(unsigned long *map, unsigned int bus)
{
    map[bus / LONG_BITS] |= 1UL << (bus % LONG_BITS);
}

static void bus_clear(unsigned long *map, unsigned int bus)
{
    map[bus / LONG_BITS] &= ~(1UL << (bus % LONG_BITS));
}

int pci_func_read(pci_sbdf_t sbdf, struct pci_func *f)
{
    u32 class_rev;
    u8 hdr;

    *f = (struct pci_func){ .sbdf = sbdf };
    f->vendor = pci_conf_read16(sbdf, PCI_VENDOR_ID);
    if (f->vendor == 0xffff)
        return -ENODEV;
    f->device = pci_conf_read16(sbdf, PCI_DEVICE_ID);
    class_rev = pci_conf_read32(sbdf, PCI_CLASS_REVISION);
    f->class = class_rev >> 8;
    f->revision = class_rev & 0xff;
    hdr = pci_conf_read8(sbdf, PCI_HEADER_TYPE);
    f->hdr_type = hdr & PCI_HEADER_TYPE_MASK;
    f->multifunction = hdr & PCI_HEADER_TYPE_MFD;
    if (f->hdr_type == PCI_HEADER_TYPE_BRIDGE ||
        f->hdr_type == PCI_HEADER_TYPE_CARDBUS) {
        /* Same offsets in both header types. */
        f->sec_bus = pci_conf_read8(sbdf, PCI_SECONDARY_BUS);
        f->sub_bus = pci_conf_read8(sbdf, PCI_SUBORDINATE_BUS);
    }
    return 0;
}

/* Report the enabled VFs of a PF, right after the PF itself. */
static int report_vfs(const struct pci_func *pf, pci_scan_cb_t cb, void *ctx)
{
    struct pci_sriov sr;
    unsigned int n, num;
    int rc;

    if (pci_sriov_read(pf->sbdf, &sr) ||
        !(sr.ctrl & PCI_SRIOV_CTRL_VFE) || !sr.num_vfs)
        return 0;

    num = sr.num_vfs;
    if (num > sr.total_vfs) {
        gprintk(LOG_WARNING "PCI: %pp: NumVFs %u above TotalVFs %u, "
                "reporting %u\n", &pf->sbdf, num, sr.total_vfs, sr.total_vfs);
        num = sr.total_vfs;
    }
    for (n = 0; n < num; n++) {
        struct pci_func vf = {
            .vendor = pf->vendor,
            .device = sr.vf_device,
            .hdr_type = PCI_HEADER_TYPE_NORMAL,
            .is_vf = true,
            .pf = pf->sbdf,
            .vf_index = n,
        };
        u32 class_rev;

        /* Checks offset, stride and n < NumVFs on the live registers. */
        if (pci_sriov_vf_sbdf(pf->sbdf, n, &vf.sbdf)) {
            gprintk(LOG_WARNING "PCI: %pp: VF %u has no valid routing ID, "
                    "VFs not reported\n", &pf->sbdf, n);
            return 0;
        }
        class_rev = pci_conf_read32(vf.sbdf, PCI_CLASS_REVISION);
        if (class_rev == ~0U)   /* not answering: borrow the PF's */
            class_rev = (pf->class << 8) | pf->revision;
        vf.class = class_rev >> 8;
        vf.revision = class_rev & 0xff;
        rc = cb(&vf, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

static int scan_bus(u16 seg, unsigned int bus, unsigned long *pending,
                    const unsigned long *visited, pci_scan_cb_t cb, void *ctx)
{
    unsigned int dev, fn;
    int rc;

    for (dev = 0; dev < 32; dev++) {
        for (fn = 0; fn < 8; fn++) {
            pci_sbdf_t sbdf = PCI_SBDF4(seg, bus, dev, fn);
            struct pci_func f;

            if (pci_func_read(sbdf, &f)) {
                if (fn == 0)
                    break;      /* no function 0: no device */
                continue;
            }

            rc = cb(&f, ctx);
            if (rc)
                return rc;

            if (f.hdr_type == PCI_HEADER_TYPE_BRIDGE ||
                f.hdr_type == PCI_HEADER_TYPE_CARDBUS) {
                if (f.sec_bus <= bus || bus_test(visited, f.sec_bus) ||
                    bus_test(pending, f.sec_bus))
                    gprintk(LOG_WARNING "PCI: %pp: bridge to bus %02x "
                            "(subordinate %02x) not followed: bus numbering "
                            "is inconsistent\n", &sbdf, f.sec_bus, f.sub_bus);
                else
                    bus_set(pending, f.sec_bus);
            } else if (f.hdr_type == PCI_HEADER_TYPE_NORMAL) {
                rc = report_vfs(&f, cb, ctx);
                if (rc)
                    return rc;
            }

            if (fn == 0 && !f.multifunction)
                break;
        }
    }
    return 0;
}

int pci_scan(u16 seg, unsigned int start_bus, pci_scan_cb_t cb, void *ctx)
{
    unsigned long pending[BUS_WORDS] = { 0 }, visited[BUS_WORDS] = { 0 };
    unsigned int bus;
    int rc;

    if (start_bus > 255)
        return -EINVAL;
    bus_set(pending, start_bus);

    /* Every pass retires one bus: at most 256 passes. */
    for (;;) {
        for (bus = 0; bus < 256 && !bus_test(pending, bus); bus++)
            ;
        if (bus == 256)
            return 0;
        bus_clear(pending, bus);
        bus_set(visited, bus);
        rc = scan_bus(seg, bus, pending, visited, cb, ctx);
        if (rc)
            return rc;
    }
}

/* ------------------------------------------------------------ listing */

const char *pci_size_str(u64 size, char *buf, size_t len)
{
    static const char units[] = "KMGTPE";
    unsigned int u = 0;

    if (!size || (size & 1023)) {
        snprintf(buf, len, "%lu", (unsigned long)size);
        return buf;
    }
    size >>= 10;
    while (!(size & 1023) && size && u + 1 < sizeof(units) - 1) {
        size >>= 10;
        u++;
    }
    snprintf(buf, len, "%lu%c", (unsigned long)size, units[u]);
    return buf;
}

int pci_describe(const struct pci_func *f, char *buf, size_t size)
{
    size_t n;
    int len;

#define APPEND(...)                                                         \
    do {                                                                    \
        n = (size_t)len < size ? size - len : 0;                            \
        len += snprintf(buf + ((size_t)len < size ? (size_t)len : size),    \
                        n, __VA_ARGS__);                                    \
    } while (0)

    len = snprintf(buf, size, "PCI %pp [%04x:%04x] class %06x", &f->sbdf,
                   f->vendor, f->device, f->class);

    if (f->is_vf) {
        APPEND(" VF %u of %pp", f->vf_index, &f->pf);
    } else if (f->hdr_type == PCI_HEADER_TYPE_BRIDGE ||
               f->hdr_type == PCI_HEADER_TYPE_CARDBUS) {
        APPEND(" %s [bus %02x-%02x]",
               f->hdr_type == PCI_HEADER_TYPE_BRIDGE ? "bridge" : "cardbus",
               f->sec_bus, f->sub_bus);
    } else if (f->hdr_type != PCI_HEADER_TYPE_NORMAL) {
        APPEND(" header type %#x", f->hdr_type);
    } else {
        struct pci_sriov sr;

        if (!pci_sriov_read(f->sbdf, &sr)) {
            APPEND(" PF sriov total=%u offset=%#x stride=%u", sr.total_vfs,
                   sr.offset, sr.stride);
            if (sr.ctrl & (PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE)) {
                APPEND(" vfs=%u enabled", sr.num_vfs);
            } else {
                struct pci_bar vfb[PCI_SRIOV_NUM_BARS];
                unsigned int i;
                char s[16];

                pci_sriov_read_vf_bars(f->sbdf, sr.pos, vfb);
                for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
                    if (vfb[i].type == PCI_BAR_MEM && vfb[i].size)
                        APPEND(" vfbar%u=%s", i,
                               pci_size_str(vfb[i].size, s, sizeof(s)));
            }
        }
    }
#undef APPEND
    return len;
}

static void print_bars(const struct pci_func *f)
{
    struct pci_bar bars[PCI_NUM_BARS_NORMAL], rom;
    unsigned int i;
    char s[16];
    int nr = pci_read_bars(f->sbdf, bars);

    for (i = 0; nr > 0 && i < (unsigned int)nr; i++) {
        const struct pci_bar *b = &bars[i];

        if (b->type == PCI_BAR_EMPTY || !b->size)
            continue;
        printk(LOG_DEBUG "PCI %pp   BAR%u %s%s%s [%#lx-%#lx] %s\n", &f->sbdf, i,
               b->type == PCI_BAR_IO ? "io" : "mem",
               b->is64 ? "64" : "", b->prefetch ? " pref" : "",
               (unsigned long)b->base, (unsigned long)(b->base + b->size - 1),
               pci_size_str(b->size, s, sizeof(s)));
    }
    if (pci_read_rom(f->sbdf, &rom) > 0 && rom.size)
        printk(LOG_DEBUG "PCI %pp   ROM [%#lx-%#lx] %s\n", &f->sbdf,
               (unsigned long)rom.base,
               (unsigned long)(rom.base + rom.size - 1),
               pci_size_str(rom.size, s, sizeof(s)));
}

static void print_caps(const struct pci_func *f)
{
    char line[256];
    unsigned int pos;
    int len = 0;

    for (pos = pci_cap_next_any(f->sbdf, 0); pos && len < 200;
         pos = pci_cap_next_any(f->sbdf, pos))
        len += snprintf(line + len, sizeof(line) - len, " %02x@%#x",
                        pci_conf_read8(f->sbdf, pos), pos);
    for (pos = pci_ext_cap_next_any(f->sbdf, 0); pos && len < 200;
         pos = pci_ext_cap_next_any(f->sbdf, pos))
        len += snprintf(line + len, sizeof(line) - len, " ext%02x@%#x",
                        PCI_EXT_CAP_ID(pci_conf_read32(f->sbdf, pos)), pos);
    if (len)
        printk(LOG_DEBUG "PCI %pp   caps%s\n", &f->sbdf, line);
}

static void print_windows(const struct pci_func *f)
{
    static const char *const name[2] = { "mem", "pref" };
    unsigned int i;

    for (i = 0; i < 2; i++) {
        u64 start, end;
        bool is64;

        if (pci_bridge_window(f->sbdf, i, &start, &end, &is64))
            printk(LOG_DEBUG "PCI %pp   window %s%s [%#lx-%#lx]\n", &f->sbdf,
                   name[i], is64 ? "64" : "", (unsigned long)start,
                   (unsigned long)end);
        else
            printk(LOG_DEBUG "PCI %pp   window %s disabled\n", &f->sbdf, name[i]);
    }
}

void pci_print_func(const struct pci_func *f)
{
    char line[160];

    pci_describe(f, line, sizeof(line));
    printk(LOG_INFO "%s\n", line);
    if (f->is_vf || !printk_enabled(LOGL_DEBUG))
        return;
    print_bars(f);
    if (f->hdr_type == PCI_HEADER_TYPE_BRIDGE)
        print_windows(f);
    print_caps(f);
}
