/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fuzz target: the ACPI static table parser (arch/x86/acpi.c) against
 * arbitrary table bytes.
 *
 * Input:
 *   u8 flags   bit 0: fix each table's checksum (byte 9) before the run, so
 *                     the fuzzer reaches the parsers behind the check
 *              bit 1: hand the RSDP over as a Multiboot2 copy (else it is
 *                     found by scanning the BIOS area 0xE0000-0xFFFFF)
 *              bit 2: RSDP revision 2 with an XSDT (table 0) and an RSDT
 *                     (table 1); else revision 0 and an RSDT (table 0)
 *              bit 3: table 0 is the RSDP itself, raw (then no root table
 *                     is made up: the RSDP's own pointers are used)
 *   u8 where   the RSDP's 16-byte slot in the BIOS area (scan mode)
 *   then up to TABLES times: u16 len, len bytes: table i, at physical
 *   address TABLE_PA(i) = 0x07000000 + i * 0x10000.
 * acpi_map() (the parser's only way to physical memory) returns a private
 * copy of exactly the bytes asked for, so reading one byte beyond what was
 * mapped is an ASan report.
 *
 * Then the DMAR, when there is one, goes through the VT-d parser
 * (drivers/passthrough/vtd/dmar.c) and every function of a few buses is
 * looked up in its scopes; the bridges' secondary/subordinate bus numbers
 * the scope paths cross come from the last 64 input bytes (or 0xff).
 *
 * Properties, beyond "no crash, no sanitizer report": the parsed arrays
 * stay within their limits and the lookups agree with them; DMAR units
 * have page-aligned register bases, scope paths 1..DMAR_MAX_PATH hops of
 * real (device, function) numbers, RMRRs base <= limit, and a lookup
 * names a unit of the function's own segment.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/acpi.h>
#include <mhv/errno.h>
#include <mhv/pci/regs.h>
#include "fuzz_host.h"
#include "../../drivers/passthrough/vtd/dmar.h"
#include <mhv/sbdf.h>

#define TABLES          12
#define TABLE_PA(i)     (0x07000000ul + (i) * 0x10000ul)
#define BIOS_AREA       0xe0000ul
#define BIOS_AREA_LEN   0x20000ul

struct region {
    paddr_t pa;
    uint8_t *p;
    size_t len;
};

static struct region regions[TABLES + 1];
static unsigned int nr_regions;

/* The copies handed out by acpi_map(), freed after each input. */
static void *copies[4096];
static unsigned int nr_copies;

const void *acpi_map(paddr_t pa, size_t len)
{
    unsigned int i;

    for (i = 0; i < nr_regions; i++) {
        const struct region *r = &regions[i];
        void *c;

        if (pa < r->pa || pa - r->pa > r->len || len > r->len - (pa - r->pa))
            continue;
        if (nr_copies == sizeof(copies) / sizeof(copies[0]))
            return NULL;
        c = malloc(len ? len : 1);
        memcpy(c, r->p + (pa - r->pa), len);
        copies[nr_copies++] = c;
        return c;
    }
    return NULL;
}

static uint8_t sum8(const uint8_t *p, size_t n)
{
    uint8_t s = 0;

    while (n--)
        s += *p++;
    return s;
}

static void fix_checksum(uint8_t *t, size_t n)
{
    uint32_t len;

    if (n < 36)
        return;
    memcpy(&len, t + 4, 4);
    if (len > n || len < 10)
        len = n;
    t[9] = 0;
    t[9] = -sum8(t, len);
}

static struct region *add_region(paddr_t pa, size_t len)
{
    struct region *r = &regions[nr_regions++];

    r->pa = pa;
    r->len = len;
    r->p = calloc(1, len ? len : 1);
    return r;
}

/* An RSDP image: revision 0 (20 bytes) or 2 (36 bytes), checksums right. */
static size_t make_rsdp(uint8_t *r, bool v2, uint32_t rsdt, uint64_t xsdt)
{
    uint32_t len = 36;

    memset(r, 0, 36);
    memcpy(r, "RSD PTR ", 8);
    memcpy(r + 9, "FUZZ  ", 6);
    r[15] = v2 ? 2 : 0;
    memcpy(r + 16, &rsdt, 4);
    r[8] = -sum8(r, 20);
    if (!v2)
        return 20;
    memcpy(r + 20, &len, 4);
    memcpy(r + 24, &xsdt, 8);
    r[32] = -sum8(r, 36);
    return 36;
}

static void check_info(void)
{
    const struct acpi_info *ai = &acpi_info;
    unsigned int i;
    u16 flags;

    FUZZ_CHECK(ai->nr_lapics <= ACPI_MAX_LAPICS, "%u LAPICs", ai->nr_lapics);
    FUZZ_CHECK(ai->nr_ioapics <= ACPI_MAX_IOAPICS, "%u IOAPICs", ai->nr_ioapics);
    FUZZ_CHECK(ai->nr_isos <= ACPI_MAX_ISOS, "%u ISOs", ai->nr_isos);
    FUZZ_CHECK(ai->nr_lapic_nmis <= ACPI_MAX_LAPIC_NMIS, "%u LAPIC NMIs",
               ai->nr_lapic_nmis);
    FUZZ_CHECK(ai->nr_nmi_srcs <= ACPI_MAX_NMI_SRCS, "%u NMI sources",
               ai->nr_nmi_srcs);
    FUZZ_CHECK(ai->nr_mcfg <= ACPI_MAX_MCFG, "%u MCFG entries", ai->nr_mcfg);
    for (i = 0; i < ai->nr_mcfg; i++) {
        const struct acpi_mcfg_seg *m = &ai->mcfg[i];

        FUZZ_CHECK(m->start_bus <= m->end_bus, "MCFG %u bus range", i);
        FUZZ_CHECK(acpi_mcfg_find(m->segment, m->start_bus) == m,
                   "MCFG %u not found by its own first bus", i);
    }
    for (i = 0; i < 16; i++)
        acpi_isa_irq_to_gsi(i, &flags);
    for (i = 0; acpi_table_find("APIC", i); i++)
        FUZZ_CHECK(i < ACPI_MAX_TABLES + 1, "table list does not end");
    acpi_table_find("DSDT", 0);
    acpi_table_find("\xff\xff\xff\xff", 0);
}

static uint8_t bridge_bytes[64];

static u8 fuzz_conf_read8(pci_sbdf_t sbdf, unsigned int reg)
{
    FUZZ_CHECK(reg == PCI_SECONDARY_BUS || reg == PCI_SUBORDINATE_BUS,
               "DMAR resolution reads config 0x%x", reg);
    return bridge_bytes[(sbdf.bdf * 2 + (reg == PCI_SUBORDINATE_BUS)) % 64];
}

static void check_dmar(void)
{
    const struct dmar_info *di = &dmar_info;

    if (dmar_init())
        return;
    FUZZ_CHECK(di->nr_drhds >= 1 && di->nr_drhds <= DMAR_MAX_UNITS,
               "%u DRHDs", di->nr_drhds);
    FUZZ_CHECK(di->nr_rmrrs <= DMAR_MAX_RMRRS, "%u RMRRs", di->nr_rmrrs);
    for (unsigned int i = 0; i < di->nr_drhds; i++) {
        const struct dmar_drhd *u = &di->drhds[i];

        FUZZ_CHECK(u->reg_base && !(u->reg_base & 0xfff), "DRHD %u base", i);
        FUZZ_CHECK(u->nr_scopes <= DMAR_MAX_SCOPES, "DRHD %u scopes", i);
        for (unsigned int j = 0; j < u->nr_scopes; j++) {
            const struct dmar_scope *sc = &u->scopes[j];

            FUZZ_CHECK(sc->path_len >= 1 && sc->path_len <= DMAR_MAX_PATH,
                       "scope path of %u hops", sc->path_len);
            for (unsigned int k = 0; k < sc->path_len; k++)
                FUZZ_CHECK(sc->path[k].dev < 32 && sc->path[k].fn < 8,
                           "scope hop %u:%u", sc->path[k].dev, sc->path[k].fn);
        }
    }
    for (unsigned int i = 0; i < di->nr_rmrrs; i++)
        FUZZ_CHECK(di->rmrrs[i].base <= di->rmrrs[i].limit, "RMRR %u range", i);
    for (unsigned int bus = 0; bus < 4; bus++)
        for (unsigned int devfn = 0; devfn < 256; devfn += 7) {
            pci_sbdf_t sbdf = PCI_SBDF(di->drhds[0].segment, bus, devfn);
            int n = dmar_find_unit(sbdf, fuzz_conf_read8);

            FUZZ_CHECK(n == -ENODEV || (n >= 0 && (unsigned int)n < di->nr_drhds &&
                                        di->drhds[n].segment == sbdf.seg),
                       "unit %d for %04x:%02x:%02x", n, sbdf.seg, bus, devfn);
            for (unsigned int r = 0; r < di->nr_rmrrs; r++)
                dmar_rmrr_covers(&di->rmrrs[r], sbdf, fuzz_conf_read8);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = { data, size };
    uint8_t flags = fuzz_u8(&in), where = fuzz_u8(&in);
    uint8_t rsdp[36];
    size_t rsdp_len = 0;
    const void *rsdp_copy = NULL;
    unsigned int i, nr = 0;
    int rc;

    nr_regions = 0;
    nr_copies = 0;
    memset(bridge_bytes, 0xff, sizeof(bridge_bytes));
    if (size >= 2 + sizeof(bridge_bytes))
        memcpy(bridge_bytes, data + size - sizeof(bridge_bytes),
               sizeof(bridge_bytes));
    while (in.left >= 2 && nr < TABLES) {
        uint16_t len = fuzz_u16(&in);
        struct region *r = add_region(TABLE_PA(nr), len < in.left ? len : in.left);

        fuzz_bytes(&in, r->p, r->len);
        if ((flags & 1) && !(nr == 0 && (flags & 8)))
            fix_checksum(r->p, r->len);
        nr++;
    }

    if ((flags & 8) && nr) {
        /* Table 0 is a raw RSDP. */
        rsdp_len = regions[0].len < sizeof(rsdp) ? regions[0].len : sizeof(rsdp);
        memcpy(rsdp, regions[0].p, rsdp_len);
    } else if (flags & 4) {
        rsdp_len = make_rsdp(rsdp, true, TABLE_PA(1), TABLE_PA(0));
    } else {
        rsdp_len = make_rsdp(rsdp, false, TABLE_PA(0), 0);
    }
    if (flags & 2) {
        rsdp_copy = rsdp;
    } else {
        struct region *bios = add_region(BIOS_AREA, BIOS_AREA_LEN);

        memcpy(bios->p + (size_t)where * 16, rsdp, rsdp_len);
    }

    rc = acpi_init(rsdp_copy, rsdp_len);
    FUZZ_CHECK(rc == 0 || rc == -ENODEV || rc == -EINVAL, "acpi_init %d", rc);
    check_info();
    if (!rc)
        check_dmar();

    for (i = 0; i < nr_copies; i++)
        free(copies[i]);
    for (i = 0; i < nr_regions; i++)
        free(regions[i].p);
    return 0;
}
