/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl's argument decoding (domains/runtime/parse.c, compiled here exactly as
 * the domains compile it): PCI addresses good and bad, numbers with their
 * ranges and overflow, command-line splitting, errno names both ways.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <runtime/parse.h>

/* ------------------------------------------------------------ SBDF */

static void test_sbdf_good(void **state)
{
    static const struct {
        const char *text;
        uint32_t sbdf;
    } good[] = {
        { "0000:01:10.2", SBDF_MAKE(0, 1, 0x10, 2) },
        { "01:10.2",      SBDF_MAKE(0, 1, 0x10, 2) },
        { "1:10.2",       SBDF_MAKE(0, 1, 0x10, 2) },
        { "0:1:10.2",     SBDF_MAKE(0, 1, 0x10, 2) },
        { "0000:00:00.0", 0 },
        { "ffff:ff:1f.7", 0xffffffffu },
        { "FFFF:FF:1F.7", 0xffffffffu },
        { "0001:80:1f.0", SBDF_MAKE(1, 0x80, 0x1f, 0) },
        { "abcd:ef:0a.5", SBDF_MAKE(0xabcd, 0xef, 0xa, 5) },
        { "01:00.0",      0x100 },
        { "00:1.3",       SBDF_MAKE(0, 0, 1, 3) },
    };

    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        uint32_t v = 0x12345678;

        if (parse_sbdf(good[i].text, &v) != 0)
            fail_msg("'%s' rejected", good[i].text);
        if (v != good[i].sbdf)
            fail_msg("'%s' -> %#x, want %#x", good[i].text, v, good[i].sbdf);
    }
}

static void test_sbdf_bad(void **state)
{
    static const char *const bad[] = {
        "", ":", "::", "01:10", "01:10.", "01.10.2", "0000:01:10:2",
        "01:20.0",          /* device 32 */
        "01:ff.0",
        "01:10.8",          /* function 8 */
        "01:10.9", "01:10.a", "01:10.22", "01:10.2x", "01:10.2 ",
        " 01:10.2", "0x01:10.2", "00000:01:10.2",   /* segment: 5 digits */
        "0000:001:10.2",    /* bus: 3 digits */
        "0000:01:010.2",    /* device: 3 digits */
        "g000:01:10.2", "0000:0g:10.2", "0000::10.2", ":01:10.2",
        "0000:01:.2", "0000:01:10.-1", "1:2:3:4.0", "hello", "-1:10.2",
        "0000:01:10.2\n",
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint32_t v = 0x12345678;
        int rc = parse_sbdf(bad[i], &v);

        if (rc != -MHV_EINVAL)
            fail_msg("'%s' -> %d, want -EINVAL", bad[i], rc);
        if (v != 0x12345678)
            fail_msg("'%s' wrote its output on failure", bad[i]);
    }
    assert_int_equal(parse_sbdf(NULL, &(uint32_t){0}), -MHV_EINVAL);
}

static void test_sbdf_format(void **state)
{
    char buf[SBDF_STR_LEN];
    uint32_t v;

    assert_string_equal(sbdf_format(SBDF_MAKE(0, 1, 0x10, 2), buf), "0000:01:10.2");
    assert_string_equal(sbdf_format(0, buf), "0000:00:00.0");
    assert_string_equal(sbdf_format(0xffffffffu, buf), "ffff:ff:1f.7");
    assert_string_equal(sbdf_format(SBDF_MAKE(0xabc, 2, 3, 4), buf), "0abc:02:03.4");
    /* Every devfn of a bus round-trips. */
    for (unsigned int devfn = 0; devfn < 256; devfn++) {
        uint32_t in = SBDF_MAKE(0x12, 0x34, devfn >> 3, devfn & 7);

        assert_int_equal(parse_sbdf(sbdf_format(in, buf), &v), 0);
        assert_int_equal(v, in);
    }
    assert_int_equal(SBDF_SEG(0x12345678u), 0x1234);
    assert_int_equal(SBDF_BUS(0x12345678u), 0x56);
    assert_int_equal(SBDF_DEVFN(0x12345678u), 0x78);
    assert_int_equal(SBDF_DEV(0x12345678u), 0xf);
    assert_int_equal(SBDF_FN(0x12345678u), 0);
}

/* ------------------------------------------------------------ numbers */

static void test_uint_good(void **state)
{
    uint64_t v;

    assert_int_equal(parse_uint("0", 10, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(parse_uint("4", 8, &v), 0);
    assert_int_equal(v, 4);
    assert_int_equal(parse_uint("8", 8, &v), 0);
    assert_int_equal(v, 8);
    assert_int_equal(parse_uint("0x10", 255, &v), 0);
    assert_int_equal(v, 16);
    assert_int_equal(parse_uint("0XfF", 255, &v), 0);
    assert_int_equal(v, 255);
    assert_int_equal(parse_uint("007", 255, &v), 0);    /* decimal, not octal */
    assert_int_equal(v, 7);
    assert_int_equal(parse_uint("18446744073709551615", UINT64_MAX, &v), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(parse_uint("0xffffffffffffffff", UINT64_MAX, &v), 0);
    assert_true(v == UINT64_MAX);
}

static void test_uint_bad(void **state)
{
    static const char *const garbage[] = {
        "", "0x", "x10", "-1", "+1", " 1", "1 ", "1a", "0x1g", "12abc", "1.5",
        "1e3", "one", "0b101", "0x-1",
    };
    uint64_t v = 42;

    for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
        int rc = parse_uint(garbage[i], UINT64_MAX, &v);

        if (rc != -MHV_EINVAL)
            fail_msg("'%s' -> %d, want -EINVAL", garbage[i], rc);
    }
    assert_int_equal(parse_uint(NULL, 1, &v), -MHV_EINVAL);
    /* Range and overflow. */
    assert_int_equal(parse_uint("9", 8, &v), -MHV_ERANGE);
    assert_int_equal(parse_uint("256", 255, &v), -MHV_ERANGE);
    assert_int_equal(parse_uint("18446744073709551616", UINT64_MAX, &v), -MHV_ERANGE);
    assert_int_equal(parse_uint("99999999999999999999999", UINT64_MAX, &v), -MHV_ERANGE);
    assert_int_equal(parse_uint("0x10000000000000000", UINT64_MAX, &v), -MHV_ERANGE);
    /* Overflow followed by garbage is garbage. */
    assert_int_equal(parse_uint("99999999999999999999999z", UINT64_MAX, &v), -MHV_EINVAL);
    assert_int_equal(v, 42);    /* never written on failure */
}

/* ------------------------------------------------------------ splitting */

static void test_mac(void **state)
{
    static const char *const bad[] = {
        "", "02:00:00:00:00", "02:00:00:00:00:0", "02:00:00:00:00:001",
        "02-00-00-00-00-01", "02:00:00:00:00:0g", "2:0:0:0:0:1",
        "02:00:00:00:00:01:", " 02:00:00:00:00:01",
    };
    uint8_t mac[6];

    assert_int_equal(parse_mac("02:6d:68:Ab:cD:ff", mac), 0);
    assert_memory_equal(mac, ((uint8_t[6]){ 2, 0x6d, 0x68, 0xab, 0xcd, 0xff }), 6);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (parse_mac(bad[i], mac) != -MHV_EINVAL)
            fail_msg("'%s' was taken", bad[i]);
}

static void test_split(void **state)
{
    char *argv[8];
    char l1[] = "  sriov\t0000:01:00.0   4  \r\n";
    char l2[] = "";
    char l3[] = "   \t ";
    char l4[] = "# a comment";
    char l5[] = "lspci # trailing comment";
    char l6[] = "a b c d e f g h";
    char l7[] = "a b c d e f g h i";
    char l8[] = "x#y";

    assert_int_equal(split_args(l1, argv, 8), 3);
    assert_string_equal(argv[0], "sriov");
    assert_string_equal(argv[1], "0000:01:00.0");
    assert_string_equal(argv[2], "4");
    assert_int_equal(split_args(l2, argv, 8), 0);
    assert_int_equal(split_args(l3, argv, 8), 0);
    assert_int_equal(split_args(l4, argv, 8), 0);
    assert_int_equal(split_args(l5, argv, 8), 1);
    assert_string_equal(argv[0], "lspci");
    assert_int_equal(split_args(l6, argv, 8), 8);
    assert_string_equal(argv[7], "h");
    assert_int_equal(split_args(l7, argv, 8), -MHV_E2BIG);
    assert_int_equal(split_args(l8, argv, 8), 1);       /* '#' inside a word */
    assert_string_equal(argv[0], "x#y");
}

/* ------------------------------------------------------------ errno names */

static void test_errno_names(void **state)
{
    assert_string_equal(errno_to_name(19), "ENODEV");
    assert_string_equal(errno_to_name(-19), "ENODEV");
    assert_string_equal(errno_to_name(MHV_EPERM), "EPERM");
    assert_string_equal(errno_to_name(MHV_EFAULT), "EFAULT");
    assert_string_equal(errno_to_name(MHV_EBUSY), "EBUSY");
    assert_string_equal(errno_to_name(MHV_ENOSYS), "ENOSYS");
    assert_string_equal(errno_to_name(MHV_ETIMEDOUT), "ETIMEDOUT");
    assert_string_equal(errno_to_name(-MHV_EOPNOTSUPP), "EOPNOTSUPP");
    assert_null(errno_to_name(0));
    assert_null(errno_to_name(8));
    assert_null(errno_to_name(111));
    assert_null(errno_to_name(-1000));
    assert_null(errno_to_name(-2147483647 - 1));
    assert_int_equal(errno_from_name("ENODEV"), 19);
    assert_int_equal(errno_from_name("ETIMEDOUT"), 110);
    assert_int_equal(errno_from_name("EPERM"), 1);
    assert_int_equal(errno_from_name("enodev"), 0);
    assert_int_equal(errno_from_name("ENODEVX"), 0);
    assert_int_equal(errno_from_name(""), 0);
    assert_int_equal(errno_from_name(NULL), 0);
    /* Every name maps back to its number. */
    for (int e = 1; e < 200; e++)
        if (errno_to_name(e))
            assert_int_equal(errno_from_name(errno_to_name(e)), e);
    assert_true(str_eq("abc", "abc"));
    assert_false(str_eq("abc", "abd"));
    assert_false(str_eq("ab", "abc"));
    assert_false(str_eq("abc", "ab"));
}

static void test_cmdline_value(void **state)
{
    char v[8];

    memset(v, 'x', sizeof(v));
    assert_int_equal(parse_cmdline_value("dom0 hotplug=off script=1", "hotplug", v, sizeof(v)), 1);
    assert_string_equal(v, "off");
    assert_int_equal(parse_cmdline_value("hotplug=500", "hotplug", v, sizeof(v)), 1);
    assert_string_equal(v, "500");
    assert_int_equal(parse_cmdline_value("  a=1   hotplug=  b=2", "hotplug", v, sizeof(v)), 1);
    assert_string_equal(v, "");
    /* The first word counts; a key is a whole word's start. */
    assert_int_equal(parse_cmdline_value("k=1 k=2", "k", v, sizeof(v)), 1);
    assert_string_equal(v, "1");
    assert_int_equal(parse_cmdline_value("nohotplug=1 hotplugx=2 hotplug", "hotplug",
                                         v, sizeof(v)), 0);
    assert_int_equal(parse_cmdline_value("", "hotplug", v, sizeof(v)), 0);
    /* Too long: nothing written. */
    strcpy(v, "keep");
    assert_int_equal(parse_cmdline_value("hotplug=12345678", "hotplug", v, sizeof(v)),
                     -MHV_E2BIG);
    assert_string_equal(v, "keep");
    assert_int_equal(parse_cmdline_value("hotplug=1234567", "hotplug", v, sizeof(v)), 1);
    assert_string_equal(v, "1234567");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sbdf_good),
        cmocka_unit_test(test_sbdf_bad),
        cmocka_unit_test(test_sbdf_format),
        cmocka_unit_test(test_uint_good),
        cmocka_unit_test(test_uint_bad),
        cmocka_unit_test(test_mac),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_errno_names),
        cmocka_unit_test(test_cmdline_value),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
