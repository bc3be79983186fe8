/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pciehp slot state machine (see pciehp.h and docs/hotplug.md).
 * No I/O of its own: everything goes through s->ops.
 */
#include <stdarg.h>
#ifdef CONFIG_HOST_TEST
#include <stdio.h>
#include <string.h>
#include <mhv/compiler.h>
#else
#include <runtime/runtime.h>
#endif
#include <public/errno.h>
#include <mhv/pci/regs.h>
#include <runtime/parse.h>
#include "pciehp.h"

#define SLTCTL_EVENTS_ON    (PCI_EXP_SLTCTL_ABPE | PCI_EXP_SLTCTL_PDCE | \
                             PCI_EXP_SLTCTL_HPIE | PCI_EXP_SLTCTL_DLLSCE)
/* The events this machine enables (Command Completed is polled for). */
#define SLTSTA_HANDLED      (PCI_EXP_SLTSTA_ABP | PCI_EXP_SLTSTA_PDC | \
                             PCI_EXP_SLTSTA_DLLSC)

const char *pciehp_state_name(enum pciehp_state st)
{
    switch (st) {
    case PCIEHP_OFF:            return "off";
    case PCIEHP_BLINKING_ON:    return "blinking-on";
    case PCIEHP_POWERING_ON:    return "powering-on";
    case PCIEHP_ON:             return "on";
    case PCIEHP_BLINKING_OFF:   return "blinking-off";
    case PCIEHP_POWERING_OFF:   return "powering-off";
    }
    return "?";
}

static void say(struct pciehp_slot *s, const char *fmt, ...) __printf(2, 3);

/* One log line: "pciehp SSSS:BB:DD.F: " and the message. */
static void say(struct pciehp_slot *s, const char *fmt, ...)
{
    char line[200], port[SBDF_STR_LEN];
    int n;
    va_list ap;

    n = snprintf(line, sizeof(line), "pciehp %s: ", sbdf_format(s->port, port));
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    va_end(ap);
    s->ops->log(s, line);
}

/* The one line per transition. */
static void set_state(struct pciehp_slot *s, enum pciehp_state to, const char *why)
{
    say(s, "%s -> %s (%s)", pciehp_state_name(s->state), pciehp_state_name(to), why);
    s->state = to;
}

static int rd16(struct pciehp_slot *s, unsigned int reg, uint16_t *v)
{
    uint32_t x = 0xffff;
    int rc = s->ops->read(s, s->cap + reg, 2, &x);

    *v = (uint16_t)x;
    return rc;
}

static int wr16(struct pciehp_slot *s, unsigned int reg, uint16_t v)
{
    return s->ops->write(s, s->cap + reg, 2, v);
}

/*
 * Acknowledge @events: exactly the bits read, never one more (QEMU drops
 * a write that sets a clear event bit, and the next event then raises no
 * interrupt).
 */
static void ack(struct pciehp_slot *s, uint16_t events)
{
    if (events)
        wr16(s, PCI_EXP_SLTSTA, events);
}

/*
 * Wait (bounded) for Command Completed after a Slot Control write and
 * acknowledge it.  A slot that never completes is reported and the
 * machine goes on, as Linux's pcie_wait_cmd() does.
 */
static void wait_cmd(struct pciehp_slot *s)
{
    unsigned int waited = 0;
    uint16_t sta;

    if (s->sltcap & PCI_EXP_SLTCAP_NCCS)
        return;
    for (;;) {
        if (rd16(s, PCI_EXP_SLTSTA, &sta) || sta == 0xffff)
            break;
        if (sta & PCI_EXP_SLTSTA_CC) {
            ack(s, PCI_EXP_SLTSTA_CC);
            return;
        }
        if (waited >= PCIEHP_CMD_TIMEOUT_MS)
            break;
        s->ops->sleep_ms(s, PCIEHP_POLL_MS);
        waited += PCIEHP_POLL_MS;
    }
    s->cmd_timeouts++;
    say(s, "command not completed within %u ms", PCIEHP_CMD_TIMEOUT_MS);
}

/* Slot Control: replace the bits in @mask with @val, wait for completion. */
static void slot_ctl(struct pciehp_slot *s, uint16_t mask, uint16_t val)
{
    uint16_t ctl;

    if (rd16(s, PCI_EXP_SLTCTL, &ctl) || ctl == 0xffff)
        return;
    ctl = (uint16_t)((ctl & ~mask) | (val & mask));
    wr16(s, PCI_EXP_SLTCTL, ctl);
    wait_cmd(s);
}

static uint16_t pic(unsigned int ind)
{
    return (uint16_t)(ind << 8);
}

static uint16_t aic(unsigned int ind)
{
    return (uint16_t)(ind << 6);
}

static void power_indicator(struct pciehp_slot *s, unsigned int ind)
{
    if (s->sltcap & PCI_EXP_SLTCAP_PIP)
        slot_ctl(s, PCI_EXP_SLTCTL_PIC, pic(ind));
}

/* Power off with the indicators off. */
static void power_off(struct pciehp_slot *s)
{
    uint16_t mask = PCI_EXP_SLTCTL_PCC, val = PCI_EXP_SLTCTL_PCC;

    if (!(s->sltcap & PCI_EXP_SLTCAP_PCP))
        return;
    if (s->sltcap & PCI_EXP_SLTCAP_PIP) {
        mask |= PCI_EXP_SLTCTL_PIC;
        val |= pic(PCI_EXP_SLTCTL_IND_OFF);
    }
    if (s->sltcap & PCI_EXP_SLTCAP_AIP) {
        mask |= PCI_EXP_SLTCTL_AIC;
        val |= aic(PCI_EXP_SLTCTL_IND_OFF);
    }
    slot_ctl(s, mask, val);
}

static bool presence(struct pciehp_slot *s)
{
    uint16_t sta;

    return !rd16(s, PCI_EXP_SLTSTA, &sta) && sta != 0xffff &&
           (sta & PCI_EXP_SLTSTA_PDS);
}

static bool link_active(struct pciehp_slot *s)
{
    uint16_t lnk;

    return !rd16(s, PCI_EXP_LNKSTA, &lnk) && lnk != 0xffff &&
           (lnk & PCI_EXP_LNKSTA_DLLLA);
}

/* Power on, wait for the link (bounded), enumerate. */
static void power_up(struct pciehp_slot *s, const char *why)
{
    unsigned int waited = 0;
    int n;

    if (s->nr_funcs) {
        /* Forced off earlier: what was registered cannot be trusted. */
        say(s, "%u functions left from before the power went: tearing them "
            "down first", s->nr_funcs);
        s->surprises++;
        s->ops->teardown(s, true);
        s->nr_funcs = 0;
    }
    set_state(s, PCIEHP_POWERING_ON, why);
    if (s->sltcap & PCI_EXP_SLTCAP_PCP) {
        uint16_t mask = PCI_EXP_SLTCTL_PCC, val = 0;

        if (s->sltcap & PCI_EXP_SLTCAP_PIP) {
            mask |= PCI_EXP_SLTCTL_PIC;
            val |= pic(PCI_EXP_SLTCTL_IND_BLINK);
        }
        slot_ctl(s, mask, val);
    }
    while (!link_active(s)) {
        if (waited >= PCIEHP_LINK_TIMEOUT_MS) {
            s->link_timeouts++;
            power_off(s);
            set_state(s, PCIEHP_OFF, "link did not come up within 1000 ms; "
                      "slot powered off");
            return;
        }
        s->ops->sleep_ms(s, PCIEHP_POLL_MS);
        waited += PCIEHP_POLL_MS;
    }
    n = s->ops->enumerate(s);
    if (n <= 0) {
        if (n < 0)
            s->ops->teardown(s, false);     /* what did get added */
        s->nr_funcs = 0;
        power_off(s);
        set_state(s, PCIEHP_OFF, n ? "enumeration failed; slot powered off"
                                   : "no function answers; slot powered off");
        return;
    }
    s->nr_funcs = (unsigned int)n;
    power_indicator(s, PCI_EXP_SLTCTL_IND_ON);
    set_state(s, PCIEHP_ON, n == 1 ? "link up, 1 function added"
                                   : "link up, functions added");
}

/* Orderly removal: tear down, then power off (QEMU then deletes the
 * device and reports presence lost). */
static void power_down(struct pciehp_slot *s, const char *why)
{
    set_state(s, PCIEHP_POWERING_OFF, why);
    s->ops->teardown(s, false);
    s->nr_funcs = 0;
    power_off(s);
    set_state(s, PCIEHP_OFF, "torn down, slot powered off");
}

/*
 * The device went away (or cannot be reached any more) under what is
 * registered behind the port: tear that down in the surprise order and
 * power off with the indicators off.
 */
static void surprise(struct pciehp_slot *s, const char *why)
{
    s->surprises++;
    say(s, "surprise removal: %s", s->nr_funcs ? "tearing down what is "
        "still registered" : "nothing registered");
    s->ops->teardown(s, true);
    s->nr_funcs = 0;
    power_off(s);
    set_state(s, PCIEHP_OFF, why);
}

static void button(struct pciehp_slot *s)
{
    switch (s->state) {
    case PCIEHP_ON:
        s->timer_ms = s->blink_ms;
        power_indicator(s, PCI_EXP_SLTCTL_IND_BLINK);
        set_state(s, PCIEHP_BLINKING_OFF, "attention button; press again to cancel");
        break;
    case PCIEHP_BLINKING_OFF:
        power_indicator(s, PCI_EXP_SLTCTL_IND_ON);
        set_state(s, PCIEHP_ON, "attention button again: removal cancelled");
        break;
    case PCIEHP_OFF:
        if (s->nr_funcs) {
            /* Powered off by force with functions still registered: the
             * button asks for the device to go; it cannot be reached. */
            surprise(s, "attention button on a slot forced off");
            break;
        }
        s->timer_ms = s->blink_ms;
        power_indicator(s, PCI_EXP_SLTCTL_IND_BLINK);
        set_state(s, PCIEHP_BLINKING_ON, "attention button");
        break;
    case PCIEHP_BLINKING_ON:
        power_indicator(s, PCI_EXP_SLTCTL_IND_OFF);
        set_state(s, PCIEHP_OFF, "attention button again: cancelled");
        break;
    default:
        say(s, "attention button ignored while %s", pciehp_state_name(s->state));
        break;
    }
}

static void presence_or_link(struct pciehp_slot *s, uint16_t ev)
{
    bool present = presence(s);

    if (!present) {
        switch (s->state) {
        case PCIEHP_ON:
        case PCIEHP_BLINKING_OFF:
            surprise(s, "presence lost");
            break;
        case PCIEHP_BLINKING_ON:
            power_indicator(s, PCI_EXP_SLTCTL_IND_OFF);
            set_state(s, PCIEHP_OFF, "presence lost");
            break;
        default:
            if (s->nr_funcs)        /* powered off by force, then pulled */
                surprise(s, "presence lost");
            else
                say(s, "presence lost while %s", pciehp_state_name(s->state));
            break;
        }
        return;
    }
    switch (s->state) {
    case PCIEHP_OFF:
        /* A device put in; not the link going down under a slot we (or
         * the operator, by force) powered off. */
        if (ev & PCI_EXP_SLTSTA_PDC)
            power_up(s, "presence detected");
        break;
    case PCIEHP_BLINKING_ON:
        power_up(s, "presence detected");
        break;
    case PCIEHP_ON:
    case PCIEHP_BLINKING_OFF:
        if (!link_active(s))
            surprise(s, "link lost");   /* under a present device */
        break;
    default:
        break;
    }
}

void pciehp_handle(struct pciehp_slot *s)
{
    for (unsigned int round = 0; round < PCIEHP_EVENT_ROUNDS; round++) {
        uint16_t sta, ev;

        if (rd16(s, PCI_EXP_SLTSTA, &sta) || sta == 0xffff)
            return;             /* the port itself is gone */
        ev = sta & PCI_EXP_SLTSTA_EVENTS;
        if (!ev)
            return;
        ack(s, ev);
        s->events++;
        /* Linux's order: the button first, so that a device plugged in
         * with ABP and PDC at once (QEMU) is powered on by the presence
         * change at once instead of after the blink. */
        if (ev & PCI_EXP_SLTSTA_ABP)
            button(s);
        if (ev & (PCI_EXP_SLTSTA_PDC | PCI_EXP_SLTSTA_DLLSC))
            presence_or_link(s, ev);
    }
    if (!s->stuck) {
        s->stuck = true;
        say(s, "events still pending after %u rounds; left for the next "
            "interrupt", PCIEHP_EVENT_ROUNDS);
    }
}

void pciehp_tick(struct pciehp_slot *s, unsigned int ms)
{
    if (s->state != PCIEHP_BLINKING_OFF && s->state != PCIEHP_BLINKING_ON)
        return;
    if (s->timer_ms > ms) {
        s->timer_ms -= ms;
        return;
    }
    s->timer_ms = 0;
    if (s->state == PCIEHP_BLINKING_OFF)
        power_down(s, "button delay over");
    else if (presence(s))
        power_up(s, "button delay over");
    else {
        power_indicator(s, PCI_EXP_SLTCTL_IND_OFF);
        set_state(s, PCIEHP_OFF, "button delay over, slot empty");
    }
}

int pciehp_request_off(struct pciehp_slot *s, bool force)
{
    if (force) {
        /*
         * No teardown: what is behind the port stays registered and
         * vanishes under its users (the surprise order, for tests).  Only
         * Power Controller Control: QEMU ejects the device of a slot
         * powered off with its power indicator off, so the indicator stays
         * as it is and the device stays, unpowered and unreadable.
         */
        if (s->sltcap & PCI_EXP_SLTCAP_PCP)
            slot_ctl(s, PCI_EXP_SLTCTL_PCC, PCI_EXP_SLTCTL_PCC);
        if (s->state != PCIEHP_OFF)
            set_state(s, PCIEHP_OFF, "forced power off, nothing torn down");
        return 0;
    }
    if (s->state != PCIEHP_ON && s->state != PCIEHP_BLINKING_OFF)
        return -MHV_EINVAL;
    power_down(s, "requested");
    return 0;
}

int pciehp_request_on(struct pciehp_slot *s)
{
    if (s->state != PCIEHP_OFF && s->state != PCIEHP_BLINKING_ON)
        return -MHV_EINVAL;
    if (!presence(s))
        return -MHV_ENODEV;
    power_up(s, "requested");
    return 0;
}

void pciehp_release(struct pciehp_slot *s)
{
    if (s->state == PCIEHP_BLINKING_OFF) {
        power_indicator(s, PCI_EXP_SLTCTL_IND_ON);
        set_state(s, PCIEHP_ON, "given up: removal cancelled");
    } else if (s->state == PCIEHP_BLINKING_ON) {
        power_indicator(s, PCI_EXP_SLTCTL_IND_OFF);
        set_state(s, PCIEHP_OFF, "given up: cancelled");
    }
    slot_ctl(s, SLTCTL_EVENTS_ON | PCI_EXP_SLTCTL_CCIE, 0);
    say(s, "given up: no hotplug interrupt, %s, %u functions behind",
        s->state == PCIEHP_ON ? "powered" : "powered off", s->nr_funcs);
}

int pciehp_init(struct pciehp_slot *s, uint32_t port, unsigned int cap,
                unsigned int nr_funcs, unsigned int blink_ms,
                const struct pciehp_ops *ops, void *priv)
{
    uint32_t v;
    uint16_t sta, ctl;
    int rc;

    memset(s, 0, sizeof(*s));
    s->port = port;
    s->cap = cap;
    s->ops = ops;
    s->priv = priv;
    s->blink_ms = blink_ms;
    s->state = PCIEHP_OFF;
    if ((rc = ops->read(s, cap + PCI_EXP_SLTCAP, 4, &v)))
        return rc;
    s->sltcap = v;
    if (v == 0xffffffffu || !(v & PCI_EXP_SLTCAP_HPC))
        return -MHV_ENODEV;
    if ((rc = rd16(s, PCI_EXP_SLTSTA, &sta)) || (rc = rd16(s, PCI_EXP_SLTCTL, &ctl)))
        return rc;
    ack(s, sta & PCI_EXP_SLTSTA_EVENTS);     /* stale events, exactly */
    slot_ctl(s, SLTCTL_EVENTS_ON | PCI_EXP_SLTCTL_CCIE, SLTCTL_EVENTS_ON);
    if ((sta & PCI_EXP_SLTSTA_PDS) &&
        (!(s->sltcap & PCI_EXP_SLTCAP_PCP) || !(ctl & PCI_EXP_SLTCTL_PCC)) &&
        nr_funcs) {
        s->nr_funcs = nr_funcs;
        power_indicator(s, PCI_EXP_SLTCTL_IND_ON);      /* as Linux does */
        set_state(s, PCIEHP_ON, "found powered, functions registered at boot");
    } else if (sta & PCI_EXP_SLTSTA_PDS) {
        power_up(s, "found a device present");
    } else {
        power_off(s);
        say(s, "found empty");
    }
    /* Anything that came in meanwhile (no interrupt may be sent for it). */
    pciehp_handle(s);
    return 0;
}
