/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPUID an HVM guest sees: computed once per domain from the host's
 * CPUID, answered from that table on every CPUID exit.
 *
 * The policy, leaf by leaf (anything not listed reads as zeros):
 *   0x0            max basic leaf min(host, 0x1f), vendor as the host's
 *   0x1            family/model/stepping as the host's; EBX: CLFLUSH size,
 *                  logical count = vCPUs, initial APIC ID = the vCPU's;
 *                  ECX: + hypervisor, + x2APIC, + TSC-deadline when the
 *                  vLAPIC offers it, - VMX, SMX, EST, TM2, MONITOR, PDCM,
 *                  DCA, DS-CPL, OSXSAVE follows the guest's CR4;
 *                  EDX: + APIC, HTT with 2+ vCPUs, - MCE, MCA, MTRR, ACPI,
 *                  TM, PBE, DS
 *   0x2, 0x4       caches as the host's (0x4: core counts from the vCPUs)
 *   0x6            ARAT (the vLAPIC timer runs in deep C-states) only
 *   0x7.0          the host's, - TSC_ADJUST, SGX, HLE, RTM, MPX, PQM, PQE,
 *                  PT, PKU, OSPKE, WAITPKG, LA57, RDPID, SGX-LC, and the
 *                  speculation controls that need MSRs (SPEC_CTRL, STIBP,
 *                  L1D_FLUSH, ARCH_CAPABILITIES, CORE_CAPABILITIES, SSBD)
 *   0xb, 0x1f      topology: one thread per core, vCPUs cores per package,
 *                  x2APIC ID in EDX
 *   0xd            XSAVE as the host's; EBX of subleaf 0 from the guest's
 *                  XCR0
 *   0x40000000     "KVMKVMKVM\0\0\0", max 0x40000001: Linux then keeps the
 *                  x2APIC without interrupt remapping
 *   0x40000001     0: no KVM paravirtual feature
 *   0x80000000     max extended leaf min(host, 0x80000021)
 *   0x80000001     the host's - SVM, SKINIT, WDT, LWP, IBS, OSVW, TOPOEXT,
 *                  perf counter extensions, MWAITX, CMP_LEGACY, RDTSCP
 *   0x80000002-4   brand string as the host's
 *   0x80000005-6   caches as the host's
 *   0x80000007     invariant TSC only
 *   0x80000008     address sizes as the host's; EBX: CLZERO,
 *                  XSAVEERPTR, WBNOINVD only; ECX: vCPUs - 1 cores
 *   0x8000000a     0 (SVM hidden)
 * Leaves beyond the maximum are answered as the host's vendor does: zeros
 * on AMD, the highest basic leaf on Intel.
 *
 * The table is written once at domain creation and read-only after: no
 * lock.
 */
#ifndef ASM_X86_HVM_CPUID_H
#define ASM_X86_HVM_CPUID_H

#include <mhv/types.h>

struct cpuid_regs {
    u32 a, b, c, d;
};

/* The host's CPUID (the instruction in the hypervisor, a table in tests). */
typedef void (*hvm_host_cpuid_fn)(u32 leaf, u32 subleaf, struct cpuid_regs *r);

#define HVM_CPUID_MAX_BASIC     0x1f
#define HVM_CPUID_MAX_EXT       0x80000021u
#define HVM_CPUID_HV_BASE       0x40000000u
#define HVM_CPUID_MAX_SUB       64      /* subleaves kept per leaf (0xd) */

/* Subleaf-indexed leaves and how many subleaves each keeps. */
struct hvm_cpuid_policy {
    bool intel;                 /* vendor GenuineIntel (beyond-max rule) */
    unsigned int nr_vcpus;
    u32 max_basic, max_ext;
    struct cpuid_regs basic[HVM_CPUID_MAX_BASIC + 1];       /* subleaf 0 */
    struct cpuid_regs leaf4[8];                             /* caches */
    struct cpuid_regs leaf7[2];
    struct cpuid_regs leafd[HVM_CPUID_MAX_SUB];
    struct cpuid_regs ext[HVM_CPUID_MAX_EXT - 0x80000000u + 1];
};

struct hvm_cpuid_config {
    unsigned int nr_vcpus;      /* 1..256 */
    bool tsc_deadline;          /* the vLAPIC offers TSC-deadline mode */
    bool xsave;                 /* offer XSAVE and the AVX family */
};

/*
 * Compute @p from the host's CPUID through @host.  Returns 0, or -EINVAL
 * for a bad vCPU count.
 */
int hvm_cpuid_policy_init(struct hvm_cpuid_policy *p,
                          const struct hvm_cpuid_config *cfg,
                          hvm_host_cpuid_fn host);

/* The per-vCPU state some leaves reflect. */
struct hvm_cpuid_vcpu {
    u32 apic_id;                /* x2APIC ID */
    u64 cr4;                    /* OSXSAVE (bit 18), OSPKE (bit 22) */
    u64 xcr0;                   /* for 0xd.0 EBX */
};

/* The physical address width @p reports (CPUID 0x80000008 EAX[7:0]; 36,
 * the architectural default, where that leaf says nothing). */
static inline unsigned int hvm_cpuid_maxphyaddr(const struct hvm_cpuid_policy *p)
{
    return (p->ext[8].a & 0xff) ?: 36;
}

/* The XCR0 components @p offers (CPUID 0xD.0 EDX:EAX; 0 without XSAVE). */
static inline u64 hvm_cpuid_xcr0(const struct hvm_cpuid_policy *p)
{
    return p->leafd[0].a | ((u64)p->leafd[0].d << 32);
}

/* The guest's CPUID(@leaf, @subleaf) on vCPU @vc. */
void hvm_cpuid(const struct hvm_cpuid_policy *p, const struct hvm_cpuid_vcpu *vc,
               u32 leaf, u32 subleaf, struct cpuid_regs *out);

#endif /* ASM_X86_HVM_CPUID_H */
