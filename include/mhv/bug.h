/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Assertions and fatal errors.
 *
 * ASSERT(p) checks an invariant on debug builds (CONFIG_DEBUG) and compiles
 * to nothing on release builds; a failure prints
 *     (MHV) Assertion 'p' failed at FILE:LINE
 * the build banner, the registers and a symbolised call trace, then panics.
 * BUG_ON() and panic() are fatal on every build; WARN_ON() reports and
 * carries on.
 *
 * Host unit tests link the real code against their own assert_failed(),
 * which records the failure and unwinds back into the test (so a test can
 * prove that an assertion fires).
 */
#ifndef MHV_BUG_H
#define MHV_BUG_H

#include <mhv/compiler.h>

void __noreturn assert_failed(const char *expr, const char *file,
                              unsigned int line);
void __noreturn bug_failed(const char *expr, const char *file,
                           unsigned int line);
void warn_failed(const char *expr, const char *file, unsigned int line);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

#ifdef CONFIG_DEBUG
#define ASSERT(p)                                                           \
    do {                                                                    \
        if (unlikely(!(p)))                                                 \
            assert_failed(#p, __FILE__, __LINE__);                          \
    } while (0)
#define ASSERT_UNREACHABLE() assert_failed("unreachable", __FILE__, __LINE__)
#else
/* Still type-checked, never evaluated. */
#define ASSERT(p)            do { if (0 && (p)) {} } while (0)
#define ASSERT_UNREACHABLE() do { } while (0)
#endif

#define BUG_ON(p)                                                           \
    do {                                                                    \
        if (unlikely(p))                                                    \
            bug_failed(#p, __FILE__, __LINE__);                             \
    } while (0)
#define BUG() bug_failed("BUG", __FILE__, __LINE__)

#define WARN_ON(p)                                                          \
    ({                                                                      \
        bool __w = !!(p);                                                   \
        if (unlikely(__w))                                                  \
            warn_failed(#p, __FILE__, __LINE__);                            \
        __w;                                                                \
    })

#endif /* MHV_BUG_H */
