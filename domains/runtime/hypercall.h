/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw hypercalls from a domain: hypercall0() .. hypercall5().
 *
 * SYSCALL with the number in RAX and the arguments in RDI, RSI, RDX, R10,
 * R8 (include/public/mhv.h); the result comes back in RAX, a negative errno
 * value on failure.  SYSCALL itself clobbers RCX (return RIP) and R11
 * (RFLAGS).  The ABI promises the argument registers back unchanged, but
 * the wrappers declare them clobbered anyway, so a hypervisor that poisons
 * them (as Xen's debug builds do) cannot break a caller.  "memory": the
 * hypervisor reads and writes the buffers the arguments point at.
 *
 * Use the typed functions of libmhvctl.h; these are for them and for tests
 * that must pass deliberately bad arguments.
 */
#ifndef DOMAINS_HYPERCALL_H
#define DOMAINS_HYPERCALL_H

#include <public/mhv.h>

/*
 * Hypercalls this program made (the network benchmarks' per-packet share,
 * docs/performance.md); defined in libmhvctl.c.  The bench image's
 * domains are built with MHV_NO_HYPERCALL_COUNT, so that the figures of
 * `make bench`'s own operations do not include the increment.
 */
extern unsigned long mhv_hypercalls;
#ifdef MHV_NO_HYPERCALL_COUNT
#define MHV_COUNT_HYPERCALL()   do { } while (0)
#else
#define MHV_COUNT_HYPERCALL()   (mhv_hypercalls++)
#endif

static inline long hypercall0(unsigned long nr)
{
    long ret;

    MHV_COUNT_HYPERCALL();
    __asm__ __volatile__("syscall"
                         : "=a"(ret)
                         : "a"(nr)
                         : "rcx", "r11", "memory");
    return ret;
}

static inline long hypercall1(unsigned long nr, unsigned long a1)
{
    long ret;

    MHV_COUNT_HYPERCALL();
    __asm__ __volatile__("syscall"
                         : "=a"(ret), "+D"(a1)
                         : "a"(nr)
                         : "rcx", "r11", "memory");
    return ret;
}

static inline long hypercall2(unsigned long nr, unsigned long a1,
                              unsigned long a2)
{
    long ret;

    MHV_COUNT_HYPERCALL();
    __asm__ __volatile__("syscall"
                         : "=a"(ret), "+D"(a1), "+S"(a2)
                         : "a"(nr)
                         : "rcx", "r11", "memory");
    return ret;
}

static inline long hypercall3(unsigned long nr, unsigned long a1,
                              unsigned long a2, unsigned long a3)
{
    long ret;

    MHV_COUNT_HYPERCALL();
    __asm__ __volatile__("syscall"
                         : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3)
                         : "a"(nr)
                         : "rcx", "r11", "memory");
    return ret;
}

static inline long hypercall4(unsigned long nr, unsigned long a1,
                              unsigned long a2, unsigned long a3,
                              unsigned long a4)
{
    register unsigned long r10 __asm__("r10") = a4;
    long ret;

    MHV_COUNT_HYPERCALL();
    __asm__ __volatile__("syscall"
                         : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10)
                         : "a"(nr)
                         : "rcx", "r11", "memory");
    return ret;
}

static inline long hypercall5(unsigned long nr, unsigned long a1,
                              unsigned long a2, unsigned long a3,
                              unsigned long a4, unsigned long a5)
{
    register unsigned long r10 __asm__("r10") = a4;
    register unsigned long r8 __asm__("r8") = a5;
    long ret;

    MHV_COUNT_HYPERCALL();
    __asm__ __volatile__("syscall"
                         : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
                           "+r"(r8)
                         : "a"(nr)
                         : "rcx", "r11", "memory");
    return ret;
}

#endif /* DOMAINS_HYPERCALL_H */
