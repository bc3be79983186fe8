/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's runtime hooks for the host fuzzers (see fuzz_host.h):
 * printk, assertions, panics, symbols, and the few string helpers of the
 * hypervisor's C library that the host C library lacks.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/symbols.h>
#include <mhv/stacktrace.h>
#include "fuzz_host.h"

unsigned long fuzz_log_lines, fuzz_log_warnings;
unsigned long fuzz_directmap_base;

static int verbose = -1;

static bool want_verbose(void)
{
    if (verbose < 0)
        verbose = getenv("FUZZ_VERBOSE") != NULL;
    return verbose;
}

void fuzz_log_reset(void)
{
    fuzz_log_lines = fuzz_log_warnings = 0;
}

void vprintk(const char *fmt, va_list ap)
{
    char line[1024];

    if (fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '9' && fmt[2] == '>') {
        if (fmt[1] <= '2')
            fuzz_log_warnings++;
        fmt += 3;
    }
    /* Always format: the hypervisor's vsnprintf() is under test too. */
    vsnprintf(line, sizeof(line), fmt, ap);
    fuzz_log_lines++;
    if (want_verbose())
        fputs(line, stderr);
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

/* Every rate-limited line is formatted too (the formatter is under test). */
bool printk_ratelimit(void)
{
    return true;
}

bool printk_ratelimit_domain(int domid)
{
    return true;
}

void assert_failed(const char *expr, const char *file, unsigned int line)
{
    fprintf(stderr, "(MHV) Assertion '%s' failed at %s:%u\n", expr, file, line);
    abort();
}

void bug_failed(const char *expr, const char *file, unsigned int line)
{
    fprintf(stderr, "(MHV) BUG '%s' at %s:%u\n", expr, file, line);
    abort();
}

void warn_failed(const char *expr, const char *file, unsigned int line)
{
    /* A WARN_ON reachable from input is a finding too. */
    fprintf(stderr, "(MHV) WARN_ON(%s) at %s:%u\n", expr, file, line);
    abort();
}

void panic(const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "(MHV) panic: %s\n", msg);
    abort();
}

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "FUZZ CHECK FAILED at %s:%d: %s: ", file, line, cond);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size)
{
    return NULL;
}

void dump_stack(void)
{
}

/* Only referenced by tests/host/heap.c's header; the fuzzers keep no log. */
void host_log_append(const char *s)
{
    if (want_verbose())
        fputs(s, stderr);
}

/* ------------------------------------------------------------ input cursor */

size_t fuzz_bytes(struct fuzz_in *in, void *dst, size_t n)
{
    if (n > in->left)
        n = in->left;
    memcpy(dst, in->p, n);
    in->p += n;
    in->left -= n;
    return n;
}

uint8_t fuzz_u8(struct fuzz_in *in)
{
    uint8_t v = 0;

    fuzz_bytes(in, &v, 1);
    return v;
}

uint16_t fuzz_u16(struct fuzz_in *in)
{
    uint16_t v = 0;

    fuzz_bytes(in, &v, 2);
    return v;
}

uint32_t fuzz_u32(struct fuzz_in *in)
{
    uint32_t v = 0;

    fuzz_bytes(in, &v, 4);
    return v;
}

uint64_t fuzz_u64(struct fuzz_in *in)
{
    uint64_t v = 0;

    fuzz_bytes(in, &v, 8);
    return v;
}
