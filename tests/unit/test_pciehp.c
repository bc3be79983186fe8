/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control domain's hotplug slot state machine (domains/pciehp/pciehp.c, the
 * real file) against a model of a PCIe root port's slot registers that
 * behaves as QEMU 10's pcie-root-port does:
 *  - Slot Status events are RW1C, and a write with a 1 on an event bit
 *    that is not set is dropped whole (the quirk);
 *  - an interrupt is sent only when "HPIE and an enabled event pending"
 *    goes from false to true, so an event left pending blocks every later
 *    one: after each pciehp_handle() no enabled event may be left;
 *  - a Slot Control write sets Command Completed (unless the slot "never
 *    completes"); powering off with the power indicator off ejects a
 *    present device (presence and link lost, PDC); powering on brings the
 *    link up (unless the link "never comes up").
 * Checked: the attention-button removal and its cancel, plug-in, surprise
 * removal, the forced power-off order, a slot that never completes and a
 * link that never comes up (bounded, reported), events that never stop,
 * and giving a slot up (`hotplug off`) in the middle of a button press.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <mhv/pci/regs.h>
#include <public/errno.h>
#include <pciehp/pciehp.h>

#define CAP         0x40
#define PORT        0x00000020u         /* 0000:00:04.0 */
#define SLTCAP_QEMU 0x0002007bu         /* ABP PCP AIP PIP HPS HPC, EIP */

/* ------------------------------------------------------------ the model */

static struct model {
    uint32_t sltcap;
    uint16_t sltctl, sltsta, lnksta;
    bool present;
    bool never_complete, link_never, events_forever;
    /* what the model saw */
    unsigned int dropped_writes, irqs, writes;
    unsigned int slept_ms;
    unsigned int enumerated, teardowns, surprise_teardowns;
    int enumerate_result;
    char last_log[200];
    char all_log[4096];
    unsigned int nr_log;
} m;

static bool irq_condition(void)
{
    uint16_t en = 0;

    if (!(m.sltctl & PCI_EXP_SLTCTL_HPIE))
        return false;
    if (m.sltctl & PCI_EXP_SLTCTL_ABPE)
        en |= PCI_EXP_SLTSTA_ABP;
    if (m.sltctl & PCI_EXP_SLTCTL_PDCE)
        en |= PCI_EXP_SLTSTA_PDC;
    if (m.sltctl & PCI_EXP_SLTCTL_CCIE)
        en |= PCI_EXP_SLTSTA_CC;
    if (m.sltctl & PCI_EXP_SLTCTL_DLLSCE)
        en |= PCI_EXP_SLTSTA_DLLSC;
    return m.sltsta & en;
}

/* Raise events as hardware does: an interrupt on the false->true edge. */
static void model_event(uint16_t ev)
{
    bool before = irq_condition();

    m.sltsta |= ev;
    if (!before && irq_condition())
        m.irqs++;
}

static void model_set_presence(bool present)
{
    m.present = present;
    if (present)
        m.sltsta |= PCI_EXP_SLTSTA_PDS;
    else {
        m.sltsta &= ~PCI_EXP_SLTSTA_PDS;
        if (m.lnksta & PCI_EXP_LNKSTA_DLLLA) {
            m.lnksta &= ~PCI_EXP_LNKSTA_DLLLA;
            model_event(PCI_EXP_SLTSTA_DLLSC);
        }
    }
    model_event(PCI_EXP_SLTSTA_PDC);
}

static bool powered_off(uint16_t ctl)
{
    return (ctl & PCI_EXP_SLTCTL_PCC) &&
           ((ctl & PCI_EXP_SLTCTL_PIC) >> 8) == PCI_EXP_SLTCTL_IND_OFF;
}

static void model_write_ctl(uint16_t v)
{
    uint16_t old = m.sltctl;

    m.sltctl = v;
    if (!(v & PCI_EXP_SLTCTL_PCC) && m.present && !m.link_never &&
        !(m.lnksta & PCI_EXP_LNKSTA_DLLLA)) {
        m.lnksta |= PCI_EXP_LNKSTA_DLLLA;
        model_event(PCI_EXP_SLTSTA_DLLSC);
    }
    if ((v & PCI_EXP_SLTCTL_PCC) && (m.lnksta & PCI_EXP_LNKSTA_DLLLA)) {
        m.lnksta &= ~PCI_EXP_LNKSTA_DLLLA;
        model_event(PCI_EXP_SLTSTA_DLLSC);
    }
    /* QEMU: powered off with the indicator off -> the device is ejected. */
    if (m.present && powered_off(v) && !powered_off(old))
        model_set_presence(false);
    if (!m.never_complete)
        model_event(PCI_EXP_SLTSTA_CC);
}

static void model_write_sta(uint16_t v)
{
    uint16_t ev = v & PCI_EXP_SLTSTA_EVENTS;

    if (ev & ~m.sltsta) {
        m.dropped_writes++;     /* the quirk: the whole write is ignored */
        return;
    }
    m.sltsta &= ~ev;
    if (m.events_forever)
        model_event(PCI_EXP_SLTSTA_ABP);
}

static int op_read(struct pciehp_slot *s, unsigned int reg, unsigned int size,
                   uint32_t *v)
{
    assert_int_equal(s->port, PORT);
    switch (reg - CAP) {
    case PCI_EXP_SLTCAP: assert_int_equal(size, 4); *v = m.sltcap; return 0;
    case PCI_EXP_SLTCTL: assert_int_equal(size, 2); *v = m.sltctl; return 0;
    case PCI_EXP_SLTSTA: assert_int_equal(size, 2); *v = m.sltsta; return 0;
    case PCI_EXP_LNKSTA: assert_int_equal(size, 2); *v = m.lnksta; return 0;
    }
    fail_msg("read of register %#x", reg);
    return -1;
}

static int op_write(struct pciehp_slot *s, unsigned int reg, unsigned int size,
                    uint32_t v)
{
    m.writes++;
    assert_int_equal(size, 2);          /* never a dword over SLTCTL+SLTSTA */
    switch (reg - CAP) {
    case PCI_EXP_SLTCTL: model_write_ctl((uint16_t)v); return 0;
    case PCI_EXP_SLTSTA: model_write_sta((uint16_t)v); return 0;
    }
    fail_msg("write of register %#x", reg);
    return -1;
}

static void op_sleep(struct pciehp_slot *s, unsigned int ms)
{
    m.slept_ms += ms;
    assert_true(m.slept_ms < 100000);   /* no unbounded wait */
}

static int op_enumerate(struct pciehp_slot *s)
{
    m.enumerated++;
    return m.enumerate_result;
}

static int op_teardown(struct pciehp_slot *s, bool surprise)
{
    m.teardowns++;
    m.surprise_teardowns += surprise;
    return (int)s->nr_funcs;
}

static void op_log(struct pciehp_slot *s, const char *line)
{
    snprintf(m.last_log, sizeof(m.last_log), "%s", line);
    if (strlen(m.all_log) + strlen(line) + 2 < sizeof(m.all_log)) {
        strcat(m.all_log, line);
        strcat(m.all_log, "\n");
    }
    m.nr_log++;
    printf("  %s\n", line);
}

static const struct pciehp_ops ops = {
    .read = op_read, .write = op_write, .sleep_ms = op_sleep,
    .enumerate = op_enumerate, .teardown = op_teardown, .log = op_log,
};

static struct pciehp_slot slot;

/* A slot as QEMU has it at boot: indicators off; powered with the igb
 * present (@present) or empty and powered off. */
static void model_boot(bool present)
{
    memset(&m, 0, sizeof(m));
    m.sltcap = SLTCAP_QEMU;
    m.enumerate_result = 1;
    m.sltctl = (uint16_t)((PCI_EXP_SLTCTL_IND_OFF << 8) | (PCI_EXP_SLTCTL_IND_OFF << 6));
    if (present) {
        m.present = true;
        m.sltsta = PCI_EXP_SLTSTA_PDS;
        m.lnksta = PCI_EXP_LNKSTA_DLLLA;
    } else {
        m.sltctl |= PCI_EXP_SLTCTL_PCC;
    }
}

/* The interrupt handler's contract: nothing enabled left pending. */
static void handle(void)
{
    pciehp_handle(&slot);
    assert_false(irq_condition());
}

static void boot_on(void)
{
    model_boot(true);
    assert_int_equal(pciehp_init(&slot, PORT, CAP, 1, 500, &ops, NULL), 0);
    assert_int_equal(slot.state, PCIEHP_ON);
    assert_false(irq_condition());
    assert_true(m.sltctl & PCI_EXP_SLTCTL_HPIE);
    /* The power indicator is on, as Linux sets it. */
    assert_int_equal((m.sltctl & PCI_EXP_SLTCTL_PIC) >> 8, PCI_EXP_SLTCTL_IND_ON);
}

/* ------------------------------------------------------------ tests */

/* device_del: button, blink, tear down, power off -> QEMU ejects. */
static void test_button_removal(void **state)
{
    unsigned int irqs;

    boot_on();
    irqs = m.irqs;
    model_event(PCI_EXP_SLTSTA_ABP);
    assert_int_equal(m.irqs, irqs + 1);
    handle();
    assert_int_equal(slot.state, PCIEHP_BLINKING_OFF);
    assert_int_equal((m.sltctl & PCI_EXP_SLTCTL_PIC) >> 8, PCI_EXP_SLTCTL_IND_BLINK);
    pciehp_tick(&slot, 499);
    assert_int_equal(slot.state, PCIEHP_BLINKING_OFF);
    assert_int_equal(m.teardowns, 0);
    pciehp_tick(&slot, 1);
    assert_int_equal(slot.state, PCIEHP_OFF);
    assert_int_equal(m.teardowns, 1);
    assert_int_equal(m.surprise_teardowns, 0);
    assert_false(m.present);                    /* ejected by the power off */
    handle();                                   /* the PDC it raised */
    assert_int_equal(slot.state, PCIEHP_OFF);
    assert_int_equal(m.teardowns, 1);
    assert_int_equal(m.dropped_writes, 0);
    assert_int_equal(slot.cmd_timeouts, 0);
}

/* A second press within the delay cancels. */
static void test_button_cancel(void **state)
{
    boot_on();
    model_event(PCI_EXP_SLTSTA_ABP);
    handle();
    assert_int_equal(slot.state, PCIEHP_BLINKING_OFF);
    model_event(PCI_EXP_SLTSTA_ABP);
    handle();
    assert_int_equal(slot.state, PCIEHP_ON);
    pciehp_tick(&slot, 10000);
    assert_int_equal(slot.state, PCIEHP_ON);
    assert_int_equal(m.teardowns, 0);
    assert_true(m.present);
    assert_int_equal(m.dropped_writes, 0);
}

/* device_add into the empty, powered-off slot: PDS, PDC and ABP at once. */
static void test_plug(void **state)
{
    model_boot(false);
    assert_int_equal(pciehp_init(&slot, PORT, CAP, 0, 500, &ops, NULL), 0);
    assert_int_equal(slot.state, PCIEHP_OFF);
    m.present = true;
    m.sltsta |= PCI_EXP_SLTSTA_PDS;
    model_event(PCI_EXP_SLTSTA_PDC | PCI_EXP_SLTSTA_ABP);
    handle();
    assert_int_equal(slot.state, PCIEHP_ON);
    assert_int_equal(m.enumerated, 1);
    assert_int_equal(slot.nr_funcs, 1);
    assert_false(m.sltctl & PCI_EXP_SLTCTL_PCC);
    assert_true(m.lnksta & PCI_EXP_LNKSTA_DLLLA);
    /* The button that came with the plug does not start a removal. */
    pciehp_tick(&slot, 10000);
    assert_int_equal(slot.state, PCIEHP_ON);
    assert_int_equal(m.dropped_writes, 0);
}

/* The device vanishes under the registered functions. */
static void test_surprise_removal(void **state)
{
    boot_on();
    model_set_presence(false);
    handle();
    assert_int_equal(slot.state, PCIEHP_OFF);
    assert_int_equal(m.surprise_teardowns, 1);
    assert_int_equal(slot.surprises, 1);
    assert_int_equal(slot.nr_funcs, 0);
    assert_true(m.sltctl & PCI_EXP_SLTCTL_PCC);
    assert_int_equal(m.dropped_writes, 0);
}

/* Forced power off (nothing torn down; the device stays, unpowered), then
 * the button (QEMU's device_del on that slot): torn down as a surprise and
 * powered off with the indicator off, which ejects it. */
static void test_force_off_then_button(void **state)
{
    boot_on();
    assert_int_equal(pciehp_request_off(&slot, true), 0);
    assert_int_equal(slot.state, PCIEHP_OFF);
    assert_true(m.present);                     /* not ejected */
    assert_int_equal(m.teardowns, 0);
    assert_int_equal(slot.nr_funcs, 1);
    handle();                                   /* the link change */
    assert_int_equal(m.teardowns, 0);
    model_event(PCI_EXP_SLTSTA_ABP);
    handle();
    assert_int_equal(m.surprise_teardowns, 1);
    assert_int_equal(slot.state, PCIEHP_OFF);
    assert_false(m.present);
    handle();
    assert_int_equal(m.teardowns, 1);
    assert_int_equal(m.dropped_writes, 0);
}

/* Command Completed never comes: each wait ends after 1 s, is counted and
 * reported, and the machine goes on. */
static void test_never_completes(void **state)
{
    model_boot(false);
    m.never_complete = true;
    assert_int_equal(pciehp_init(&slot, PORT, CAP, 0, 500, &ops, NULL), 0);
    assert_true(slot.cmd_timeouts >= 1);
    assert_true(strstr(m.all_log, "command not completed"));
    m.present = true;
    m.sltsta |= PCI_EXP_SLTSTA_PDS;
    m.slept_ms = 0;
    model_event(PCI_EXP_SLTSTA_PDC);
    handle();
    assert_int_equal(slot.state, PCIEHP_ON);
    /* power on + indicator: two commands, one second each at most */
    assert_true(m.slept_ms <= 2 * PCIEHP_CMD_TIMEOUT_MS + 2 * PCIEHP_POLL_MS);
    assert_int_equal(m.dropped_writes, 0);
}

/* The link never comes up: reported, slot powered off again, no hang. */
static void test_link_never(void **state)
{
    model_boot(false);
    m.link_never = true;
    assert_int_equal(pciehp_init(&slot, PORT, CAP, 0, 500, &ops, NULL), 0);
    m.present = true;
    m.sltsta |= PCI_EXP_SLTSTA_PDS;
    m.slept_ms = 0;
    model_event(PCI_EXP_SLTSTA_PDC);
    handle();
    assert_int_equal(slot.state, PCIEHP_OFF);
    assert_int_equal(slot.link_timeouts, 1);
    assert_int_equal(m.enumerated, 0);
    assert_true(strstr(m.all_log, "link did not come up"));
    assert_true(m.slept_ms >= PCIEHP_LINK_TIMEOUT_MS);
    assert_true(m.slept_ms <= PCIEHP_LINK_TIMEOUT_MS + 4 * PCIEHP_POLL_MS);
    assert_true(m.sltctl & PCI_EXP_SLTCTL_PCC);
    assert_int_equal(m.dropped_writes, 0);
}

/* Nothing answers behind the link: powered off again. */
static void test_nothing_answers(void **state)
{
    model_boot(false);
    assert_int_equal(pciehp_init(&slot, PORT, CAP, 0, 500, &ops, NULL), 0);
    m.enumerate_result = 0;
    m.present = true;
    m.sltsta |= PCI_EXP_SLTSTA_PDS;
    model_event(PCI_EXP_SLTSTA_PDC);
    handle();
    assert_int_equal(slot.state, PCIEHP_OFF);
    assert_true(strstr(m.all_log, "no function answers"));
}

/* Events that never stop (a stuck slot): the handler gives up after its
 * bounded rounds and says so once. */
static void test_events_forever(void **state)
{
    boot_on();
    m.events_forever = true;
    model_event(PCI_EXP_SLTSTA_ABP);
    pciehp_handle(&slot);
    assert_true(slot.stuck);
    assert_true(strstr(m.all_log, "events still pending"));
    assert_true(slot.events <= PCIEHP_EVENT_ROUNDS);
    assert_int_equal(m.dropped_writes, 0);
}

/* The model's quirk itself (so the tests above mean something). */
static void test_model_quirk(void **state)
{
    model_boot(true);
    m.sltsta |= PCI_EXP_SLTSTA_ABP;
    model_write_sta(PCI_EXP_SLTSTA_ABP | PCI_EXP_SLTSTA_PDC);
    assert_int_equal(m.dropped_writes, 1);
    assert_true(m.sltsta & PCI_EXP_SLTSTA_ABP);
    model_write_sta(PCI_EXP_SLTSTA_ABP);
    assert_false(m.sltsta & PCI_EXP_SLTSTA_ABP);
}

/* Given up (`hotplug off`) while waiting out a button press: the removal
 * is cancelled with the indicator back on, the interrupt and events are
 * off, nothing is torn down, and a later button press interrupts nobody.
 * Taken over again, the stale press is cleared, not acted on. */
static void test_release(void **state)
{
    unsigned int irqs;

    boot_on();
    model_event(PCI_EXP_SLTSTA_ABP);
    handle();
    assert_int_equal(slot.state, PCIEHP_BLINKING_OFF);
    pciehp_release(&slot);
    assert_int_equal(slot.state, PCIEHP_ON);
    assert_int_equal((m.sltctl & PCI_EXP_SLTCTL_PIC) >> 8, PCI_EXP_SLTCTL_IND_ON);
    assert_false(m.sltctl & (PCI_EXP_SLTCTL_HPIE | PCI_EXP_SLTCTL_ABPE |
                             PCI_EXP_SLTCTL_PDCE | PCI_EXP_SLTCTL_DLLSCE |
                             PCI_EXP_SLTCTL_CCIE));
    assert_false(m.sltctl & PCI_EXP_SLTCTL_PCC);        /* still powered */
    assert_true(strstr(m.last_log, "given up"));
    pciehp_tick(&slot, 10000);
    assert_int_equal(m.teardowns, 0);
    assert_true(m.present);
    irqs = m.irqs;
    model_event(PCI_EXP_SLTSTA_ABP);
    assert_int_equal(m.irqs, irqs);
    assert_int_equal(pciehp_init(&slot, PORT, CAP, 1, 500, &ops, NULL), 0);
    assert_int_equal(slot.state, PCIEHP_ON);
    assert_false(m.sltsta & PCI_EXP_SLTSTA_ABP);
    assert_false(irq_condition());
    pciehp_tick(&slot, 10000);
    assert_int_equal(m.teardowns, 0);
    assert_int_equal(m.dropped_writes, 0);
}

/* Given up while off after a plug button (blinking-on): back to off with
 * the indicator off. */
static void test_release_blinking_on(void **state)
{
    model_boot(false);
    assert_int_equal(pciehp_init(&slot, PORT, CAP, 0, 500, &ops, NULL), 0);
    model_event(PCI_EXP_SLTSTA_ABP);
    handle();
    assert_int_equal(slot.state, PCIEHP_BLINKING_ON);
    pciehp_release(&slot);
    assert_int_equal(slot.state, PCIEHP_OFF);
    assert_int_equal((m.sltctl & PCI_EXP_SLTCTL_PIC) >> 8, PCI_EXP_SLTCTL_IND_OFF);
    assert_false(m.sltctl & PCI_EXP_SLTCTL_HPIE);
    pciehp_tick(&slot, 10000);
    assert_int_equal(m.enumerated, 0);
    assert_int_equal(m.dropped_writes, 0);
}

/* Not a hotplug slot. */
static void test_not_hotplug(void **state)
{
    model_boot(true);
    m.sltcap = 0;
    assert_int_equal(pciehp_init(&slot, PORT, CAP, 1, 500, &ops, NULL), -MHV_ENODEV);
    assert_int_equal(m.writes, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_quirk),
        cmocka_unit_test(test_button_removal),
        cmocka_unit_test(test_button_cancel),
        cmocka_unit_test(test_plug),
        cmocka_unit_test(test_surprise_removal),
        cmocka_unit_test(test_force_off_then_button),
        cmocka_unit_test(test_never_completes),
        cmocka_unit_test(test_link_never),
        cmocka_unit_test(test_nothing_answers),
        cmocka_unit_test(test_events_forever),
        cmocka_unit_test(test_release),
        cmocka_unit_test(test_release_blinking_on),
        cmocka_unit_test(test_not_hotplug),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
