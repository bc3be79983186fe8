/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An HVM domain's ACPI tables (arch/x86/hvm/acpi_tables.c), built into a
 * fake guest memory and read back by mhv's own firmware parser
 * (arch/x86/acpi.c): every table found with a valid checksum, the FADT
 * hardware-reduced with its sleep and reset registers, \_S5 found, COM1
 * and a PCI host bridge in the DSDT, one
 * processor entry per vCPU (x2APIC entries for large IDs), the I/O APIC.
 * The DSDT's AML read back by an independent structural reader
 * (tests/unit/aml_reader.c) and by ACPICA's disassembler, whose ASL the
 * ASL compiler turns back into the same bytes (but for a checksum the
 * compiler leaves 0).  Then the power-management ports.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/acpi.h>
#include <asm/hvm/acpi_tables.h>
#include "harness.h"
#include "acpi_builder.h"
#include "aml_reader.h"

#define BASE 0x000e0000ull

static u8 sum(const u8 *p, size_t n)
{
    u8 s = 0;

    while (n--)
        s += *p++;
    return s;
}

static u32 le32(const u8 *p) { return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24; }
static u64 le64(const u8 *p) { return le32(p) | (u64)le32(p + 4) << 32; }

static u8 *build(const struct hvm_acpi_config *cfg)
{
    size_t len = hvm_acpi_size(cfg->nr_vcpus);
    u8 *mem;
    paddr_t rsdp = 0;

    acpi_fake_reset();
    mem = acpi_fake_mem(cfg->base, len);
    memset(mem, 0xee, len);
    assert_int_equal(hvm_acpi_build(cfg, mem, len, &rsdp), 0);
    assert_int_equal(rsdp, cfg->base);
    assert_int_equal(acpi_init(mem, 36), 0);
    return mem;
}

/* Every table the parser lists has a good checksum; so has the RSDP. */
static void check_checksums(const u8 *mem)
{
    static const char *const sigs[] = { "XSDT", "FACP", "DSDT", "APIC" };

    assert_int_equal(sum(mem, 20), 0);
    assert_int_equal(sum(mem, 36), 0);
    for (unsigned int i = 0; i < 4; i++) {
        const struct acpi_table_desc *d = acpi_table_find(sigs[i], 0);
        const u8 *t;

        if (!d)
            fail_msg("no %s", sigs[i]);
        assert_true(d->valid);
        t = acpi_fake_ptr(d->addr);
        assert_int_equal(sum(t, d->len), 0);
        assert_memory_equal(t + 10, HVM_ACPI_OEM_ID, 6);
    }
}

static void test_two_vcpus_ioapic(void **state)
{
    static const u32 ids[] = { 0, 1 };
    const struct hvm_acpi_config cfg = {
        .base = BASE, .nr_vcpus = 2, .apic_ids = ids, .ioapic = true,
        .ioapic_id = 2, .ioapic_addr = 0xfec00000, .ioapic_gsi_base = 0,
        .com1 = true,
    };
    const u8 *mem = build(&cfg);
    const struct acpi_table_desc *fadt;

    check_checksums(mem);
    assert_true(acpi_info.found);
    assert_int_equal(acpi_info.revision, 2);
    assert_true(acpi_info.use_xsdt);
    assert_string_equal(acpi_info.oem, "MHV");       /* trailing blanks trimmed */

    assert_true(acpi_info.have_madt);
    assert_int_equal(acpi_info.lapic_addr, 0xfee00000);
    assert_false(acpi_info.pcat_compat);
    assert_int_equal(acpi_info.nr_lapics, 2);
    for (unsigned int i = 0; i < 2; i++) {
        assert_int_equal(acpi_info.lapics[i].apic_id, i);
        assert_int_equal(acpi_info.lapics[i].uid, i);
        assert_true(acpi_info.lapics[i].enabled);
        assert_false(acpi_info.lapics[i].x2apic);
    }
    assert_int_equal(acpi_info.nr_ioapics, 1);
    assert_int_equal(acpi_info.ioapics[0].id, 2);
    assert_int_equal(acpi_info.ioapics[0].addr, 0xfec00000);
    assert_int_equal(acpi_info.ioapics[0].gsi_base, 0);
    assert_int_equal(acpi_info.nr_isos, 0);
    assert_int_equal(acpi_isa_irq_to_gsi(4, NULL), 4);   /* COM1's IRQ */

    assert_true(acpi_info.have_fadt);
    assert_true(acpi_info.fadt_flags & (1u << 20));     /* HW_REDUCED_ACPI */
    assert_true(acpi_info.fadt_flags & (1u << 10));     /* RESET_REG_SUP */
    assert_int_equal(acpi_info.pm1a_cnt, 0);
    assert_int_equal(acpi_info.pm_tmr, 0);
    assert_int_equal(acpi_info.sci_irq, 0);
    assert_true(acpi_info.iapc_boot_arch & ACPI_IAPC_NO_CMOS_RTC);
    assert_false(acpi_info.iapc_boot_arch & ACPI_IAPC_8042);
    assert_int_equal(acpi_info.dsdt, BASE + 0x180);
    assert_true(acpi_info.s5_found);
    assert_int_equal(acpi_info.s5_typ_a, HVM_ACPI_S5_TYP);

    /* The FADT's registers the parser does not keep, by their offsets. */
    fadt = acpi_table_find("FACP", 0);
    {
        const u8 *t = acpi_fake_ptr(fadt->addr);

        assert_int_equal(fadt->len, 268);
        assert_int_equal(t[8], 5);                      /* revision */
        /* RESET_REG: System I/O, 8 bits, byte access, port; value. */
        assert_int_equal(t[116], 1);
        assert_int_equal(t[117], 8);
        assert_int_equal(t[119], 1);
        assert_int_equal(le64(t + 120), HVM_ACPI_RESET_PORT);
        assert_int_equal(t[128], HVM_ACPI_RESET_VALUE);
        assert_int_equal(le64(t + 140), BASE + 0x180);   /* X_DSDT */
        assert_int_equal(t[244], 1);
        assert_int_equal(le64(t + 248), HVM_ACPI_SLEEP_CTL);
        assert_int_equal(t[256], 1);
        assert_int_equal(le64(t + 260), HVM_ACPI_SLEEP_STS);
    }
    /* The builder zeroes its whole buffer (no stale bytes reach the guest). */
    assert_int_equal(mem[hvm_acpi_size(2) - 1], 0);
}

/* The DSDT's AML, structurally parsed. */
static const u8 *dsdt_aml(size_t *len)
{
    const struct acpi_table_desc *d = acpi_table_find("DSDT", 0);
    const u8 *t;

    assert_non_null(d);
    t = acpi_fake_ptr(d->addr);
    assert_int_equal(d->len, le32(t + 4));
    *len = d->len - 36;
    return t + 36;
}

static void check_s5(const struct amlr *r)
{
    const struct amlr_obj *o = amlr_find(r, "\\_S5_");

    assert_non_null(o);
    assert_int_equal(o->type, AMLR_PACKAGE);
    assert_int_equal(o->nr_elems, 2);
    assert_int_equal(o->elems[0], HVM_ACPI_S5_TYP);
    assert_int_equal(o->elems[1], 0);
}

static void test_dsdt_com1(void **state)
{
    const struct hvm_acpi_config cfg = {
        .base = BASE, .nr_vcpus = 1, .ioapic = true, .ioapic_addr = 0xfec00000,
        .com1 = true,
    };
    struct amlr r;
    struct amlr_res res[4];
    const struct amlr_obj *o;
    char why[128], id[8];
    size_t len;
    const u8 *aml;
    int n;

    build(&cfg);
    aml = dsdt_aml(&len);
    if (amlr_parse(aml, len, &r))
        fail_msg("DSDT AML: %s", r.why);
    /* \_S5, \_SB, COM1 and its four names: nothing else. */
    assert_int_equal(r.nr_objs, 7);
    check_s5(&r);
    assert_int_equal(amlr_find(&r, "\\_SB_")->type, AMLR_SCOPE);
    assert_int_equal(amlr_find(&r, "\\_SB_.COM1")->type, AMLR_DEVICE);

    o = amlr_find(&r, "\\_SB_.COM1._HID");
    assert_non_null(o);
    assert_int_equal(o->type, AMLR_INTEGER);
    assert_int_equal(o->value, 0x0105d041);        /* the EisaId's DWord */
    amlr_eisaid((u32)o->value, id);
    assert_string_equal(id, "PNP0501");
    o = amlr_find(&r, "\\_SB_.COM1._UID");
    assert_non_null(o);
    assert_int_equal(o->value, 1);
    o = amlr_find(&r, "\\_SB_.COM1._STA");
    assert_non_null(o);
    assert_int_equal(o->value, 0x0f);

    o = amlr_find(&r, "\\_SB_.COM1._CRS");
    assert_non_null(o);
    assert_int_equal(o->type, AMLR_BUFFER);
    n = amlr_resources(o->data, o->len, res, 4, why, sizeof(why));
    if (n < 0)
        fail_msg("_CRS: %s", why);
    assert_int_equal(n, 2);
    assert_int_equal(res[0].type, AMLR_RES_IO);
    assert_int_equal(res[0].decode16, 1);
    assert_int_equal(res[0].min, 0x3f8);
    assert_int_equal(res[0].max, 0x3f8);
    assert_int_equal(res[0].align, 1);
    assert_int_equal(res[0].len, 8);
    assert_int_equal(res[1].type, AMLR_RES_IRQ);
    assert_int_equal(res[1].irq_mask, 1u << 4);
    assert_false(res[1].irq_has_flags);             /* IRQNoFlags: edge, high */
    /* The end tag's checksum is a real one, not the "ignore me" 0. */
    assert_int_not_equal(o->data[o->len - 1], 0);

    /* mhv's own firmware parser still finds \_S5 in it. */
    assert_true(acpi_info.s5_found);
    assert_int_equal(acpi_info.s5_typ_a, HVM_ACPI_S5_TYP);
    /* And the MADT after it is intact. */
    assert_true(acpi_table_find("APIC", 0)->addr >= BASE + 0x180 + 36 + len);
}

static void test_dsdt_without_com1(void **state)
{
    const struct hvm_acpi_config cfg = { .base = BASE, .nr_vcpus = 1, .ioapic = true,
                                         .ioapic_addr = 0xfec00000 };
    struct amlr r;
    size_t len;
    const u8 *aml;

    build(&cfg);
    aml = dsdt_aml(&len);
    if (amlr_parse(aml, len, &r))
        fail_msg("DSDT AML: %s", r.why);
    assert_int_equal(r.nr_objs, 1);
    check_s5(&r);
    assert_true(acpi_info.s5_found);
}

/*
 * A PCI host bridge for a virtual PCI bus: Device (\_SB.PCI0), PNP0A03,
 * bus 0 only, the type-1 ports and the memory window it was given; next
 * to COM1 in the one \_SB scope, and alone without COM1.
 */
static void test_dsdt_pci_host(void **state)
{
    struct hvm_acpi_config cfg = {
        .base = BASE, .nr_vcpus = 2, .ioapic = true, .ioapic_addr = 0xfec00000,
        .com1 = true, .pci = true,
        .pci_mmio_base = 0xc0000000ull, .pci_mmio_size = 0x3ec00000ull,
    };
    struct amlr_res res[4];
    const struct amlr_obj *o;
    char why[128], id[8];
    struct amlr r;
    size_t len;
    const u8 *aml;
    int n;

    build(&cfg);
    aml = dsdt_aml(&len);
    if (amlr_parse(aml, len, &r))
        fail_msg("DSDT AML: %s", r.why);
    /* \_S5, \_SB, COM1 and its four names, PCI0 and its three. */
    assert_int_equal(r.nr_objs, 11);
    check_s5(&r);
    assert_int_equal(amlr_find(&r, "\\_SB_.COM1")->type, AMLR_DEVICE);
    assert_int_equal(amlr_find(&r, "\\_SB_.PCI0")->type, AMLR_DEVICE);
    o = amlr_find(&r, "\\_SB_.PCI0._HID");
    assert_non_null(o);
    amlr_eisaid((u32)o->value, id);
    assert_string_equal(id, "PNP0A03");
    o = amlr_find(&r, "\\_SB_.PCI0._UID");
    assert_non_null(o);
    assert_int_equal(o->value, 0);
    o = amlr_find(&r, "\\_SB_.PCI0._CRS");
    assert_non_null(o);
    n = amlr_resources(o->data, o->len, res, 4, why, sizeof(why));
    if (n < 0)
        fail_msg("_CRS: %s", why);
    assert_int_equal(n, 3);
    assert_int_equal(res[0].type, AMLR_RES_ADDR);
    assert_int_equal(res[0].addr_type, 2);          /* bus numbers */
    assert_int_equal(res[0].addr_min, 0);
    assert_int_equal(res[0].addr_max, 0);
    assert_int_equal(res[1].type, AMLR_RES_IO);
    assert_int_equal(res[1].min, 0xcf8);
    assert_int_equal(res[1].len, 8);
    assert_int_equal(res[2].type, AMLR_RES_ADDR);
    assert_int_equal(res[2].addr_type, 0);          /* memory */
    assert_int_equal(res[2].addr_width, 4);
    assert_int_equal(res[2].addr_min, 0xc0000000ull);
    assert_int_equal(res[2].addr_max, 0xfebfffffull);
    assert_int_equal(res[2].addr_len, 0x3ec00000ull);
    assert_true(acpi_info.s5_found);

    /* A window above 4 GiB, and no COM1. */
    cfg.com1 = false;
    cfg.pci_mmio_base = 0x4000000000ull;
    cfg.pci_mmio_size = 0x100000000ull;
    build(&cfg);
    aml = dsdt_aml(&len);
    if (amlr_parse(aml, len, &r))
        fail_msg("DSDT AML: %s", r.why);
    assert_int_equal(r.nr_objs, 6);
    assert_null(amlr_find(&r, "\\_SB_.COM1"));
    o = amlr_find(&r, "\\_SB_.PCI0._CRS");
    assert_non_null(o);
    assert_int_equal(amlr_resources(o->data, o->len, res, 4, why, sizeof(why)), 3);
    assert_int_equal(res[2].addr_width, 8);
    assert_int_equal(res[2].addr_min, 0x4000000000ull);
    assert_int_equal(res[2].addr_len, 0x100000000ull);
}

/* Run a shell command in @dir; its exit status. */
static int run_in(const char *dir, const char *cmd)
{
    char line[1024];

    snprintf(line, sizeof(line), "cd '%s' && %s", dir, cmd);
    return system(line);
}

static void write_file(const char *path, const void *p, size_t len)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static size_t read_file(const char *path, void *p, size_t max)
{
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        fail_msg("cannot open %s", path);
    n = fread(p, 1, max, f);
    fclose(f);
    return n;
}

/*
 * ACPICA, the interpreter Linux runs, reads the DSDT: its disassembler
 * turns it into ASL (the objects we meant), and its compiler turns that
 * ASL, without a warning, back into our AML.  Needs iasl (acpica-tools,
 * from tools/install-deps).
 */
static void test_dsdt_iasl(void **state)
{
    const struct hvm_acpi_config cfg = {
        .base = BASE, .nr_vcpus = 2, .ioapic = true, .ioapic_addr = 0xfec00000,
        .com1 = true, .pci = true,
        .pci_mmio_base = 0xc0000000ull, .pci_mmio_size = 0x3ec00000ull,
    };
    static const char *const expect[] = {
        "DefinitionBlock (\"\", \"DSDT\", 2, \"MHV   \", \"MHVHVM  \", 0x00000001)",
        "Name (_S5, Package (0x02)",
        "Scope (_SB)",
        "Device (COM1)",
        "Name (_HID, EisaId (\"PNP0501\") /* 16550A-compatible COM Serial Port */)",
        "Name (_UID, One)",
        "Name (_STA, 0x0F)",
        "Name (_CRS, ResourceTemplate ()",
        "IO (Decode16,",
        "0x03F8,             // Range Minimum",
        "0x01,               // Alignment",
        "0x08,               // Length",
        "IRQNoFlags ()",
        "{4}",
        "Device (PCI0)",
        "Name (_HID, EisaId (\"PNP0A03\") /* PCI Bus */)",
        "Name (_UID, Zero)",
        "WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode,",
        "0x0CF8,             // Range Minimum",
        "DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite,",
        "0xC0000000,         // Range Minimum",
        "0xFEBFFFFF,         // Range Maximum",
        "0x3EC00000,         // Length",
    };
    char dir[] = "/tmp/mhv-dsdt-XXXXXX", path[256];
    static char dsl[16384];
    static u8 back[4096];
    const struct acpi_table_desc *d;
    const u8 *t;
    size_t n;

    build(&cfg);
    d = acpi_table_find("DSDT", 0);
    t = acpi_fake_ptr(d->addr);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/dsdt.dat", dir);
    write_file(path, t, d->len);

    if (run_in(dir, "iasl -d dsdt.dat > disasm.log 2>&1"))
        fail_msg("iasl -d failed: see %s/disasm.log (is acpica-tools installed?)", dir);
    snprintf(path, sizeof(path), "%s/dsdt.dsl", dir);
    n = read_file(path, dsl, sizeof(dsl) - 1);
    dsl[n] = '\0';
    for (unsigned int i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
        if (!strstr(dsl, expect[i]))
            fail_msg("disassembly (%s) lacks: %s", path, expect[i]);

    /* Compiled back (warnings are errors): the same AML, byte for byte. */
    if (run_in(dir, "iasl -we -p back dsdt.dsl > asm.log 2>&1"))
        fail_msg("iasl could not compile the disassembly: see %s/asm.log", dir);
    snprintf(path, sizeof(path), "%s/back.aml", dir);
    n = read_file(path, back, sizeof(back));
    assert_int_equal(n, d->len);
    assert_memory_equal(back, t, 9);                /* signature, length, revision */
    assert_memory_equal(back + 10, t + 10, 14);     /* OEM IDs and revision */
    /*
     * All but the templates' checksums: the compiler writes 0 ("treat as
     * valid"), we write the sum; the specification allows both.
     */
    {
        static const char *const crs_paths[] = {
            "\\_SB_.COM1._CRS", "\\_SB_.PCI0._CRS",
        };
        static u8 ours[4096];
        struct amlr r;

        memcpy(ours, t, d->len);
        assert_int_equal(amlr_parse(t + 36, d->len - 36, &r), 0);
        for (unsigned int i = 0; i < 2; i++) {
            const struct amlr_obj *crs = amlr_find(&r, crs_paths[i]);
            size_t sum_at;

            assert_non_null(crs);
            sum_at = (size_t)(crs->data + crs->len - 1 - t);
            assert_int_equal(back[sum_at], 0);
            assert_int_not_equal(ours[sum_at], 0);
            ours[sum_at] = 0;
        }
        assert_memory_equal(back + 36, ours + 36, d->len - 36);
    }

    assert_int_equal(run_in(dir, "rm -f dsdt.dat dsdt.dsl back.aml disasm.log asm.log"), 0);
    assert_int_equal(rmdir(dir), 0);
}

static void test_x2apic_entries(void **state)
{
    static const u32 ids[] = { 0, 254, 255, 300 };
    const struct hvm_acpi_config cfg = { .base = BASE, .nr_vcpus = 4, .apic_ids = ids };
    const u8 *mem = build(&cfg);

    check_checksums(mem);
    assert_int_equal(acpi_info.nr_lapics, 4);
    assert_int_equal(acpi_info.nr_ioapics, 0);
    for (unsigned int i = 0; i < 4; i++) {
        assert_int_equal(acpi_info.lapics[i].apic_id, ids[i]);
        assert_int_equal(acpi_info.lapics[i].uid, i);
        assert_int_equal(acpi_info.lapics[i].x2apic, ids[i] >= 255);
    }
}

static void test_many_vcpus_default_ids(void **state)
{
    const struct hvm_acpi_config cfg = { .base = 0xf0000, .nr_vcpus = 64, .ioapic = true,
                                         .ioapic_addr = 0xfec00000 };
    const u8 *mem = build(&cfg);

    check_checksums(mem);
    assert_int_equal(acpi_info.nr_lapics, 64);
    assert_int_equal(acpi_info.lapics[63].apic_id, 63);
    assert_true(acpi_table_find("APIC", 0)->addr + acpi_table_find("APIC", 0)->len <=
                cfg.base + hvm_acpi_size(64));
}

static void test_bad_config(void **state)
{
    static u8 buf[4096];
    struct hvm_acpi_config cfg = { .base = BASE, .nr_vcpus = 2 };
    paddr_t rsdp;

    assert_int_equal(hvm_acpi_build(&cfg, buf, hvm_acpi_size(2) - 1, &rsdp), -ENOSPC);
    cfg.nr_vcpus = 0;
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), -EINVAL);
    cfg.nr_vcpus = HVM_ACPI_MAX_VCPUS + 1;
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), -EINVAL);
    cfg.nr_vcpus = 2;
    cfg.base = BASE + 8;
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), -EINVAL);
    cfg.base = 0x100000000ull - 0x100;   /* runs past 4 GiB */
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), -EINVAL);
    assert_int_equal(hvm_acpi_build(NULL, buf, sizeof(buf), &rsdp), -EINVAL);
    /* COM1's IRQ needs the I/O APIC to reach a vCPU. */
    cfg.base = BASE;
    cfg.com1 = true;
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), -EINVAL);
    cfg.ioapic = true;
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), 0);
    /* A PCI window that is empty, not page-granular, or wraps. */
    cfg.pci = true;
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), -EINVAL);
    cfg.pci_mmio_base = 0xc0000000ull;
    cfg.pci_mmio_size = 0x1800;
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), -EINVAL);
    cfg.pci_mmio_base = 0xc0000800ull;
    cfg.pci_mmio_size = 0x1000;
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), -EINVAL);
    cfg.pci_mmio_base = ~0ull - 0xfff;
    cfg.pci_mmio_size = 0x2000;
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), -EINVAL);
    cfg.pci_mmio_base = 0xc0000000ull;
    assert_int_equal(hvm_acpi_build(&cfg, buf, sizeof(buf), &rsdp), 0);
    assert_true(hvm_acpi_size(HVM_ACPI_MAX_VCPUS) % 16 == 0);
}

static unsigned int n_off, n_reset;
static void m_power(void *ctx, enum hvm_acpi_power what)
{
    if (what == HVM_ACPI_POWER_OFF)
        n_off++;
    else
        n_reset++;
}
static const struct hvm_acpi_pm_ops pm_ops = { .power = m_power };

static void test_pm_ports(void **state)
{
    struct hvm_acpi_pm pm = { .ops = &pm_ops };
    u32 v;

    /* What Linux writes for S5: SLP_TYP 5 << 2 | SLP_EN. */
    v = (HVM_ACPI_S5_TYP << 2) | 0x20;
    assert_int_equal(hvm_acpi_pm_ioport(&pm, HVM_ACPI_SLEEP_CTL, 1, true, &v), 0);
    assert_int_equal(n_off, 1);
    v = 5 << 2;                                     /* no SLP_EN */
    hvm_acpi_pm_ioport(&pm, HVM_ACPI_SLEEP_CTL, 1, true, &v);
    v = (3 << 2) | 0x20;                            /* S3: not offered */
    hvm_acpi_pm_ioport(&pm, HVM_ACPI_SLEEP_CTL, 1, true, &v);
    assert_int_equal(n_off, 1);
    v = 2;
    hvm_acpi_pm_ioport(&pm, HVM_ACPI_RESET_PORT, 1, true, &v);
    assert_int_equal(n_reset, 0);
    v = HVM_ACPI_RESET_VALUE;
    hvm_acpi_pm_ioport(&pm, HVM_ACPI_RESET_PORT, 1, true, &v);
    assert_int_equal(n_reset, 1);
    v = 0xff;
    hvm_acpi_pm_ioport(&pm, HVM_ACPI_SLEEP_STS, 1, false, &v);
    assert_int_equal(v, 0);
    hvm_acpi_pm_ioport(&pm, HVM_ACPI_SLEEP_STS, 1, true, &v);
    assert_int_equal(n_off + n_reset, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_vcpus_ioapic),
        cmocka_unit_test(test_dsdt_com1),
        cmocka_unit_test(test_dsdt_without_com1),
        cmocka_unit_test(test_dsdt_pci_host),
        cmocka_unit_test(test_dsdt_iasl),
        cmocka_unit_test(test_x2apic_entries),
        cmocka_unit_test(test_many_vcpus_default_ids),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_pm_ports),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
