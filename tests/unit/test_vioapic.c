/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual I/O APIC (arch/x86/hvm/vioapic.c): the indirect register
 * file, edge and level pins with masking, remote IRR and the EOI
 * broadcast, undefined accesses; and the path the UART's IRQ 4 takes into
 * a real vLAPIC (arch/x86/hvm/vlapic.c).
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <asm/hvm/vioapic.h>
#include <asm/hvm/vlapic.h>

static struct vioapic io;
static struct vlapic_irq got[8];
static unsigned int ngot;

static void m_deliver(void *ctx, const struct vlapic_irq *irq)
{
    assert_true(spin_is_locked(&io.lock));
    if (ngot < 8)
        got[ngot] = *irq;
    ngot++;
}

static const struct vioapic_ops ops = { .deliver = m_deliver };

static int setup(void **state)
{
    vioapic_init(&io, 0, &ops, NULL);
    ngot = 0;
    return 0;
}

static u32 reg_read(u32 reg)
{
    u64 v = 0;

    assert_int_equal(vioapic_mmio_write(&io, 0x00, 4, reg), 0);
    assert_int_equal(vioapic_mmio_read(&io, 0x10, 4, &v), 0);
    return (u32)v;
}

static void reg_write(u32 reg, u32 val)
{
    assert_int_equal(vioapic_mmio_write(&io, 0x00, 4, reg), 0);
    assert_int_equal(vioapic_mmio_write(&io, 0x10, 4, val), 0);
}

static void set_rte(unsigned int pin, u64 e)
{
    reg_write(0x11 + 2 * pin, (u32)(e >> 32));
    reg_write(0x10 + 2 * pin, (u32)e);
}

static void test_registers(void **state)
{
    u64 v;

    assert_int_equal(reg_read(0x01), 0x00170011);  /* 24 entries, 0x11 */
    reg_write(0x00, 0x0f000000);
    assert_int_equal(reg_read(0x00), 0x0f000000);
    reg_write(0x01, 0);                             /* read-only */
    assert_int_equal(reg_read(0x01), 0x00170011);
    for (unsigned int pin = 0; pin < VIOAPIC_PINS; pin++)
        assert_int_equal(reg_read(0x10 + 2 * pin), VIOAPIC_RTE_MASKED);
    set_rte(4, 0x0300000000000000ull | VIOAPIC_RTE_MASKED | 0x7031ull);
    /* Delivery status and remote IRR are not writable. */
    assert_int_equal(reg_read(0x18), VIOAPIC_RTE_MASKED | 0x0031 | VIOAPIC_RTE_ACTIVE_LOW);
    assert_int_equal(reg_read(0x19), 0x03000000);
    assert_int_equal(reg_read(0x40), 0xffffffff);  /* past entry 23 */
    /* IOREGSEL reads back. */
    vioapic_mmio_write(&io, 0, 4, 0x12);
    assert_int_equal(vioapic_mmio_read(&io, 0, 4, &v), 0);
    assert_int_equal(v, 0x12);
    /* Undefined accesses: all-ones, dropped, reported. */
    assert_int_equal(vioapic_mmio_read(&io, 0x10, 1, &v), -EINVAL);
    assert_int_equal(v, 0xff);
    assert_int_equal(vioapic_mmio_read(&io, 0x20, 4, &v), -EINVAL);
    assert_int_equal(v, 0xffffffff);
    assert_int_equal(vioapic_mmio_write(&io, 0x14, 4, 0), -EINVAL);
    assert_int_equal(vioapic_mmio_write(&io, 0x10, 8, 0), -EINVAL);
    assert_int_equal(reg_read(0x19), 0x03000000);
}

static void test_edge(void **state)
{
    set_rte(4, (1ull << 56) | 0x34);                /* edge, fixed, APIC 1 */
    vioapic_set_irq(&io, 4, true);
    assert_int_equal(ngot, 1);
    assert_int_equal(got[0].vector, 0x34);
    assert_int_equal(got[0].dest, 1);
    assert_false(got[0].level);
    assert_false(got[0].logical);
    vioapic_set_irq(&io, 4, true);                  /* no new edge */
    assert_int_equal(ngot, 1);
    vioapic_set_irq(&io, 4, false);
    vioapic_set_irq(&io, 4, true);
    assert_int_equal(ngot, 2);
    /* A masked edge is lost, and unmasking does not replay it. */
    vioapic_set_irq(&io, 4, false);
    set_rte(4, VIOAPIC_RTE_MASKED | 0x34);
    vioapic_set_irq(&io, 4, true);
    set_rte(4, 0x34);
    assert_int_equal(ngot, 2);
    /* Out-of-range pins are ignored. */
    vioapic_set_irq(&io, 24, true);
    vioapic_set_irq(&io, 1000, true);
    assert_int_equal(ngot, 2);
}

static void test_level_remote_irr(void **state)
{
    set_rte(9, VIOAPIC_RTE_LEVEL | VIOAPIC_RTE_LOGICAL | (0x3ull << 56) | 0x49);
    vioapic_set_irq(&io, 9, true);
    assert_int_equal(ngot, 1);
    assert_true(got[0].level && got[0].logical);
    assert_int_equal(got[0].dest, 3);
    assert_true(reg_read(0x10 + 18) & VIOAPIC_RTE_REMOTE_IRR);
    vioapic_set_irq(&io, 9, true);                  /* held by remote IRR */
    assert_int_equal(ngot, 1);
    vioapic_eoi(&io, 0x48);                         /* another vector */
    assert_int_equal(ngot, 1);
    vioapic_eoi(&io, 0x49);                         /* still high: again */
    assert_int_equal(ngot, 2);
    vioapic_set_irq(&io, 9, false);
    vioapic_eoi(&io, 0x49);
    assert_int_equal(ngot, 2);
    assert_false(reg_read(0x10 + 18) & VIOAPIC_RTE_REMOTE_IRR);
    /* Masked while high: delivered when unmasked. */
    set_rte(9, VIOAPIC_RTE_MASKED | VIOAPIC_RTE_LEVEL | 0x49);
    vioapic_set_irq(&io, 9, true);
    assert_int_equal(ngot, 2);
    set_rte(9, VIOAPIC_RTE_LEVEL | 0x49);
    assert_int_equal(ngot, 3);
    /* Rewriting the entry keeps the remote IRR (no second delivery). */
    set_rte(9, VIOAPIC_RTE_LEVEL | 0x49);
    assert_int_equal(ngot, 3);
}

/* IRQ 4 through a real vLAPIC. */
static struct vlapic lapic;
static unsigned int nkick;
static s_time_t l_now(struct vlapic *v) { return 0; }
static u64 l_tsc(struct vlapic *v) { return 0; }
static void l_timer(struct vlapic *v, s_time_t e) { }
static void l_stop(struct vlapic *v) { }
static void l_ipi(struct vlapic *v, const struct vlapic_irq *irq) { }
static void l_eoi(struct vlapic *v, u8 vec) { vioapic_eoi(&io, vec); }
static void l_kick(struct vlapic *v) { nkick++; }
static const struct vlapic_ops lops = {
    .now = l_now, .guest_tsc = l_tsc, .timer_set = l_timer, .timer_stop = l_stop,
    .send_ipi = l_ipi, .eoi = l_eoi, .kick = l_kick,
};
static void to_lapic(void *ctx, const struct vlapic_irq *irq)
{
    struct vlapic *set[1] = { &lapic };

    vlapic_deliver_set(set, 1, NULL, irq);
}
static const struct vioapic_ops lapic_ops = { .deliver = to_lapic };

static void test_into_vlapic(void **state)
{
    vioapic_init(&io, 0, &lapic_ops, NULL);
    vlapic_init(&lapic, 0, true, 1000000, &lops, NULL);
    assert_int_equal(vlapic_wrmsr(&lapic, X2APIC_SVR, 0x1ff), 0);
    set_rte(4, 0x24);                               /* edge, APIC 0 */
    vioapic_set_irq(&io, 4, true);
    assert_int_equal(vlapic_pending_vector(&lapic), 0x24);
    assert_int_equal(nkick, 1);
    vlapic_ack(&lapic, 0x24);
    assert_int_equal(vlapic_wrmsr(&lapic, X2APIC_EOI, 0), 0);
    /* Level: the EOI goes back to the IOAPIC and re-delivers. */
    set_rte(5, VIOAPIC_RTE_LEVEL | 0x25);
    vioapic_set_irq(&io, 5, true);
    assert_int_equal(vlapic_pending_vector(&lapic), 0x25);
    vlapic_ack(&lapic, 0x25);
    assert_int_equal(vlapic_wrmsr(&lapic, X2APIC_EOI, 0), 0);
    assert_int_equal(vlapic_pending_vector(&lapic), 0x25);
    vlapic_ack(&lapic, 0x25);
    vioapic_set_irq(&io, 5, false);
    assert_int_equal(vlapic_wrmsr(&lapic, X2APIC_EOI, 0), 0);
    assert_int_equal(vlapic_pending_vector(&lapic), -1);
    /* A destination nobody has: dropped. */
    set_rte(6, (9ull << 56) | 0x26);
    vioapic_set_irq(&io, 6, true);
    assert_int_equal(vlapic_pending_vector(&lapic), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_registers, setup),
        cmocka_unit_test_setup(test_edge, setup),
        cmocka_unit_test_setup(test_level_remote_irr, setup),
        cmocka_unit_test_setup(test_into_vlapic, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
