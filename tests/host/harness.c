/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host test harness: what the hypervisor's code calls into when it is
 * compiled for the host.
 *
 *  - assert_failed() hands the failure to cmocka's mock_assert(), so a test
 *    wrapping a call in expect_assert_failure() proves that the ASSERT fires,
 *    and any unexpected assertion fails the test.
 *  - printk() formats with the hypervisor's real vsnprintf() and keeps the
 *    output in a log that tests can search (host_log_contains()); it is also
 *    echoed to stderr when MHV_TEST_VERBOSE is set in the environment.  As
 *    the real printk (common/printk.c) does, it starts every line with
 *    "(MHV) ", and a message whose text starts with that prefix itself
 *    fails the test: it would print it twice on the console.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/symbols.h>
#include "harness.h"

static char host_log[1 << 20];
static size_t host_log_len;
static bool log_line_start = true;      /* printk's "(MHV) " is due */

#define LOG_PREFIX "(MHV) "

/* Note a failed ASSERT()/BUG_ON() in $MHV_ASSERT_LOG (tests/assert_coverage.py). */
static void note_fired(const char *expr, const char *file, unsigned int line)
{
    const char *path = getenv("MHV_ASSERT_LOG");
    FILE *f;

    if (!path || !(f = fopen(path, "a")))
        return;
    fprintf(f, "%s\t%u\t%s\n", file, line, expr);
    fclose(f);
}

void assert_failed(const char *expr, const char *file, unsigned int line)
{
    char msg[512];

    note_fired(expr, file, line);
    snprintf(msg, sizeof(msg), "Assertion '%s' failed\n", expr);
    printk("%s", msg);
    snprintf(msg, sizeof(msg), "Assertion '%s' failed", expr);
    mock_assert(0, msg, file, (int)line);
    abort();    /* mock_assert() does not return for a false result */
}

void bug_failed(const char *expr, const char *file, unsigned int line)
{
    char msg[512];

    note_fired(expr, file, line);
    snprintf(msg, sizeof(msg), "BUG '%s'", expr);
    mock_assert(0, msg, file, (int)line);
    abort();
}

void warn_failed(const char *expr, const char *file, unsigned int line)
{
    printk(LOG_WARNING "WARN_ON(%s) at %s:%u\n", expr, file, line);
}

void panic(const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    mock_assert(0, msg, "panic", 0);
    abort();
}

void host_log_append(const char *s)
{
    size_t n = strlen(s);

    if (host_log_len + n >= sizeof(host_log))
        host_log_len = 0;   /* wrap: tests clear the log between cases */
    memcpy(host_log + host_log_len, s, n + 1);
    host_log_len += n;
    if (getenv("MHV_TEST_VERBOSE"))
        fputs(s, stderr);
}

void vprintk(const char *fmt, va_list ap)
{
    char text[1024], line[1024 + sizeof(LOG_PREFIX)];
    const char *p, *nl;

    /* Drop the level prefix, keep the text. */
    if (fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '9' && fmt[2] == '>')
        fmt += 3;
    vsnprintf(text, sizeof(text), fmt, ap);
    for (p = text; *p; p = nl) {
        nl = strchr(p, '\n');
        nl = nl ? nl + 1 : p + strlen(p);
        if (log_line_start && !strncmp(p, LOG_PREFIX, strlen(LOG_PREFIX)))
            fail_msg("printk text carries printk's own prefix: %s", p);
        snprintf(line, sizeof(line), "%s%.*s", log_line_start ? LOG_PREFIX : "",
                 (int)(nl - p), p);
        host_log_append(line);
        log_line_start = nl[-1] == '\n';
    }
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

bool printk_enabled(enum log_level lvl)
{
    return true;
}

bool printk_fmt_enabled(const char *fmt)
{
    return true;
}

/* Host tests see every message (they check log lines), and which bucket
 * each would have been counted against. */
int host_log_bucket = HOST_BUCKET_CONTEXT;

bool printk_ratelimit(void)
{
    host_log_bucket = HOST_BUCKET_CONTEXT;
    return true;
}

bool printk_ratelimit_domain(int domid)
{
    host_log_bucket = domid < 0 ? -1 : domid;
    return true;
}

bool host_log_contains(const char *needle)
{
    return strstr(host_log, needle) != NULL;
}

void host_log_clear(void)
{
    host_log_len = 0;
    host_log[0] = '\0';
    log_line_start = true;
}

const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size)
{
    return NULL;
}
