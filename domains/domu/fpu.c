/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FPU-isolation mode (command line `fpu=writer` or `fpu=reader`,
 * optionally `rounds=N`): proof that no x87, SSE or AVX state crosses from
 * one domain to another, and that a domain's own state survives being
 * switched out.
 *
 * First, before anything else touches them, the domain looks at its own
 * registers: they must hold the initial state (FNINIT's control word, an
 * empty x87 stack, zero error pointers, MXCSR 0x1F80, every XMM and YMM
 * register zero).  The reader first yields its CPU a few times, so a
 * writer placed on the same CPU has loaded its values by then:
 *   fpu reader: initial state ok (x87 sse avx error-pointers)
 * Then, round after round, it loads values of its own into every register
 * (ST0-7, the x87 control and status words, the x87 error pointers where
 * the CPU keeps them, MXCSR, XMM0-15, the upper halves of YMM0-15), yields
 * the CPU (to the other domain on it) and checks that each register still
 * holds its own value; every eighth round it also spins for 25 ms without
 * a hypercall, so that the timer interrupt, not a yield, switches it out.
 * Writer and reader use different values, so a register that held the
 * other's would be a mismatch.  One line at the end, and the shutdown
 * code (0: no mismatch):
 *   fpu writer: 200 rounds, 1000 yields, 25 spins, 0 mismatches
 *
 * This file does its register work in inline assembly only; the domain
 * programs' C is built with -mgeneral-regs-only (domains/domains.mk), so no
 * compiler-generated code touches an SSE register before the first look.
 */
#include "domu.h"

#define DEFAULT_ROUNDS      200
#define YIELDS_PER_ROUND    5
#define READER_WARMUP       10
#define SPIN_NS             (25ull * 1000 * 1000)
#define MAX_REPORTS         12

/* The legacy region of FXSAVE64 (64-bit pointers). */
struct fx_image {
    uint16_t fcw, fsw;
    uint8_t ftw, rsvd0;
    uint16_t fop;
    uint64_t fip, fdp;
    uint32_t mxcsr, mxcsr_mask;
    uint8_t st[8][16];
    uint8_t xmm[16][16];
    uint8_t rsvd1[96];
} __attribute__((aligned(16)));
_Static_assert(sizeof(struct fx_image) == 512, "FXSAVE layout");

struct fpu_state {
    struct fx_image fx;
    uint8_t ymm_hi[16][16];
};

static bool have_avx;           /* AVX usable: CPUID, OSXSAVE and XCR0 say so */
static bool err_ptrs_kept;      /* FXRSTOR/FXSAVE carry FIP/FDP/FOP (probed) */
static unsigned int reports;
static const char *role;

static void cpuid2(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

static void probe_avx(void)
{
    uint32_t r[4];

    cpuid2(1, 0, r);
    /* OSXSAVE (27) is CR4.OSXSAVE as the hypervisor set it. */
    if ((r[2] & (1u << 27)) && (r[2] & (1u << 28))) {
        uint32_t lo, hi;

        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        have_avx = (lo & 6) == 6;
    }
}

static void read_state(struct fpu_state *s)
{
    __asm__ volatile("fxsave64 %0" : "=m"(s->fx));
    if (have_avx)
        __asm__ volatile(
            ".irp r,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n\t"
            "vextractf128 $1, %%ymm\\r, \\r*16(%0)\n\t"
            ".endr" :: "r"(s->ymm_hi) : "memory");
}

static void load_state(const struct fpu_state *s)
{
    __asm__ volatile("fxrstor64 %0" :: "m"(s->fx));
    if (have_avx)
        __asm__ volatile(
            ".irp r,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n\t"
            "vinsertf128 $1, \\r*16(%0), %%ymm\\r, %%ymm\\r\n\t"
            ".endr" :: "r"(s->ymm_hi) : "memory");
}

/* A value of ours for @round: every byte says who and when. */
static uint64_t tag64(char who, unsigned int round, unsigned int reg, unsigned int part)
{
    return ((uint64_t)(uint8_t)who << 56) | ((uint64_t)(part & 0xff) << 48) |
           ((uint64_t)(round & 0xffff) << 32) | ((uint64_t)(reg & 0xff) << 24) |
           0xc0ffeeu;
}

static void make_state(struct fpu_state *s, char who, unsigned int round)
{
    memset(s, 0, sizeof(*s));
    /* Rounding toward zero (writer) or down (reader), all exceptions masked. */
    s->fx.fcw = who == 'W' ? 0x0f7f : 0x077f;
    s->fx.fsw = 0;
    s->fx.ftw = 0xff;                   /* every register valid */
    if (err_ptrs_kept) {
        s->fx.fop = (uint16_t)(tag64(who, round, 0, 1) & 0x7ff);
        s->fx.fip = tag64(who, round, 0, 2) & 0x00007fffffffffffull;
        s->fx.fdp = tag64(who, round, 0, 3) & 0x00007fffffffffffull;
    }
    /* Masks on, some sticky flags; FTZ and rounding differ (no DAZ: older
     * CPUs' MXCSR_MASK lacks it). */
    s->fx.mxcsr = who == 'W' ? 0xffbf : 0x3f81;
    for (unsigned int i = 0; i < 8; i++) {
        uint64_t mant = 0x8000000000000000ull | (tag64(who, round, i, 4) >> 1);
        uint16_t exp = (uint16_t)(0x3fff + i);

        memcpy(s->fx.st[i], &mant, 8);
        memcpy(s->fx.st[i] + 8, &exp, 2);
    }
    for (unsigned int i = 0; i < 16; i++) {
        uint64_t lo = tag64(who, round, i, 5), hi = ~tag64(who, round, i, 6);

        memcpy(s->fx.xmm[i], &lo, 8);
        memcpy(s->fx.xmm[i] + 8, &hi, 8);
        lo = tag64(who, round, i, 7);
        hi = ~tag64(who, round, i, 8);
        memcpy(s->ymm_hi[i], &lo, 8);
        memcpy(s->ymm_hi[i] + 8, &hi, 8);
    }
}

static void report(const char *what, unsigned int round, unsigned int idx,
                   const void *got, const void *want, size_t len)
{
    uint64_t g[2] = { 0, 0 }, w[2] = { 0, 0 };

    if (reports++ >= MAX_REPORTS)
        return;
    memcpy(g, got, len > 16 ? 16 : len);
    memcpy(w, want, len > 16 ? 16 : len);
    printf("fpu %s: round %u: %s%u is %016llx%016llx, expected %016llx%016llx\n",
           role, round, what, idx, (unsigned long long)g[1],
           (unsigned long long)g[0], (unsigned long long)w[1],
           (unsigned long long)w[0]);
}

/* Compare a state read back with @want; the number of differences. */
static unsigned int compare(const struct fpu_state *got,
                            const struct fpu_state *want, unsigned int round)
{
    unsigned int bad = 0;

#define CHECK(field, name, idx, len)                                          \
    do {                                                                      \
        if (memcmp(&got->field, &want->field, len)) {                         \
            report(name, round, idx, &got->field, &want->field, len);         \
            bad++;                                                            \
        }                                                                     \
    } while (0)
    CHECK(fx.fcw, "fcw", 0, 2);
    CHECK(fx.fsw, "fsw", 0, 2);
    CHECK(fx.ftw, "ftw", 0, 1);
    CHECK(fx.mxcsr, "mxcsr", 0, 4);
    if (err_ptrs_kept) {
        CHECK(fx.fop, "fop", 0, 2);
        CHECK(fx.fip, "fip", 0, 8);
        CHECK(fx.fdp, "fdp", 0, 8);
    }
    for (unsigned int i = 0; i < 8; i++)
        CHECK(fx.st[i], "st", i, 10);
    for (unsigned int i = 0; i < 16; i++)
        CHECK(fx.xmm[i], "xmm", i, 16);
    if (have_avx)
        for (unsigned int i = 0; i < 16; i++)
            CHECK(ymm_hi[i], "ymm_hi", i, 16);
#undef CHECK
    return bad;
}

/* The initial state, as it reads back (FXSAVE's abridged tags: 0 = empty). */
static void make_initial(struct fpu_state *s)
{
    memset(s, 0, sizeof(*s));
    s->fx.fcw = 0x037f;
    s->fx.mxcsr = 0x1f80;
}

/*
 * Whether the x87 error pointers (FIP, FDP, FOP) go through FXRSTOR and
 * FXSAVE at all on this CPU, with no switch in between: AMD CPUs without
 * the error-pointer guarantee carry them only while an exception is
 * pending, and QEMU's TCG does not carry them.  Where they do not, they
 * are left out of the comparisons.  Clobbers the registers.
 */
static bool probe_err_ptrs(char who)
{
    static struct fpu_state s, back;

    err_ptrs_kept = true;
    make_state(&s, who, 0);
    load_state(&s);
    read_state(&back);
    return back.fx.fip == s.fx.fip && back.fx.fdp == s.fx.fdp &&
           back.fx.fop == s.fx.fop;
}

static void spin(uint64_t ns)
{
    uint64_t end = mhv_time_ns() + ns;

    /* mhv_time is one hypercall per look: a yield it is not. */
    while (mhv_time_ns() < end)
        for (volatile unsigned int i = 0; i < 1000; i++)
            ;
}

int fpu_run(const char *cmdline, const char *mode)
{
    static struct fpu_state mine, initial, now;
    unsigned int rounds = DEFAULT_ROUNDS, yields = 0, spins = 0, bad = 0;
    char val[16];
    char who;

    if (!strcmp(mode, "writer"))
        who = 'W';
    else if (!strcmp(mode, "reader"))
        who = 'R';
    else {
        printf("fpu: unknown mode '%s' (writer or reader)\n", mode);
        return 2;
    }
    role = mode;
    if (cmdline_value(cmdline, "rounds", val, sizeof(val))) {
        uint64_t v;

        if (parse_uint(val, 100000, &v) || !v) {
            printf("fpu: bad round count '%s'\n", val);
            return 2;
        }
        rounds = (unsigned int)v;
    }
    probe_avx();

    if (who == 'R')
        for (unsigned int i = 0; i < READER_WARMUP; i++)
            mhv_sched_yield();
    /* The first look, then the probe (which loads values), then the verdict. */
    read_state(&initial);
    err_ptrs_kept = probe_err_ptrs(who);
    make_initial(&mine);
    bad = compare(&initial, &mine, 0);
    printf("fpu %s: initial state %s (x87 sse%s%s)\n", role, bad ? "NOT clean" : "ok",
           have_avx ? " avx" : "",
           err_ptrs_kept ? " error-pointers" : "; this CPU does not carry the "
           "x87 error pointers");

    for (unsigned int r = 1; r <= rounds; r++) {
        make_state(&mine, who, r);
        load_state(&mine);
        for (unsigned int y = 0; y < YIELDS_PER_ROUND; y++) {
            mhv_sched_yield();
            yields++;
            read_state(&now);
            bad += compare(&now, &mine, r);
        }
        if (r % 8 == 0) {
            spin(SPIN_NS);
            spins++;
            read_state(&now);
            bad += compare(&now, &mine, r);
        }
    }
    printf("fpu %s: %u rounds, %u yields, %u spins, %u mismatches\n", role,
           rounds, yields, spins, bad);
    return bad ? 1 : 0;
}
