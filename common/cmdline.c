/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypervisor command-line parsing against the parameters units register
 * with boolean_param()/integer_param()/string_param()/custom_param().
 */
#include <mhv/init.h>
#include <mhv/lib.h>
#include <mhv/errno.h>

#define CMDLINE_MAX 1024
char saved_cmdline[CMDLINE_MAX];

extern const struct kernel_param __setup_start[], __setup_end[];

static bool parse_bool(const char *v, bool *out)
{
    if (!v || !strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "yes") ||
        !strcmp(v, "true")) {
        *out = true;
        return true;
    }
    if (!strcmp(v, "0") || !strcmp(v, "off") || !strcmp(v, "no") ||
        !strcmp(v, "false")) {
        *out = false;
        return true;
    }
    return false;
}

static void handle_option(char *opt)
{
    char *val = strchr(opt, '=');
    const struct kernel_param *p;
    bool negate = false;
    const char *name = opt;

    if (val)
        *val++ = '\0';
    if (!strncmp(name, "no-", 3)) {
        negate = true;
        name += 3;
    }

    for (p = __setup_start; p < __setup_end; p++) {
        if (strcmp(p->name, negate ? name : opt))
            continue;
        switch (p->type) {
        case PARAM_BOOL: {
            bool b;

            if (!parse_bool(val, &b)) {
                printk(LOG_WARNING "cmdline: bad value '%s' for '%s' (ignored)\n",
                       val, p->name);
                return;
            }
            *p->p.b = negate ? !b : b;
            return;
        }
        case PARAM_UINT: {
            const char *end;
            unsigned long v;

            if (!val || !*val) {
                printk(LOG_WARNING "cmdline: '%s' needs a number (ignored)\n",
                       p->name);
                return;
            }
            v = simple_strtoul(val, &end, 0);
            if (*end) {
                printk(LOG_WARNING "cmdline: bad number '%s' for '%s' (ignored)\n",
                       val, p->name);
                return;
            }
            *p->p.u = (unsigned int)v;
            return;
        }
        case PARAM_STRING:
            if (strlcpy(p->p.s, val ? val : "", p->len) >= p->len)
                printk(LOG_WARNING "cmdline: value of '%s' truncated\n", p->name);
            return;
        case PARAM_CUSTOM:
            if (p->p.fn(val) < 0)
                printk(LOG_WARNING "cmdline: bad value '%s' for '%s' (ignored)\n",
                       val ? val : "", p->name);
            return;
        }
    }
    if (val)
        val[-1] = '=';
    printk(LOG_WARNING "cmdline: unknown option '%s' (ignored)\n", opt);
}

void cmdline_parse(const char *cmdline)
{
    char buf[CMDLINE_MAX];
    char *p = buf;

    if (!cmdline)
        cmdline = "";
    if (strlcpy(saved_cmdline, cmdline, sizeof(saved_cmdline)) >= sizeof(saved_cmdline))
        printk(LOG_WARNING "cmdline: longer than %u bytes, truncated\n", CMDLINE_MAX - 1);
    strlcpy(buf, saved_cmdline, sizeof(buf));

    while (*p) {
        char *opt;

        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        opt = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (*p)
            *p++ = '\0';
        handle_option(opt);
    }
}
