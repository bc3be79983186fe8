/* SPDX-License-Identifier: GPL-2.0 */
/* x86 control registers, MSRs, CPUID and CPU feature flags. */
#ifndef ASM_X86_CPU_H
#define ASM_X86_CPU_H

#define X86_CR0_PE   (1UL << 0)
#define X86_CR0_MP   (1UL << 1)
#define X86_CR0_EM   (1UL << 2)
#define X86_CR0_TS   (1UL << 3)
#define X86_CR0_ET   (1UL << 4)
#define X86_CR0_NE   (1UL << 5)
#define X86_CR0_WP   (1UL << 16)
#define X86_CR0_PG   (1UL << 31)
#define X86_CR4_PAE  (1UL << 5)
#define X86_CR4_MCE  (1UL << 6)
#define X86_CR4_PGE  (1UL << 7)
#define X86_CR4_OSFXSR (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_FSGSBASE (1UL << 16)
#define X86_CR4_OSXSAVE (1UL << 18)
#define X86_CR4_SMEP (1UL << 20)
#define X86_CR4_SMAP (1UL << 21)

#define MSR_EFER         0xc0000080
#define  EFER_SCE        (1UL << 0)
#define  EFER_LME        (1UL << 8)
#define  EFER_NXE        (1UL << 11)
#define MSR_STAR         0xc0000081
#define MSR_LSTAR        0xc0000082
#define MSR_CSTAR        0xc0000083
#define MSR_FMASK        0xc0000084
#define MSR_FS_BASE      0xc0000100
#define MSR_GS_BASE      0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_APIC_BASE    0x1b
#define MSR_PAT          0x277
#define MSR_SYSENTER_CS  0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176
#define MSR_MCG_CAP      0x179
#define  MCG_CAP_COUNT   0xffUL         /* number of reporting banks */
#define  MCG_CAP_CTL_P   (1UL << 8)     /* MCG_CTL present */
#define MSR_MCG_STATUS   0x17a
#define  MCG_STATUS_RIPV (1UL << 0)     /* restart IP valid */
#define  MCG_STATUS_EIPV (1UL << 1)     /* error IP valid */
#define  MCG_STATUS_MCIP (1UL << 2)     /* machine check in progress */
#define MSR_MCG_CTL      0x17b
#define MSR_MC_CTL(i)    (0x400 + 4 * (i))
#define MSR_MC_STATUS(i) (0x401 + 4 * (i))
#define MSR_MC_ADDR(i)   (0x402 + 4 * (i))
#define MSR_MC_MISC(i)   (0x403 + 4 * (i))

#define X86_EFLAGS_IF    (1UL << 9)
#define X86_EFLAGS_AC    (1UL << 18)

#ifndef __ASSEMBLY__
#include <mhv/types.h>

static inline u64 rdmsr(u32 msr)
{
    u32 lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
    __asm__ volatile("wrmsr" :: "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
                     : "a"(leaf), "c"(sub));
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
    cpuid_count(leaf, 0, a, b, c, d);
}

#define DEFINE_CR(n)                                                         \
    static inline unsigned long read_cr##n(void)                             \
    {                                                                        \
        unsigned long v;                                                     \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                    \
        return v;                                                            \
    }                                                                        \
    static inline void write_cr##n(unsigned long v)                          \
    {                                                                        \
        __asm__ volatile("mov %0, %%cr" #n :: "r"(v) : "memory");            \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

/* XCR0 (XSETBV is privileged, XGETBV is not). */
static inline void xsetbv(u32 xcr, u64 v)
{
    __asm__ volatile("xsetbv" :: "c"(xcr), "a"((u32)v), "d"((u32)(v >> 32)));
}

static inline u64 xgetbv(u32 xcr)
{
    u32 lo, hi;

    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(xcr));
    return ((u64)hi << 32) | lo;
}

static inline u64 rdtsc(void)
{
    u32 lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((u64)hi << 32) | lo;
}

static inline void halt(void)
{
    __asm__ volatile("hlt" ::: "memory");
}

static inline void invlpg(const void *va)
{
    __asm__ volatile("invlpg (%0)" :: "r"(va) : "memory");
}

/* CPU features found at boot (cpu_features_init()). */
struct cpu_features {
    bool x2apic, smep, smap, nx, pdpe1gb, invariant_tsc, tsc_deadline;
    bool fsgsbase, hypervisor;
    bool fxsr, xsave, avx;          /* FXSAVE/SSE, XSAVE, AVX (<asm/fpu.h>) */
    bool mce, mca;                  /* #MC, and MCG_CAP with its banks */
    bool amd;                       /* AMD or Hygon (vendor quirks) */
    bool fpu_err_ptrs;              /* AMD: FXSAVE/XSAVE keep FIP/FDP/FOP always */
    u32 family, model;
    u32 tsc_khz_cpuid;      /* TSC frequency from CPUID 0x15/0x16, 0 if not given */
    char vendor[13];
    char brand[49];
};
extern struct cpu_features boot_cpu;
void cpu_features_init(void);
/*
 * Load the known CR0/CR4 (SMEP/SMAP as the boot CPU found them), XCR0
 * (<asm/fpu.h>), the machine-check banks (<asm/mce.h>), NX and the
 * SYSCALL MSRs on the calling CPU.  @pre paging on the final tables;
 * fpu_init_boot() done.
 */
void cpu_init_features(void);
/* The CR0 and CR4 values cpu_init_features() loads. */
unsigned long cpu_known_cr0(void);
unsigned long cpu_known_cr4(const struct cpu_features *f);

#endif /* __ASSEMBLY__ */
#endif /* ASM_X86_CPU_H */
