/* SPDX-License-Identifier: GPL-2.0 */
/* Compiler helpers used everywhere. */
#ifndef MHV_COMPILER_H
#define MHV_COMPILER_H

#define likely(x)           __builtin_expect(!!(x), 1)
#define unlikely(x)         __builtin_expect(!!(x), 0)
#define __section(s)        __attribute__((__section__(s)))
#define __used              __attribute__((__used__))
#define __unused            __attribute__((__unused__))
#define __packed            __attribute__((__packed__))
#define __aligned(a)        __attribute__((__aligned__(a)))
#define __noreturn          __attribute__((__noreturn__))
#define __noinline          __attribute__((__noinline__))
#undef __always_inline      /* the host C library has its own */
#define __always_inline     inline __attribute__((__always_inline__))
#define __printf(a, b)      __attribute__((__format__(__printf__, a, b)))
#define __weak              __attribute__((__weak__))
#define __must_check        __attribute__((__warn_unused_result__))

#define barrier()           __asm__ __volatile__("" ::: "memory")

#define ARRAY_SIZE(a)       (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(cond)  _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")

#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#define READ_ONCE(x)        (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)    (*(volatile __typeof__(x) *)&(x) = (v))

#define min(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })

#define ROUNDUP(x, a)       (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ROUNDDOWN(x, a)     ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)    (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)  (((n) + (d) - 1) / (d))

#define __stringify_1(x)    #x
#define __stringify(x)      __stringify_1(x)

#endif /* MHV_COMPILER_H */
