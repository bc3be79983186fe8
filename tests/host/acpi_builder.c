/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI table images and fake physical memory for host tests: see
 * acpi_builder.h.  Offsets follow the ACPI specification directly.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include <mhv/acpi.h>
#include "acpi_builder.h"

struct fake_range {
    paddr_t pa;
    size_t len;
    u8 *buf;
};

#define FAKE_MAX_RANGES 8
static struct fake_range ranges[FAKE_MAX_RANGES];
static unsigned int nr_ranges;
static u8 *arena;
static size_t arena_used;

void acpi_fake_reset(void)
{
    unsigned int i;

    for (i = 0; i < nr_ranges; i++)
        free(ranges[i].buf);
    memset(ranges, 0, sizeof(ranges));
    nr_ranges = 0;
    arena = NULL;
    arena_used = 0;
}

void *acpi_fake_mem(paddr_t pa, size_t len)
{
    struct fake_range *r;

    if (nr_ranges == FAKE_MAX_RANGES) {
        fprintf(stderr, "acpi_fake_mem: too many ranges\n");
        abort();
    }
    r = &ranges[nr_ranges++];
    r->pa = pa;
    r->len = len;
    r->buf = calloc(1, len);
    if (!r->buf)
        abort();
    return r->buf;
}

static struct fake_range *find_range(paddr_t pa, size_t len)
{
    unsigned int i;

    for (i = 0; i < nr_ranges; i++) {
        struct fake_range *r = &ranges[i];

        if (pa >= r->pa && pa - r->pa <= r->len && len <= r->len - (pa - r->pa))
            return r;
    }
    return NULL;
}

void *acpi_fake_ptr(paddr_t pa)
{
    struct fake_range *r = find_range(pa, 1);

    return r ? r->buf + (pa - r->pa) : NULL;
}

/* The parser's window on physical memory: only the fake ranges exist. */
const void *acpi_map(paddr_t pa, size_t len)
{
    struct fake_range *r;

    if (!len)
        return NULL;
    r = find_range(pa, len);
    return r ? r->buf + (pa - r->pa) : NULL;
}

paddr_t acpi_fake_place(const void *bytes, size_t len)
{
    paddr_t pa;

    if (!arena)
        arena = acpi_fake_mem(ACPI_FAKE_ARENA, ACPI_FAKE_ARENA_SIZE);
    arena_used = (arena_used + 15) & ~(size_t)15;
    if (len > ACPI_FAKE_ARENA_SIZE - arena_used) {
        fprintf(stderr, "acpi_fake_place: arena full\n");
        abort();
    }
    memcpy(arena + arena_used, bytes, len);
    pa = ACPI_FAKE_ARENA + arena_used;
    arena_used += len;
    return pa;
}

/* ------------------------------------------------------------ tables */

static void put(struct acpi_tb *t, u64 v, unsigned int n)
{
    unsigned int i;

    if (t->len + n > ACPI_TB_MAX) {
        fprintf(stderr, "acpi_tb: table too large\n");
        abort();
    }
    for (i = 0; i < n; i++)
        t->buf[t->len++] = (u8)(v >> (8 * i));
}

void acpi_tb_u8(struct acpi_tb *t, u8 v)   { put(t, v, 1); }
void acpi_tb_u16(struct acpi_tb *t, u16 v) { put(t, v, 2); }
void acpi_tb_u32(struct acpi_tb *t, u32 v) { put(t, v, 4); }
void acpi_tb_u64(struct acpi_tb *t, u64 v) { put(t, v, 8); }

void acpi_tb_bytes(struct acpi_tb *t, const void *p, size_t n)
{
    const u8 *b = p;

    while (n--)
        put(t, *b++, 1);
}

void acpi_tb_init(struct acpi_tb *t, const char *sig, u8 rev)
{
    t->len = 0;
    acpi_tb_bytes(t, sig, 4);           /* 0: signature */
    acpi_tb_u32(t, 0);                  /* 4: length (filled at place) */
    acpi_tb_u8(t, rev);                 /* 8: revision */
    acpi_tb_u8(t, 0);                   /* 9: checksum */
    acpi_tb_bytes(t, "MHVTST", 6);      /* 10: OEM ID */
    acpi_tb_bytes(t, "MHVTABLE", 8);    /* 16: OEM table ID */
    acpi_tb_u32(t, 1);                  /* 24: OEM revision */
    acpi_tb_bytes(t, "MHV ", 4);        /* 28: creator ID */
    acpi_tb_u32(t, 1);                  /* 32: creator revision */
}

static u8 sum(const u8 *p, size_t n)
{
    u8 s = 0;

    while (n--)
        s += *p++;
    return s;
}

paddr_t acpi_tb_place(struct acpi_tb *t)
{
    u32 len = t->len;

    memcpy(t->buf + 4, &len, 4);        /* host is little-endian too */
    t->buf[9] = 0;
    t->buf[9] = (u8)-sum(t->buf, t->len);
    return acpi_fake_place(t->buf, t->len);
}

void acpi_fake_fix_checksum(paddr_t pa)
{
    u8 *p = acpi_fake_ptr(pa);
    u32 len;

    memcpy(&len, p + 4, 4);
    p[9] = 0;
    p[9] = (u8)-sum(p, len);
}

/* ------------------------------------------------------------ MADT */

void acpi_tb_madt_init(struct acpi_tb *t, u32 lapic_addr, u32 flags)
{
    acpi_tb_init(t, "APIC", 5);
    acpi_tb_u32(t, lapic_addr);         /* 36 */
    acpi_tb_u32(t, flags);              /* 40 */
}

void acpi_tb_madt_lapic(struct acpi_tb *t, u8 uid, u8 apic_id, u32 flags)
{
    acpi_tb_u8(t, 0);
    acpi_tb_u8(t, 8);
    acpi_tb_u8(t, uid);
    acpi_tb_u8(t, apic_id);
    acpi_tb_u32(t, flags);
}

void acpi_tb_madt_ioapic(struct acpi_tb *t, u8 id, u32 addr, u32 gsi_base)
{
    acpi_tb_u8(t, 1);
    acpi_tb_u8(t, 12);
    acpi_tb_u8(t, id);
    acpi_tb_u8(t, 0);
    acpi_tb_u32(t, addr);
    acpi_tb_u32(t, gsi_base);
}

void acpi_tb_madt_iso(struct acpi_tb *t, u8 bus, u8 irq, u32 gsi, u16 flags)
{
    acpi_tb_u8(t, 2);
    acpi_tb_u8(t, 10);
    acpi_tb_u8(t, bus);
    acpi_tb_u8(t, irq);
    acpi_tb_u32(t, gsi);
    acpi_tb_u16(t, flags);
}

void acpi_tb_madt_nmi_src(struct acpi_tb *t, u16 flags, u32 gsi)
{
    acpi_tb_u8(t, 3);
    acpi_tb_u8(t, 8);
    acpi_tb_u16(t, flags);
    acpi_tb_u32(t, gsi);
}

void acpi_tb_madt_lapic_nmi(struct acpi_tb *t, u8 uid, u16 flags, u8 lint)
{
    acpi_tb_u8(t, 4);
    acpi_tb_u8(t, 6);
    acpi_tb_u8(t, uid);
    acpi_tb_u16(t, flags);
    acpi_tb_u8(t, lint);
}

void acpi_tb_madt_lapic_addr(struct acpi_tb *t, u64 addr)
{
    acpi_tb_u8(t, 5);
    acpi_tb_u8(t, 12);
    acpi_tb_u16(t, 0);
    acpi_tb_u64(t, addr);
}

void acpi_tb_madt_x2apic(struct acpi_tb *t, u32 x2apic_id, u32 flags, u32 uid)
{
    acpi_tb_u8(t, 9);
    acpi_tb_u8(t, 16);
    acpi_tb_u16(t, 0);
    acpi_tb_u32(t, x2apic_id);
    acpi_tb_u32(t, flags);
    acpi_tb_u32(t, uid);
}

void acpi_tb_madt_x2apic_nmi(struct acpi_tb *t, u16 flags, u32 uid, u8 lint)
{
    acpi_tb_u8(t, 10);
    acpi_tb_u8(t, 12);
    acpi_tb_u16(t, flags);
    acpi_tb_u32(t, uid);
    acpi_tb_u8(t, lint);
    acpi_tb_u8(t, 0);
    acpi_tb_u16(t, 0);
}

/* ------------------------------------------------------------ MCFG */

void acpi_tb_mcfg_init(struct acpi_tb *t)
{
    acpi_tb_init(t, "MCFG", 1);
    acpi_tb_u64(t, 0);                  /* 36: reserved */
}

void acpi_tb_mcfg_entry(struct acpi_tb *t, u64 base, u16 seg, u8 start_bus,
                        u8 end_bus)
{
    acpi_tb_u64(t, base);
    acpi_tb_u16(t, seg);
    acpi_tb_u8(t, start_bus);
    acpi_tb_u8(t, end_bus);
    acpi_tb_u32(t, 0);
}

/* ------------------------------------------------------------ FADT, DSDT */

static void set32(struct acpi_tb *t, u32 off, u32 v)
{
    memcpy(t->buf + off, &v, 4);
}

static void set64(struct acpi_tb *t, u32 off, u64 v)
{
    memcpy(t->buf + off, &v, 8);
}

paddr_t acpi_build_fadt(u32 len, u8 rev, u32 dsdt, u32 pm1a_cnt,
                        u64 x_dsdt, u64 x_pm1a)
{
    static struct acpi_tb t;

    acpi_tb_init(&t, "FACP", rev);
    while (t.len < len)
        acpi_tb_u8(&t, 0);
    set32(&t, 40, dsdt);                /* DSDT */
    t.buf[46] = 9;                      /* SCI_INT */
    set32(&t, 56, pm1a_cnt ? pm1a_cnt - 4 : 0);     /* PM1a_EVT_BLK */
    set32(&t, 64, pm1a_cnt);            /* PM1a_CNT_BLK */
    set32(&t, 76, 0x608);               /* PM_TMR_BLK */
    t.buf[88] = 4;                      /* PM1_EVT_LEN */
    t.buf[89] = 2;                      /* PM1_CNT_LEN */
    t.buf[91] = 4;                      /* PM_TMR_LEN */
    if (len >= 111)
        t.buf[109] = 0x03;              /* IAPC_BOOT_ARCH: legacy, 8042 */
    set32(&t, 112, 1u << 8);            /* Flags: TMR_VAL_EXT */
    if (len >= 244) {
        set64(&t, 140, x_dsdt);         /* X_DSDT */
        if (x_pm1a) {
            t.buf[172] = 1;             /* X_PM1a_CNT_BLK: System I/O */
            t.buf[173] = 16;            /* bit width */
            t.buf[175] = 2;             /* access size: word */
            set64(&t, 176, x_pm1a);
        }
    }
    return acpi_tb_place(&t);
}

paddr_t acpi_build_dsdt(const void *aml, size_t len)
{
    static struct acpi_tb t;

    acpi_tb_init(&t, "DSDT", 2);
    acpi_tb_bytes(&t, aml, len);
    return acpi_tb_place(&t);
}

paddr_t acpi_build_root(bool xsdt, const paddr_t *tables, unsigned int n)
{
    static struct acpi_tb t;
    unsigned int i;

    acpi_tb_init(&t, xsdt ? "XSDT" : "RSDT", 1);
    for (i = 0; i < n; i++) {
        if (xsdt)
            acpi_tb_u64(&t, tables[i]);
        else
            acpi_tb_u32(&t, (u32)tables[i]);
    }
    return acpi_tb_place(&t);
}

size_t acpi_build_rsdp(u8 *out, u8 rev, u32 rsdt, u64 xsdt)
{
    u32 len = 36;

    memset(out, 0, 36);
    memcpy(out, "RSD PTR ", 8);
    memcpy(out + 9, "MHVTST", 6);
    out[15] = rev;
    memcpy(out + 16, &rsdt, 4);
    out[8] = (u8)-sum(out, 20);
    if (rev < 2)
        return 20;
    memcpy(out + 20, &len, 4);
    memcpy(out + 24, &xsdt, 8);
    out[32] = (u8)-sum(out, 36);
    return 36;
}

/* ---------------------------------------------------------------- DMAR */

void acpi_tb_dmar_init(struct acpi_tb *t, u8 haw, u8 flags)
{
    acpi_tb_init(t, "DMAR", 1);
    acpi_tb_u8(t, (u8)(haw - 1));       /* width - 1 */
    acpi_tb_u8(t, flags);
    for (int i = 0; i < 10; i++)
        acpi_tb_u8(t, 0);
}

u32 acpi_tb_dmar_drhd(struct acpi_tb *t, u8 flags, u16 seg, u64 base)
{
    u32 at = t->len;

    acpi_tb_u16(t, 0);                  /* type DRHD */
    acpi_tb_u16(t, 16);                 /* length: grown by scopes */
    acpi_tb_u8(t, flags);
    acpi_tb_u8(t, 0);
    acpi_tb_u16(t, seg);
    acpi_tb_u64(t, base);
    return at;
}

u32 acpi_tb_dmar_rmrr(struct acpi_tb *t, u16 seg, u64 base, u64 limit)
{
    u32 at = t->len;

    acpi_tb_u16(t, 1);                  /* type RMRR */
    acpi_tb_u16(t, 24);
    acpi_tb_u16(t, 0);
    acpi_tb_u16(t, seg);
    acpi_tb_u64(t, base);
    acpi_tb_u64(t, limit);
    return at;
}

void acpi_tb_dmar_scope(struct acpi_tb *t, u32 st, u8 type, u8 enum_id,
                        u8 start_bus, unsigned int hops, const u8 *path)
{
    u8 len = (u8)(6 + 2 * hops);
    u16 slen;

    acpi_tb_u8(t, type);
    acpi_tb_u8(t, len);
    acpi_tb_u16(t, 0);                  /* flags, reserved */
    acpi_tb_u8(t, enum_id);
    acpi_tb_u8(t, start_bus);
    acpi_tb_bytes(t, path, 2 * hops);
    slen = (u16)(t->buf[st + 2] | (t->buf[st + 3] << 8));
    slen = (u16)(slen + len);
    t->buf[st + 2] = (u8)slen;
    t->buf[st + 3] = (u8)(slen >> 8);
}
