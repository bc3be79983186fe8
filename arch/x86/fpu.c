/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FPU, SSE and AVX state per vCPU, switched eagerly (<asm/fpu.h> says why).
 *
 * The mechanism: XSAVE/XRSTOR in the standard format, or FXSAVE/FXRSTOR
 * on a CPU without XSAVE (`fpu=fxsave` on the command line asks for it
 * anyway, for tests and for a CPU whose XSAVE misbehaves).  Not used:
 * XSAVEOPT, whose "modified" optimisation trusts a record of the image
 * last loaded (its linear address) that a guest's own XRSTOR at the same
 * address can fool, and XSAVEC, which QEMU's TCG -- where every test of
 * this code runs -- does not offer: an untested save path is worse than a
 * few hundred bytes more written per switch.
 *
 * XCR0: the user-state components mhv switches and the CPU has -- x87 and
 * SSE always, AVX, AVX-512's three together, and PKRU.  Not switched: MPX
 * (being removed from CPUs), AMX (8 KiB per vCPU and the XFD machinery).
 *
 * PKRU is switched although no guest is offered protection keys: an HVM
 * guest can set CR4.PKE anyway on a CPU that has them (CR4 writes are not
 * intercepted; hardware checks CR4 against the CPU's features, not the
 * CPUID mhv shows), and its WRPKRU then writes a register that no world
 * switch carries, which the next guest to set CR4.PKE would read.  As an
 * XSAVE component it goes with the vCPU's image like the rest: each vCPU
 * starts with 0 (the initial state) and sees only its own.  XSAVE and
 * XRSTOR carry it whatever CR4.PKE is (XCR0 alone decides), and the
 * hypervisor never sets CR4.PKE, so PKRU means nothing to mhv or to a PV
 * domain.  Without XSAVE (fpu=fxsave) PKRU is not switched: see
 * docs/security.md.
 */
#include <mhv/lib.h>
#include <mhv/init.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <asm/cpu.h>
#include <asm/fpu.h>
#include <asm/irqflags.h>

/* The largest image mhv switches (AVX-512 needs 2.6 KiB). */
#define FPU_IMAGE_MAX   4096

static bool xsave_allowed = true;               /* fpu=fxsave clears it */
static bool use_xsave;
static u64 xcr0;
static unsigned int image_size;

/* The initial state, copied into every new vCPU's image. */
static u8 init_image[FPU_IMAGE_MAX] __aligned(64);

struct vcpu_fpu {
    void *image;            /* image_size bytes, 64-byte aligned, in this allocation */
};

static int parse_fpu(const char *v)
{
    if (v && !strcmp(v, "fxsave"))
        xsave_allowed = false;
    else if (v && !strcmp(v, "auto"))
        xsave_allowed = true;
    else
        return -EINVAL;
    return 0;
}
custom_param("fpu", parse_fpu);

bool fpu_uses_xsave(void)
{
    return use_xsave;
}

u64 fpu_xcr0(void)
{
    return fpu_uses_xsave() ? xcr0 : 0;
}

void fpu_load_guest_xcr0(u64 guest)
{
    ASSERT(use_xsave && (guest & XSTATE_X87) && !(guest & ~xcr0));
    xsetbv(0, guest);
}

void fpu_load_host_xcr0(void)
{
    ASSERT(use_xsave);
    xsetbv(0, xcr0);
}

/* Size of a standard-format image holding the components of @mask. */
static unsigned int xsave_size(u64 mask)
{
    unsigned int end = sizeof(struct fxsave_area) + sizeof(struct xsave_header);
    u32 size, offset, c, d;

    for (unsigned int i = 2; i < 63; i++) {
        if (!(mask & (1ULL << i)))
            continue;
        cpuid_count(0xd, i, &size, &offset, &c, &d);
        end = max(end, offset + size);
    }
    return end;
}

static void choose_xsave(void)
{
    u32 max_leaf, a, b, c, d;
    u64 supported, want = XSTATE_X87 | XSTATE_SSE;

    cpuid(0, &max_leaf, &b, &c, &d);
    if (!boot_cpu.xsave || max_leaf < 0xd || !xsave_allowed)
        return;
    cpuid_count(0xd, 0, &a, &b, &c, &d);
    supported = ((u64)d << 32) | a;
    if ((supported & want) != want)
        return;
    if (boot_cpu.avx && (supported & XSTATE_YMM)) {
        want |= XSTATE_YMM;
        if ((supported & XSTATE_AVX512) == XSTATE_AVX512)
            want |= XSTATE_AVX512;
    }
    if (xsave_size(want) > FPU_IMAGE_MAX)
        want &= ~XSTATE_AVX512;
    if (supported & XSTATE_PKRU)
        want |= XSTATE_PKRU;
    use_xsave = true;
    xcr0 = want;
    image_size = xsave_size(want);
}

/*
 * The initial state as an image.  The x87 and SSE values are written out
 * (the control words' initial values, every register zero) and marked
 * present in XSTATE_BV, so XRSTOR loads them from here rather than from
 * its own notion of the initial state; AVX and AVX-512 are marked initial
 * (XRSTOR zeroes them, which on real CPUs also keeps legacy SSE code free
 * of the dirty-upper-state penalty).
 */
static void build_init_image(void)
{
    struct fxsave_area *fx = (void *)init_image;

    memset(init_image, 0, sizeof(init_image));
    fx->fcw = FPU_FCW_INIT;
    fx->ftw = 0;                    /* abridged: every register empty */
    fx->mxcsr = MXCSR_INIT;
    if (fpu_uses_xsave()) {
        struct xsave_header *h = (void *)(fx + 1);

        h->xstate_bv = XSTATE_X87 | XSTATE_SSE;
        h->xcomp_bv = 0;            /* standard format */
    }
}

void fpu_init_boot(void)
{
    if (!boot_cpu.fxsr)
        panic("the CPU has no FXSAVE/SSE2 (every x86-64 CPU has): cannot run");
    image_size = sizeof(struct fxsave_area);
    choose_xsave();
    build_init_image();
    printk("FPU: %s, XCR0 %#lx (x87 SSE%s%s%s), %u-byte image per vCPU, "
           "switched eagerly%s\n", use_xsave ? "XSAVE" : "FXSAVE", fpu_xcr0(),
           fpu_xcr0() & XSTATE_YMM ? " AVX" : "",
           fpu_xcr0() & XSTATE_AVX512 ? " AVX-512" : "",
           fpu_xcr0() & XSTATE_PKRU ? " PKRU" : "", image_size,
           boot_cpu.fpu_err_ptrs ? "" : "; x87 error pointers scrubbed");
}

void fpu_init_cpu(void)
{
    ASSERT(read_cr4() & X86_CR4_OSFXSR);
    if (fpu_uses_xsave())
        xsetbv(0, xcr0);
}

struct vcpu_fpu *fpu_alloc(void)
{
    struct vcpu_fpu *fpu = xmalloc_bytes(sizeof(*fpu) + 63 + image_size);

    if (!fpu)
        return NULL;
    fpu->image = (void *)ROUNDUP((unsigned long)(fpu + 1), 64UL);
    memcpy(fpu->image, init_image, image_size);
    return fpu;
}

void fpu_free(struct vcpu_fpu *fpu)
{
    xfree(fpu);
}

void fpu_save(struct vcpu_fpu *fpu)
{
    u32 lo = (u32)xcr0, hi = (u32)(xcr0 >> 32);

    ASSERT(!local_irq_is_enabled());
    if (use_xsave)
        __asm__ volatile("xsave64 (%0)" :: "r"(fpu->image), "a"(lo), "d"(hi)
                         : "memory");
    else
        __asm__ volatile("fxsave64 (%0)" :: "r"(fpu->image) : "memory");
}

/* Load @image; false if the CPU refused it (#GP, through the fixup). */
static bool load_image(const void *image)
{
    u32 lo = (u32)xcr0, hi = (u32)(xcr0 >> 32);
    unsigned int faulted;

    if (use_xsave)
        __asm__ volatile("mov $1, %[f]\n"
                         "1:\txrstor64 (%[img])\n\t"
                         "xor %[f], %[f]\n"
                         "2:\n\t"
                         ".pushsection .ex_table, \"a\"\n\t"
                         ".balign 8\n\t"
                         ".quad 1b, 2b\n\t"
                         ".popsection"
                         : [f] "=&r"(faulted)
                         : [img] "r"(image), "a"(lo), "d"(hi)
                         : "memory");
    else
        __asm__ volatile("mov $1, %[f]\n"
                         "1:\tfxrstor64 (%[img])\n\t"
                         "xor %[f], %[f]\n"
                         "2:\n\t"
                         ".pushsection .ex_table, \"a\"\n\t"
                         ".balign 8\n\t"
                         ".quad 1b, 2b\n\t"
                         ".popsection"
                         : [f] "=&r"(faulted)
                         : [img] "r"(image)
                         : "memory");
    return !faulted;
}

void fpu_restore(struct vcpu_fpu *fpu)
{
    static const u32 zero;

    ASSERT(!local_irq_is_enabled());
    /*
     * AMD CPUs without the error-pointer guarantee save and restore the
     * x87 last-instruction and last-operand pointers only while an x87
     * exception is pending, so the previous vCPU's would survive into this
     * one.  Execute an x87 instruction of our own first, so that what
     * survives is the address of this constant (FNCLEX: no pending
     * exception can fire; FFREE: the stack cannot overflow).
     */
    if (unlikely(!boot_cpu.fpu_err_ptrs))
        __asm__ volatile("fnclex\n\tffree %%st(7)\n\tfildl %0" :: "m"(zero));
    if (likely(load_image(fpu->image)))
        return;
    gprintk(LOG_ERR "FPU: a vCPU's saved state was refused by the CPU: "
           "it gets the initial state\n");
    memcpy(fpu->image, init_image, image_size);
    if (!load_image(init_image))
        panic("FPU: the initial state cannot be loaded");
}

void fpu_context_switch(struct vcpu_fpu *prev, struct vcpu_fpu *next)
{
    if (prev == next)
        return;
    if (prev)
        fpu_save(prev);
    if (next)
        fpu_restore(next);
}
