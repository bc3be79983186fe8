/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual x2APIC (arch/x86/hvm/vlapic.c) against a model of its
 * surroundings: a settable clock and guest TSC, a recorded timer, IPIs,
 * EOI broadcasts and kicks.  Covers the register file and its #GP cases,
 * APIC-base mode transitions, interrupt acceptance, priority and EOI,
 * IPIs and their destinations, INIT/SIPI, and the timer in its three modes.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <asm/hvm/vlapic.h>
#include "harness.h"

#define TSC_KHZ 2000000ull              /* a 2 GHz guest TSC: 2 ticks a ns */

static s_time_t now_ns;
static struct {
    bool armed;
    s_time_t expires;
    unsigned int sets;
} tmr[4];
static struct vlapic_irq sent[8];
static unsigned int nsent, nkick, neoi;
static int last_eoi;
static struct vlapic va[4];

static unsigned int idx(struct vlapic *v) { return (unsigned int)(v - va); }

static s_time_t m_now(struct vlapic *v) { return now_ns; }
static u64 tsc_moved;                   /* what the guest's TSC writes added */
static u64 m_tsc(struct vlapic *v) { return (u64)now_ns * 2 + 1000 + tsc_moved; }
static void m_timer_set(struct vlapic *v, s_time_t e)
{
    assert_true(spin_is_locked(&v->lock));
    tmr[idx(v)].armed = true;
    tmr[idx(v)].expires = e;
    tmr[idx(v)].sets++;
}
static void m_timer_stop(struct vlapic *v) { tmr[idx(v)].armed = false; }
static void m_send_ipi(struct vlapic *src, const struct vlapic_irq *irq)
{
    struct vlapic *set[4] = { &va[0], &va[1], &va[2], &va[3] };

    assert_false(spin_is_locked(&src->lock));
    if (nsent < 8)
        sent[nsent++] = *irq;
    vlapic_deliver_set(set, 4, src, irq);
}
static void m_eoi(struct vlapic *v, u8 vec)
{
    assert_false(spin_is_locked(&v->lock));
    neoi++;
    last_eoi = vec;
}
static void m_kick(struct vlapic *v)
{
    assert_false(spin_is_locked(&v->lock));
    nkick++;
}

/* The host timer ran out: it is no longer armed, then the callback runs. */
static void fire(struct vlapic *v)
{
    tmr[idx(v)].armed = false;
    vlapic_timer_fired(v);
}

static const struct vlapic_ops ops = {
    .now = m_now, .guest_tsc = m_tsc, .timer_set = m_timer_set,
    .timer_stop = m_timer_stop, .send_ipi = m_send_ipi, .eoi = m_eoi,
    .kick = m_kick,
};

/* vCPU i has x2APIC ID ids[i]; vCPU 0 is the BSP. */
static const u32 ids[4] = { 0, 1, 0x23, 0x24 };

static int setup(void **state)
{
    now_ns = 1000000;
    tsc_moved = 0;
    memset(tmr, 0, sizeof(tmr));
    nsent = nkick = neoi = 0;
    last_eoi = -1;
    for (unsigned int i = 0; i < 4; i++)
        vlapic_init(&va[i], ids[i], i == 0, TSC_KHZ, &ops, (void *)(uintptr_t)i);
    return 0;
}

static u64 rd(struct vlapic *v, u32 msr)
{
    u64 val = 0xdeadbeef;

    assert_int_equal(vlapic_rdmsr(v, msr, &val), 0);
    return val;
}

static void wr(struct vlapic *v, u32 msr, u64 val)
{
    assert_int_equal(vlapic_wrmsr(v, msr, val), 0);
}

static void enable(struct vlapic *v)
{
    wr(v, X2APIC_SVR, VLAPIC_SVR_ENABLE | 0xff);
}

static struct vlapic_irq fixed(u32 dest, u8 vec)
{
    return (struct vlapic_irq){ .dest = dest, .vector = vec, .dm = VLAPIC_DM_FIXED };
}

static void test_reset_state(void **state)
{
    struct vlapic *v = &va[2];

    assert_int_equal(rd(&va[0], MSR_IA32_APIC_BASE),
                     0xfee00000ull | APIC_BASE_EN | APIC_BASE_EXTD | APIC_BASE_BSP);
    assert_int_equal(rd(v, MSR_IA32_APIC_BASE),
                     0xfee00000ull | APIC_BASE_EN | APIC_BASE_EXTD);
    assert_int_equal(rd(v, X2APIC_ID), 0x23);
    assert_int_equal(rd(v, X2APIC_VERSION), 0x50014);
    /* x2APIC logical ID: cluster 2, bit 3. */
    assert_int_equal(rd(v, X2APIC_LDR), (2u << 16) | (1u << 3));
    assert_int_equal(rd(v, X2APIC_SVR), 0xff);
    assert_int_equal(rd(v, X2APIC_PPR), 0);
    for (u32 m = X2APIC_LVTT; m <= X2APIC_LVT_ERROR; m++)
        assert_int_equal(rd(v, m), VLAPIC_LVT_MASKED);
    assert_int_equal(rd(v, MSR_IA32_TSC_DEADLINE), 0);
    assert_true(vlapic_owns_msr(0x1b) && vlapic_owns_msr(0x6e0) &&
                vlapic_owns_msr(0x800) && vlapic_owns_msr(0x8ff));
    assert_false(vlapic_owns_msr(0x7ff) || vlapic_owns_msr(0x900));
    assert_false(vlapic_waiting_for_sipi(&va[0]));
    assert_true(vlapic_waiting_for_sipi(v));
}

static void test_gp_cases(void **state)
{
    struct vlapic *v = &va[0];
    static const u32 read_only[] = { X2APIC_ID, X2APIC_VERSION, X2APIC_PPR,
        X2APIC_LDR, X2APIC_ISR0, X2APIC_ISR0 + 7, X2APIC_TMR0, X2APIC_IRR0 + 3,
        X2APIC_TMCCT };
    static const u32 absent[] = { 0x800, 0x801, 0x809, 0x80c, 0x80e, 0x82f,
        0x831, 0x83a, 0x83d, 0x840, 0x8ff };
    u64 val;

    for (unsigned int i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++)
        assert_int_equal(vlapic_wrmsr(v, read_only[i], 0), -EINVAL);
    for (unsigned int i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
        assert_int_equal(vlapic_rdmsr(v, absent[i], &val), -EINVAL);
        assert_int_equal(vlapic_wrmsr(v, absent[i], 0), -EINVAL);
    }
    /* Write-only registers. */
    assert_int_equal(vlapic_rdmsr(v, X2APIC_EOI, &val), -EINVAL);
    assert_int_equal(vlapic_rdmsr(v, X2APIC_SELF_IPI, &val), -EINVAL);
    /* Reserved bits. */
    assert_int_equal(vlapic_wrmsr(v, X2APIC_TPR, 0x100), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_EOI, 1), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_ESR, 1), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_SVR, 0x1000), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_SELF_IPI, 0x100), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_ICR, 0x30 | (1u << 12)), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_ICR, 0x30 | (1u << 20)), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_ICR, 0x30 | (3u << 8)), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_TDCR, 0x4), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_SVR, 1ull << 32), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_LVTT, 3u << 17), -EINVAL);
    /* Not the vlapic's MSR at all. */
    assert_int_equal(vlapic_rdmsr(v, 0xc0000080, &val), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, 0x10, 0), -EINVAL);
    /* Nothing above changed a register. */
    assert_int_equal(rd(v, X2APIC_TPR), 0);
    assert_int_equal(rd(v, X2APIC_SVR), 0xff);
    assert_int_equal(nsent, 0);
}

static void test_apic_base_modes(void **state)
{
    struct vlapic *v = &va[1];
    u64 base = rd(v, MSR_IA32_APIC_BASE), val;

    assert_int_equal(vlapic_wrmsr(v, MSR_IA32_APIC_BASE, base & ~APIC_BASE_EXTD), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, MSR_IA32_APIC_BASE, base | APIC_BASE_BSP), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, MSR_IA32_APIC_BASE, base | 1), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, MSR_IA32_APIC_BASE, base + 0x1000), -EOPNOTSUPP);
    assert_int_equal(vlapic_wrmsr(v, MSR_IA32_APIC_BASE, base & ~APIC_BASE_EN), -EINVAL);
    wr(v, MSR_IA32_APIC_BASE, base);            /* no change: fine */
    enable(v);
    vlapic_deliver(v, &(struct vlapic_irq){ .dest = 1, .vector = 0x40 });
    /* Disable: the registers reset and x2APIC MSRs #GP. */
    wr(v, MSR_IA32_APIC_BASE, base & ~(APIC_BASE_EN | APIC_BASE_EXTD));
    assert_int_equal(vlapic_rdmsr(v, X2APIC_ID, &val), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, X2APIC_TPR, 0), -EINVAL);
    assert_int_equal(vlapic_pending_vector(v), -1);
    /* Disabled -> x2APIC directly is invalid; -> xAPIC is not offered. */
    assert_int_equal(vlapic_wrmsr(v, MSR_IA32_APIC_BASE, base), -EINVAL);
    assert_int_equal(vlapic_wrmsr(v, MSR_IA32_APIC_BASE, base & ~APIC_BASE_EXTD),
                     -EOPNOTSUPP);
    /* A disabled APIC accepts nothing. */
    nkick = 0;
    vlapic_deliver(v, &(struct vlapic_irq){ .dest = 1, .vector = 0x40 });
    assert_int_equal(nkick, 0);
}

static void test_priority_ack_eoi(void **state)
{
    struct vlapic *v = &va[0];

    /* A software-disabled APIC drops fixed interrupts. */
    vlapic_deliver(v, &(struct vlapic_irq){ .vector = 0x30 });
    assert_int_equal(vlapic_pending_vector(v), -1);
    assert_int_equal(nkick, 0);

    enable(v);
    vlapic_deliver(v, &(struct vlapic_irq){ .vector = 0x30 });
    vlapic_deliver(v, &(struct vlapic_irq){ .vector = 0x50 });
    vlapic_deliver(v, &(struct vlapic_irq){ .vector = 0x41 });
    assert_int_equal(nkick, 3);
    assert_int_equal(rd(v, X2APIC_IRR0 + 1), 1u << 16);      /* 0x30 */
    assert_int_equal(rd(v, X2APIC_IRR0 + 2), (1u << 16) | (1u << 1));
    assert_int_equal(vlapic_pending_vector(v), 0x50);

    wr(v, X2APIC_TPR, 0x50);            /* class 5 masks 0x50 and below */
    assert_int_equal(vlapic_pending_vector(v), -1);
    assert_int_equal(rd(v, X2APIC_PPR), 0x50);
    wr(v, X2APIC_TPR, 0x40);
    assert_int_equal(vlapic_pending_vector(v), 0x50);

    vlapic_ack(v, 0x50);
    assert_int_equal(rd(v, X2APIC_ISR0 + 2), 1u << 16);
    assert_int_equal(rd(v, X2APIC_PPR), 0x50);
    assert_int_equal(vlapic_pending_vector(v), -1);  /* 0x41 is class 4 */
    wr(v, X2APIC_TPR, 0);
    assert_int_equal(vlapic_pending_vector(v), -1);  /* still: ISR 0x50 */

    wr(v, X2APIC_EOI, 0);
    assert_int_equal(rd(v, X2APIC_ISR0 + 2), 0);
    assert_int_equal(neoi, 0);                      /* edge: no broadcast */
    assert_int_equal(vlapic_pending_vector(v), 0x41);
    vlapic_ack(v, 0x41);
    vlapic_deliver(v, &(struct vlapic_irq){ .vector = 0x42 });
    assert_int_equal(vlapic_pending_vector(v), -1); /* same class as ISR */
    vlapic_ack(v, 0x30);    /* not the one pending: still moves IRR->ISR */
    wr(v, X2APIC_EOI, 0);   /* clears the highest: 0x41 */
    assert_int_equal(rd(v, X2APIC_ISR0 + 1), 1u << 16);
    wr(v, X2APIC_EOI, 0);
    wr(v, X2APIC_EOI, 0);   /* nothing in service: harmless */
    assert_int_equal(vlapic_pending_vector(v), 0x42);
    vlapic_ack(v, 0x99);    /* not in IRR: ignored */
    assert_int_equal(rd(v, X2APIC_ISR0 + 4), 0);
}

static void test_level_eoi_broadcast(void **state)
{
    struct vlapic *v = &va[0];

    enable(v);
    vlapic_deliver(v, &(struct vlapic_irq){ .vector = 0x61, .level = true });
    assert_int_equal(rd(v, X2APIC_TMR0 + 3), 1u << 1);
    vlapic_ack(v, 0x61);
    wr(v, X2APIC_EOI, 0);
    assert_int_equal(neoi, 1);
    assert_int_equal(last_eoi, 0x61);
    assert_int_equal(rd(v, X2APIC_TMR0 + 3), 0);
}

static void test_esr_and_error_lvt(void **state)
{
    struct vlapic *v = &va[0];

    enable(v);
    vlapic_deliver(v, &(struct vlapic_irq){ .vector = 5 });
    assert_int_equal(rd(v, X2APIC_ESR), 0);     /* latched on the next write */
    wr(v, X2APIC_ESR, 0);
    assert_int_equal(rd(v, X2APIC_ESR), VLAPIC_ESR_RECV_ILLEGAL);
    wr(v, X2APIC_ESR, 0);
    assert_int_equal(rd(v, X2APIC_ESR), 0);
    /* With the error LVT unmasked the error raises its vector. */
    wr(v, X2APIC_LVT_ERROR, 0xfe);
    wr(v, X2APIC_ICR, 0x02);                    /* fixed IPI, vector 2 */
    assert_int_equal(nsent, 0);
    assert_int_equal(vlapic_pending_vector(v), 0xfe);
    wr(v, X2APIC_ESR, 0);
    assert_int_equal(rd(v, X2APIC_ESR), VLAPIC_ESR_SEND_ILLEGAL);
    /* LVT writes keep only their defined bits. */
    wr(v, X2APIC_LVT_ERROR, 0xffffffff);
    assert_int_equal(rd(v, X2APIC_LVT_ERROR), 0x100ff);
    wr(v, X2APIC_LVT_LINT0, 0x700);
    assert_int_equal(rd(v, X2APIC_LVT_LINT0), 0x700);
    /* Software-disabling masks every LVT, and they stay masked. */
    wr(v, X2APIC_SVR, 0xff);
    assert_int_equal(rd(v, X2APIC_LVT_LINT0), 0x10700);
    wr(v, X2APIC_LVT_LINT0, 0x700);
    assert_int_equal(rd(v, X2APIC_LVT_LINT0), 0x10700);
}

static void test_ipis(void **state)
{
    for (unsigned int i = 0; i < 4; i++)
        enable(&va[i]);

    /* Physical fixed IPI to APIC ID 0x23 (vCPU 2). */
    wr(&va[0], X2APIC_ICR, (0x23ull << 32) | 0x31);
    assert_int_equal(rd(&va[0], X2APIC_ICR), (0x23ull << 32) | 0x31);
    assert_int_equal(nsent, 1);
    assert_int_equal(sent[0].dest, 0x23);
    assert_int_equal(sent[0].vector, 0x31);
    assert_int_equal(sent[0].dm, VLAPIC_DM_FIXED);
    assert_false(sent[0].logical);
    assert_int_equal(vlapic_pending_vector(&va[2]), 0x31);
    assert_int_equal(vlapic_pending_vector(&va[3]), -1);
    assert_int_equal(vlapic_pending_vector(&va[0]), -1);

    /* Logical, cluster 2, bits 3 and 4: vCPUs 2 and 3. */
    wr(&va[0], X2APIC_ICR, ((2ull << 16 | 0x18) << 32) | (1u << 11) | 0x32);
    assert_int_equal(vlapic_pending_vector(&va[3]), 0x32);
    assert_int_equal(vlapic_pending_vector(&va[2]), 0x32);
    assert_int_equal(vlapic_pending_vector(&va[1]), -1);

    /* All-but-self. */
    wr(&va[1], X2APIC_ICR, (3u << 18) | 0x33);
    assert_int_equal(vlapic_pending_vector(&va[0]), 0x33);
    assert_int_equal(vlapic_pending_vector(&va[1]), -1);
    /* All including self. */
    wr(&va[1], X2APIC_ICR, (2u << 18) | 0x34);
    assert_int_equal(vlapic_pending_vector(&va[1]), 0x34);
    /* Self shorthand and the SELF_IPI register stay local. */
    nsent = 0;
    wr(&va[1], X2APIC_ICR, (1u << 18) | 0x35);
    wr(&va[1], X2APIC_SELF_IPI, 0x36);
    assert_int_equal(nsent, 0);
    assert_int_equal(vlapic_pending_vector(&va[1]), 0x36);
    /* Physical broadcast. */
    wr(&va[0], X2APIC_ICR, (0xffffffffull << 32) | 0x37);
    assert_int_equal(vlapic_pending_vector(&va[3]), 0x37);
    /* NMI IPI. */
    wr(&va[0], X2APIC_ICR, (1ull << 32) | (4u << 8));
    assert_int_equal(vlapic_take_events(&va[1], NULL), VLAPIC_EV_NMI);
    assert_int_equal(vlapic_take_events(&va[1], NULL), 0);
    /* SMI is not offered. */
    assert_int_equal(vlapic_wrmsr(&va[0], X2APIC_ICR, (1ull << 32) | (2u << 8)),
                     -EOPNOTSUPP);
    assert_int_equal(va[0].stat_ipis, 4);          /* SMI was not sent */
}

static void test_lowest_priority_and_match(void **state)
{
    struct vlapic *set[4] = { &va[0], &va[1], &va[2], &va[3] };
    struct vlapic_irq irq = { .dest = (2u << 16) | 0x18, .logical = true,
                              .vector = 0x40, .dm = VLAPIC_DM_LOWPRI };

    for (unsigned int i = 0; i < 4; i++)
        enable(&va[i]);
    assert_int_equal(vlapic_deliver_set(set, 4, NULL, &irq), 1);
    irq.dm = VLAPIC_DM_FIXED;
    assert_int_equal(vlapic_deliver_set(set, 4, NULL, &irq), 2);
    irq = fixed(7, 0x41);                       /* nobody has ID 7 */
    assert_int_equal(vlapic_deliver_set(set, 4, NULL, &irq), 0);
    irq = fixed(0x24, 0x41);
    assert_true(vlapic_match(&va[3], NULL, &irq));
    assert_false(vlapic_match(&va[2], NULL, &irq));
    irq.logical = true;
    irq.dest = (1u << 16) | 1;                  /* cluster 1: nobody */
    assert_int_equal(vlapic_deliver_set(set, 4, NULL, &irq), 0);
}

static void test_init_sipi(void **state)
{
    struct vlapic *ap = &va[1];
    u8 vec = 0;

    enable(&va[0]);
    enable(ap);
    wr(ap, X2APIC_TPR, 0x20);
    vlapic_deliver(ap, &(struct vlapic_irq){ .vector = 0x55 });
    /* INIT assert, INIT de-assert (ignored), SIPI, second SIPI (ignored). */
    wr(&va[0], X2APIC_ICR, (1ull << 32) | (1u << 14) | (1u << 15) | (5u << 8));
    assert_int_equal(vlapic_take_events(ap, NULL), VLAPIC_EV_INIT);
    assert_true(vlapic_waiting_for_sipi(ap));
    assert_int_equal(rd(ap, X2APIC_SVR), 0xff);        /* INIT reset it */
    assert_int_equal(rd(ap, X2APIC_TPR), 0);
    assert_int_equal(vlapic_pending_vector(ap), -1);
    nsent = 0;
    wr(&va[0], X2APIC_ICR, (1ull << 32) | (1u << 15) | (5u << 8));
    assert_int_equal(nsent, 0);
    wr(&va[0], X2APIC_ICR, (1ull << 32) | (6u << 8) | 0x9a);
    assert_int_equal(vlapic_take_events(ap, &vec), VLAPIC_EV_SIPI);
    assert_int_equal(vec, 0x9a);
    assert_false(vlapic_waiting_for_sipi(ap));
    wr(&va[0], X2APIC_ICR, (1ull << 32) | (6u << 8) | 0x9b);
    assert_int_equal(vlapic_take_events(ap, &vec), 0);
    /* The APIC ID survives INIT. */
    assert_int_equal(rd(ap, X2APIC_ID), 1);
}

static void test_timer_oneshot(void **state)
{
    struct vlapic *v = &va[0];
    s_time_t t0 = now_ns;

    enable(v);
    wr(v, X2APIC_TDCR, 0xb);                    /* divide by 1 */
    wr(v, X2APIC_LVTT, 0xec);                   /* one-shot, unmasked */
    wr(v, X2APIC_TMICT, 1000);
    assert_true(tmr[0].armed);
    assert_int_equal(tmr[0].expires, t0 + 1000);
    now_ns = t0 + 400;
    assert_int_equal(rd(v, X2APIC_TMCCT), 600);
    /* An early or stale expiry re-arms and delivers nothing. */
    fire(v);
    assert_int_equal(vlapic_pending_vector(v), -1);
    assert_int_equal(tmr[0].expires, t0 + 1000);
    now_ns = t0 + 1000;
    fire(v);
    assert_int_equal(vlapic_pending_vector(v), 0xec);
    assert_false(tmr[0].armed);
    assert_int_equal(rd(v, X2APIC_TMCCT), 0);
    assert_int_equal(rd(v, X2APIC_TMICT), 1000);
    /* Not armed: a late callback does nothing. */
    vlapic_ack(v, 0xec);
    fire(v);
    assert_int_equal(vlapic_pending_vector(v), -1);

    /* Divide by 16: 100 ticks are 1600 ns. */
    wr(v, X2APIC_TDCR, 0x3);
    wr(v, X2APIC_TMICT, 100);
    assert_int_equal(tmr[0].expires, now_ns + 1600);
    now_ns += 800;
    assert_int_equal(rd(v, X2APIC_TMCCT), 50);
    /* TMICT 0 stops it. */
    wr(v, X2APIC_TMICT, 0);
    assert_false(tmr[0].armed);

    /* A masked timer counts but delivers nothing. */
    wr(v, X2APIC_LVTT, VLAPIC_LVT_MASKED | 0xec);
    wr(v, X2APIC_TMICT, 10);
    now_ns += 1000;
    fire(v);
    assert_int_equal(vlapic_pending_vector(v), -1);
}

static void test_timer_periodic(void **state)
{
    struct vlapic *v = &va[0];
    s_time_t t0 = now_ns;

    enable(v);
    wr(v, X2APIC_TDCR, 0xb);
    wr(v, X2APIC_LVTT, VLAPIC_LVTT_PERIODIC | 0xef);
    wr(v, X2APIC_TMICT, 1000000);               /* 1 ms */
    assert_int_equal(tmr[0].expires, t0 + 1000000);
    now_ns = t0 + 1000000;
    fire(v);
    assert_int_equal(vlapic_pending_vector(v), 0xef);
    assert_int_equal(tmr[0].expires, t0 + 2000000);
    now_ns = t0 + 2250000;
    assert_int_equal(rd(v, X2APIC_TMCCT), 750000);
    /* Late by 3.5 periods: the next expiry stays on the period grid. */
    now_ns = t0 + 5500000;
    fire(v);
    assert_int_equal(tmr[0].expires, t0 + 6000000);
    /* A tiny period is clamped, so a guest cannot flood the timer. */
    wr(v, X2APIC_TMICT, 1);
    assert_int_equal(tmr[0].expires, now_ns + 100000);
    /* Switching mode disarms it. */
    wr(v, X2APIC_LVTT, 0xef);
    assert_false(tmr[0].armed);
    assert_int_equal(rd(v, X2APIC_TMICT), 0);
}

static void test_timer_tsc_deadline(void **state)
{
    struct vlapic *v = &va[0];
    u64 tsc;

    enable(v);
    /* Outside deadline mode the MSR reads 0 and writes are ignored. */
    wr(v, MSR_IA32_TSC_DEADLINE, 12345);
    assert_int_equal(rd(v, MSR_IA32_TSC_DEADLINE), 0);
    assert_false(tmr[0].armed);

    wr(v, X2APIC_LVTT, VLAPIC_LVTT_DEADLINE | 0xed);
    wr(v, X2APIC_TMICT, 5000);                  /* ignored in this mode */
    assert_int_equal(rd(v, X2APIC_TMICT), 0);
    assert_false(tmr[0].armed);
    tsc = m_tsc(v);
    wr(v, MSR_IA32_TSC_DEADLINE, tsc + 4000);   /* 4000 ticks = 2000 ns */
    assert_int_equal(rd(v, MSR_IA32_TSC_DEADLINE), tsc + 4000);
    assert_true(tmr[0].armed);
    assert_int_equal(tmr[0].expires, now_ns + 2000);
    now_ns += 1000;                             /* early */
    fire(v);
    assert_int_equal(vlapic_pending_vector(v), -1);
    assert_int_equal(tmr[0].expires, now_ns + 1000);
    now_ns += 1000;
    fire(v);
    assert_int_equal(vlapic_pending_vector(v), 0xed);
    assert_int_equal(rd(v, MSR_IA32_TSC_DEADLINE), 0);
    /* A deadline already past fires at once; 0 disarms. */
    vlapic_ack(v, 0xed);
    wr(v, X2APIC_EOI, 0);
    wr(v, MSR_IA32_TSC_DEADLINE, 1);
    assert_int_equal(tmr[0].expires, now_ns);
    wr(v, MSR_IA32_TSC_DEADLINE, 0);
    assert_false(tmr[0].armed);
    /* A deadline far away does not overflow. */
    wr(v, MSR_IA32_TSC_DEADLINE, ~0ull);
    assert_true(tmr[0].expires > now_ns);
    vlapic_destroy(v);
    assert_false(tmr[0].armed);
}

/*
 * The guest writes its TSC while a deadline is armed: the deadline is
 * measured from the TSC as it is now, as the hardware compares them.
 */
static void test_timer_tsc_written(void **state)
{
    struct vlapic *v = &va[0];
    u64 deadline;

    enable(v);
    wr(v, X2APIC_LVTT, VLAPIC_LVTT_DEADLINE | 0xed);
    deadline = m_tsc(v) + 4000;                 /* 2000 ns away */
    wr(v, MSR_IA32_TSC_DEADLINE, deadline);
    assert_int_equal(tmr[0].expires, now_ns + 2000);
    /* Forward by 3000 ticks: 500 ns are left. */
    tsc_moved += 3000;
    vlapic_tsc_changed(v);
    assert_true(tmr[0].armed);
    assert_int_equal(tmr[0].expires, now_ns + 500);
    /* Back by 2,000,000 ticks: a millisecond more. */
    tsc_moved -= 2000000;
    vlapic_tsc_changed(v);
    assert_int_equal(tmr[0].expires, now_ns + 1000500);
    /* Past the deadline: it fires at once, and only once. */
    tsc_moved += 3000000;
    vlapic_tsc_changed(v);
    assert_int_equal(tmr[0].expires, now_ns);
    fire(v);
    assert_int_equal(vlapic_pending_vector(v), 0xed);
    assert_int_equal(rd(v, MSR_IA32_TSC_DEADLINE), 0);
    tsc_moved -= 3000000;
    vlapic_tsc_changed(v);
    assert_false(tmr[0].armed);
    /* Outside deadline mode a TSC write changes nothing. */
    wr(v, X2APIC_LVTT, 0xee);
    wr(v, X2APIC_TMICT, 1000);
    assert_int_equal(tmr[0].expires, now_ns + 1000 * 2);   /* divide by 2 at reset */
    tsc_moved += 12345;
    vlapic_tsc_changed(v);
    assert_int_equal(tmr[0].expires, now_ns + 1000 * 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_reset_state, setup),
        cmocka_unit_test_setup(test_gp_cases, setup),
        cmocka_unit_test_setup(test_apic_base_modes, setup),
        cmocka_unit_test_setup(test_priority_ack_eoi, setup),
        cmocka_unit_test_setup(test_level_eoi_broadcast, setup),
        cmocka_unit_test_setup(test_esr_and_error_lvt, setup),
        cmocka_unit_test_setup(test_ipis, setup),
        cmocka_unit_test_setup(test_lowest_priority_and_match, setup),
        cmocka_unit_test_setup(test_init_sipi, setup),
        cmocka_unit_test_setup(test_timer_oneshot, setup),
        cmocka_unit_test_setup(test_timer_periodic, setup),
        cmocka_unit_test_setup(test_timer_tsc_deadline, setup),
        cmocka_unit_test_setup(test_timer_tsc_written, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
