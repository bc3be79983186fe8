/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor console: COM1 (ns16550, 115200 8N1) unless `console=none`.
 * printk() writes here; the control domain reads serial input through
 * console_getc().
 */
#ifndef MHV_CONSOLE_H
#define MHV_CONSOLE_H

#include <mhv/types.h>

void console_init(void);
void console_write(const char *s, size_t len);
/* Next received character, or -1 when none is waiting. */
int console_getc(void);
/* The control domain's console output, as it comes (ordinary domains':
 * <mhv/dom_console.h>). */
void console_write_raw(unsigned int domid, const char *s, size_t len);
/* Forget the console lock: used once, by the panic path. */
void console_force_unlock(void);

/* The UART driver under the console. */
void ns16550_init(u16 port);
void ns16550_putc(char c);
int ns16550_getc(void);

#endif /* MHV_CONSOLE_H */
