/* SPDX-License-Identifier: GPL-2.0 */
/* CPU identification and the features the hypervisor uses. */
#include <mhv/lib.h>
#include <mhv/init.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/fpu.h>
#include <asm/mce.h>

void syscall_entry(void);
void syscall_compat_entry(void);

#ifdef CONFIG_FAULT_INJECTION
/*
 * Testing only: CR4 bits ORed in before the known value is loaded, as a
 * loader that left them set would (`test-loader-cr4=0x10000` leaves
 * FSGSBASE on, which must not reach a guest).
 */
static unsigned int test_loader_cr4;
integer_param("test-loader-cr4", test_loader_cr4);
#endif

struct cpu_features boot_cpu;

void cpu_features_init(void)
{
    u32 a, b, c, d, max_leaf, max_ext;

    cpuid(0, &max_leaf, &b, &c, &d);
    memcpy(boot_cpu.vendor + 0, &b, 4);
    memcpy(boot_cpu.vendor + 4, &d, 4);
    memcpy(boot_cpu.vendor + 8, &c, 4);
    boot_cpu.vendor[12] = '\0';

    boot_cpu.amd = !strcmp(boot_cpu.vendor, "AuthenticAMD") ||
                   !strcmp(boot_cpu.vendor, "HygonGenuine");

    cpuid(1, &a, &b, &c, &d);
    boot_cpu.family = (a >> 8) & 0xf;
    boot_cpu.model = (a >> 4) & 0xf;
    if (boot_cpu.family == 0xf)
        boot_cpu.family += (a >> 20) & 0xff;
    if (boot_cpu.family >= 6)
        boot_cpu.model |= ((a >> 16) & 0xf) << 4;
    boot_cpu.mce = d & (1u << 7);
    boot_cpu.mca = d & (1u << 14);
    /* FXSAVE with SSE and SSE2: every x86-64 CPU has them. */
    boot_cpu.fxsr = (d & (1u << 24)) && (d & (1u << 25)) && (d & (1u << 26));
    boot_cpu.xsave = c & (1u << 26);
    boot_cpu.avx = c & (1u << 28);
    boot_cpu.x2apic = c & (1u << 21);
    boot_cpu.tsc_deadline = c & (1u << 24);
    boot_cpu.hypervisor = c & (1u << 31);
    if (max_leaf >= 7) {
        cpuid_count(7, 0, &a, &b, &c, &d);
        boot_cpu.fsgsbase = b & (1u << 0);
        boot_cpu.smep = b & (1u << 7);
        boot_cpu.smap = b & (1u << 20);
    }
    if (max_leaf >= 0x15) {
        cpuid(0x15, &a, &b, &c, &d);
        if (a && b && c)
            boot_cpu.tsc_khz_cpuid = (u32)((u64)c * b / a / 1000);
    }
    if (!boot_cpu.tsc_khz_cpuid && max_leaf >= 0x16) {
        cpuid(0x16, &a, &b, &c, &d);
        boot_cpu.tsc_khz_cpuid = (a & 0xffff) * 1000;
    }

    cpuid(0x80000000, &max_ext, &b, &c, &d);
    if (max_ext >= 0x80000001) {
        cpuid(0x80000001, &a, &b, &c, &d);
        boot_cpu.nx = d & (1u << 20);
        boot_cpu.pdpe1gb = d & (1u << 26);
    }
    if (max_ext >= 0x80000004) {
        u32 *w = (u32 *)boot_cpu.brand;

        for (u32 i = 0; i < 3; i++)
            cpuid(0x80000002 + i, &w[i * 4], &w[i * 4 + 1], &w[i * 4 + 2],
                  &w[i * 4 + 3]);
        boot_cpu.brand[48] = '\0';
    }
    if (max_ext >= 0x80000007) {
        cpuid(0x80000007, &a, &b, &c, &d);
        boot_cpu.invariant_tsc = d & (1u << 8);
    }
    /* Intel always saves the x87 error pointers; AMD says so here. */
    boot_cpu.fpu_err_ptrs = !boot_cpu.amd;
    if (boot_cpu.amd && max_ext >= 0x80000008) {
        cpuid(0x80000008, &a, &b, &c, &d);
        boot_cpu.fpu_err_ptrs = b & (1u << 2);
    }
}

/*
 * The control registers every CPU runs with, whatever the loader left:
 * CR0 paging, protection, write protect, the x87 present (EM clear) with
 * native error reporting (NE: #MF, never the legacy FERR# interrupt) and
 * WAIT obeying TS (MP), TS clear for good (FPU state is switched eagerly,
 * so #NM never happens: <asm/fpu.h>), no AM (so #AC never happens: see
 * entry.S, which takes vector 17 as an interrupt), no CD/NW; CR4 PAE,
 * global pages, the protections the CPU offers, machine checks (MCE: a
 * #MC reaches its report, <asm/mce.h>), FXSAVE/SSE with SIMD exceptions
 * as #XM (OSFXSR, OSXMMEXCPT) and XSAVE/AVX (OSXSAVE) when the CPU has
 * them -- each vCPU has its own copy of that state -- and nothing else: no
 * FSGSBASE (a guest must not write its GS base behind SWAPGS), no
 * TSD/PCE/UMIP surprises, no CET (so #CP never happens either).
 */
unsigned long cpu_known_cr0(void)
{
    return X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP |
           X86_CR0_PG;
}

unsigned long cpu_known_cr4(const struct cpu_features *f)
{
    return X86_CR4_PAE | X86_CR4_PGE | (f->smep ? X86_CR4_SMEP : 0) |
           (f->smap ? X86_CR4_SMAP : 0) | (f->mce ? X86_CR4_MCE : 0) |
           (f->fxsr ? X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT : 0) |
           (fpu_uses_xsave() ? X86_CR4_OSXSAVE : 0);
}

/* Per-CPU control-register and MSR set-up, on every CPU. */
void cpu_init_features(void)
{
#ifdef CONFIG_FAULT_INJECTION
    if (test_loader_cr4)
        write_cr4(read_cr4() | test_loader_cr4);
#endif
    write_cr0(cpu_known_cr0());
    /* The banks are cleared before CR4.MCE lets a machine check in. */
    mce_init_cpu();
    write_cr4(cpu_known_cr4(&boot_cpu));
    fpu_init_cpu();
    if (boot_cpu.nx)
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);

    /*
     * SYSCALL/SYSRET for hypercalls.  STAR: SYSCALL loads CS 0x08/SS 0x10;
     * SYSRET loads CS 0x18+16 = 0x2b and SS 0x18+8 = 0x23 (<asm/desc.h>).
     * FMASK clears IF, TF, DF, NT and AC on entry (so a guest cannot enter
     * with SMAP's AC override set).  CSTAR (SYSCALL from compatibility
     * mode, AMD) kills the domain: domains have no way into compatibility
     * mode (desc.c), so reaching it is an attack.  SYSENTER: CS 0 makes it
     * #GP (Intel; AMD refuses it in long mode), whatever the loader left.
     */
    wrmsr(MSR_STAR, (0x08UL << 32) | (0x18UL << 48));
    wrmsr(MSR_LSTAR, (unsigned long)syscall_entry);
    wrmsr(MSR_CSTAR, (unsigned long)syscall_compat_entry);
    wrmsr(MSR_FMASK, 0x200 | 0x100 | 0x400 | 0x4000 | 0x40000);
    wrmsr(MSR_SYSENTER_CS, 0);
    wrmsr(MSR_SYSENTER_ESP, 0);
    wrmsr(MSR_SYSENTER_EIP, 0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}
