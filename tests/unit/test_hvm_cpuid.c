/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HVM CPUID policy (arch/x86/hvm/cpuid.c) computed from fake host
 * CPUID tables (an AMD host like QEMU's TCG "max", an Intel host) where
 * every feature bit is set, so that each hidden bit shows: the hypervisor
 * bit and signature, SVM and VMX hidden, x2APIC and TSC-deadline, the
 * topology of the vCPU count, XSAVE sizes from the guest's XCR0, leaves
 * beyond the maximum per vendor.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <asm/hvm/cpuid.h>

static bool host_intel;

static void fake_host(u32 leaf, u32 sub, struct cpuid_regs *r)
{
    *r = (struct cpuid_regs){ 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff };
    switch (leaf) {
    case 0:
        if (host_intel)         /* "GenuineIntel", max 0x16 */
            *r = (struct cpuid_regs){ 0x16, 0x756e6547, 0x6c65746e, 0x49656e69 };
        else                    /* "AuthenticAMD", max 0xd */
            *r = (struct cpuid_regs){ 0xd, 0x68747541, 0x444d4163, 0x69746e65 };
        return;
    case 1:
        r->a = 0x000a0f00;
        r->b = 0x07010800;      /* APIC ID 7, 1 logical, CLFLUSH 8 */
        return;
    case 4:
        if (sub >= 3)
            *r = (struct cpuid_regs){ 0 };
        else
            r->a = 0xfc004121 + (sub << 5);   /* data/instr/unified, levels */
        return;
    case 0xd:
        switch (sub) {
        case 0: *r = (struct cpuid_regs){ 0x2ff, 2696, 2696, 0 }; return;
        case 1: r->a = 0xf; return;
        case 2: *r = (struct cpuid_regs){ 256, 576, 0, 0 }; return;
        case 5: *r = (struct cpuid_regs){ 64, 1088, 0, 0 }; return;
        case 6: *r = (struct cpuid_regs){ 512, 1152, 0, 0 }; return;
        case 7: *r = (struct cpuid_regs){ 1024, 1664, 0, 0 }; return;
        case 9: *r = (struct cpuid_regs){ 8, 2688, 0, 0 }; return;
        default: *r = (struct cpuid_regs){ 0 }; return;
        }
    case 0x80000000u:
        r->a = host_intel ? 0x80000008u : 0x80000021u;
        return;
    case 0x80000008u:
        r->a = 0x3030;
        return;
    }
}

static struct hvm_cpuid_policy pol;

static struct cpuid_regs q(u32 leaf, u32 sub, u32 apic_id, u64 cr4, u64 xcr0)
{
    struct hvm_cpuid_vcpu vc = { .apic_id = apic_id, .cr4 = cr4, .xcr0 = xcr0 };
    struct cpuid_regs r;

    hvm_cpuid(&pol, &vc, leaf, sub, &r);
    return r;
}

static void init(bool intel, unsigned int nr, bool deadline, bool xsave)
{
    const struct hvm_cpuid_config cfg = { .nr_vcpus = nr, .tsc_deadline = deadline,
                                          .xsave = xsave };

    host_intel = intel;
    assert_int_equal(hvm_cpuid_policy_init(&pol, &cfg, fake_host), 0);
}

#define B(n) (1u << (n))

static void test_amd_basic(void **state)
{
    struct cpuid_regs r;

    init(false, 2, true, true);
    r = q(0, 0, 0, 0, 0);
    assert_int_equal(r.a, 0xd);
    assert_int_equal(r.b, 0x68747541);
    r = q(1, 0, 1, 0, 0);
    assert_int_equal(r.a, 0x000a0f00);
    assert_int_equal(r.b, 0x01020800);          /* APIC ID 1, 2 logical */
    assert_true(r.c & B(31));                   /* hypervisor */
    assert_true(r.c & B(21));                   /* x2APIC */
    assert_true(r.c & B(24));                   /* TSC-deadline */
    assert_false(r.c & (B(5) | B(6) | B(3)));   /* VMX, SMX, MONITOR */
    assert_false(r.c & B(27));                  /* OSXSAVE: CR4 says no */
    assert_true(r.d & B(9));                    /* APIC */
    assert_true(r.d & B(28));                   /* HTT: 2 vCPUs */
    assert_false(r.d & (B(7) | B(12) | B(14))); /* MCE, MTRR, MCA */
    r = q(1, 0, 1, 1ull << 18, 0);
    assert_true(r.c & B(27));                   /* OSXSAVE follows CR4 */
    r = q(6, 0, 0, 0, 0);
    assert_int_equal(r.a, B(2));                /* ARAT only */
    assert_int_equal(r.b | r.c | r.d, 0);
    r = q(7, 0, 0, 0, 0);
    assert_int_equal(r.a, 0);
    assert_false(r.b & (B(2) | B(4) | B(11) | B(14)));
    assert_false(r.b & B(1));                   /* TSC_ADJUST: its MSR is not there */
    assert_false(r.c & (B(3) | B(16) | B(22))); /* PKU, LA57, RDPID */
    assert_false(r.d & (B(26) | B(29) | B(31)));
    assert_true(r.b & B(5));                    /* AVX2 kept with XSAVE */
    r = q(7, 1, 0, 0, 0);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(5, 0, 0, 0, 0);                       /* MONITOR leaf */
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(3, 0, 0, 0, 0);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
}

static void test_topology(void **state)
{
    struct cpuid_regs r;

    init(false, 3, true, true);
    r = q(0xb, 0, 2, 0, 0);
    assert_int_equal(r.b, 1);
    assert_int_equal(r.c, 0x100);
    assert_int_equal(r.d, 2);
    r = q(0xb, 1, 2, 0, 0);
    assert_int_equal(r.a, 2);                   /* 3 vCPUs: 2 bits */
    assert_int_equal(r.b, 3);
    assert_int_equal(r.c, 0x201);
    r = q(0xb, 2, 2, 0, 0);
    assert_int_equal(r.a | r.b, 0);
    assert_int_equal(r.c, 2);
    r = q(0x80000008u, 0, 0, 0, 0);
    assert_int_equal(r.a, 0x3030);
    assert_int_equal(r.c, (2u << 12) | 2);
    assert_int_equal(r.b & ~(B(0) | B(2) | B(9)), 0);
    assert_int_equal(r.d, 0);
    r = q(4, 2, 0, 0, 0);
    assert_int_equal(r.a >> 26, 2);             /* 3 cores */
    assert_int_equal(q(4, 3, 0, 0, 0).a, 0);
    init(false, 1, true, true);
    assert_false(q(1, 0, 0, 0, 0).d & B(28));   /* no HTT alone */
    assert_int_equal(q(0xb, 1, 0, 0, 0).a, 0);
}

static void test_ext_and_hypervisor(void **state)
{
    struct cpuid_regs r;

    init(false, 2, false, true);
    assert_false(q(1, 0, 0, 0, 0).c & B(24));   /* no TSC-deadline offered */
    r = q(0x80000000u, 0, 0, 0, 0);
    assert_int_equal(r.a, 0x80000021u);
    r = q(0x80000001u, 0, 0, 0, 0);
    assert_false(r.c & B(2));                   /* SVM hidden */
    assert_false(r.c & (B(22) | B(23) | B(29)));
    assert_false(r.d & B(27));                  /* RDTSCP */
    assert_true(r.d & B(29));                   /* long mode kept */
    r = q(0x8000000au, 0, 0, 0, 0);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(0x80000007u, 0, 0, 0, 0);
    assert_int_equal(r.d, B(8));                /* invariant TSC */
    assert_int_equal(r.a | r.b | r.c, 0);
    r = q(0x40000000u, 0, 0, 0, 0);
    assert_int_equal(r.a, 0x40000001u);
    assert_memory_equal(&r.b, "KVMKVMKVM\0\0\0", 12);
    r = q(0x40000001u, 0, 0, 0, 0);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(0x40000100u, 0, 0, 0, 0);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    /* AMD: beyond either maximum reads zeros. */
    r = q(0xe, 0, 0, 0, 0);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(0x80000022u, 0, 0, 0, 0);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(0xc0000000u, 0, 0, 0, 0);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
}

static void test_xsave(void **state)
{
    struct cpuid_regs r;

    init(false, 1, true, true);
    r = q(0xd, 0, 0, 0, 0x7);
    assert_int_equal(r.a, 0xe7);                /* MPX, PKRU not offered */
    assert_int_equal(r.b, 832);                 /* x87|SSE|AVX */
    assert_int_equal(r.c, 2688);                /* everything offered */
    r = q(0xd, 0, 0, 0, 0xe7);
    assert_int_equal(r.b, 2688);
    r = q(0xd, 0, 0, 0, 0x3);
    assert_int_equal(r.b, 576);
    r = q(0xd, 1, 0, 0, 0);
    assert_int_equal(r.a, B(0) | B(2));         /* no XSAVEC/XSAVES */
    assert_int_equal(q(0xd, 9, 0, 0, 0).a, 0);  /* PKRU component hidden */
    assert_int_equal(q(0xd, 2, 0, 0, 0).a, 256);
    assert_int_equal(q(0xd, 99, 0, 0, 0).a, 0);

    init(false, 1, true, false);
    r = q(1, 0, 0, 1ull << 18, 0);
    assert_false(r.c & (B(26) | B(27) | B(28)));
    assert_false(q(7, 0, 0, 0, 0).b & B(5));
    assert_int_equal(q(0xd, 0, 0, 0, 7).a, 0);
}

static void test_intel_beyond_max(void **state)
{
    struct cpuid_regs hi, r;

    init(true, 2, true, true);
    hi = q(0x16, 0, 0, 0, 0);
    assert_int_equal(hi.a, 0xffffffff);         /* 0x16 passed through */
    r = q(0x17, 0, 0, 0, 0);
    assert_memory_equal(&r, &hi, sizeof(r));
    r = q(0x80000009u, 0, 0, 0, 0);
    assert_memory_equal(&r, &hi, sizeof(r));
    assert_int_equal(q(0x80000000u, 0, 0, 0, 0).a, 0x80000008u);
    assert_int_equal(q(0xa, 0, 0, 0, 0).a, 0);  /* no PMU */
}

static void test_bad_config(void **state)
{
    struct hvm_cpuid_config cfg = { .nr_vcpus = 0 };

    assert_int_equal(hvm_cpuid_policy_init(&pol, &cfg, fake_host), -EINVAL);
    cfg.nr_vcpus = 257;
    assert_int_equal(hvm_cpuid_policy_init(&pol, &cfg, fake_host), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amd_basic),
        cmocka_unit_test(test_topology),
        cmocka_unit_test(test_ext_and_hypervisor),
        cmocka_unit_test(test_xsave),
        cmocka_unit_test(test_intel_beyond_max),
        cmocka_unit_test(test_bad_config),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
