/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ordinary domains' console lines (common/dom_console.c): every domain has
 * its own line buffer (d1 and d17 used to share slot 1 of 16, so their
 * partial lines mixed), long lines are split, and a flood is cut by the
 * rate limit, which later says how much it dropped.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <mhv/dom_console.h>
#include "harness.h"

#define SEC 1000000000LL

static char out[64][DOM_LINE_MAX + 16], last[DOM_LINE_MAX + 16];
static unsigned int nout;
static unsigned long out_bytes;

void console_write_domain_line(unsigned int domid, const char *s, size_t len)
{
    snprintf(last, sizeof(last), "(d%u) %.*s", domid, (int)len, s);
    if (nout < 64)
        strcpy(out[nout++], last);
    out_bytes += len + 1;
}

static int setup(void **state)
{
    nout = 0;
    out_bytes = 0;
    host_log_clear();
    return 0;
}

static void w(struct dom_console *c, unsigned int id, const char *s, s64 t)
{
    dom_console_write(c, id, s, strlen(s), t);
}

static void test_no_shared_buffers(void **state)
{
    struct dom_console d1 = { 0 }, d17 = { 0 };

    w(&d1, 1, "hello fr", 0);
    w(&d17, 17, "greetings ", 0);
    w(&d1, 1, "om d1\n", 0);
    w(&d17, 17, "from d17\n", 0);
    assert_int_equal(nout, 2);
    assert_string_equal(out[0], "(d1) hello from d1");
    assert_string_equal(out[1], "(d17) greetings from d17");
}

static void test_long_line_split_and_controls(void **state)
{
    struct dom_console c = { 0 };
    char line[DOM_LINE_MAX + 11];

    memset(line, 'x', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    w(&c, 2, line, 0);
    w(&c, 2, "\r\n\x1b!\n", 0);
    assert_int_equal(nout, 3);
    assert_int_equal(strlen(out[0]), strlen("(d2) ") + DOM_LINE_MAX);
    assert_string_equal(out[1], "(d2) xxxxxxxxxx");
    assert_string_equal(out[2], "(d2) ?!");
}

static void test_flood_is_cut_and_reported(void **state)
{
    struct dom_console c = { 0 };
    char line[101];
    unsigned long lines = 0, passed;

    memset(line, 'f', 99);
    line[99] = '\n';
    line[100] = '\0';
    /* 1 MB at one instant: the burst goes out, the rest is dropped. */
    for (lines = 0; lines < 10000; lines++)
        w(&c, 3, line, 5 * SEC);
    passed = out_bytes;
    assert_true(passed <= DOM_CONSOLE_BURST);
    assert_true(passed > DOM_CONSOLE_BURST - 100);
    assert_false(host_log_contains("dropped"));
    /* A second later the bucket has refilled: the next line goes out,
     * after the report of what was dropped. */
    w(&c, 3, "after the flood\n", 6 * SEC);
    assert_true(host_log_contains("d3: console: "));
    assert_true(host_log_contains(" lines dropped (rate limit)"));
    {
        char want[96];

        snprintf(want, sizeof(want), "d3: console: %lu bytes in %lu lines dropped",
                 10000 * 100 - passed, 10000 - passed / 100);
        assert_true(host_log_contains(want));
    }
    assert_string_equal(last, "(d3) after the flood");
    /* The report is made once. */
    host_log_clear();
    w(&c, 3, "quiet again\n", 7 * SEC);
    assert_false(host_log_contains("dropped"));
}

static void test_rate_refills_over_time(void **state)
{
    struct dom_console c = { 0 };
    char line[1025];
    unsigned long before;

    memset(line, 'r', 1023);
    line[1023] = '\n';
    line[1024] = '\0';
    /* 1023-byte lines are split at DOM_LINE_MAX: cost is per piece. */
    while (out_bytes < DOM_CONSOLE_BURST - 2048)
        w(&c, 4, line, 0);
    for (int i = 0; i < 10; i++)
        w(&c, 4, line, 0);
    before = out_bytes;
    /* 100 ms later, about DOM_CONSOLE_RATE / 10 bytes more may pass. */
    for (int i = 0; i < 20; i++)
        w(&c, 4, line, SEC / 10);
    /* (plus what was left over from the burst: less than one piece) */
    assert_true(out_bytes - before <= DOM_CONSOLE_RATE / 10 + DOM_LINE_MAX + 1);
    assert_true(out_bytes - before >= DOM_CONSOLE_RATE / 10 - 2 * DOM_LINE_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_no_shared_buffers, setup),
        cmocka_unit_test_setup(test_long_line_split_and_controls, setup),
        cmocka_unit_test_setup(test_flood_is_cut_and_reported, setup),
        cmocka_unit_test_setup(test_rate_refills_over_time, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
