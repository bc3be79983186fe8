/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's small C library: console output with log levels,
 * formatted printing and string functions.
 */
#ifndef MHV_LIB_H
#define MHV_LIB_H

#include <mhv/types.h>
#include <mhv/compiler.h>

/*
 * Log levels, as a prefix of the format string (Xen's XENLOG_* idea):
 *   printk(LOG_WARNING "PCI: capability list of %pp loops\n", &sbdf);
 * A line without a prefix is LOG_INFO.  `loglvl=` on the command line sets
 * the most verbose level printed (default: info).
 */
#define LOG_CRIT     "<0>"
#define LOG_ERR      "<1>"
#define LOG_WARNING  "<2>"
#define LOG_INFO     "<3>"
#define LOG_DEBUG    "<4>"
#define LOG_TRACE    "<5>"   /* per-hypercall traces: the most verbose */

enum log_level {
    LOGL_CRIT, LOGL_ERR, LOGL_WARNING, LOGL_INFO, LOGL_DEBUG, LOGL_TRACE,
};

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);
/* True when a message of @lvl would be printed (to skip costly formatting). */
bool printk_enabled(enum log_level lvl);
/* The same for a format string with (or without) its level prefix. */
bool printk_fmt_enabled(const char *fmt);

/*
 * For messages a domain or a device can provoke at will (a refused
 * operation, a malformed capability, any line on a path a hypercall can
 * repeat): at most a burst of them, then a few per second
 * (<mhv/ratelimit.h>), counted against the domain whose hypercall or
 * fault is being handled -- so one domain's flood does not silence
 * another's lines -- or, in interrupt context, in a softirq and outside
 * any domain, against a shared bucket.  The next line that passes is preceded by
 * "[dN: ]K messages suppressed (rate limit)".  True when this one may be
 * printed.  A message below the log level costs nothing.
 * Lines that stay printk(): those bounded by a domain's life (its crash,
 * shutdown, release) and the control domain's configuration changes (a
 * device added, removed, assigned, placed).  docs/debugging.md lists the
 * rule.
 */
struct ratelimit;
bool printk_ratelimit(void);
/* The domain layer tells which bucket the running context's lines go to
 * (NULL: the shared one); set once at boot. */
void printk_ratelimit_set_source(struct ratelimit *(*source)(void));
#define gprintk(fmt, ...)                                                   \
    do {                                                                    \
        if (printk_fmt_enabled(fmt) && printk_ratelimit())                  \
            printk(fmt, ##__VA_ARGS__);                                     \
    } while (0)

/*
 * The same for a line a domain's device provokes and an interrupt handler
 * reports (an IOMMU fault): counted against domain @domid's bucket, not
 * the shared one -- else a domain whose device faults without end would
 * silence every other domain's fault lines and the hypervisor's own
 * interrupt-context warnings.  @domid < 0 (no owner): the shared bucket.
 * @pre interrupts off, as in the interrupt handler it is for: a domain
 * found by id stays allocated only that long (domain_list_remove()); not
 * under the domain list lock, which the lookup takes.
 */
bool printk_ratelimit_domain(int domid);
/* The domain layer's lookup of domain @domid's bucket (NULL: none such). */
void printk_ratelimit_set_domain_bucket(struct ratelimit *(*bucket)(int domid));
#define gprintk_domain(domid, fmt, ...)                                     \
    do {                                                                    \
        if (printk_fmt_enabled(fmt) && printk_ratelimit_domain(domid))      \
            printk(fmt, ##__VA_ARGS__);                                     \
    } while (0)

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
/* Parse an unsigned number (base 0: 0x.. hex, else decimal). */
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base);

#endif /* MHV_LIB_H */
