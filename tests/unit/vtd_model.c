/* SPDX-License-Identifier: GPL-2.0 */
/* A model of one VT-d unit (see vtd_model.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../../drivers/passthrough/vtd/vtd.h"
#include "vtd_model.h"

struct vtd_model vtd_model;
unsigned long vtd_pages_in_use;

#define NR_CACHE 64
static struct { bool valid; u16 sid; u64 lo, hi; } ctx_cache[NR_CACHE];
static struct { bool valid; u16 did; u64 page; u64 leaf; } iotlb[NR_CACHE];

static u64 get64(unsigned int reg)
{
    u64 v;

    memcpy(&v, &vtd_model.regs[reg], 8);
    return v;
}

static void put64(unsigned int reg, u64 v)
{
    memcpy(&vtd_model.regs[reg], &v, 8);
}

static u32 get32(unsigned int reg)
{
    u32 v;

    memcpy(&v, &vtd_model.regs[reg], 4);
    return v;
}

static void put32(unsigned int reg, u32 v)
{
    memcpy(&vtd_model.regs[reg], &v, 4);
}

static unsigned int fro(void)
{
    return CAP_FRO(get64(VTD_CAP));
}

static unsigned int nfr(void)
{
    return CAP_NFR(get64(VTD_CAP));
}

/* 4: a 32-bit register, 8: a 64-bit one, 0: nothing there. */
static unsigned int reg_width(unsigned int reg)
{
    switch (reg) {
    case VTD_VER: case VTD_GCMD: case VTD_GSTS: case VTD_FSTS: case VTD_FECTL:
    case VTD_FEDATA: case VTD_FEADDR: case VTD_FEUADDR: case VTD_ICS:
        return 4;
    case VTD_CAP: case VTD_ECAP: case VTD_RTADDR: case VTD_CCMD: case VTD_IQH:
    case VTD_IQT: case VTD_IQA: case VTD_IRTA:
        return 8;
    }
    if (reg >= fro() && reg < fro() + 16 * nfr()) {
        unsigned int o = (reg - fro()) % 16;

        if (o == 0 || o == 8)
            return 8;
        if (o == 12)
            return 4;
    }
    return 0;
}

static void check(unsigned int reg, unsigned int width)
{
    if (reg_width(reg) != width)
        vtd_model.bad_access++;
}

void vtd_model_flush_caches(void)
{
    memset(ctx_cache, 0, sizeof(ctx_cache));
    memset(iotlb, 0, sizeof(iotlb));
}

void vtd_model_reset(u64 cap, u64 ecap)
{
    memset(&vtd_model, 0, sizeof(vtd_model));
    put64(VTD_CAP, cap);
    put64(VTD_ECAP, ecap);
    put32(VTD_VER, 0x10);
    vtd_model_flush_caches();
}

void vtd_model_clear_events(void)
{
    vtd_model.nr_events = 0;
}

unsigned int vtd_model_count(unsigned int type)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < vtd_model.nr_events; i++)
        n += vtd_model.events[i].type == type;
    return n;
}

static void log_event(const struct vtd_event *e)
{
    if (vtd_model.nr_events < VTD_MODEL_MAX_EVENTS)
        vtd_model.events[vtd_model.nr_events++] = *e;
}

static void process_desc(u64 lo, u64 hi)
{
    struct vtd_event e = { .type = lo & 0xf, .gran = (lo >> 4) & 3,
                           .did = (u16)(lo >> 16) };

    if ((e.type == QI_CC || e.type == QI_IOTLB) && vtd_model.skip_invalidations) {
        vtd_model.skip_invalidations--;
        log_event(&e);
        return;
    }
    switch (e.type) {
    case QI_CC:
        e.sid = (u16)(lo >> 32);
        for (unsigned int i = 0; i < NR_CACHE; i++)
            if (e.gran == QI_GRAN_GLOBAL ||
                (e.gran == QI_GRAN_DOMAIN && CTX_HI_DID_OF(ctx_cache[i].hi) == e.did) ||
                (e.gran == QI_GRAN_DEVICE && ctx_cache[i].sid == e.sid))
                ctx_cache[i].valid = false;
        break;
    case QI_IOTLB:
        e.addr = hi & ~0xfffull;
        for (unsigned int i = 0; i < NR_CACHE; i++)
            if (e.gran == QI_GRAN_GLOBAL ||
                (e.gran == QI_GRAN_DOMAIN && iotlb[i].did == e.did) ||
                (e.gran == QI_GRAN_PAGE && iotlb[i].did == e.did &&
                 iotlb[i].page == e.addr >> 12))
                iotlb[i].valid = false;
        break;
    case QI_IEC:
        e.global_iec = !(lo & QI_IEC_INDEX);
        e.index = (unsigned int)(lo >> 32) & 0xffff;
        break;
    case QI_WAIT:
        e.addr = hi & ~3ull;
        if (!(lo & QI_WAIT_SW))
            break;
        if (vtd_model.drop_status_writes) {
            vtd_model.drop_status_writes--;
            break;
        }
        *(volatile u32 *)(uintptr_t)(hi & ~3ull) = (u32)(lo >> 32);
        vtd_model.status_writes++;
        break;
    default:
        vtd_model.bad_access++;
    }
    log_event(&e);
}

static void write_iqt(u64 tail)
{
    u64 iqa = get64(VTD_IQA), head = get64(VTD_IQH) >> 4;
    unsigned int n = 256u << (iqa & 7);
    const u64 *q = (const u64 *)(uintptr_t)(iqa & ~0xfffull);

    if (!(get32(VTD_GSTS) & GCMD_QIE) || vtd_model.stopped ||
        vtd_model.iqh_wanders)
        return;         /* kept; processed once QI is on */
    tail >>= 4;
    for (unsigned int k = 0; head != tail && k < n; k++) {
        process_desc(q[2 * head], q[2 * head + 1]);
        head = (head + 1) % n;
    }
    put64(VTD_IQH, head << 4);
}

static void write_gcmd(u32 v)
{
    const u32 enables = GCMD_TE | GCMD_QIE | GCMD_IRE | GCMD_CFI;
    u32 gsts = get32(VTD_GSTS);

    if (v && (gsts & enables & ~v))
        vtd_model.enables_dropped++;
    gsts = (gsts & ~enables) | (v & enables);
    if (v & GCMD_SRTP) {
        vtd_model.root = get64(VTD_RTADDR);
        gsts |= GCMD_SRTP;
    }
    if (v & GCMD_SIRTP) {
        vtd_model.irta = get64(VTD_IRTA);
        gsts |= GCMD_SIRTP;
    }
    put32(VTD_GSTS, gsts);
}

bool vtd_hw_map(struct vtd_unit *u)
{
    u->regs = vtd_model.regs;
    return true;
}

u32 vtd_read32(struct vtd_unit *u, unsigned int reg)
{
    check(reg, 4);
    if (reg == VTD_GCMD)
        vtd_model.bad_access++;     /* write-only */
    return get32(reg);
}

u64 vtd_read64(struct vtd_unit *u, unsigned int reg)
{
    check(reg, 8);
    if (reg == VTD_IQH && vtd_model.iqh_wanders)
        return get64(reg) + (vtd_model.iqh_reads++ & 1 ? 16 : 0);
    return get64(reg);
}

void vtd_write32(struct vtd_unit *u, unsigned int reg, u32 v)
{
    check(reg, 4);
    if (reg == VTD_GCMD) {
        write_gcmd(v);
    } else if (reg == VTD_FSTS) {
        put32(reg, get32(reg) & ~(v & (FSTS_PFO | FSTS_IQE | FSTS_ICE | FSTS_ITE)));
    } else if (reg >= fro() && (reg - fro()) % 16 == 12) {
        if (v & 0x80000000u)
            put32(reg, get32(reg) & ~0x80000000u);      /* W1C F */
    } else {
        put32(reg, v);
    }
}

void vtd_write64(struct vtd_unit *u, unsigned int reg, u64 v)
{
    check(reg, 8);
    if (reg == VTD_IQT) {
        if (vtd_model.drop_iqt_writes) {
            vtd_model.drop_iqt_writes--;
            return;
        }
        put64(reg, v);
        write_iqt(v);
    } else if (reg == VTD_CCMD && (get32(VTD_GSTS) & GCMD_QIE)) {
        vtd_model.bad_access++;     /* refused; its busy bit never clears */
    } else {
        put64(reg, v);
    }
}

void *vtd_alloc_page(paddr_t *pa)
{
    void *p = aligned_alloc(4096, 4096);

    assert_non_null(p);
    memset(p, 0, 4096);
    vtd_pages_in_use++;
    *pa = (paddr_t)(uintptr_t)p;
    return p;
}

void vtd_free_page(void *va)
{
    if (!va)
        return;
    vtd_pages_in_use--;
    free(va);
}

void *vtd_alloc_pages(unsigned int order, paddr_t *pa)
{
    size_t sz = 4096ul << order;
    void *p = aligned_alloc(sz, sz);

    assert_non_null(p);
    memset(p, 0, sz);
    vtd_pages_in_use += 1ul << order;
    *pa = (paddr_t)(uintptr_t)p;
    return p;
}

void vtd_free_pages(void *va, unsigned int order)
{
    if (!va)
        return;
    vtd_pages_in_use -= 1ul << order;
    free(va);
}

void *vtd_phys_to_virt(paddr_t pa)
{
    return (void *)(uintptr_t)pa;
}

void vtd_flush_cache(const void *p, size_t len)
{
}

u64 vtd_now_ns(void)
{
    vtd_model.now_ns += VTD_MODEL_TICK_NS;
    if (vtd_model.now_ns > VTD_MODEL_CLOCK_LIMIT_NS)
        fail_msg("a poll still waiting after %llu s of model time: it would "
                 "never end", VTD_MODEL_CLOCK_LIMIT_NS / 1000000000ull);
    return vtd_model.now_ns;
}

long vtd_model_pages(void)
{
    return (long)vtd_pages_in_use;
}

unsigned int vtd_model_translate(u16 sid, u64 iova, bool write, paddr_t *pa)
{
    unsigned int bus = sid >> 8, devfn = sid & 0xff, levels, slot;
    u64 lo = 0, hi = 0, e;
    const u64 *t;
    int c = -1;

    if (!(get32(VTD_GSTS) & GCMD_TE))
        return 0xff;
    for (unsigned int i = 0; i < NR_CACHE; i++)
        if (ctx_cache[i].valid && ctx_cache[i].sid == sid)
            c = (int)i;
    if (c >= 0) {
        lo = ctx_cache[c].lo;
        hi = ctx_cache[c].hi;
    } else {
        const u64 *root = (const u64 *)(uintptr_t)(vtd_model.root & ~0xfffull);
        const u64 *ctx;

        if (!(root[2 * bus] & VTD_P))
            return 1;
        ctx = (const u64 *)(uintptr_t)(root[2 * bus] & VTD_ADDR_MASK);
        lo = ctx[2 * devfn];
        hi = ctx[2 * devfn + 1];
        if (!(lo & VTD_P))
            return 2;               /* not present: not cached */
        slot = sid % NR_CACHE;
        ctx_cache[slot].valid = true;
        ctx_cache[slot].sid = sid;
        ctx_cache[slot].lo = lo;
        ctx_cache[slot].hi = hi;
    }
    levels = (hi & 7) == 2 ? 4 : 3;
    if (iova >> (12 + 9 * levels))
        return 4;
    for (unsigned int i = 0; i < NR_CACHE; i++)
        if (iotlb[i].valid && iotlb[i].did == CTX_HI_DID_OF(hi) &&
            iotlb[i].page == iova >> 12) {
            e = iotlb[i].leaf;
            goto leaf;
        }
    t = (const u64 *)(uintptr_t)(lo & VTD_ADDR_MASK);
    for (unsigned int l = levels; l > 1; l--) {
        e = t[(iova >> (12 + 9 * (l - 1))) & 511];
        if (!(e & (write ? SL_W : SL_R)))
            return write ? 5 : 6;
        t = (const u64 *)(uintptr_t)(e & VTD_ADDR_MASK);
    }
    e = t[(iova >> 12) & 511];
    if (!(e & (SL_R | SL_W)))
        return write ? 5 : 6;
    slot = (unsigned int)((iova >> 12) % NR_CACHE);
    iotlb[slot].valid = true;
    iotlb[slot].did = (u16)CTX_HI_DID_OF(hi);
    iotlb[slot].page = iova >> 12;
    iotlb[slot].leaf = e;
 leaf:
    if (!(e & (write ? SL_W : SL_R)))
        return write ? 5 : 6;
    *pa = (e & VTD_ADDR_MASK) | (iova & 0xfff);
    return 0;
}

void vtd_model_inject_fault(unsigned int i, u16 sid, u64 addr,
                            unsigned int reason, bool read)
{
    unsigned int off = fro() + 16 * i;
    u64 hi = (1ull << 63) | ((u64)read << 62) | ((u64)reason << 32) | sid;

    put64(off, addr);
    put64(off + 8, hi);
    put32(VTD_FSTS, get32(VTD_FSTS) | FSTS_PPF | (i << 8));
}
