/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FPU, SSE and AVX state per vCPU (arch/x86/fpu.c).
 *
 * Every vCPU, of whatever guest kind, owns a save image of the x87, SSE
 * and AVX registers (and AVX-512's and PKRU, where the CPU has them):
 * struct vcpu_fpu.  The image is XSAVE's (standard format, 64-byte aligned, sized
 * from CPUID leaf 0xD for the components enabled in XCR0) or, on a CPU without XSAVE,
 * FXSAVE's (512 bytes: x87 and SSE).  A new vCPU starts from the
 * architectural initial state (FNINIT's control word, MXCSR 0x1F80, every
 * register zero), never from anything another vCPU left.
 *
 * The switch is eager: the context switch saves the outgoing vCPU's
 * registers and loads the incoming one's, always, and CR0.TS stays clear
 * (#NM never happens).  A lazy switch (TS set, the state moved on the
 * first #NM) leaves the previous owner's values in the registers while
 * another guest runs, protected only by a fault that a CPU may speculate
 * past (LazyFP, CVE-2018-3665); eager switching costs one save and one
 * restore per switch and leaves no such window.  When a CPU goes idle the
 * outgoing state is saved and the registers keep a copy of it, which
 * nothing reads: the hypervisor itself never uses the FPU or SIMD
 * registers (it is built with -mno-sse -mgeneral-regs-only) apart from the
 * save and restore instructions here.
 *
 * The hypervisor's XCR0 is the one every PV vCPU runs with.  A guest kind
 * with an XCR0 of its own (HVM) loads it after fpu_restore() and puts the
 * hypervisor's back before fpu_save(), so that the save covers every
 * component the guest may have used.
 *
 * Lifetime: a vCPU's image is allocated with it (fpu_alloc()) and lives as
 * long as it does; only the CPU the vCPU runs on touches it, from the
 * context switch.
 */
#ifndef ASM_X86_FPU_H
#define ASM_X86_FPU_H

#include <mhv/types.h>

/* XCR0 / XSTATE_BV component bits. */
#define XSTATE_X87          (1ULL << 0)
#define XSTATE_SSE          (1ULL << 1)
#define XSTATE_YMM          (1ULL << 2)     /* AVX: upper halves of YMM0-15 */
#define XSTATE_OPMASK       (1ULL << 5)     /* AVX-512: k0-k7 */
#define XSTATE_ZMM_HI256    (1ULL << 6)     /* AVX-512: upper halves of ZMM0-15 */
#define XSTATE_HI16_ZMM     (1ULL << 7)     /* AVX-512: ZMM16-31 */
#define XSTATE_AVX512       (XSTATE_OPMASK | XSTATE_ZMM_HI256 | XSTATE_HI16_ZMM)
#define XSTATE_PKRU         (1ULL << 9)     /* protection-key rights */

/* The initial values of the control registers (FNINIT, reset). */
#define FPU_FCW_INIT        0x037f          /* all exceptions masked, 64-bit, nearest */
#define MXCSR_INIT          0x1f80          /* all exceptions masked, nearest */

/* The legacy (FXSAVE) region, the first 512 bytes of either image. */
struct fxsave_area {
    u16 fcw, fsw;
    u8 ftw, rsvd0;                  /* abridged tag word: 1 bit per register */
    u16 fop;
    u64 fip, fdp;
    u32 mxcsr, mxcsr_mask;
    u8 st[8][16];                   /* ST0-7 (80 bits each) */
    u8 xmm[16][16];
    u8 rsvd1[96];
};
_Static_assert(sizeof(struct fxsave_area) == 512, "FXSAVE layout");

/* The XSAVE header, right after the legacy region. */
struct xsave_header {
    u64 xstate_bv;                  /* components not in their initial state */
    u64 xcomp_bv;                   /* 0: the standard format */
    u64 rsvd[6];                    /* must be zero for XRSTOR */
};

struct vcpu_fpu;                    /* one vCPU's save image (opaque) */

/*
 * Choose the mechanism (XSAVE or FXSAVE), XCR0 and the image size
 * from CPUID, and build the initial image; prints one line.  Once, on the
 * boot CPU.  @pre cpu_features_init() done.
 */
void fpu_init_boot(void);
/*
 * This CPU's XCR0 (after cpu_init_features() set CR4.OSXSAVE).
 * @pre fpu_init_boot() done; CR4 holds cpu_known_cr4().
 */
void fpu_init_cpu(void);
/* True when the images are XSAVE's (then CR4.OSXSAVE is set). */
bool fpu_uses_xsave(void);
/* The XCR0 every CPU runs with (0 without XSAVE). */
u64 fpu_xcr0(void);
/*
 * For a guest kind with an XCR0 of its own (HVM): load @xcr0 on this CPU
 * (@pre XSAVE in use; @xcr0 checked by the caller: x87 set, within
 * fpu_xcr0(), consistent), and put the hypervisor's back before anything
 * may save FPU state.  Interrupts off or the vCPU's own CPU.
 */
void fpu_load_guest_xcr0(u64 xcr0);
void fpu_load_host_xcr0(void);

/* A save image holding the initial state; NULL when out of memory. */
struct vcpu_fpu *fpu_alloc(void);
void fpu_free(struct vcpu_fpu *fpu);

/*
 * The registers into @fpu / @fpu into the registers, on this CPU.  A
 * restore that faults (an image the CPU refuses) loads the initial state
 * instead and says so.  @pre interrupts off (nothing may run between the
 * save of one vCPU and the restore of the next).
 */
void fpu_save(struct vcpu_fpu *fpu);
void fpu_restore(struct vcpu_fpu *fpu);
/*
 * The context switch's one call: save @prev's state (if any), load
 * @next's (if any).  @prev == @next does nothing.
 */
void fpu_context_switch(struct vcpu_fpu *prev, struct vcpu_fpu *next);

#endif /* ASM_X86_FPU_H */
