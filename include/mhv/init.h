/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Link-time registration (no central list of #ifdefs): a unit registers its
 * command-line options, its initialisation and its self-tests next to its
 * own code, and the linker collects them into tables (arch/x86/mhv.lds.S).
 */
#ifndef MHV_INIT_H
#define MHV_INIT_H

#include <mhv/compiler.h>
#include <mhv/types.h>

/* ---- command-line parameters: `name`, `name=value`, `no-name` ---- */
enum param_type { PARAM_BOOL, PARAM_UINT, PARAM_STRING, PARAM_CUSTOM };

struct kernel_param {
    const char *name;
    enum param_type type;
    unsigned int len;           /* PARAM_STRING: size of the buffer */
    union {
        bool *b;
        unsigned int *u;
        char *s;
        int (*fn)(const char *val);     /* 0, or -EINVAL with a log line */
    } p;
};

#define __param(_name, _type, _len, _field, _ptr, _id)                       \
    static const struct kernel_param __used __section(".init.setup")        \
    __aligned(8) __param_##_id = {                                           \
        .name = _name, .type = _type, .len = _len, .p._field = _ptr }

#define boolean_param(name, var) __param(name, PARAM_BOOL, 0, b, &var, var)
#define integer_param(name, var) __param(name, PARAM_UINT, 0, u, &var, var)
#define string_param(name, var)  __param(name, PARAM_STRING, sizeof(var), s, var, var)
#define custom_param(name, func) __param(name, PARAM_CUSTOM, 0, fn, func, func)

/* Parse the hypervisor command line (unknown options get a warning). */
void cmdline_parse(const char *cmdline);
extern char saved_cmdline[];

/* ---- initcalls, run in level order by setup code ---- */
typedef int (*initcall_t)(void);
#define __define_initcall(fn, level)                                         \
    static const initcall_t __used __section(".initcall." #level)           \
    __aligned(8) __initcall_##fn = fn
/* Before the APs start (presmp) and after all CPUs are up. */
#define presmp_initcall(fn) __define_initcall(fn, 1)
#define __initcall(fn)      __define_initcall(fn, 5)
#define late_initcall(fn)   __define_initcall(fn, 7)
void do_initcalls(void);

/* ---- self-tests: `selftest=NAME[,NAME...]` or `selftest=all` ---- */
#define SELFTEST_IN_ALL   1   /* part of selftest=all (not the crashing ones) */
struct selftest {
    const char *name;
    int (*fn)(void);            /* 0 on success */
    unsigned int flags;
};
#define REGISTER_SELFTEST(_name, _fn, _flags)                                \
    static const struct selftest __used __section(".selftest")              \
    __aligned(8) __selftest_##_fn = { .name = _name, .fn = _fn,              \
                                      .flags = _flags }
/* Run the self-tests named on the command line; returns failures. */
int run_selftests(void);
bool selftests_requested(void);

#endif /* MHV_INIT_H */
