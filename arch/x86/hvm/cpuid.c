/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPUID policy of HVM guests (see <asm/hvm/cpuid.h> for the policy
 * leaf by leaf).  Bits are named by their leaf and register.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <asm/hvm/cpuid.h>

#define BIT(n) (1u << (n))

/* CPUID.1:ECX */
#define L1C_MONITOR     BIT(3)
#define L1C_DS_CPL      BIT(4)
#define L1C_VMX         BIT(5)
#define L1C_SMX         BIT(6)
#define L1C_EST         BIT(7)
#define L1C_TM2         BIT(8)
#define L1C_SDBG        BIT(11)
#define L1C_FMA         BIT(12)
#define L1C_PDCM        BIT(15)
#define L1C_DCA         BIT(18)
#define L1C_X2APIC      BIT(21)
#define L1C_TSC_DEADLINE BIT(24)
#define L1C_XSAVE       BIT(26)
#define L1C_OSXSAVE     BIT(27)
#define L1C_AVX         BIT(28)
#define L1C_F16C        BIT(29)
#define L1C_HYPERVISOR  BIT(31)
/* CPUID.1:EDX */
#define L1D_MCE         BIT(7)
#define L1D_APIC        BIT(9)
#define L1D_MTRR        BIT(12)
#define L1D_MCA         BIT(14)
#define L1D_PSN         BIT(18)
#define L1D_DS          BIT(21)
#define L1D_ACPI        BIT(22)
#define L1D_HTT         BIT(28)
#define L1D_TM          BIT(29)
#define L1D_PBE         BIT(31)
/* CPUID.6:EAX */
#define L6A_ARAT        BIT(2)
/*
 * CPUID.7.0:EBX, ECX, EDX: what is hidden.  TSC_ADJUST: the MSR is not
 * virtualized (a write would have to move the guest's TSC), and Linux
 * reads it unguarded when the bit is set.
 */
#define L7B_HIDE        (BIT(1) /* TSC_ADJUST */ | \
                         BIT(2) /* SGX */ | BIT(4) /* HLE */ | BIT(11) /* RTM */ | \
                         BIT(12) /* PQM */ | BIT(14) /* MPX */ | BIT(15) /* PQE */ | \
                         BIT(25) /* Intel PT */)
#define L7B_AVX         (BIT(5) | BIT(16) | BIT(17) | BIT(21) | BIT(26) | BIT(27) | \
                         BIT(28) | BIT(30) | BIT(31))   /* AVX2, AVX-512 */
#define L7C_HIDE        (BIT(3) /* PKU */ | BIT(4) /* OSPKE */ | BIT(5) /* WAITPKG */ | \
                         BIT(16) /* LA57 */ | BIT(22) /* RDPID */ | BIT(30) /* SGX_LC */)
#define L7C_AVX         (BIT(1) | BIT(6) | BIT(9) | BIT(10) | BIT(11) | BIT(12) | BIT(14))
#define L7D_HIDE        (BIT(26) /* SPEC_CTRL */ | BIT(27) /* STIBP */ | \
                         BIT(28) /* L1D_FLUSH */ | BIT(29) /* ARCH_CAPABILITIES */ | \
                         BIT(30) /* CORE_CAPABILITIES */ | BIT(31) /* SSBD */)
#define L7D_AVX         (BIT(2) | BIT(3) | BIT(22) | BIT(23) | BIT(24) | BIT(25))
/* CPUID.0xD: the XCR0 components offered (x87, SSE, AVX, AVX-512). */
#define XCR0_OFFERED    (BIT(0) | BIT(1) | BIT(2) | BIT(5) | BIT(6) | BIT(7))
#define XSAVE_LEGACY_AND_HEADER 576
#define LDA1_OFFERED    (BIT(0) /* XSAVEOPT */ | BIT(2) /* XGETBV1 */)
/* CPUID.0x80000001:ECX, EDX */
#define E1C_HIDE        (BIT(1) /* CMP_LEGACY */ | BIT(2) /* SVM */ | BIT(3) /* ExtApicSpace */ | \
                         BIT(9) /* OSVW */ | BIT(10) /* IBS */ | BIT(12) /* SKINIT */ | \
                         BIT(13) /* WDT */ | BIT(15) /* LWP */ | BIT(22) /* TOPOEXT */ | \
                         BIT(23) /* PerfCtrCore */ | BIT(24) /* PerfCtrNb */ | \
                         BIT(26) /* DataBkptExt */ | BIT(28) /* PerfCtrLLC */ | \
                         BIT(29) /* MWAITX */)
#define E1C_AVX         (BIT(11) /* XOP */ | BIT(16) /* FMA4 */ | BIT(21) /* TBM */)
#define E1D_RDTSCP      BIT(27)
/* CPUID.0x80000007:EDX */
#define E7D_INVARIANT_TSC BIT(8)
/* CPUID.0x80000008:EBX: instructions that need no MSR. */
#define E8B_OFFERED     (BIT(0) /* CLZERO */ | BIT(2) /* XSAVEERPTR */ | BIT(9) /* WBNOINVD */)

#define CR4_OSXSAVE     (1ull << 18)

static const struct cpuid_regs zero;

static unsigned int ceil_log2(unsigned int n)
{
    unsigned int s = 0;

    while ((1u << s) < n)
        s++;
    return s;
}

static void filter_leaf1(struct hvm_cpuid_policy *p, const struct hvm_cpuid_config *cfg,
                         struct cpuid_regs *r)
{
    r->b = (r->b & 0x0000ff00u) | (min(cfg->nr_vcpus, 255u) << 16);
    r->c &= ~(L1C_MONITOR | L1C_DS_CPL | L1C_VMX | L1C_SMX | L1C_EST | L1C_TM2 |
              L1C_SDBG | L1C_PDCM | L1C_DCA | L1C_OSXSAVE | L1C_TSC_DEADLINE);
    r->c |= L1C_X2APIC | L1C_HYPERVISOR;
    if (cfg->tsc_deadline)
        r->c |= L1C_TSC_DEADLINE;
    if (!cfg->xsave)
        r->c &= ~(L1C_XSAVE | L1C_AVX | L1C_FMA | L1C_F16C);
    r->d &= ~(L1D_MCE | L1D_MTRR | L1D_MCA | L1D_PSN | L1D_DS | L1D_ACPI |
              L1D_HTT | L1D_TM | L1D_PBE);
    r->d |= L1D_APIC;
    if (cfg->nr_vcpus > 1)
        r->d |= L1D_HTT;
}

static void fill_basic(struct hvm_cpuid_policy *p, const struct hvm_cpuid_config *cfg,
                       hvm_host_cpuid_fn host)
{
    for (u32 leaf = 0; leaf <= p->max_basic; leaf++) {
        struct cpuid_regs r;

        host(leaf, 0, &r);
        switch (leaf) {
        case 0:
            r.a = p->max_basic;
            break;
        case 1:
            filter_leaf1(p, cfg, &r);
            break;
        case 2: case 0x15: case 0x16: case 0x18:
            break;                      /* caches, TSC/bus ratios: as is */
        case 6:
            r = (struct cpuid_regs){ .a = L6A_ARAT };
            break;
        case 7:
            r.a = 0;                    /* subleaf 0 only */
            r.b &= ~L7B_HIDE;
            r.c &= ~L7C_HIDE;
            r.d &= ~L7D_HIDE;
            if (!cfg->xsave) {
                r.b &= ~L7B_AVX;
                r.c &= ~L7C_AVX;
                r.d &= ~L7D_AVX;
            }
            p->leaf7[0] = r;
            break;
        case 4: case 0xb: case 0xd: case 0x1f:
            break;                      /* subleaf tables, or synthesized */
        default:
            r = zero;
        }
        p->basic[leaf] = r;
    }

    /* Leaf 4 (Intel's deterministic cache parameters). */
    if (p->max_basic >= 4)
        for (u32 i = 0; i < 8; i++) {
            struct cpuid_regs r;

            host(4, i, &r);
            if (!(r.a & 0x1f))
                break;                  /* type 0: no more caches */
            r.a &= 0x3ff;               /* type, level, self-init, assoc */
            r.a |= (min(cfg->nr_vcpus, 64u) - 1) << 26;
            if (((r.a >> 5) & 7) >= 3)
                r.a |= (min(cfg->nr_vcpus, 4096u) - 1) << 14;
            p->leaf4[i] = r;
        }

    /* Leaf 0xD (XSAVE), only what is offered. */
    if (cfg->xsave && p->max_basic >= 0xd) {
        struct cpuid_regs r;
        u32 xcr0;

        host(0xd, 0, &r);
        xcr0 = r.a & XCR0_OFFERED;
        p->leafd[0] = (struct cpuid_regs){ .a = xcr0, .b = 0, .c = 0, .d = 0 };
        host(0xd, 1, &r);
        p->leafd[1] = (struct cpuid_regs){ .a = r.a & LDA1_OFFERED };
        for (u32 i = 2; i < 32 && i < HVM_CPUID_MAX_SUB; i++) {
            if (!(xcr0 & BIT(i)))
                continue;
            host(0xd, i, &r);
            p->leafd[i] = (struct cpuid_regs){ .a = r.a, .b = r.b, .c = r.c & 2 };
        }
        /* ECX of subleaf 0: the size for every offered component. */
        p->leafd[0].c = XSAVE_LEGACY_AND_HEADER;
        for (u32 i = 2; i < 32; i++)
            if (xcr0 & BIT(i))
                p->leafd[0].c = max(p->leafd[0].c, p->leafd[i].a + p->leafd[i].b);
    }
}

static void fill_ext(struct hvm_cpuid_policy *p, const struct hvm_cpuid_config *cfg,
                     hvm_host_cpuid_fn host)
{
    for (u32 leaf = 0x80000000u; leaf <= p->max_ext; leaf++) {
        struct cpuid_regs r;

        host(leaf, 0, &r);
        switch (leaf) {
        case 0x80000000u:
            r.a = p->max_ext;
            break;
        case 0x80000001u:
            r.c &= ~E1C_HIDE;
            if (!cfg->xsave)
                r.c &= ~E1C_AVX;
            r.d &= ~E1D_RDTSCP;
            break;
        case 0x80000002u: case 0x80000003u: case 0x80000004u:
        case 0x80000005u: case 0x80000006u: case 0x80000019u: case 0x8000001au:
            break;
        case 0x80000007u:
            r = (struct cpuid_regs){ .d = E7D_INVARIANT_TSC };
            break;
        case 0x80000008u:
            r.b &= E8B_OFFERED;
            r.c = (ceil_log2(cfg->nr_vcpus) << 12) | (cfg->nr_vcpus - 1);
            r.d = 0;
            break;
        default:
            r = zero;                   /* SVM (0x8000000a) among them */
        }
        p->ext[leaf - 0x80000000u] = r;
    }
}

int hvm_cpuid_policy_init(struct hvm_cpuid_policy *p,
                          const struct hvm_cpuid_config *cfg,
                          hvm_host_cpuid_fn host)
{
    struct cpuid_regs r;

    if (!cfg->nr_vcpus || cfg->nr_vcpus > 256)
        return -EINVAL;
    memset(p, 0, sizeof(*p));
    p->nr_vcpus = cfg->nr_vcpus;

    host(0, 0, &r);
    p->intel = r.b == 0x756e6547 && r.d == 0x49656e69 && r.c == 0x6c65746e;
    p->max_basic = min(r.a, (u32)HVM_CPUID_MAX_BASIC);
    host(0x80000000u, 0, &r);
    if (r.a < 0x80000000u || r.a > 0x8000ffffu)
        r.a = 0x80000000u;              /* no extended leaves */
    p->max_ext = min(r.a, HVM_CPUID_MAX_EXT);

    fill_basic(p, cfg, host);
    fill_ext(p, cfg, host);
    return 0;
}

/* Extended topology (0xb, 0x1f): SMT level of 1, cores = vCPUs. */
static void topology(const struct hvm_cpuid_policy *p, u32 sub, u32 apic_id,
                     struct cpuid_regs *out)
{
    switch (sub) {
    case 0:
        *out = (struct cpuid_regs){ .a = 0, .b = 1, .c = 0x100 };
        break;
    case 1:
        *out = (struct cpuid_regs){ .a = ceil_log2(p->nr_vcpus), .b = p->nr_vcpus,
                                    .c = 0x200 | 1 };
        break;
    default:
        *out = (struct cpuid_regs){ .c = sub & 0xff };
    }
    out->d = apic_id;
}

static void basic_leaf(const struct hvm_cpuid_policy *p, const struct hvm_cpuid_vcpu *vc,
                       u32 leaf, u32 sub, struct cpuid_regs *out)
{
    switch (leaf) {
    case 1:
        *out = p->basic[1];
        out->b = (out->b & 0x00ffffffu) | (vc->apic_id & 0xff) << 24;
        if ((out->c & L1C_XSAVE) && (vc->cr4 & CR4_OSXSAVE))
            out->c |= L1C_OSXSAVE;
        return;
    case 4:
        *out = sub < 8 ? p->leaf4[sub] : zero;
        return;
    case 7:
        *out = sub == 0 ? p->leaf7[0] : zero;
        return;
    case 0xb: case 0x1f:
        topology(p, sub, vc->apic_id, out);
        return;
    case 0xd:
        *out = sub < HVM_CPUID_MAX_SUB ? p->leafd[sub] : zero;
        if (sub == 0 && out->a) {
            /* EBX: the size XSAVE needs for what the guest's XCR0 enables. */
            out->b = XSAVE_LEGACY_AND_HEADER;
            for (u32 i = 2; i < 32; i++)
                if ((vc->xcr0 & out->a) & BIT(i))
                    out->b = max(out->b, p->leafd[i].a + p->leafd[i].b);
        }
        return;
    default:
        *out = p->basic[leaf];
    }
}

void hvm_cpuid(const struct hvm_cpuid_policy *p, const struct hvm_cpuid_vcpu *vc,
               u32 leaf, u32 subleaf, struct cpuid_regs *out)
{
    if (leaf >= HVM_CPUID_HV_BASE && leaf < 0x50000000u) {
        if (leaf == HVM_CPUID_HV_BASE)
            /* "KVMKVMKVM\0\0\0", the highest hypervisor leaf 0x40000001. */
            *out = (struct cpuid_regs){ .a = HVM_CPUID_HV_BASE + 1, .b = 0x4b4d564b,
                                        .c = 0x564b4d56, .d = 0x0000004d };
        else
            *out = zero;                /* 0x40000001: no KVM features */
        return;
    }
    if (leaf <= p->max_basic) {
        basic_leaf(p, vc, leaf, subleaf, out);
        return;
    }
    if (leaf >= 0x80000000u && leaf <= p->max_ext) {
        *out = p->ext[leaf - 0x80000000u];
        return;
    }
    /* Beyond the maximum: Intel answers with the highest basic leaf. */
    if (p->intel)
        basic_leaf(p, vc, p->max_basic, subleaf, out);
    else
        *out = zero;
}
