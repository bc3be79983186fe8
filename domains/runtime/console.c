/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Console for domain programs: line-buffered output over console_io write,
 * non-blocking input over console_io read.  Single-threaded (one vCPU per
 * domain, no signals): no locking.
 */
#include "runtime.h"
#include "libmhvctl.h"

#define OUT_BUF_SIZE    512
#define IN_BUF_SIZE     64

static char out_buf[OUT_BUF_SIZE];
static size_t out_len;

static char in_buf[IN_BUF_SIZE];
static size_t in_pos, in_len;

void console_flush(void)
{
    size_t done = 0;

    while (done < out_len) {
        long n = mhv_console_write(out_buf + done, out_len - done);

        if (n <= 0)             /* nothing more we can do about it */
            break;
        done += (size_t)n;
    }
    out_len = 0;
}

static void put_char(char c)
{
    if (out_len == sizeof(out_buf))
        console_flush();
    out_buf[out_len++] = c;
    if (c == '\n')
        console_flush();
}

static bool muted;

void console_mute(bool on)
{
    muted = on;
}

void console_puts(const char *s)
{
    if (muted)
        return;
    while (*s)
        put_char(*s++);
}

int vprintf(const char *fmt, va_list ap)
{
    char tmp[OUT_BUF_SIZE];
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);

    console_puts(tmp);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int console_getc(void)
{
    if (in_pos == in_len) {
        long n = mhv_console_read(in_buf, sizeof(in_buf));

        if (n <= 0)
            return -1;
        in_pos = 0;
        in_len = (size_t)n;
    }
    return (unsigned char)in_buf[in_pos++];
}
