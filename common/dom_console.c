/* SPDX-License-Identifier: GPL-2.0 */
/* Ordinary domains' console lines and their rate limit (<mhv/dom_console.h>). */
#include <mhv/dom_console.h>
#include <mhv/lib.h>

static void refill(struct dom_console *c, s64 now)
{
    if (!c->started) {
        c->started = true;
        c->tokens = DOM_CONSOLE_BURST;
        c->last_ns = now;
        return;
    }
    if (now > c->last_ns) {
        u64 add = (u64)(now - c->last_ns) * DOM_CONSOLE_RATE / 1000000000ULL;

        if (add) {      /* whole bytes only: keep the remainder's time */
            c->tokens = min((u64)DOM_CONSOLE_BURST, c->tokens + add);
            c->last_ns = now;
        }
    }
}

static void line_done(struct dom_console *c, unsigned int domid, s64 now)
{
    u64 cost = c->len + 1;          /* with its newline */

    refill(c, now);
    if (c->tokens < cost) {
        c->dropped_bytes += cost;
        c->dropped_lines++;
        c->len = 0;
        return;
    }
    c->tokens -= cost;
    if (c->dropped_lines && (!c->reported_ns || now - c->reported_ns >= DOM_CONSOLE_REPORT_NS)) {
        c->reported_ns = now;
        printk(LOG_WARNING "d%u: console: %llu bytes in %llu lines dropped "
               "(rate limit)\n", domid, (unsigned long long)c->dropped_bytes,
               (unsigned long long)c->dropped_lines);
        c->dropped_bytes = c->dropped_lines = 0;
    }
    console_write_domain_line(domid, c->line, c->len);
    c->len = 0;
}

void dom_console_write(struct dom_console *c, unsigned int domid,
                       const char *s, size_t len, s64 now_ns)
{
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];

        if (ch == '\n' || c->len == DOM_LINE_MAX) {
            line_done(c, domid, now_ns);
            if (ch == '\n')
                continue;
        }
        if (ch == '\r')
            continue;
        c->line[c->len++] = (ch >= 0x20 && ch < 0x7f) || ch == '\t' ? ch : '?';
    }
}
