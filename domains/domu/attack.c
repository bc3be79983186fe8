/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Attacks on the CPU set-up (command line `attack=NAME`): each tries
 * something the hypervisor must not allow, says what it does first and,
 * if it survives the attempt, what it got away with, then returns 1.  The
 * expected outcome is that this domain is crashed (the control domain's
 * script checks the hypervisor's log line and that it runs on):
 *
 *   compat-syscall  far jump to the 32-bit code selector 0x1b, then SYSCALL
 *                   (AMD: CSTAR; Intel: #UD); the jump itself must fault
 *   wrgsbase        WRGSBASE: only works if CR4.FSGSBASE leaked from the
 *                   loader; then a hypercall (SWAPGS would load our value)
 *   console-flood   not a crash: 5000 lines of 100 bytes at once, then after
 *                   1.5 s (mhv_time) "console flood: done"; the hypervisor
 *                   must drop most of the flood and say how much
 *   simd-exception  unmask SSE divide-by-zero in MXCSR and divide by zero:
 *                   #XM, the domain's own error, must crash it alone (QEMU's
 *                   TCG raises no #XM: then "no #XM" and the MXCSR flags)
 *   x87-exception   unmask x87 divide-by-zero in the control word, divide
 *                   by zero, FWAIT: #MF, likewise
 *   xsetbv          XSETBV (privileged) to turn XCR0's AVX state off: #GP
 *   mxcsr-reserved  LDMXCSR with MXCSR's reserved bits set: #GP on a CPU;
 *                   QEMU's TCG takes it, and then the value goes through
 *                   the hypervisor's save and restore of this vCPU (yields):
 *                   "no #GP" with what came back, the other domains on the
 *                   CPU unharmed (a restore the CPU refuses gives this
 *                   vCPU the initial state, logged)
 *   xrstor-corrupt  XSAVE of its own state, then XRSTOR of that image with
 *                   a component XCR0 does not enable and XCOMP_BV set: #GP
 *                   (a domain's own image is the only one it can touch; the
 *                   hypervisor's copies are out of its reach)
 *   log-flood       not a crash: refused hypercalls, each logged by the
 *                   hypervisor, as fast as it can for 5 s (DMA frees of
 *                   addresses where nothing was allocated, a different one
 *                   each time), then after 1 s one more, which carries the
 *                   count of lines the hypervisor suppressed; "log flood:
 *                   N refused (ENOENT)" and code 0 if every call was
 *   place-flood     5000 at once of the control domain's own refusals (this
 *                   program run as the control domain, mhv-run --dom0): BAR
 *                   placements for functions that do not answer (00:10.0
 *                   onwards, one each), ENODEV; then one more as above
 */
#include "domu.h"

/* Far pointer m16:32 for the jump into compatibility mode. */
static struct __attribute__((packed)) {
    uint32_t off;
    uint16_t sel;
} compat_target;

extern char compat_code[];

static int compat_syscall(void)
{
    compat_target.off = (uint32_t)(unsigned long)compat_code;
    compat_target.sel = 0x1b;
    printf("attack compat-syscall: ljmp 0x1b:%#x then syscall\n", compat_target.off);
    console_flush();
    __asm__ volatile(
        "ljmpl *%0\n\t"
        ".code32\n"
        ".globl compat_code\n"
        "compat_code:\n\t"
        "movl $18, %%eax\n\t"   /* console_io, for what it is worth */
        "syscall\n\t"
        "ud2\n\t"
        ".code64\n"
        :: "m"(compat_target) : "memory", "rax", "rcx", "r11");
    printf("attack compat-syscall: still running after the jump\n");
    return 1;
}

static int wrgsbase(void)
{
    printf("attack wrgsbase: wrgsbase 0xffff800000000000\n");
    console_flush();
    __asm__ volatile("wrgsbase %0" :: "r"(0xffff800000000000ul));
    printf("attack wrgsbase: WRGSBASE worked (CR4.FSGSBASE is set)\n");
    __asm__ volatile("wrgsbase %0" :: "r"(0ul));
    return 1;
}

static int console_flood(void)
{
    for (unsigned int i = 0; i < 5000; i++)
        printf("console flood: line %04u %s\n", i,
               "................................................................"
               "...................");
    mhv_sleep_ns(1500ull * 1000 * 1000);
    printf("console flood: done\n");
    return 0;
}

static int simd_exception(void)
{
    uint32_t mxcsr;

    printf("attack simd-exception: MXCSR divide-by-zero unmasked, divss by zero\n");
    console_flush();
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    mxcsr &= ~(1u << 9);                            /* ZM */
    __asm__ volatile("ldmxcsr %0\n\t"
                     "xorps %%xmm0, %%xmm0\n\t"
                     "mov $0x3f800000, %%eax\n\t"   /* 1.0f */
                     "movd %%eax, %%xmm1\n\t"
                     "divss %%xmm0, %%xmm1"
                     :: "m"(mxcsr) : "rax");
    /* QEMU's TCG sets the flag and raises nothing; a CPU raises #XM. */
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    printf("attack simd-exception: no #XM (MXCSR %#x)\n", mxcsr);
    return 1;
}

static int x87_exception(void)
{
    uint16_t fcw = 0x037f & ~(1u << 2);             /* ZM */

    printf("attack x87-exception: control word divide-by-zero unmasked, fdiv by zero\n");
    console_flush();
    __asm__ volatile("fninit\n\t"
                     "fldcw %0\n\t"
                     "fld1\n\t"
                     "fldz\n\t"
                     "fdivrp\n\t"                  /* 1 / 0 */
                     "fwait" :: "m"(fcw));
    printf("attack x87-exception: no #MF\n");
    return 1;
}

static int xsetbv_attack(void)
{
    printf("attack xsetbv: XCR0 = 3 (x87 and SSE only)\n");
    console_flush();
    __asm__ volatile("xsetbv" :: "c"(0), "a"(3), "d"(0));
    printf("attack xsetbv: XSETBV worked in ring 3\n");
    return 1;
}

static int mxcsr_reserved(void)
{
    uint32_t mxcsr = 0xffff1f80u;       /* reserved 31:16 set, masks as at reset */

    printf("attack mxcsr-reserved: ldmxcsr %#x\n", mxcsr);
    console_flush();
    __asm__ volatile("ldmxcsr %0" :: "m"(mxcsr));
    /* Switched out and back: the hypervisor saves and restores it. */
    for (unsigned int i = 0; i < 20; i++)
        mhv_sched_yield();
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    printf("attack mxcsr-reserved: no #GP (MXCSR %#x after 20 yields)\n", mxcsr);
    return 1;
}

static uint8_t xsave_image[4096] __attribute__((aligned(64)));

static int xrstor_corrupt(void)
{
    uint64_t *header = (uint64_t *)(xsave_image + 512);

    printf("attack xrstor-corrupt: xsave, then xrstor with XSTATE_BV bit 8 "
           "and XCOMP_BV bit 1 set\n");
    console_flush();
    __asm__ volatile("xsave64 %0" : "=m"(xsave_image) : "a"(~0u), "d"(~0u));
    header[0] |= 1ull << 8;             /* PT, a supervisor state: never in XCR0 */
    header[1] |= 1ull << 1;             /* compacted-format bits, standard form */
    __asm__ volatile("xrstor64 %0" :: "m"(xsave_image), "a"(~0u), "d"(~0u));
    printf("attack xrstor-corrupt: XRSTOR took the image\n");
    return 1;
}

#define PLACE_FLOOD_CALLS   5000
#define LOG_FLOOD_NS        (5000ull * 1000 * 1000)
#define LOG_FLOOD_MAX_CALLS 1000000     /* 4 GiB of the DMA window */

/* Call @i of a flood: a refusal the hypervisor logs, a different one each time. */
static int flood_call(bool place, unsigned int i)
{
    if (place)
        return mhv_place_bars(SBDF_MAKE(0, 0x10 + i / 256, (i % 256) >> 3, i & 7),
                              NULL);
    return mhv_dma_free((void *)(uintptr_t)(MHV_DMA_VA + (uint64_t)i * 4096));
}

static int log_flood(bool place)
{
    int want = place ? -MHV_ENODEV : -MHV_ENOENT;
    uint64_t end = mhv_time_ns() + LOG_FLOOD_NS;
    unsigned int calls = 0, refused = 0;

    if (place)
        printf("attack place-flood: %u BAR placements for nothing\n", PLACE_FLOOD_CALLS);
    else
        printf("attack log-flood: DMA frees of nothing for 5 s\n");
    console_flush();
    while (place ? calls < PLACE_FLOOD_CALLS
                 : calls < LOG_FLOOD_MAX_CALLS && mhv_time_ns() < end)
        refused += flood_call(place, calls++) == want;
    mhv_sleep_ns(1000ull * 1000 * 1000);
    refused += flood_call(place, calls++) == want;
    printf("log flood: %u refused (%s)\n", refused, place ? "ENODEV" : "ENOENT");
    return refused == calls ? 0 : 1;
}

int attack_run(const char *name)
{
    if (!strcmp(name, "compat-syscall"))
        return compat_syscall();
    if (!strcmp(name, "wrgsbase"))
        return wrgsbase();
    if (!strcmp(name, "console-flood"))
        return console_flood();
    if (!strcmp(name, "simd-exception"))
        return simd_exception();
    if (!strcmp(name, "x87-exception"))
        return x87_exception();
    if (!strcmp(name, "xsetbv"))
        return xsetbv_attack();
    if (!strcmp(name, "mxcsr-reserved"))
        return mxcsr_reserved();
    if (!strcmp(name, "xrstor-corrupt"))
        return xrstor_corrupt();
    if (!strcmp(name, "log-flood"))
        return log_flood(false);
    if (!strcmp(name, "place-flood"))
        return log_flood(true);
    printf("attack: unknown '%s'\n", name);
    return 2;
}
