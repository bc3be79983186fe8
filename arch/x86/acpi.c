/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI static tables: RSDP discovery, XSDT/RSDT walk with checksum
 * validation, and the MADT, MCFG, FADT (+ DSDT \_S5) and HPET parsers.
 * See <mhv/acpi.h> for what is offered.
 *
 * Rules of this file:
 *  - physical memory is read only through acpi_map(), and only after the
 *    range has been bounded by a length that was itself checked;
 *  - fields are read byte by byte (rd16/rd32/rd64): table entries are not
 *    aligned, and the host build runs under UBSan;
 *  - every loop is bounded by a table length, a fixed area or a limit, so
 *    corrupt firmware ends in a LOG_WARNING line, never a hang or a fault.
 *
 * Layouts are those of the ACPI specification (6.5) and of the PCI Firmware
 * specification (MCFG); offsets are given next to each parser.
 */
#include <mhv/acpi.h>
#include <mhv/errno.h>
#include <mhv/lib.h>

struct acpi_info acpi_info;

/* Every table the root lists (plus the DSDT), valid or not. */
static struct acpi_table_desc acpi_tables[ACPI_MAX_TABLES];
static unsigned int acpi_nr_tables;

#define ACPI_HDR_LEN        36      /* common table header */
#define RSDP_V1_LEN         20
#define RSDP_V2_LEN         36

/* ------------------------------------------------------------ helpers */

static inline u16 rd16(const u8 *p, size_t off)
{
    return (u16)(p[off] | (p[off + 1] << 8));
}

static inline u32 rd32(const u8 *p, size_t off)
{
    return (u32)p[off] | ((u32)p[off + 1] << 8) |
           ((u32)p[off + 2] << 16) | ((u32)p[off + 3] << 24);
}

static inline u64 rd64(const u8 *p, size_t off)
{
    return (u64)rd32(p, off) | ((u64)rd32(p, off + 4) << 32);
}

static u8 checksum(const u8 *p, size_t len)
{
    u8 sum = 0;

    while (len--)
        sum += *p++;
    return sum;
}

/* Copy @n firmware characters into @dst (n + 1 bytes), printable only. */
static void copy_id(char *dst, const u8 *src, size_t n, bool trim)
{
    size_t i;

    for (i = 0; i < n; i++)
        dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
    dst[n] = '\0';
    while (trim && n && dst[n - 1] == ' ')
        dst[--n] = '\0';
}

/* A table that passed the header, length and checksum checks. */
struct acpi_tbl {
    const u8 *p;
    paddr_t pa;
    u32 len;
    u8 rev;
    char sig[5];
    char oem[7];
    char oem_table[9];
};

/* The name a table is known by: "MADT" rather than its signature "APIC". */
static const char *tbl_name(const char *sig)
{
    if (!strcmp(sig, "APIC"))
        return "MADT";
    if (!strcmp(sig, "FACP"))
        return "FADT";
    return sig;
}

static void record_table(const char *sig, paddr_t pa, u32 len, bool valid)
{
    struct acpi_table_desc *d;

    if (acpi_nr_tables >= ACPI_MAX_TABLES)
        return;     /* reported by the root walk */
    d = &acpi_tables[acpi_nr_tables++];
    memcpy(d->sig, sig, 5);
    d->addr = pa;
    d->len = len;
    d->valid = valid;
}

/*
 * Map and validate the table at @pa: header mappable, length at least a
 * header and at most ACPI_MAX_TABLE_LEN, whole table mappable, checksum 0,
 * and the signature @want when given.  Records it in the table list.
 * Returns false, after a LOG_WARNING line, when the table must be ignored.
 */
static bool get_table(paddr_t pa, const char *want, struct acpi_tbl *t)
{
    const u8 *h;
    u8 sum;

    h = acpi_map(pa, ACPI_HDR_LEN);
    if (!h) {
        printk(LOG_WARNING "ACPI: cannot map table header at 0x%08lx, "
               "ignored\n", (unsigned long)pa);
        return false;
    }
    copy_id(t->sig, h, 4, false);
    t->len = rd32(h, 4);
    t->rev = h[8];
    copy_id(t->oem, h + 10, 6, true);
    copy_id(t->oem_table, h + 16, 8, true);
    t->pa = pa;
    t->p = NULL;

    if (want && memcmp(h, want, 4)) {
        printk(LOG_WARNING "ACPI: expected %s at 0x%08lx, found \"%s\", "
               "ignored\n", want, (unsigned long)pa, t->sig);
        record_table(t->sig, pa, t->len, false);
        return false;
    }
    if (t->len < ACPI_HDR_LEN) {
        printk(LOG_WARNING "ACPI: %s at 0x%08lx is truncated (len 0x%x, "
               "shorter than its header), ignored\n",
               tbl_name(t->sig), (unsigned long)pa, t->len);
        record_table(t->sig, pa, t->len, false);
        return false;
    }
    if (t->len > ACPI_MAX_TABLE_LEN) {
        printk(LOG_WARNING "ACPI: %s at 0x%08lx has an implausible length "
               "0x%x, ignored\n", tbl_name(t->sig), (unsigned long)pa, t->len);
        record_table(t->sig, pa, t->len, false);
        return false;
    }
    t->p = acpi_map(pa, t->len);
    if (!t->p) {
        printk(LOG_WARNING "ACPI: %s at 0x%08lx is truncated (len 0x%x runs "
               "past mappable memory), ignored\n",
               tbl_name(t->sig), (unsigned long)pa, t->len);
        record_table(t->sig, pa, t->len, false);
        return false;
    }
    sum = checksum(t->p, t->len);
    if (sum) {
        printk(LOG_WARNING "ACPI: %s at 0x%08lx len 0x%x has a bad checksum "
               "(sum 0x%02x), ignored\n",
               tbl_name(t->sig), (unsigned long)pa, t->len, sum);
        record_table(t->sig, pa, t->len, false);
        t->p = NULL;
        return false;
    }
    record_table(t->sig, pa, t->len, true);
    return true;
}

/* A table whose fixed part is longer than the table itself. */
static bool too_short(const struct acpi_tbl *t, u32 min)
{
    if (t->len >= min)
        return false;
    printk(LOG_WARNING "ACPI: %s at 0x%08lx is truncated (len 0x%x < 0x%x), "
           "ignored\n", tbl_name(t->sig), (unsigned long)t->pa, t->len, min);
    return true;
}

/* The one-line summary of a table: "ACPI: MADT 0x... len 0x.. OEM ...". */
static void print_table(const struct acpi_tbl *t, const char *summary)
{
    printk(LOG_INFO "ACPI: %-4s 0x%08lx len 0x%04x OEM %s %s rev %u%s%s\n",
           tbl_name(t->sig), (unsigned long)t->pa, t->len, t->oem,
           t->oem_table, t->rev, summary ? " : " : "", summary ? summary : "");
}

/* ------------------------------------------------------------ MADT */

/*
 * MADT: header, LAPIC address (u32 @36), flags (u32 @40, bit 0 PCAT_COMPAT),
 * then entries {type u8, length u8, ...} from offset 44.
 */
#define MADT_ENTRIES            44
#define MADT_LAPIC              0   /* uid u8@2, id u8@3, flags u32@4; len 8 */
#define MADT_IOAPIC             1   /* id u8@2, addr u32@4, gsi u32@8; len 12 */
#define MADT_ISO                2   /* bus u8@2, irq u8@3, gsi u32@4,
                                       flags u16@8; len 10 */
#define MADT_NMI_SRC            3   /* flags u16@2, gsi u32@4; len 8 */
#define MADT_LAPIC_NMI          4   /* uid u8@2, flags u16@3, lint u8@5;
                                       len 6 */
#define MADT_LAPIC_ADDR         5   /* addr u64@4; len 12 */
#define MADT_X2APIC             9   /* id u32@4, flags u32@8, uid u32@12;
                                       len 16 */
#define MADT_X2APIC_NMI         10  /* flags u16@2, uid u32@4, lint u8@8;
                                       len 12 */
#define MADT_LAPIC_ENABLED      (1u << 0)
#define MADT_LAPIC_ONLINE_CAP   (1u << 1)

/* Entries seen per kind (also those dropped for a full array). */
struct madt_counts {
    unsigned int lapic, ioapic, iso, lapic_nmi, nmi_src, other, bad;
};

static void madt_add_lapic(struct madt_counts *c,
                           u32 id, u32 uid, u32 flags, bool x2apic)
{
    struct acpi_info *ai = &acpi_info;
    bool usable = flags & (MADT_LAPIC_ENABLED | MADT_LAPIC_ONLINE_CAP);
    struct acpi_lapic *l;
    unsigned int i;

    if (usable && id == (x2apic ? 0xffffffffu : 0xffu)) {
        printk(LOG_WARNING "ACPI: MADT: %s entry (UID %u) has the broadcast "
               "ID 0x%x, ignored\n", x2apic ? "x2APIC" : "LAPIC", uid, id);
        c->bad++;
        return;
    }
    /* Placeholders for absent CPUs often share an ID: check usable ones. */
    for (i = 0; usable && i < ai->nr_lapics; i++) {
        l = &ai->lapics[i];
        if (l->apic_id == id && (l->enabled || l->online_capable)) {
            printk(LOG_WARNING "ACPI: MADT: duplicate APIC ID 0x%x (UID %u), "
                   "ignored\n", id, uid);
            c->bad++;
            return;
        }
    }
    if (c->lapic++ >= ACPI_MAX_LAPICS)
        return;
    l = &ai->lapics[ai->nr_lapics++];
    l->apic_id = id;
    l->uid = uid;
    l->enabled = flags & MADT_LAPIC_ENABLED;
    l->online_capable = !l->enabled && (flags & MADT_LAPIC_ONLINE_CAP);
    l->x2apic = x2apic;
}

static void madt_add_ioapic(struct madt_counts *c, const u8 *e)
{
    struct acpi_info *ai = &acpi_info;
    struct acpi_ioapic *io;
    u32 addr = rd32(e, 4);
    unsigned int i;

    if (!addr) {
        printk(LOG_WARNING "ACPI: MADT: IOAPIC %u has address 0, ignored\n",
               e[2]);
        c->bad++;
        return;
    }
    for (i = 0; i < ai->nr_ioapics; i++)
        if (ai->ioapics[i].id == e[2])
            printk(LOG_WARNING "ACPI: MADT: IOAPIC ID %u listed twice\n", e[2]);
    if (c->ioapic++ >= ACPI_MAX_IOAPICS)
        return;
    io = &ai->ioapics[ai->nr_ioapics++];
    io->id = e[2];
    io->addr = addr;
    io->gsi_base = rd32(e, 8);
}

static void madt_add_iso(struct madt_counts *c, const u8 *e)
{
    struct acpi_info *ai = &acpi_info;
    struct acpi_iso *iso;
    unsigned int i;

    if (e[2] != 0 || e[3] >= 16) {
        printk(LOG_WARNING "ACPI: MADT: override of bus %u IRQ %u is not an "
               "ISA IRQ, ignored\n", e[2], e[3]);
        c->bad++;
        return;
    }
    for (i = 0; i < ai->nr_isos; i++) {
        if (ai->isos[i].irq == e[3]) {
            printk(LOG_WARNING "ACPI: MADT: second override of IRQ %u "
                   "ignored\n", e[3]);
            c->bad++;
            return;
        }
    }
    if (c->iso++ >= ACPI_MAX_ISOS)
        return;
    iso = &ai->isos[ai->nr_isos++];
    iso->bus = e[2];
    iso->irq = e[3];
    iso->gsi = rd32(e, 4);
    iso->flags = rd16(e, 8);
}

static void madt_add_lapic_nmi(struct madt_counts *c, u32 uid, u16 flags,
                               u8 lint)
{
    struct acpi_info *ai = &acpi_info;
    struct acpi_lapic_nmi *n;

    if (lint > 1) {
        printk(LOG_WARNING "ACPI: MADT: LAPIC NMI on LINT%u, ignored\n", lint);
        c->bad++;
        return;
    }
    if (c->lapic_nmi++ >= ACPI_MAX_LAPIC_NMIS)
        return;
    n = &ai->lapic_nmis[ai->nr_lapic_nmis++];
    n->uid = uid;
    n->flags = flags;
    n->lint = lint;
}

static void madt_add_nmi_src(struct madt_counts *c, const u8 *e)
{
    struct acpi_info *ai = &acpi_info;
    struct acpi_nmi_src *n;

    if (c->nmi_src++ >= ACPI_MAX_NMI_SRCS)
        return;
    n = &ai->nmi_srcs[ai->nr_nmi_srcs++];
    n->flags = rd16(e, 2);
    n->gsi = rd32(e, 4);
}

static void madt_limit(const char *what, unsigned int seen, unsigned int max)
{
    if (seen > max)
        printk(LOG_WARNING "ACPI: MADT lists %u %s entries, more than the "
               "limit of %u: %u ignored\n", seen, what, max, seen - max);
}

/* Minimum length of each entry type we parse (0: not parsed). */
static u8 madt_min_len(u8 type)
{
    switch (type) {
    case MADT_LAPIC:      return 8;
    case MADT_IOAPIC:     return 12;
    case MADT_ISO:        return 10;
    case MADT_NMI_SRC:    return 8;
    case MADT_LAPIC_NMI:  return 6;
    case MADT_LAPIC_ADDR: return 12;
    case MADT_X2APIC:     return 16;
    case MADT_X2APIC_NMI: return 12;
    default:              return 0;
    }
}

static void parse_madt(const struct acpi_tbl *t)
{
    struct acpi_info *ai = &acpi_info;
    struct madt_counts c = { 0 };
    const u8 *p = t->p, *e;
    u64 lapic_override = 0;
    unsigned int x2 = 0, enabled = 0, i;
    char sum[160];
    u32 off;
    u8 type, len;

    if (too_short(t, MADT_ENTRIES))
        return;
    ai->lapic_addr = rd32(p, 36);
    ai->pcat_compat = rd32(p, 40) & 1;

    for (off = MADT_ENTRIES; off < t->len; off += len) {
        if (t->len - off < 2) {
            printk(LOG_WARNING "ACPI: MADT: %u trailing byte(s) at offset "
                   "0x%x ignored\n", t->len - off, off);
            break;
        }
        e = p + off;
        type = e[0];
        len = e[1];
        if (len < 2) {
            printk(LOG_WARNING "ACPI: MADT: entry at offset 0x%x (type %u) "
                   "has length %u, rest of table ignored\n", off, type, len);
            break;
        }
        if (len > t->len - off) {
            printk(LOG_WARNING "ACPI: MADT: entry at offset 0x%x (type %u, "
                   "len %u) runs past the end of the table (len 0x%x), rest "
                   "of table ignored\n", off, type, len, t->len);
            break;
        }
        if (len < madt_min_len(type)) {
            printk(LOG_WARNING "ACPI: MADT: entry at offset 0x%x (type %u) is "
                   "too short (len %u < %u), skipped\n",
                   off, type, len, madt_min_len(type));
            c.bad++;
            continue;
        }
        switch (type) {
        case MADT_LAPIC:
            madt_add_lapic(&c, e[3], e[2], rd32(e, 4), false);
            break;
        case MADT_X2APIC:
            madt_add_lapic(&c, rd32(e, 4), rd32(e, 12), rd32(e, 8), true);
            break;
        case MADT_IOAPIC:
            madt_add_ioapic(&c, e);
            break;
        case MADT_ISO:
            madt_add_iso(&c, e);
            break;
        case MADT_NMI_SRC:
            madt_add_nmi_src(&c, e);
            break;
        case MADT_LAPIC_NMI:
            madt_add_lapic_nmi(&c, e[2] == 0xff ? ACPI_NMI_UID_ALL : e[2],
                               rd16(e, 3), e[5]);
            break;
        case MADT_X2APIC_NMI:
            madt_add_lapic_nmi(&c, rd32(e, 4), rd16(e, 2), e[8]);
            break;
        case MADT_LAPIC_ADDR:
            lapic_override = rd64(e, 4);
            break;
        default:
            c.other++;
            break;
        }
    }

    if (lapic_override)
        ai->lapic_addr = lapic_override;
    madt_limit("LAPIC/x2APIC", c.lapic, ACPI_MAX_LAPICS);
    madt_limit("IOAPIC", c.ioapic, ACPI_MAX_IOAPICS);
    madt_limit("interrupt source override", c.iso, ACPI_MAX_ISOS);
    madt_limit("LAPIC NMI", c.lapic_nmi, ACPI_MAX_LAPIC_NMIS);
    madt_limit("NMI source", c.nmi_src, ACPI_MAX_NMI_SRCS);
    ai->have_madt = true;

    for (i = 0; i < ai->nr_lapics; i++) {
        x2 += ai->lapics[i].x2apic;
        enabled += ai->lapics[i].enabled;
    }
    snprintf(sum, sizeof(sum), "%u LAPIC (%u enabled, %u x2APIC), %u IOAPIC, "
             "%u ISO, %u NMI, LAPIC at 0x%08lx%s",
             ai->nr_lapics, enabled, x2, ai->nr_ioapics, ai->nr_isos,
             ai->nr_lapic_nmis + ai->nr_nmi_srcs,
             (unsigned long)ai->lapic_addr, ai->pcat_compat ? ", 8259" : "");
    print_table(t, sum);
}

/* ------------------------------------------------------------ MCFG */

/*
 * MCFG: header, 8 reserved bytes, then 16-byte allocations from offset 44:
 * base u64@0, segment u16@8, start bus u8@10, end bus u8@11, reserved u32.
 */
#define MCFG_ENTRIES    44
#define MCFG_ENTRY_LEN  16
#define ECAM_BUS_SHIFT  20

static void parse_mcfg(const struct acpi_tbl *t)
{
    struct acpi_info *ai = &acpi_info;
    unsigned int n, i, j, seen = 0;
    struct acpi_mcfg_seg s, *m;
    char sum[160];
    int pos;

    if (too_short(t, MCFG_ENTRIES))
        return;
    n = (t->len - MCFG_ENTRIES) / MCFG_ENTRY_LEN;
    if ((t->len - MCFG_ENTRIES) % MCFG_ENTRY_LEN)
        printk(LOG_WARNING "ACPI: MCFG: %u trailing byte(s) after %u "
               "entries ignored\n",
               (t->len - MCFG_ENTRIES) % MCFG_ENTRY_LEN, n);

    for (i = 0; i < n; i++) {
        const u8 *e = t->p + MCFG_ENTRIES + i * MCFG_ENTRY_LEN;

        s.base = rd64(e, 0);
        s.segment = rd16(e, 8);
        s.start_bus = e[10];
        s.end_bus = e[11];
        if (s.start_bus > s.end_bus) {
            printk(LOG_WARNING "ACPI: MCFG: entry %u: segment %04x bus range "
                   "%02x-%02x is empty, ignored\n",
                   i, s.segment, s.start_bus, s.end_bus);
            continue;
        }
        if (!s.base || !IS_ALIGNED(s.base, 1ull << ECAM_BUS_SHIFT) ||
            s.base + ((u64)(s.end_bus + 1) << ECAM_BUS_SHIFT) < s.base) {
            printk(LOG_WARNING "ACPI: MCFG: entry %u: segment %04x has a bad "
                   "ECAM base 0x%lx, ignored\n",
                   i, s.segment, (unsigned long)s.base);
            continue;
        }
        for (j = 0; j < ai->nr_mcfg; j++) {
            m = &ai->mcfg[j];
            if (m->segment == s.segment && s.start_bus <= m->end_bus &&
                m->start_bus <= s.end_bus)
                break;
        }
        if (j < ai->nr_mcfg) {
            printk(LOG_WARNING "ACPI: MCFG: entry %u: segment %04x bus "
                   "%02x-%02x overlaps an earlier entry, ignored\n",
                   i, s.segment, s.start_bus, s.end_bus);
            continue;
        }
        if (seen++ >= ACPI_MAX_MCFG)
            continue;
        ai->mcfg[ai->nr_mcfg++] = s;
    }
    if (seen > ACPI_MAX_MCFG)
        printk(LOG_WARNING "ACPI: MCFG lists %u segment entries, more than "
               "the limit of %u: %u ignored\n",
               seen, ACPI_MAX_MCFG, seen - ACPI_MAX_MCFG);
    ai->have_mcfg = true;

    /* As many ranges as fit on the line, then "...". */
    pos = snprintf(sum, sizeof(sum), "%u ECAM range(s)", ai->nr_mcfg);
    for (i = 0; i < ai->nr_mcfg; i++) {
        char one[48];
        int n1;

        m = &ai->mcfg[i];
        n1 = snprintf(one, sizeof(one), "%s %04x:%02x-%02x at 0x%lx",
                      i ? "," : "", m->segment, m->start_bus, m->end_bus,
                      (unsigned long)m->base);
        if (pos + n1 + 5 > (int)sizeof(sum)) {
            memcpy(sum + pos, " ...", 5);   /* pos + 5 <= sizeof(sum) */
            break;
        }
        memcpy(sum + pos, one, n1 + 1);
        pos += n1;
    }
    print_table(t, sum);
}

/* ------------------------------------------------------------ HPET */

/* HPET: block ID u32@36, base address GAS@40 (space u8@40, addr u64@44). */
#define HPET_LEN    56

static void parse_hpet(const struct acpi_tbl *t)
{
    char sum[64];

    if (too_short(t, HPET_LEN))
        return;
    if (t->p[40] != 0 || !rd64(t->p, 44)) {
        printk(LOG_WARNING "ACPI: HPET: base is not a memory address "
               "(space %u, 0x%lx), ignored\n",
               t->p[40], (unsigned long)rd64(t->p, 44));
        return;
    }
    acpi_info.hpet_addr = rd64(t->p, 44);
    snprintf(sum, sizeof(sum), "HPET at 0x%lx",
             (unsigned long)acpi_info.hpet_addr);
    print_table(t, sum);
}

/* ------------------------------------------------------------ FADT, DSDT */

/*
 * FADT offsets (ACPI 1.0 part, 116 bytes, then the 2.0+ extended part).
 */
#define FADT_DSDT           40      /* u32 */
#define FADT_SCI_INT        46      /* u16 */
#define FADT_PM1A_CNT       64      /* u32 port */
#define FADT_PM1B_CNT       68      /* u32 port */
#define FADT_PM_TMR         76      /* u32 port */
#define FADT_PM_TMR_LEN     91      /* u8 */
#define FADT_BOOT_ARCH      109     /* u16, ACPI 2.0+ */
#define FADT_FLAGS          112     /* u32 */
#define FADT_V1_LEN         116
#define FADT_X_DSDT         140     /* u64 */
#define FADT_X_PM1A_CNT     172     /* GAS */
#define FADT_X_PM1B_CNT     184     /* GAS */
#define FADT_X_PM_TMR       208     /* GAS */
#define FADT_TMR_VAL_EXT    (1u << 8)

#define GAS_LEN             12      /* space u8@0, ..., address u64@4 */
#define GAS_SPACE_MEM       0
#define GAS_SPACE_IO        1

/*
 * The I/O port of a FADT register block: the 64-bit GAS form when the table
 * has it and it is set, else the 32-bit form.  0 when absent or unusable.
 */
static u16 fadt_port(const struct acpi_tbl *t, const char *what,
                     u32 legacy_off, u32 gas_off)
{
    u32 legacy = rd32(t->p, legacy_off);
    u64 x;

    if (t->len >= gas_off + GAS_LEN && (x = rd64(t->p, gas_off + 4))) {
        if (t->p[gas_off] != GAS_SPACE_IO || x > 0xffff) {
            printk(LOG_WARNING "ACPI: FADT: %s block is not an I/O port "
                   "(space %u, 0x%lx)%s\n", what, t->p[gas_off],
                   (unsigned long)x, legacy ? ", using the 32-bit field" : "");
        } else {
            if (legacy && legacy != x)
                printk(LOG_WARNING "ACPI: FADT: %s block 0x%x and its 64-bit "
                       "form 0x%lx differ, using the latter\n",
                       what, legacy, (unsigned long)x);
            return (u16)x;
        }
    }
    if (legacy > 0xffff) {
        printk(LOG_WARNING "ACPI: FADT: %s port 0x%x is out of range, "
               "ignored\n", what, legacy);
        return 0;
    }
    return (u16)legacy;
}

/* One small AML integer (ZeroOp, OneOp, OnesOp, Byte/Word/DWordConst). */
static bool aml_small_int(const u8 *a, u32 len, u32 *k, u8 *val)
{
    if (*k >= len)
        return false;
    switch (a[*k]) {
    case 0x00:  *val = 0; *k += 1; return true;         /* ZeroOp */
    case 0x01:  *val = 1; *k += 1; return true;         /* OneOp */
    case 0xff:  *val = 0xff; *k += 1; return true;      /* OnesOp */
    case 0x0a:  if (*k + 2 > len) return false;         /* BytePrefix */
                *val = a[*k + 1]; *k += 2; return true;
    case 0x0b:  if (*k + 3 > len) return false;         /* WordPrefix */
                *val = a[*k + 1]; *k += 3; return true;
    case 0x0c:  if (*k + 5 > len) return false;         /* DWordPrefix */
                *val = a[*k + 1]; *k += 5; return true;
    default:    return false;
    }
}

/*
 * Find `Name (_S5, Package () { SLP_TYPa, SLP_TYPb, ... })` in the AML of
 * the DSDT by a byte scan: NameOp (0x08), an optional root prefix '\',
 * "_S5_", PackageOp (0x12), PkgLength (1-4 bytes), NumElements, elements.
 * A method-computed \_S5 is not found (the caller then uses 0).
 */
static bool dsdt_find_s5(const u8 *a, u32 len, u8 *typ_a, u8 *typ_b)
{
    u32 i, k;
    u8 n;

    for (i = ACPI_HDR_LEN + 1; i + 4 <= len; i++) {
        if (memcmp(a + i, "_S5_", 4))
            continue;
        k = i - 1;
        if (a[k] == '\\' && k > ACPI_HDR_LEN)
            k--;
        if (a[k] != 0x08)
            continue;
        k = i + 4;
        if (k + 2 > len || a[k] != 0x12)
            continue;
        k += 1 + 1 + (a[k + 1] >> 6);       /* PackageOp, PkgLength */
        if (k >= len)
            continue;
        n = a[k++];                         /* NumElements */
        if (n < 1 || !aml_small_int(a, len, &k, typ_a))
            continue;
        if (n < 2 || !aml_small_int(a, len, &k, typ_b))
            *typ_b = 0;
        return true;
    }
    return false;
}

static void parse_dsdt(paddr_t pa)
{
    struct acpi_info *ai = &acpi_info;
    struct acpi_tbl t;
    char sum[64];

    if (!get_table(pa, "DSDT", &t)) {
        printk(LOG_INFO "ACPI: no usable DSDT, \\_S5 SLP_TYP defaults to 0\n");
        return;
    }
    ai->s5_found = dsdt_find_s5(t.p, t.len, &ai->s5_typ_a, &ai->s5_typ_b);
    if (ai->s5_found)
        snprintf(sum, sizeof(sum), "\\_S5 SLP_TYP %u/%u",
                 ai->s5_typ_a & 7, ai->s5_typ_b & 7);
    else
        snprintf(sum, sizeof(sum), "no \\_S5 package, SLP_TYP defaults to 0");
    ai->s5_typ_a &= 7;
    ai->s5_typ_b &= 7;
    print_table(&t, sum);
}

static void parse_fadt(const struct acpi_tbl *t)
{
    struct acpi_info *ai = &acpi_info;
    char sum[128];
    u64 dsdt;

    if (too_short(t, FADT_V1_LEN))
        return;
    ai->have_fadt = true;
    ai->sci_irq = rd16(t->p, FADT_SCI_INT);
    ai->fadt_flags = rd32(t->p, FADT_FLAGS);
    ai->iapc_boot_arch = t->rev >= 2 ? rd16(t->p, FADT_BOOT_ARCH) : 0;
    ai->pm1a_cnt = fadt_port(t, "PM1a control", FADT_PM1A_CNT, FADT_X_PM1A_CNT);
    ai->pm1b_cnt = fadt_port(t, "PM1b control", FADT_PM1B_CNT, FADT_X_PM1B_CNT);
    ai->pm_tmr = t->p[FADT_PM_TMR_LEN] >= 4 ?
                 fadt_port(t, "PM timer", FADT_PM_TMR, FADT_X_PM_TMR) : 0;
    ai->pm_tmr_32bit = ai->fadt_flags & FADT_TMR_VAL_EXT;

    dsdt = t->len >= FADT_X_DSDT + 8 ? rd64(t->p, FADT_X_DSDT) : 0;
    if (!dsdt)
        dsdt = rd32(t->p, FADT_DSDT);
    ai->dsdt = dsdt;

    snprintf(sum, sizeof(sum), "PM1a_CNT 0x%x, PM1b_CNT 0x%x, PM_TMR 0x%x, "
             "SCI %u, boot arch 0x%x", ai->pm1a_cnt, ai->pm1b_cnt, ai->pm_tmr,
             ai->sci_irq, ai->iapc_boot_arch);
    print_table(t, sum);

    if (dsdt)
        parse_dsdt(dsdt);
    else
        printk(LOG_INFO "ACPI: FADT names no DSDT, \\_S5 SLP_TYP defaults "
               "to 0\n");
}

/* ------------------------------------------------------------ RSDP */

/* What a valid RSDP gave. */
struct rsdp {
    u8 revision;
    paddr_t rsdt, xsdt;
    char oem[7];
};

/*
 * Check @avail bytes at @r as an RSDP (@where names it in messages).
 * RSDP: "RSD PTR " @0, checksum of 20 bytes, OEM @9, revision @15,
 * RSDT u32 @16; revision >= 2: length u32 @20, XSDT u64 @24, extended
 * checksum over length bytes.  Scan candidates (@quiet) are reported at
 * debug level only.
 */
/* A complaint about an RSDP: a warning, or debug noise for scan candidates. */
#define rsdp_warn(quiet, fmt, ...)                                          \
    do {                                                                    \
        if (quiet)                                                          \
            printk(LOG_DEBUG fmt, ##__VA_ARGS__);                           \
        else                                                                \
            printk(LOG_WARNING fmt, ##__VA_ARGS__);                         \
    } while (0)

static bool rsdp_check(const u8 *r, size_t avail, const char *where,
                       bool quiet, struct rsdp *out)
{
    u32 xlen;

    if (avail < RSDP_V1_LEN) {
        rsdp_warn(quiet, "ACPI: RSDP (%s) is truncated (%zu bytes), "
                  "ignored\n", where, avail);
        return false;
    }
    if (memcmp(r, "RSD PTR ", 8)) {
        rsdp_warn(quiet, "ACPI: RSDP (%s) has a bad signature, ignored\n",
                  where);
        return false;
    }
    if (checksum(r, RSDP_V1_LEN)) {
        rsdp_warn(quiet, "ACPI: RSDP (%s) has a bad checksum, ignored\n",
                  where);
        return false;
    }
    out->revision = r[15];
    out->rsdt = rd32(r, 16);
    out->xsdt = 0;
    copy_id(out->oem, r + 9, 6, true);
    if (out->revision < 2)
        return true;

    xlen = avail >= RSDP_V2_LEN ? rd32(r, 20) : 0;
    if (avail < RSDP_V2_LEN || xlen > avail) {
        printk(LOG_INFO "ACPI: RSDP (%s) revision %u but only its ACPI 1.0 "
               "part is available, using the RSDT\n", where, out->revision);
    } else if (xlen < RSDP_V2_LEN) {
        rsdp_warn(quiet, "ACPI: RSDP (%s) has a bad length %u, using the "
                  "RSDT\n", where, xlen);
    } else if (checksum(r, xlen)) {
        rsdp_warn(quiet, "ACPI: RSDP (%s) has a bad extended checksum, "
                  "using the RSDT\n", where);
    } else {
        out->xsdt = rd64(r, 24);
    }
    if (!out->rsdt && !out->xsdt) {
        rsdp_warn(quiet, "ACPI: RSDP (%s) names no root table, ignored\n",
                  where);
        return false;
    }
    return true;
}

/* Scan [@start, @start + @len) on 16-byte boundaries for a valid RSDP. */
static bool rsdp_scan_area(paddr_t start, size_t len, struct rsdp *out,
                           paddr_t *found)
{
    const u8 *area = acpi_map(start, len);
    char where[32];
    size_t off;

    if (!area) {
        printk(LOG_WARNING "ACPI: cannot map 0x%lx-0x%lx to look for the "
               "RSDP\n", (unsigned long)start,
               (unsigned long)(start + len - 1));
        return false;
    }
    for (off = 0; off + RSDP_V1_LEN <= len; off += 16) {
        if (memcmp(area + off, "RSD PTR ", 8))
            continue;
        snprintf(where, sizeof(where), "at 0x%lx",
                 (unsigned long)(start + off));
        if (rsdp_check(area + off, len - off, where, true, out)) {
            *found = start + off;
            return true;
        }
    }
    return false;
}

/*
 * The BIOS places the RSDP in the first KiB of the EBDA (its segment is the
 * word at 0x40E) or in 0xE0000-0xFFFFF.
 */
#define BDA_EBDA_SEG    0x40e
#define EBDA_MIN        0x80000
#define EBDA_MAX        0xa0000
#define BIOS_ROM_START  0xe0000
#define BIOS_ROM_END    0x100000

static bool rsdp_scan(struct rsdp *out, paddr_t *found)
{
    const u8 *bda = acpi_map(BDA_EBDA_SEG, 2);
    paddr_t ebda = bda ? (paddr_t)rd16(bda, 0) << 4 : 0;

    if (ebda >= EBDA_MIN && ebda + 1024 <= EBDA_MAX &&
        rsdp_scan_area(ebda, 1024, out, found))
        return true;
    return rsdp_scan_area(BIOS_ROM_START, BIOS_ROM_END - BIOS_ROM_START,
                          out, found);
}

/* ------------------------------------------------------------ root walk */

static void parse_table(paddr_t pa, bool *seen_madt, bool *seen_mcfg,
                        bool *seen_fadt, bool *seen_hpet)
{
    struct acpi_tbl t;
    bool *seen = NULL;

    if (!get_table(pa, NULL, &t))
        return;
    if (!strcmp(t.sig, "APIC"))
        seen = seen_madt;
    else if (!strcmp(t.sig, "MCFG"))
        seen = seen_mcfg;
    else if (!strcmp(t.sig, "FACP"))
        seen = seen_fadt;
    else if (!strcmp(t.sig, "HPET"))
        seen = seen_hpet;
    if (!seen) {
        print_table(&t, NULL);
        return;
    }
    if (*seen) {
        printk(LOG_WARNING "ACPI: second %s at 0x%08lx ignored\n",
               tbl_name(t.sig), (unsigned long)t.pa);
        return;
    }
    *seen = true;
    if (seen == seen_madt)
        parse_madt(&t);
    else if (seen == seen_mcfg)
        parse_mcfg(&t);
    else if (seen == seen_fadt)
        parse_fadt(&t);
    else
        parse_hpet(&t);
}

/* Walk the XSDT (@xsdt) or RSDT at @pa; -EINVAL when it is unusable. */
static int walk_root(paddr_t pa, bool xsdt)
{
    bool madt = false, mcfg = false, fadt = false, hpet = false;
    unsigned int esz = xsdt ? 8 : 4, n, i;
    struct acpi_tbl t;
    char sum[32];
    paddr_t e;

    if (!get_table(pa, xsdt ? "XSDT" : "RSDT", &t))
        return -EINVAL;
    n = (t.len - ACPI_HDR_LEN) / esz;
    if ((t.len - ACPI_HDR_LEN) % esz)
        printk(LOG_WARNING "ACPI: %s: %u trailing byte(s) ignored\n",
               t.sig, (t.len - ACPI_HDR_LEN) % esz);
    snprintf(sum, sizeof(sum), "%u table(s)", n);
    print_table(&t, sum);

    for (i = 0; i < n; i++) {
        const u8 *ent = t.p + ACPI_HDR_LEN + i * esz;

        e = xsdt ? rd64(ent, 0) : rd32(ent, 0);
        if (!e) {
            printk(LOG_WARNING "ACPI: %s entry %u is null, skipped\n",
                   t.sig, i);
            continue;
        }
        if (acpi_nr_tables >= ACPI_MAX_TABLES) {
            printk(LOG_WARNING "ACPI: table list full (%u tables), %u %s "
                   "entries ignored\n", ACPI_MAX_TABLES, n - i, t.sig);
            break;
        }
        parse_table(e, &madt, &mcfg, &fadt, &hpet);
    }
    if (!madt)
        printk(LOG_WARNING "ACPI: no usable MADT\n");
    if (!mcfg)
        printk(LOG_INFO "ACPI: no usable MCFG\n");
    if (!fadt)
        printk(LOG_INFO "ACPI: no usable FADT\n");
    return 0;
}

/* ------------------------------------------------------------ interface */

int acpi_init(const void *rsdp_copy, size_t rsdp_len)
{
    struct acpi_info *ai = &acpi_info;
    struct rsdp r;
    paddr_t found = 0;
    bool ok = false;
    int rc = -EINVAL;

    memset(ai, 0, sizeof(*ai));
    memset(acpi_tables, 0, sizeof(acpi_tables));
    acpi_nr_tables = 0;

    if (rsdp_copy)
        ok = rsdp_check(rsdp_copy, rsdp_len, "Multiboot2 copy", false, &r);
    if (!ok) {
        ok = rsdp_scan(&r, &found);
        if (!ok) {
            printk(LOG_WARNING "ACPI: no RSDP found, no ACPI tables\n");
            return -ENODEV;
        }
    }
    if (found)
        printk(LOG_INFO "ACPI: RSDP 0x%08lx rev %u OEM %s\n",
               (unsigned long)found, r.revision, r.oem);
    else
        printk(LOG_INFO "ACPI: RSDP (Multiboot2 copy) rev %u OEM %s\n",
               r.revision, r.oem);
    ai->revision = r.revision;
    memcpy(ai->oem, r.oem, sizeof(ai->oem));

    if (r.xsdt) {
        rc = walk_root(r.xsdt, true);
        if (!rc)
            ai->use_xsdt = true;
        else if (r.rsdt)
            printk(LOG_WARNING "ACPI: XSDT unusable, falling back to the "
                   "RSDT\n");
    }
    if (rc && r.rsdt)
        rc = walk_root(r.rsdt, false);
    if (rc) {
        printk(LOG_WARNING "ACPI: no usable root table (XSDT or RSDT)\n");
        return rc;
    }
    ai->found = true;
    return 0;
}

const struct acpi_table_desc *acpi_table_find(const char *sig, unsigned int n)
{
    unsigned int i;

    for (i = 0; i < acpi_nr_tables; i++)
        if (acpi_tables[i].valid && !memcmp(acpi_tables[i].sig, sig, 4) &&
            n-- == 0)
            return &acpi_tables[i];
    return NULL;
}

u32 acpi_isa_irq_to_gsi(unsigned int irq, u16 *flags)
{
    unsigned int i;

    for (i = 0; i < acpi_info.nr_isos; i++) {
        if (acpi_info.isos[i].irq == irq) {
            if (flags)
                *flags = acpi_info.isos[i].flags;
            return acpi_info.isos[i].gsi;
        }
    }
    if (flags)
        *flags = 0;
    return irq;
}

const struct acpi_mcfg_seg *acpi_mcfg_find(u16 segment, u8 bus)
{
    unsigned int i;

    for (i = 0; i < acpi_info.nr_mcfg; i++) {
        const struct acpi_mcfg_seg *m = &acpi_info.mcfg[i];

        if (m->segment == segment && bus >= m->start_bus && bus <= m->end_bus)
            return m;
    }
    return NULL;
}
