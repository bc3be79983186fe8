/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The AML encoder (arch/x86/hvm/aml.c), its output read back by an
 * independent structural reader (tests/unit/aml_reader.c): integers in
 * their shortest forms, name strings and their refusals, EISA IDs,
 * PkgLength at every boundary of its 1- to 4-byte forms, package element
 * counts, resource templates and their checksums, a host bridge's address
 * space descriptors, nesting errors, and a
 * buffer too small at every length (never written past).
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/compiler.h>
#include <mhv/errno.h>
#include <asm/hvm/aml.h>
#include "harness.h"
#include "aml_reader.h"

static u8 buf[4096];
static struct amlr r;

static void parse(const u8 *aml, int len)
{
    assert_true(len >= 0);
    if (amlr_parse(aml, (size_t)len, &r))
        fail_msg("AML: %s", r.why);
}

static void test_integers(void **state)
{
    static const struct { u64 v; unsigned int bytes; } cases[] = {
        { 0, 1 }, { 1, 1 }, { 2, 2 }, { 0xff, 2 }, { 0x100, 3 }, { 0xffff, 3 },
        { 0x10000, 5 }, { 0xffffffffu, 5 }, { 0x100000000ull, 9 }, { ~0ull, 9 },
    };
    struct aml a;
    char name[8], path[16];

    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
        aml_init(&a, buf, sizeof(buf));
        snprintf(name, sizeof(name), "I%03u", i);
        aml_name_decl(&a, name);
        aml_integer(&a, cases[i].v);
        assert_int_equal(aml_finish(&a), 5 + cases[i].bytes);
        parse(buf, aml_finish(&a));
        snprintf(path, sizeof(path), "\\%s", name);
        assert_non_null(amlr_find(&r, path));
        assert_int_equal(amlr_find(&r, path)->type, AMLR_INTEGER);
        assert_int_equal(amlr_find(&r, path)->value, cases[i].v);
    }
}

static int name_result(const char *name)
{
    struct aml a;

    aml_init(&a, buf, sizeof(buf));
    aml_name_decl(&a, name);
    aml_integer(&a, 0);
    return aml_finish(&a);
}

static void test_names(void **state)
{
    static const char *const bad[] = {
        "", "\\", "ABCDE", "1ABC", "abc", "A-B", "\\\\X", "_SB.COM1", "^X",
    };

    assert_int_equal(name_result("A"), 6);
    parse(buf, 6);
    assert_non_null(amlr_find(&r, "\\A___"));
    assert_int_equal(name_result("\\_S5"), 7);
    parse(buf, 7);
    assert_non_null(amlr_find(&r, "\\_S5_"));
    assert_int_equal(name_result("Z9_1"), 6);
    parse(buf, 6);
    assert_non_null(amlr_find(&r, "\\Z9_1"));
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
        if (name_result(bad[i]) != -EINVAL)
            fail_msg("name \"%s\" accepted", bad[i]);
}

static int eisaid_result(const char *id, u64 *v)
{
    struct aml a;
    int len;

    aml_init(&a, buf, sizeof(buf));
    aml_name_decl(&a, "_HID");
    aml_eisaid(&a, id);
    len = aml_finish(&a);
    if (len > 0) {
        parse(buf, len);
        *v = amlr_find(&r, "\\_HID")->value;
    }
    return len;
}

static void test_eisaid(void **state)
{
    static const char *const bad[] = {
        "pnp0501", "PNP050", "PNP05011", "PNP050G", "PNP050a", "P1P0501", "",
    };
    char id[8];
    u64 v = 0;

    assert_int_equal(eisaid_result("PNP0501", &v), 10);
    assert_int_equal(v, 0x0105d041);
    assert_int_equal(eisaid_result("PNP0A03", &v), 10);
    assert_int_equal(v, 0x030ad041);
    assert_int_equal(eisaid_result("ZZZFFFF", &v), 10);
    amlr_eisaid((u32)v, id);
    assert_string_equal(id, "ZZZFFFF");
    assert_int_equal(eisaid_result("AAA0000", &v), 10);
    amlr_eisaid((u32)v, id);
    assert_string_equal(id, "AAA0000");
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
        if (eisaid_result(bad[i], &v) != -EINVAL)
            fail_msg("EISA ID \"%s\" accepted", bad[i]);
}

/* PkgLength bytes for contents of @body bytes, as the specification has it. */
static unsigned int pkglen_bytes(size_t body)
{
    if (body + 1 <= 63)
        return 1;
    if (body + 2 < (1u << 12))
        return 2;
    if (body + 3 < (1u << 20))
        return 3;
    return 4;
}

/*
 * A scope whose contents are exactly @body bytes (>= 34): its name, then
 * Name (Nxxx, Zero) objects of 6 bytes and Name (Nxxx, 0x..) of 7.
 */
static void scope_of(size_t body, u8 *out, size_t cap)
{
    size_t rest = body - 4, sevens = 0, i;
    struct aml a;
    char name[8];
    int len;

    while ((rest - 7 * sevens) % 6)
        sevens++;
    aml_init(&a, out, cap);
    aml_scope_begin(&a, "SCOP");
    for (i = 0; i < sevens; i++) {
        snprintf(name, sizeof(name), "S%03zX", i);
        aml_name_decl(&a, name);
        aml_integer(&a, 0x80);
    }
    for (i = 0; i < (rest - 7 * sevens) / 6; i++) {
        snprintf(name, sizeof(name), "Z%03zX", i & 0xfff);
        aml_name_decl(&a, name);
        aml_integer(&a, 0);
    }
    aml_end(&a);
    len = aml_finish(&a);
    assert_int_equal(len, 1 + pkglen_bytes(body) + body);
    parse(out, len);
    assert_int_equal(r.objs[0].type, AMLR_SCOPE);
    assert_string_equal(r.objs[0].path, "\\SCOP");
    assert_int_equal(r.objs[0].pkglen_bytes, pkglen_bytes(body));
    assert_int_equal(r.objs[0].pkglen, pkglen_bytes(body) + body);
    assert_int_equal(r.nr_objs, 1 + sevens + (rest - 7 * sevens) / 6);
}

static void test_pkglen_boundaries(void **state)
{
    static const size_t edges[] = { 62, 4094, (1u << 20) - 3 };
    size_t cap = (1u << 20) + 64;
    u8 *big = malloc(cap);

    assert_non_null(big);
    for (unsigned int e = 0; e < ARRAY_SIZE(edges); e++)
        for (size_t body = edges[e] - 3; body <= edges[e] + 3; body++)
            scope_of(body, big, cap);
    free(big);
}

static void test_packages(void **state)
{
    struct aml a;
    int len;

    /* NumElements counts what was put in, up to 255; nested objects once. */
    for (unsigned int n = 0; n <= 255; n++) {
        aml_init(&a, buf, sizeof(buf));
        aml_name_decl(&a, "PKG");
        aml_package_begin(&a);
        for (unsigned int i = 0; i < n; i++)
            aml_integer(&a, i);
        aml_end(&a);
        len = aml_finish(&a);
        parse(buf, len);
        assert_int_equal(amlr_find(&r, "\\PKG_")->type, AMLR_PACKAGE);
        assert_int_equal(amlr_find(&r, "\\PKG_")->nr_elems, n);
        if (n)
            assert_int_equal(amlr_find(&r, "\\PKG_")->elems[n - 1], n - 1);
    }
    aml_init(&a, buf, sizeof(buf));
    aml_name_decl(&a, "PKG");
    aml_package_begin(&a);
    for (unsigned int i = 0; i < 256; i++)
        aml_integer(&a, 0);
    aml_end(&a);
    assert_int_equal(aml_finish(&a), -EINVAL);
}

static void test_resource_template(void **state)
{
    struct amlr_res res[4];
    char why[128];
    struct aml a;
    int len, n;

    /* An empty template: only the end tag, its checksum 0x100 - 0x79. */
    aml_init(&a, buf, sizeof(buf));
    aml_name_decl(&a, "_CRS");
    aml_resource_template_begin(&a);
    aml_end(&a);
    len = aml_finish(&a);
    parse(buf, len);
    assert_int_equal(amlr_find(&r, "\\_CRS")->type, AMLR_BUFFER);
    assert_int_equal(amlr_find(&r, "\\_CRS")->len, 2);
    assert_int_equal(amlr_find(&r, "\\_CRS")->data[1], 0x87);

    /* Descriptors, their bytes, and a checksum that sums them to 0. */
    aml_init(&a, buf, sizeof(buf));
    aml_name_decl(&a, "_CRS");
    aml_resource_template_begin(&a);
    aml_res_io16(&a, 0x2f8, 0x2f8, 1, 8);
    aml_res_irq(&a, 3);
    aml_res_io16(&a, 0x100, 0x1f0, 0x10, 0x10);
    aml_res_irq(&a, 15);
    aml_end(&a);
    len = aml_finish(&a);
    parse(buf, len);
    {
        const struct amlr_obj *o = amlr_find(&r, "\\_CRS");
        static const u8 expect[] = {
            0x47, 0x01, 0xf8, 0x02, 0xf8, 0x02, 0x01, 0x08,
            0x22, 0x08, 0x00,
            0x47, 0x01, 0x00, 0x01, 0xf0, 0x01, 0x10, 0x10,
            0x22, 0x00, 0x80,
            0x79,
        };
        u8 sum = 0;

        assert_int_equal(o->len, sizeof(expect) + 1);
        assert_memory_equal(o->data, expect, sizeof(expect));
        for (size_t i = 0; i < o->len; i++)
            sum += o->data[i];
        assert_int_equal(sum, 0);
        n = amlr_resources(o->data, o->len, res, 4, why, sizeof(why));
        if (n < 0)
            fail_msg("%s", why);
        assert_int_equal(n, 4);
        assert_int_equal(res[2].max, 0x1f0);
        assert_int_equal(res[3].irq_mask, 0x8000);
    }

    /* Refused: outside a template, a bad IRQ, a range that ends before it starts. */
    aml_init(&a, buf, sizeof(buf));
    aml_res_irq(&a, 4);
    assert_int_equal(aml_finish(&a), -EINVAL);
    aml_init(&a, buf, sizeof(buf));
    aml_device_begin(&a, "DEV");
    aml_res_io16(&a, 0x3f8, 0x3f8, 1, 8);
    assert_int_equal(aml_finish(&a), -EINVAL);
    aml_init(&a, buf, sizeof(buf));
    aml_resource_template_begin(&a);
    aml_res_irq(&a, 16);
    assert_int_equal(aml_finish(&a), -EINVAL);
    aml_init(&a, buf, sizeof(buf));
    aml_resource_template_begin(&a);
    aml_res_io16(&a, 0x3f8, 0x3f7, 1, 8);
    assert_int_equal(aml_finish(&a), -EINVAL);
}

/*
 * The address space descriptors of a host bridge's _CRS, byte for byte as
 * the ACPI specification lays them out (6.4.3.5): a WordBusNumber, a
 * DWordMemory window below 4 GiB and a QWordMemory window above, all
 * producers with fixed minimum and maximum, memory non-cacheable and
 * read/write; and their refusals.
 */
static void test_address_space(void **state)
{
    struct amlr_res res[4];
    char why[128];
    struct aml a;
    int len, n;

    aml_init(&a, buf, sizeof(buf));
    aml_name_decl(&a, "_CRS");
    aml_resource_template_begin(&a);
    aml_res_bus_range(&a, 0, 0);
    aml_res_mem_window(&a, 0xc0000000ull, 0x3c000000ull);
    aml_res_mem_window(&a, 0x1000000000ull, 0x400000000ull);
    aml_end(&a);
    len = aml_finish(&a);
    parse(buf, len);
    {
        const struct amlr_obj *o = amlr_find(&r, "\\_CRS");
        static const u8 expect[] = {
            /* WordBusNumber: tag, length 13, bus, flags, no type flags */
            0x88, 0x0d, 0x00, 0x02, 0x0c, 0x00,
            0x00, 0x00,  0x00, 0x00,  0x00, 0x00,  0x00, 0x00,  0x01, 0x00,
            /* DWordMemory: tag, length 23, memory, flags, read/write */
            0x87, 0x17, 0x00, 0x00, 0x0c, 0x01,
            0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0xc0,
            0xff, 0xff, 0xff, 0xfb,  0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x3c,
            /* QWordMemory: tag, length 43 */
            0x8a, 0x2b, 0x00, 0x00, 0x0c, 0x01,
            0, 0, 0, 0, 0, 0, 0, 0,
            0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
            0xff, 0xff, 0xff, 0xff, 0x13, 0x00, 0x00, 0x00,
            0, 0, 0, 0, 0, 0, 0, 0,
            0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
            0x79,
        };

        assert_int_equal(o->len, sizeof(expect) + 1);
        assert_memory_equal(o->data, expect, sizeof(expect));
        n = amlr_resources(o->data, o->len, res, 4, why, sizeof(why));
        if (n < 0)
            fail_msg("%s", why);
        assert_int_equal(n, 3);
        assert_int_equal(res[0].type, AMLR_RES_ADDR);
        assert_int_equal(res[0].addr_width, 2);
        assert_int_equal(res[0].addr_type, 2);
        assert_int_equal(res[0].addr_len, 1);
        assert_int_equal(res[1].addr_width, 4);
        assert_int_equal(res[1].addr_max, 0xfbffffffull);
        assert_int_equal(res[2].addr_width, 8);
        assert_int_equal(res[2].addr_min, 0x1000000000ull);
        assert_int_equal(res[2].addr_len, 0x400000000ull);
    }

    /* A window ending exactly at 4 GiB is still a DWord one. */
    aml_init(&a, buf, sizeof(buf));
    aml_resource_template_begin(&a);
    aml_res_mem_window(&a, 0xfff00000ull, 0x100000ull);
    aml_end(&a);
    /* Buffer op, PkgLength, BufferSize (a byte), the descriptor, end tag */
    assert_int_equal(aml_finish(&a), 4 + 26 + 2);
    assert_int_equal(buf[4], 0x87);

    /* Refused: buses beyond 255 or backwards, an empty or wrapping
     * window, a descriptor outside a template. */
    aml_init(&a, buf, sizeof(buf));
    aml_resource_template_begin(&a);
    aml_res_bus_range(&a, 0, 256);
    assert_int_equal(aml_finish(&a), -EINVAL);
    aml_init(&a, buf, sizeof(buf));
    aml_resource_template_begin(&a);
    aml_res_bus_range(&a, 2, 1);
    assert_int_equal(aml_finish(&a), -EINVAL);
    aml_init(&a, buf, sizeof(buf));
    aml_resource_template_begin(&a);
    aml_res_mem_window(&a, 0xc0000000ull, 0);
    assert_int_equal(aml_finish(&a), -EINVAL);
    aml_init(&a, buf, sizeof(buf));
    aml_resource_template_begin(&a);
    aml_res_mem_window(&a, ~0ull - 0xfff, 0x2000);
    assert_int_equal(aml_finish(&a), -EINVAL);
    aml_init(&a, buf, sizeof(buf));
    aml_res_mem_window(&a, 0xc0000000ull, 0x1000);
    assert_int_equal(aml_finish(&a), -EINVAL);
}

static void test_nesting(void **state)
{
    struct aml a;

    aml_init(&a, buf, sizeof(buf));
    aml_end(&a);
    assert_int_equal(aml_finish(&a), -EINVAL);

    aml_init(&a, buf, sizeof(buf));
    aml_scope_begin(&a, "_SB");
    assert_int_equal(aml_finish(&a), -EINVAL);     /* still open */

    /* AML_MAX_DEPTH levels are fine, one more is refused. */
    aml_init(&a, buf, sizeof(buf));
    for (unsigned int i = 0; i < AML_MAX_DEPTH; i++)
        aml_scope_begin(&a, "S");
    for (unsigned int i = 0; i < AML_MAX_DEPTH; i++)
        aml_end(&a);
    parse(buf, aml_finish(&a));
    assert_int_equal(r.nr_objs, AML_MAX_DEPTH);
    assert_string_equal(r.objs[AML_MAX_DEPTH - 1].path, "\\S___.S___.S___.S___.S___.S___.S___.S___");
    aml_init(&a, buf, sizeof(buf));
    for (unsigned int i = 0; i <= AML_MAX_DEPTH; i++)
        aml_scope_begin(&a, "S");
    assert_int_equal(aml_finish(&a), -EINVAL);

    /* The first error sticks: later calls write nothing. */
    aml_init(&a, buf, sizeof(buf));
    aml_name_decl(&a, "bad");
    aml_name_decl(&a, "GOOD");
    aml_integer(&a, 1);
    assert_int_equal(a.len, 1);                     /* the NameOp only */
    assert_int_equal(aml_finish(&a), -EINVAL);
}

/* A small DSDT, as acpi_tables.c builds it. */
static int build_sample(u8 *out, size_t cap)
{
    struct aml a;

    aml_init(&a, out, cap);
    aml_name_decl(&a, "_S5");
    aml_package_begin(&a);
    aml_integer(&a, 5);
    aml_integer(&a, 0);
    aml_end(&a);
    aml_scope_begin(&a, "_SB");
    aml_device_begin(&a, "COM1");
    aml_name_decl(&a, "_HID");
    aml_eisaid(&a, "PNP0501");
    aml_name_decl(&a, "_CRS");
    aml_resource_template_begin(&a);
    aml_res_io16(&a, 0x3f8, 0x3f8, 1, 8);
    aml_res_irq(&a, 4);
    aml_end(&a);
    aml_end(&a);
    aml_end(&a);
    return aml_finish(&a);
}

static void test_buffer_too_small(void **state)
{
    int full = build_sample(buf, sizeof(buf));
    static u8 ref[4096];

    assert_true(full > 0);
    memcpy(ref, buf, (size_t)full);
    /* Every shorter buffer: -ENOSPC, and never a byte past it (ASan). */
    for (int cap = 0; cap < full; cap++) {
        u8 *b = malloc(cap ? (size_t)cap : 1);

        assert_non_null(b);
        assert_int_equal(build_sample(b, (size_t)cap), -ENOSPC);
        free(b);
    }
    {
        u8 *b = malloc((size_t)full);

        assert_int_equal(build_sample(b, (size_t)full), full);
        assert_memory_equal(b, ref, (size_t)full);
        free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_eisaid),
        cmocka_unit_test(test_pkglen_boundaries),
        cmocka_unit_test(test_packages),
        cmocka_unit_test(test_resource_template),
        cmocka_unit_test(test_address_space),
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_buffer_too_small),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
