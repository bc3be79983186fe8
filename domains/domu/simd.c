/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SIMD mode (command line `fpu=simd`): ordinary floating-point and
 * vector code, as the compiler makes it, runs in a PV domain.  This file
 * is built with the SSE flags (DOM_SIMD_CFLAGS in domains/domains.mk): GCC
 * vector types become SSE instructions, double arithmetic SSE2, long
 * double the x87, and the one function marked target("avx") AVX, which
 * runs only where CPUID, CR4.OSXSAVE and XCR0 say AVX is usable.  Each
 * result is checked against integer arithmetic; one line:
 *   simd: sse 3120, sse2 12, x87 3, avx 30: ok
 * and the shutdown code 0 (1 if any result was wrong).
 */
#include "domu.h"

typedef float v4sf __attribute__((vector_size(16)));
typedef double v4df __attribute__((vector_size(32)));

/* Read at run time, so that nothing below is folded into a constant. */
static volatile int seed = 3;

/* sum over i = 1..64 of (i * seed) * 0.5, four lanes at a time: exact. */
static __attribute__((noinline)) long sse_float(void)
{
    v4sf acc = { 0, 0, 0, 0 };
    v4sf half = { 0.5f, 0.5f, 0.5f, 0.5f };
    float s = (float)seed;

    for (int i = 1; i <= 64; i += 4) {
        v4sf a = { (float)i, (float)(i + 1), (float)(i + 2), (float)(i + 3) };

        acc += a * s * half;
    }
    return (long)(acc[0] + acc[1] + acc[2] + acc[3]);
}

/* SSE2 double precision: the square root of a perfect square is exact. */
static __attribute__((noinline)) long sse2_double(void)
{
    double d = 16.0 * seed * seed;

    return (long)__builtin_sqrt(d);
}

/* The x87's 64-bit mantissa: 1e18 + seed survives, a double would not. */
static __attribute__((noinline)) long x87_extended(void)
{
    long double big = 1e18L;

    return (long)((big + seed) - big);
}

/* AVX: four doubles at once in a YMM register. */
static __attribute__((noinline, target("avx"))) long avx_double(void)
{
    v4df a = { 1.0, 2.0, 3.0, 4.0 };
    v4df s = { seed, seed, seed, seed };
    v4df p = a * s;

    return (long)(p[0] + p[1] + p[2] + p[3]);
}

static bool avx_usable(void)
{
    uint32_t a, b, c, d, lo, hi;

    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!(c & (1u << 27)) || !(c & (1u << 28)))     /* OSXSAVE, AVX */
        return false;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6) == 6;                           /* XCR0: SSE and AVX state */
}

int simd_run(void)
{
    long sse = sse_float(), sse2 = sse2_double(), x87 = x87_extended();
    long want_sse = 2080L * seed / 2, want_sse2 = 4L * seed, want_x87 = seed;
    bool ok = sse == want_sse && sse2 == want_sse2 && x87 == want_x87;
    char avx_text[48];

    if (avx_usable()) {
        long avx = avx_double();

        ok = ok && avx == 10L * seed;
        snprintf(avx_text, sizeof(avx_text), "avx %ld", avx);
    } else {
        snprintf(avx_text, sizeof(avx_text), "avx not offered");
    }
    printf("simd: sse %ld, sse2 %ld, x87 %ld, %s: %s\n", sse, sse2, x87, avx_text,
           ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
