/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Placing memory BARs that firmware left unassigned (<mhv/pci/place.h>): a
 * range allocator over bridge windows that can widen a window into free
 * space of its parent.  Where it may place at boot is the platform's say
 * (drivers/pci/platform.c).
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/xmalloc.h>
#include <mhv/pci/access.h>
#include <mhv/pci/bars.h>
#include <mhv/pci/scan.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/sriov.h>
#include <mhv/pci/place.h>

#define FOUR_GIB    0x100000000ULL

/* ------------------------------------------------------------ placement */

int pci_range_find_free(const struct pci_mem_range *win, u64 size, u64 align,
                        const struct pci_mem_range *busy, unsigned int nr_busy,
                        u64 *addr)
{
    unsigned int iter, i;
    u64 a;

    if (!size || !align || (align & (align - 1)) || win->start > win->end)
        return -ENOSPC;
    if (win->start > ~0ULL - (align - 1))
        return -ENOSPC;
    a = ROUNDUP(win->start, align);

    /*
     * Each conflict moves @a past the end of a busy range, and @a only
     * grows, so no range conflicts twice: at most nr_busy + 1 passes.
     */
    for (iter = 0; iter <= nr_busy; iter++) {
        u64 last;
        bool moved = false;

        if (a > win->end || size - 1 > win->end - a)
            return -ENOSPC;
        last = a + size - 1;
        for (i = 0; i < nr_busy; i++) {
            const struct pci_mem_range *r = &busy[i];

            if (r->start > r->end || r->start > last || r->end < a)
                continue;
            if (r->end > ~0ULL - align)
                return -ENOSPC;
            a = ROUNDUP(r->end + 1, align);
            moved = true;
            break;
        }
        if (!moved) {
            *addr = a;
            return 0;
        }
    }
    return -ENOSPC;
}

static u64 pow2_roundup(u64 x)
{
    u64 p = 1;

    while (p < x && p)
        p <<= 1;
    return p;
}

/* A growable set of busy address ranges. */
struct busy_set {
    struct pci_mem_range *r;
    unsigned int nr, cap;
    int err;
};

static void busy_add(struct busy_set *b, u64 start, u64 size)
{
    if (!size || b->err)
        return;
    if (b->nr == b->cap) {
        unsigned int cap = b->cap ? 2 * b->cap : 32;
        struct pci_mem_range *r = NULL;

        /* 256 buses x 256 functions x (6 BARs, ROM, 6 VF BARs, windows). */
        if (cap <= (1U << 20))
            r = xmalloc_bytes(sizeof(*r) * cap);
        if (!r) {
            b->err = -ENOMEM;
            return;
        }
        if (b->nr)
            memcpy(r, b->r, b->nr * sizeof(*r));
        xfree(b->r);
        b->r = r;
        b->cap = cap;
    }
    b->r[b->nr].start = start;
    b->r[b->nr].end = start + size - 1;
    b->nr++;
}

/* A bridge's memory windows. */
enum { WIN_MEM, WIN_PREF, NR_WINS };

struct bridge_win {
    u64 start, end;
    bool enabled;
    bool is64;              /* prefetchable window with 64-bit registers */
};

static void read_windows(pci_sbdf_t br, struct bridge_win w[NR_WINS])
{
    unsigned int i;

    for (i = 0; i < NR_WINS; i++)
        w[i].enabled = pci_bridge_window(br, i == WIN_PREF, &w[i].start,
                                         &w[i].end, &w[i].is64);
}

static void write_window(pci_sbdf_t br, unsigned int which, u64 start, u64 end)
{
    if (which == WIN_MEM) {
        pci_conf_write16(br, PCI_MEMORY_BASE, (start >> 16) & PCI_MEMORY_RANGE_MASK);
        pci_conf_write16(br, PCI_MEMORY_LIMIT, (end >> 16) & PCI_MEMORY_RANGE_MASK);
    } else {
        pci_conf_write16(br, PCI_PREF_MEMORY_BASE, (start >> 16) & PCI_PREF_RANGE_MASK);
        pci_conf_write16(br, PCI_PREF_MEMORY_LIMIT, (end >> 16) & PCI_PREF_RANGE_MASK);
        if ((pci_conf_read16(br, PCI_PREF_MEMORY_BASE) & PCI_PREF_RANGE_TYPE_MASK) ==
            PCI_PREF_RANGE_TYPE_64) {
            pci_conf_write32(br, PCI_PREF_BASE_UPPER32, start >> 32);
            pci_conf_write32(br, PCI_PREF_LIMIT_UPPER32, end >> 32);
        }
    }
}

static const char *const win_name[NR_WINS] = { "memory", "prefetchable" };

struct upstream_ctx {
    unsigned int bus;
    pci_sbdf_t found;
};

static int upstream_cb(const struct pci_func *f, void *arg)
{
    struct upstream_ctx *c = arg;

    if (!f->is_vf && (f->hdr_type == PCI_HEADER_TYPE_BRIDGE ||
                      f->hdr_type == PCI_HEADER_TYPE_CARDBUS) &&
        f->sec_bus == c->bus) {
        c->found = f->sbdf;
        return 1;
    }
    return 0;
}

int pci_find_upstream_bridge(u16 seg, unsigned int bus, pci_sbdf_t *bridge)
{
    struct upstream_ctx c = { .bus = bus };

    if (pci_scan(seg, 0, upstream_cb, &c) != 1)
        return -ENODEV;
    *bridge = c.found;
    return 0;
}

/*
 * Collect the memory in use by functions on buses [lo, hi], leaving out the
 * buses [skip_lo, skip_hi] and the windows of bridge @skip (the subtree whose
 * window is being resized).  Skip nothing with skip_lo > skip_hi.
 */
struct collect_ctx {
    struct busy_set *busy;
    unsigned int lo, hi, skip_lo, skip_hi;
    pci_sbdf_t skip;
    bool have_skip;
};

static int collect_cb(const struct pci_func *f, void *arg)
{
    struct collect_ctx *c = arg;
    struct pci_bar bars[PCI_NUM_BARS_NORMAL], rom;
    struct pci_sriov sr;
    unsigned int i;
    int nr;

    if (f->is_vf || f->sbdf.bus < c->lo || f->sbdf.bus > c->hi ||
        (f->sbdf.bus >= c->skip_lo && f->sbdf.bus <= c->skip_hi))
        return 0;

    nr = pci_read_bars(f->sbdf, bars);
    for (i = 0; nr > 0 && i < (unsigned int)nr; i++)
        if (bars[i].type == PCI_BAR_MEM && bars[i].base && bars[i].size)
            busy_add(c->busy, bars[i].base, bars[i].size);
    if (pci_read_rom(f->sbdf, &rom) > 0 && rom.base && rom.size)
        busy_add(c->busy, rom.base, rom.size);

    if (f->hdr_type == PCI_HEADER_TYPE_BRIDGE &&
        !(c->have_skip && f->sbdf.sbdf == c->skip.sbdf)) {
        struct bridge_win w[NR_WINS];

        read_windows(f->sbdf, w);
        for (i = 0; i < NR_WINS; i++)
            if (w[i].enabled)
                busy_add(c->busy, w[i].start, w[i].end - w[i].start + 1);
    }

    /* Placed VF BARs (the PF being placed included: base 0 is unplaced). */
    if (f->hdr_type == PCI_HEADER_TYPE_NORMAL && !pci_sriov_read(f->sbdf, &sr) && sr.total_vfs) {
        struct pci_bar vfb[PCI_SRIOV_NUM_BARS];

        if (sr.ctrl & (PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE)) {
            gprintk(LOG_WARNING "PCI: %pp: VFs enabled, its VF BARs are not "
                    "accounted for in placement\n", &f->sbdf);
            return 0;
        }
        pci_sriov_read_vf_bars(f->sbdf, sr.pos, vfb);
        for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
            if (vfb[i].type == PCI_BAR_MEM && vfb[i].base && vfb[i].size)
                busy_add(c->busy, vfb[i].base, vfb[i].size * sr.total_vfs);
    }
    return 0;
}

/* The address ranges a bridge's window may grow into. */
struct parent_space {
    struct pci_mem_range r[NR_WINS + 8];
    unsigned int nr;
};

/* Everything the placement needs about one PF and its upstream bridge. */
struct place_ctx {
    pci_sbdf_t pf, br;
    bool has_br;
    struct bridge_win win[NR_WINS];
    struct busy_set inside;     /* in use inside the bridge's windows */
    struct busy_set outside;    /* in use on the bridge's primary bus level */
    bool outside_done;
    struct parent_space parent;
    const struct pci_mem_range *root;
    unsigned int nr_root;
};

static void collect(struct busy_set *b, u16 seg, unsigned int from,
                    unsigned int lo, unsigned int hi, unsigned int skip_lo,
                    unsigned int skip_hi, const pci_sbdf_t *skip)
{
    struct collect_ctx c = {
        .busy = b, .lo = lo, .hi = hi, .skip_lo = skip_lo, .skip_hi = skip_hi,
        .have_skip = skip != NULL,
    };

    if (skip)
        c.skip = *skip;
    pci_scan(seg, from, collect_cb, &c);
}

/* What is in use next to the bridge, and the space its windows may use. */
static int prepare_outside(struct place_ctx *p)
{
    u16 seg = p->br.seg;
    unsigned int sec = pci_conf_read8(p->br, PCI_SECONDARY_BUS);
    unsigned int sub = pci_conf_read8(p->br, PCI_SUBORDINATE_BUS);
    pci_sbdf_t up;
    unsigned int i;

    if (p->outside_done)
        return p->outside.err;
    p->outside_done = true;

    if (!pci_find_upstream_bridge(seg, p->br.bus, &up)) {
        struct bridge_win w[NR_WINS];
        unsigned int usec = pci_conf_read8(up, PCI_SECONDARY_BUS);
        unsigned int usub = pci_conf_read8(up, PCI_SUBORDINATE_BUS);

        read_windows(up, w);
        for (i = 0; i < NR_WINS; i++)
            if (w[i].enabled && w[i].start < FOUR_GIB)
                p->parent.r[p->parent.nr++] = (struct pci_mem_range){
                    w[i].start, min(w[i].end, FOUR_GIB - 1) };
        collect(&p->outside, seg, usec, usec, usub, sec, sub, &p->br);
    } else {
        for (i = 0; i < p->nr_root && p->parent.nr < ARRAY_SIZE(p->parent.r); i++)
            p->parent.r[p->parent.nr++] = p->root[i];
        /* A root bus: everything reachable from it. */
        collect(&p->outside, seg, p->br.bus, 0, 255, sec, sub, &p->br);
    }
    return p->outside.err;
}

/* Widen window @which of the bridge so that it holds @size at @align. */
static int widen(struct place_ctx *p, unsigned int which, u64 size, u64 align,
                 u64 *addr)
{
    struct bridge_win *w = &p->win[which];
    const u64 gran = PCI_BRIDGE_WINDOW_GRANULE;
    u64 wsize = ROUNDUP(size, gran), walign = max(align, gran);
    u64 start, end;
    unsigned int i;
    int rc = prepare_outside(p);

    if (rc)
        return rc;

    if (!w->enabled) {
        /* A new window: free on the parent level and inside the bridge. */
        struct busy_set all = { 0 };

        for (i = 0; i < p->outside.nr; i++)
            busy_add(&all, p->outside.r[i].start,
                     p->outside.r[i].end - p->outside.r[i].start + 1);
        for (i = 0; i < p->inside.nr; i++)
            busy_add(&all, p->inside.r[i].start,
                     p->inside.r[i].end - p->inside.r[i].start + 1);
        for (i = 0; i < NR_WINS; i++)
            if (p->win[i].enabled)
                busy_add(&all, p->win[i].start, p->win[i].end - p->win[i].start + 1);
        rc = all.err ? all.err : -ENOSPC;
        for (i = 0; !all.err && i < p->parent.nr; i++) {
            rc = pci_range_find_free(&p->parent.r[i], wsize, walign, all.r,
                                     all.nr, &start);
            if (!rc)
                break;
        }
        xfree(all.r);
        if (rc)
            return rc;
        end = start + wsize - 1;
        *addr = start;
    } else {
        /* Grow the window upwards into free space on the parent level. */
        const struct pci_mem_range *parent = NULL;
        struct pci_mem_range area;
        u64 ceiling;

        for (i = 0; i < p->parent.nr; i++)
            if (p->parent.r[i].start <= w->start && w->end <= p->parent.r[i].end)
                parent = &p->parent.r[i];
        if (!parent)
            return -ENOSPC;
        ceiling = parent->end;
        for (i = 0; i < p->outside.nr; i++)
            if (p->outside.r[i].start > w->end && p->outside.r[i].start - 1 < ceiling)
                ceiling = p->outside.r[i].start - 1;
        /* Nor into the bridge's other window. */
        for (i = 0; i < NR_WINS; i++)
            if (i != which && p->win[i].enabled && p->win[i].start > w->end &&
                p->win[i].start - 1 < ceiling)
                ceiling = p->win[i].start - 1;
        /* The new limit sits on a window granule. */
        if (ceiling + 1 < gran)
            return -ENOSPC;
        area.start = w->start;
        area.end = ROUNDDOWN(ceiling + 1, gran) - 1;
        if (area.end <= w->end)
            return -ENOSPC;
        rc = pci_range_find_free(&area, size, align, p->inside.r, p->inside.nr,
                                 addr);
        if (rc)
            return rc;
        start = w->start;
        end = max(w->end, ROUNDUP(*addr + size, gran) - 1);
    }

    if (w->enabled)
        printk(LOG_INFO "PCI: %pp: %s window [%#lx-%#lx] widened to "
               "[%#lx-%#lx]\n", &p->br, win_name[which], (unsigned long)w->start,
               (unsigned long)w->end, (unsigned long)start, (unsigned long)end);
    else
        printk(LOG_INFO "PCI: %pp: %s window opened at [%#lx-%#lx]\n", &p->br,
               win_name[which], (unsigned long)start, (unsigned long)end);
    write_window(p->br, which, start, end);
    w->start = start;
    w->end = end;
    w->enabled = true;
    pci_conf_write16(p->br, PCI_COMMAND,
                     pci_conf_read16(p->br, PCI_COMMAND) | PCI_COMMAND_MEMORY);
    return 0;
}

/* Find room for one VF BAR region: windows as they are, then widened. */
static int place_one(struct place_ctx *p, bool prefetch, u64 size, u64 align,
                     u64 *addr, const char **where)
{
    static const unsigned int pref_order[] = { WIN_PREF, WIN_MEM };
    static const unsigned int mem_order[] = { WIN_MEM };
    const unsigned int *order = prefetch ? pref_order : mem_order;
    unsigned int nr = prefetch ? 2 : 1, i;
    int rc = -ENOSPC;

    if (!p->has_br) {
        for (i = 0; i < p->nr_root; i++) {
            if (!pci_range_find_free(&p->root[i], size, align, p->inside.r,
                                     p->inside.nr, addr)) {
                *where = "root bus";
                return 0;
            }
        }
        return -ENOSPC;
    }

    for (i = 0; i < nr; i++) {
        struct bridge_win *w = &p->win[order[i]];
        struct pci_mem_range r;

        if (!w->enabled || w->start >= FOUR_GIB)
            continue;
        r.start = w->start;
        r.end = min(w->end, FOUR_GIB - 1);
        if (!pci_range_find_free(&r, size, align, p->inside.r, p->inside.nr,
                                 addr)) {
            *where = win_name[order[i]];
            return 0;
        }
    }
    for (i = 0; i < nr; i++) {
        struct bridge_win *w = &p->win[order[i]];

        /* A window above 4 GiB holds 64-bit BARs: it cannot move down. */
        if (w->enabled && w->start >= FOUR_GIB)
            continue;
        rc = widen(p, order[i], size, align, addr);
        if (!rc) {
            *where = win_name[order[i]];
            return 0;
        }
        if (rc != -ENOSPC)
            return rc;
    }
    return rc;
}

/*
 * Where @p->pf's BARs may go: the windows of its upstream bridge and what
 * is in use below it, or, on a root bus, what is in use on it.  0, or the
 * collection's error (-ENOMEM).
 */
static int place_ctx_init(struct place_ctx *p)
{
    pci_sbdf_t f = p->pf;

    p->has_br = !pci_find_upstream_bridge(f.seg, f.bus, &p->br);
    if (p->has_br) {
        unsigned int sec = pci_conf_read8(p->br, PCI_SECONDARY_BUS);
        unsigned int sub = pci_conf_read8(p->br, PCI_SUBORDINATE_BUS);

        read_windows(p->br, p->win);
        collect(&p->inside, f.seg, sec, sec, sub, 1, 0, NULL);
    } else {
        collect(&p->inside, f.seg, f.bus, 0, 255, 1, 0, NULL);
    }
    return p->inside.err;
}

/*
 * The largest of the @n BARs still to place (@todo), taken off the list;
 * @n when none is left.  Largest first: alignment wastes the least space
 * that way.
 */
static unsigned int next_largest(const struct pci_bar *bars, bool *todo,
                                 unsigned int n)
{
    unsigned int best = n;

    for (unsigned int i = 0; i < n; i++)
        if (todo[i] && (best == n || bars[i].size > bars[best].size))
            best = i;
    if (best < n)
        todo[best] = false;
    return best;
}

int pci_sriov_place_vf_bars(pci_sbdf_t pf, const struct pci_mem_range *root,
                            unsigned int nr_root)
{
    struct place_ctx p = { .pf = pf, .root = root, .nr_root = nr_root };
    struct pci_bar vfb[PCI_SRIOV_NUM_BARS];
    struct pci_sriov sr;
    unsigned int i, placed = 0;
    bool todo[PCI_SRIOV_NUM_BARS] = { false }, any = false;
    int rc;

    rc = pci_sriov_read(pf, &sr);
    if (rc)
        return rc;
    rc = pci_sriov_read_vf_bars(pf, sr.pos, vfb);
    if (rc)
        return rc;
    for (i = 0; i < PCI_SRIOV_NUM_BARS; i++) {
        todo[i] = vfb[i].type == PCI_BAR_MEM && vfb[i].size && !vfb[i].base;
        any |= todo[i];
    }
    if (!any || !sr.total_vfs)
        return 0;

    rc = place_ctx_init(&p);

    while (!rc) {
        unsigned int best = next_largest(vfb, todo, PCI_SRIOV_NUM_BARS);
        u64 total, align, addr;
        const char *where;
        char s[16];

        if (best == PCI_SRIOV_NUM_BARS)
            break;

        total = vfb[best].size * sr.total_vfs;
        align = pow2_roundup(total);
        if (vfb[best].size > FOUR_GIB / sr.total_vfs || !align) {
            rc = -ENOSPC;
        } else {
            rc = place_one(&p, vfb[best].prefetch, total, align, &addr, &where);
        }
        if (rc) {
            gprintk(LOG_ERR "PCI: %pp: no room below 4 GiB for VF BAR%u "
                    "(%u x %s): %d\n", &pf, best, sr.total_vfs,
                    pci_size_str(vfb[best].size, s, sizeof(s)), rc);
            break;
        }

        pci_conf_write32(pf, sr.pos + PCI_SRIOV_VF_BAR(best), (u32)addr);
        if (vfb[best].is64)
            pci_conf_write32(pf, sr.pos + PCI_SRIOV_VF_BAR(best + 1), 0);
        busy_add(&p.inside, addr, total);
        rc = p.inside.err;
        placed++;
        if (p.has_br)
            printk(LOG_INFO "PCI: %pp: VF BAR%u placed at [%#lx-%#lx] (%u x %s) "
                   "in the %s window of %pp\n", &pf, best, (unsigned long)addr,
                   (unsigned long)(addr + total - 1), sr.total_vfs,
                   pci_size_str(vfb[best].size, s, sizeof(s)), where, &p.br);
        else
            printk(LOG_INFO "PCI: %pp: VF BAR%u placed at [%#lx-%#lx] (%u x %s) "
                   "on the root bus\n", &pf, best, (unsigned long)addr,
                   (unsigned long)(addr + total - 1), sr.total_vfs,
                   pci_size_str(vfb[best].size, s, sizeof(s)));
    }

    xfree(p.inside.r);
    xfree(p.outside.r);
    return rc ? rc : (int)placed;
}

int pci_place_func_bars(pci_sbdf_t sbdf, const struct pci_mem_range *root,
                        unsigned int nr_root)
{
    struct place_ctx p = { .pf = sbdf, .root = root, .nr_root = nr_root };
    struct pci_bar bars[PCI_NUM_BARS_NORMAL];
    bool todo[PCI_NUM_BARS_NORMAL] = { false };
    unsigned int i, placed = 0;
    u16 cmd;
    int nr, rc;

    if ((pci_conf_read8(sbdf, PCI_HEADER_TYPE) & 0x7f) != PCI_HEADER_TYPE_NORMAL)
        return -EINVAL;
    cmd = pci_conf_read16(sbdf, PCI_COMMAND);
    if (cmd == 0xffff)
        return -ENODEV;
    /* No decoding while BARs are probed and moved. */
    pci_conf_write16(sbdf, PCI_COMMAND, cmd & ~(PCI_COMMAND_MEMORY | PCI_COMMAND_IO));
    nr = pci_read_bars(sbdf, bars);
    if (nr < 0) {
        rc = nr;
        goto out_cmd;
    }
    for (i = 0; i < (unsigned int)nr; i++)
        todo[i] = bars[i].type == PCI_BAR_MEM && bars[i].size && !bars[i].base;

    rc = place_ctx_init(&p);

    while (!rc) {
        unsigned int best = next_largest(bars, todo, (unsigned int)nr);
        const char *where;
        u64 addr;
        char s[16];

        if (best == (unsigned int)nr)
            break;
        rc = bars[best].size > FOUR_GIB / 2 ? -ENOSPC :
             place_one(&p, bars[best].prefetch, bars[best].size,
                       pow2_roundup(bars[best].size), &addr, &where);
        if (rc) {
            gprintk(LOG_ERR "PCI: %pp: no room below 4 GiB for BAR%u (%s): %d\n",
                    &sbdf, best, pci_size_str(bars[best].size, s, sizeof(s)), rc);
            break;
        }
        pci_conf_write32(sbdf, PCI_BASE_ADDRESS_0 + 4 * best,
                         (pci_conf_read32(sbdf, PCI_BASE_ADDRESS_0 + 4 * best) &
                          ~PCI_BASE_ADDRESS_MEM_MASK) | (u32)addr);
        if (bars[best].is64)
            pci_conf_write32(sbdf, PCI_BASE_ADDRESS_0 + 4 * (best + 1), 0);
        busy_add(&p.inside, addr, bars[best].size);
        rc = p.inside.err;
        placed++;
        printk(LOG_INFO "PCI: %pp: BAR%u placed at [%#lx-%#lx] (%s) in the %s "
               "%s%pp\n", &sbdf, best, (unsigned long)addr,
               (unsigned long)(addr + bars[best].size - 1),
               pci_size_str(bars[best].size, s, sizeof(s)), where,
               p.has_br ? "window of " : "", p.has_br ? &p.br : &sbdf);
    }
    xfree(p.inside.r);
    xfree(p.outside.r);
 out_cmd:
    pci_conf_write16(sbdf, PCI_COMMAND, cmd & ~(PCI_COMMAND_MEMORY | PCI_COMMAND_IO));
    return rc ? rc : (int)placed;
}
