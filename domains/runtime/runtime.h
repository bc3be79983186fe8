/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The freestanding runtime of a domain program: startup, the console and
 * the C library subset.
 *
 *  - Startup: crt0.S enters runtime_start(), which records the start and
 *    shared info pages, calls main(si) and shuts the domain down with its
 *    result (SCHEDOP_shutdown).  A program provides main().
 *  - Console: printf() over console_io, buffered per line (a line reaches
 *    the console whole, so the hypervisor's "(dN) " prefix lands once per
 *    line); console_flush() pushes out a partial line (a prompt).
 *    console_getc() reads the serial input without waiting (the control
 *    domain's privilege).
 *  - String functions and snprintf()/vsnprintf() are the hypervisor's own
 *    (common/string.c, common/vsnprintf.c, compiled again for ring 3), so
 *    <mhv/lib.h> declares them; %pp prints a `const pci_sbdf_t *`, see
 *    SBDF_ARG().
 */
#ifndef DOMAINS_RUNTIME_H
#define DOMAINS_RUNTIME_H

#include <mhv/lib.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <public/mhv.h>

/* Valid from the first line of main() on. */
extern const struct start_info *mhv_start_info;
extern struct shared_info *mhv_shared_info;

/* Provided by the program (a host unit test has its own main()). */
#ifndef CONFIG_HOST_TEST
int main(const struct start_info *si);
#endif
__noreturn void runtime_start(const struct start_info *si);

int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list ap);
void console_puts(const char *s);
void console_flush(void);
/* Drop printf() output while muted (mhvctl's repeat). */
void console_mute(bool on);
/* Next input byte, or -1 when none is waiting (never blocks). */
int console_getc(void);

/* A packed SBDF (public ABI layout) as an argument for "%pp". */
#define SBDF_ARG(x)     (&(const pci_sbdf_t){ .sbdf = (x) })

#endif /* DOMAINS_RUNTIME_H */
