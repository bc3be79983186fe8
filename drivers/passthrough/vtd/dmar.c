/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI DMAR parsing and "which unit covers this function" (see dmar.h).
 *
 * Layout (VT-d specification 4.x, chapter 8): the 36-byte ACPI header,
 * host address width u8 @36 (width - 1), flags u8 @37, 10 reserved bytes,
 * then remapping structures {type u16 @0, length u16 @2} from offset 48:
 *   0 DRHD  flags u8 @4, size u8 @5, segment u16 @6, register base u64 @8,
 *           device scopes from @16;
 *   1 RMRR  reserved u16 @4, segment u16 @6, base u64 @8, limit u64 @16,
 *           device scopes from @24;
 *   2 ATSR, 3 RHSA, 4 ANDD, 5 SATC, ... listed, not used.
 * A device scope: type u8 @0, length u8 @1 (6 + 2 x hops), flags u8 @2,
 * enumeration id u8 @4, start bus u8 @5, (device u8, function u8) hops
 * from @6.
 *
 * Rules as in arch/x86/acpi.c: fields read byte by byte, every loop bounded
 * by a length checked before, corrupt input ends in a LOG_WARNING line.
 */
#include <mhv/acpi.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/pci/regs.h>
#include "dmar.h"
#include <mhv/sbdf.h>

struct dmar_info dmar_info;

#define DMAR_HDR_LEN        48
#define DMAR_TYPE_DRHD      0
#define DMAR_TYPE_RMRR      1
#define SCOPE_HDR_LEN       6

static inline u16 rd16(const u8 *p, size_t off)
{
    return (u16)(p[off] | (p[off + 1] << 8));
}

static inline u64 rd64(const u8 *p, size_t off)
{
    u64 v = 0;

    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[off + i];
    return v;
}

static void dropped(const char *what, u32 off)
{
    dmar_info.nr_dropped++;
    printk(LOG_WARNING "DMAR: %s at offset 0x%x, ignored\n", what, off);
}

/*
 * Parse the scopes in [@p + @start, @p + @end) (offsets in the table @tbl
 * for messages) into @scopes (@max), returns how many were kept.
 */
static unsigned int parse_scopes(const u8 *p, u32 start, u32 end, u32 tbl_off,
                                 struct dmar_scope *scopes, unsigned int max)
{
    unsigned int n = 0;
    u32 off = start;

    while (off < end) {
        struct dmar_scope *s;
        u8 len, hops;

        if (end - off < 2) {
            dropped("truncated device scope", tbl_off + off);
            break;
        }
        len = p[off + 1];
        if (len < SCOPE_HDR_LEN + 2 || len > end - off) {
            dropped(len < SCOPE_HDR_LEN + 2 ? "device scope too short"
                                            : "device scope past its structure",
                    tbl_off + off);
            break;      /* the rest cannot be framed */
        }
        hops = (len - SCOPE_HDR_LEN) / 2;
        if ((len - SCOPE_HDR_LEN) % 2 || hops > DMAR_MAX_PATH) {
            dropped((len - SCOPE_HDR_LEN) % 2 ? "device scope with an odd path"
                                              : "device scope path too long",
                    tbl_off + off);
            off += len;
            continue;
        }
        if (p[off] < DMAR_SCOPE_ENDPOINT || p[off] > DMAR_SCOPE_NAMESPACE) {
            dropped("device scope of unknown type", tbl_off + off);
            off += len;
            continue;
        }
        if (n >= max) {
            dropped("device scope beyond the limit", tbl_off + off);
            off += len;
            continue;
        }
        s = &scopes[n++];
        s->type = p[off];
        s->enum_id = p[off + 4];
        s->start_bus = p[off + 5];
        s->path_len = hops;
        for (unsigned int i = 0; i < hops; i++) {
            s->path[i].dev = p[off + SCOPE_HDR_LEN + 2 * i];
            s->path[i].fn = p[off + SCOPE_HDR_LEN + 2 * i + 1];
            if (s->path[i].dev > 31 || s->path[i].fn > 7) {
                dropped("device scope naming an impossible function",
                        tbl_off + off);
                n--;
                break;
            }
        }
        off += len;
    }
    return n;
}

static void parse_drhd(const u8 *p, u32 len, u32 off)
{
    struct dmar_drhd *u;

    if (len < 16) {
        dropped("DRHD too short", off);
        return;
    }
    if (dmar_info.nr_drhds >= DMAR_MAX_UNITS) {
        dropped("DRHD beyond the limit", off);
        return;
    }
    u = &dmar_info.drhds[dmar_info.nr_drhds];
    memset(u, 0, sizeof(*u));
    u->flags = p[4];
    u->segment = rd16(p, 6);
    u->reg_base = rd64(p, 8);
    if (!u->reg_base || (u->reg_base & 0xfff) || u->reg_base >> 52) {
        dropped("DRHD with an impossible register base", off);
        return;
    }
    u->nr_scopes = parse_scopes(p, 16, len, off, u->scopes, DMAR_MAX_SCOPES);
    dmar_info.nr_drhds++;
}

static void parse_rmrr(const u8 *p, u32 len, u32 off)
{
    struct dmar_rmrr *r;

    if (len < 24) {
        dropped("RMRR too short", off);
        return;
    }
    if (dmar_info.nr_rmrrs >= DMAR_MAX_RMRRS) {
        dropped("RMRR beyond the limit", off);
        return;
    }
    r = &dmar_info.rmrrs[dmar_info.nr_rmrrs];
    memset(r, 0, sizeof(*r));
    r->segment = rd16(p, 6);
    r->base = rd64(p, 8);
    r->limit = rd64(p, 16);
    if (r->limit < r->base || (r->base & 0xfff) || ((r->limit + 1) & 0xfff)) {
        dropped("RMRR with an impossible range", off);
        return;
    }
    r->nr_scopes = parse_scopes(p, 24, len, off, r->scopes, DMAR_MAX_SCOPES);
    dmar_info.nr_rmrrs++;
}

int dmar_parse(paddr_t pa, u32 len)
{
    const u8 *t;
    u32 off;

    memset(&dmar_info, 0, sizeof(dmar_info));
    if (len < DMAR_HDR_LEN) {
        printk(LOG_WARNING "DMAR: table too short (len 0x%x), ignored\n", len);
        return -EINVAL;
    }
    t = acpi_map(pa, len);
    if (!t) {
        printk(LOG_WARNING "DMAR: cannot map the table, ignored\n");
        return -EINVAL;
    }
    dmar_info.haw = (u8)(t[36] + 1);
    dmar_info.flags = t[37];

    for (off = DMAR_HDR_LEN; off < len; ) {
        u16 type, slen;

        if (len - off < 4) {
            dropped("truncated remapping structure", off);
            break;
        }
        type = rd16(t, off);
        slen = rd16(t, off + 2);
        if (slen < 4 || slen > len - off) {
            dropped(slen < 4 ? "remapping structure of length < 4"
                             : "remapping structure past the table", off);
            break;
        }
        if (type == DMAR_TYPE_DRHD)
            parse_drhd(t + off, slen, off);
        else if (type == DMAR_TYPE_RMRR)
            parse_rmrr(t + off, slen, off);
        off += slen;
    }
    if (!dmar_info.nr_drhds) {
        printk(LOG_WARNING "DMAR: no usable DRHD\n");
        return -EINVAL;
    }
    dmar_info.found = true;
    printk(LOG_INFO "DMAR: host address width %u, %s%s, %u unit(s), %u RMRR(s)\n",
           dmar_info.haw,
           (dmar_info.flags & DMAR_FLAG_INTR_REMAP) ? "interrupt remapping"
                                                    : "no interrupt remapping",
           (dmar_info.flags & DMAR_FLAG_X2APIC_OPT_OUT) ? ", x2APIC opt-out" : "",
           dmar_info.nr_drhds, dmar_info.nr_rmrrs);
    for (unsigned int i = 0; i < dmar_info.nr_drhds; i++) {
        const struct dmar_drhd *u = &dmar_info.drhds[i];

        printk(LOG_INFO "DMAR: unit %u at 0x%lx segment %u%s, %u scope(s)\n", i,
               (unsigned long)u->reg_base, u->segment,
               (u->flags & DRHD_FLAG_INCLUDE_PCI_ALL) ? " INCLUDE_PCI_ALL" : "",
               u->nr_scopes);
    }
    return 0;
}

int dmar_init(void)
{
    const struct acpi_table_desc *d = acpi_table_find("DMAR", 0);

    if (!d) {
        memset(&dmar_info, 0, sizeof(dmar_info));
        return -ENODEV;
    }
    return dmar_parse(d->addr, d->len);
}

/* The function the last hop of @s names; false if a bridge on the way
 * cannot be crossed. */
static bool resolve_path(const struct dmar_scope *s, u16 seg,
                         dmar_conf_read8_t rd, pci_sbdf_t *fn)
{
    unsigned int bus = s->start_bus;

    /* Every hop but the last is a bridge: follow its secondary bus. */
    for (unsigned int i = 0; i + 1 < s->path_len; i++) {
        pci_sbdf_t b = PCI_SBDF4(seg, bus, s->path[i].dev, s->path[i].fn);
        u8 sec = rd(b, PCI_SECONDARY_BUS);

        if (sec == 0xff || sec <= bus)
            return false;
        bus = sec;
    }
    *fn = PCI_SBDF4(seg, bus, s->path[s->path_len - 1].dev,
                    s->path[s->path_len - 1].fn);
    return true;
}

bool dmar_scope_resolve(const struct dmar_scope *s, u16 seg,
                        dmar_conf_read8_t rd, pci_sbdf_t *first,
                        pci_sbdf_t *last)
{
    pci_sbdf_t fn;
    u8 sec, sub;

    if (s->type != DMAR_SCOPE_ENDPOINT && s->type != DMAR_SCOPE_BRIDGE)
        return false;
    if (!resolve_path(s, seg, rd, &fn))
        return false;
    if (s->type == DMAR_SCOPE_ENDPOINT) {
        *first = *last = fn;
        return true;
    }
    sec = rd(fn, PCI_SECONDARY_BUS);
    sub = rd(fn, PCI_SUBORDINATE_BUS);
    if (sec == 0xff || sec <= fn.bus || sub < sec)
        return false;
    *first = PCI_SBDF(seg, sec, 0);
    *last = PCI_SBDF(seg, sub, 0xff);
    return true;
}

/*
 * Does @s cover @sbdf?  *@exact: by naming it (an endpoint, or the bridge
 * function itself), rather than as a function behind a bridge.
 */
static bool scope_covers(const struct dmar_scope *s, u16 seg, pci_sbdf_t sbdf,
                         dmar_conf_read8_t rd, bool *exact)
{
    pci_sbdf_t fn, first, last;

    if (s->type != DMAR_SCOPE_ENDPOINT && s->type != DMAR_SCOPE_BRIDGE)
        return false;
    if (!resolve_path(s, seg, rd, &fn))
        return false;
    *exact = true;
    if (fn.sbdf == sbdf.sbdf)
        return true;
    if (s->type == DMAR_SCOPE_ENDPOINT ||
        !dmar_scope_resolve(s, seg, rd, &first, &last))
        return false;
    *exact = false;
    return sbdf.sbdf >= first.sbdf && sbdf.sbdf <= last.sbdf;
}

int dmar_find_unit(pci_sbdf_t sbdf, dmar_conf_read8_t rd)
{
    int bridge = -ENODEV, all = -ENODEV;

    for (unsigned int i = 0; i < dmar_info.nr_drhds; i++) {
        const struct dmar_drhd *u = &dmar_info.drhds[i];

        if (u->segment != sbdf.seg)
            continue;
        if (u->flags & DRHD_FLAG_INCLUDE_PCI_ALL) {
            if (all < 0)
                all = (int)i;
            continue;
        }
        for (unsigned int j = 0; j < u->nr_scopes; j++) {
            bool exact;

            if (!scope_covers(&u->scopes[j], u->segment, sbdf, rd, &exact))
                continue;
            if (exact)
                return (int)i;
            if (bridge < 0)
                bridge = (int)i;
        }
    }
    return bridge >= 0 ? bridge : all;
}

bool dmar_rmrr_covers(const struct dmar_rmrr *r, pci_sbdf_t sbdf,
                      dmar_conf_read8_t rd)
{
    if (r->segment != sbdf.seg)
        return false;
    for (unsigned int j = 0; j < r->nr_scopes; j++) {
        bool exact;

        if (scope_covers(&r->scopes[j], r->segment, sbdf, rd, &exact))
            return true;
    }
    return false;
}
