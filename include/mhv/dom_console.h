/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An ordinary domain's console output: collected per line in the domain's
 * own buffer (no two domains share one), written as "(dN) line", and rate
 * limited -- a token bucket of DOM_CONSOLE_BURST bytes refilled at
 * DOM_CONSOLE_RATE bytes a second.  A line the bucket cannot pay for is
 * dropped whole; a line that goes out is preceded by
 * "(MHV) dN: console: N bytes in M lines dropped (rate limit)" for what was
 * dropped before it, at most once a second.
 * The control domain's output is not limited (it drives the console).
 *
 * Lock: a domain's struct dom_console is touched only by its own (single)
 * vCPU, inside its console_io hypercall: no lock.  Output goes through
 * console_write_domain_line() under the console lock.
 */
#ifndef MHV_DOM_CONSOLE_H
#define MHV_DOM_CONSOLE_H

#include <mhv/types.h>

#define DOM_LINE_MAX        160         /* longer lines are split */
#define DOM_CONSOLE_BURST   (32 * 1024)
#define DOM_CONSOLE_RATE    (64 * 1024) /* bytes per second */
#define DOM_CONSOLE_REPORT_NS 1000000000LL  /* at most one report a second */

struct dom_console {
    char line[DOM_LINE_MAX];
    unsigned int len;
    bool started;                   /* the bucket was filled once */
    u64 tokens;                     /* bytes that may go out now */
    s64 last_ns;                    /* when the bucket was last refilled */
    u64 dropped_bytes, dropped_lines;   /* since the last report */
    s64 reported_ns;                /* when the last report was made */
};

/* Take @len bytes of domain @domid's output at time @now_ns. */
void dom_console_write(struct dom_console *c, unsigned int domid,
                       const char *s, size_t len, s64 now_ns);

/* Write one line of @domid's output (printk.c; a host test has its own). */
void console_write_domain_line(unsigned int domid, const char *s, size_t len);

#endif /* MHV_DOM_CONSOLE_H */
