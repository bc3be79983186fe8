/* SPDX-License-Identifier: GPL-2.0 */
/* Console selection (`console=com1|none`) over the UART driver. */
#include <mhv/console.h>
#include <mhv/init.h>
#include <mhv/lib.h>
#include <mhv/errno.h>

static bool console_none;

static int parse_console(const char *v)
{
    if (!v)
        return -EINVAL;
    if (!strcmp(v, "com1")) {
        console_none = false;
        return 0;
    }
    if (!strcmp(v, "none")) {
        console_none = true;
        return 0;
    }
    return -EINVAL;
}
custom_param("console", parse_console);

void console_init(void)
{
    ns16550_init(0x3f8);
}

void console_write(const char *s, size_t len)
{
    if (console_none)
        return;
    while (len--) {
        if (*s == '\n')
            ns16550_putc('\r');
        ns16550_putc(*s++);
    }
}

int console_getc(void)
{
    return console_none ? -1 : ns16550_getc();
}
