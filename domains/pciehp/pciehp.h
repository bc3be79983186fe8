/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pciehp: the control domain's PCIe native hotplug state machine, one per
 * hotplug slot (a root or downstream port whose Slot Capabilities say
 * Hot-Plug Capable), after Linux's drivers/pci/hotplug/pciehp_ctrl.c.
 * Policy lives here, in ring 3; the hypervisor only offers the mechanism
 * (config access, the port's MSI-X as a pirq, device add/remove, BAR
 * placement).  docs/hotplug.md has the states and why.
 *
 *   off --button--> blinking-on --5 s / presence--> powering-on --link--> on
 *   on  --button--> blinking-off --5 s--> powering-off --> off
 *   blinking-off --button--> on (cancelled)
 *   on/blinking-off --presence lost--> off (surprise: torn down, powered off)
 *
 * Every transition prints one line:
 *   pciehp SSSS:BB:DD.F: FROM -> TO (WHY)
 *
 * Rules the slot registers impose (BRIEF section 10):
 *  - Slot Status events are RW1C and are written back exactly as read: a 1
 *    on an event bit that is not set makes QEMU drop the whole write, and
 *    with an enabled event left pending no later event interrupts.
 *  - An interrupt comes only when "HPIE and an enabled event pending" goes
 *    from false to true, so the handler loops until no event is left.
 *  - Every wait is bounded: Command Completed (1 s), link up (1 s); a slot
 *    that does not answer is reported and left powered off, not waited on.
 *
 * The machine does no I/O of its own: the caller passes struct pciehp_ops
 * (the port's config space, a sleep, and the two callbacks that enumerate
 * and tear down what is behind the port), so the same file runs in the
 * control domain and in a host test against a model of the registers.
 * Single-threaded: the caller serialises all calls for a slot.
 */
#ifndef DOMAINS_PCIEHP_H
#define DOMAINS_PCIEHP_H

#include <stdint.h>
#include <stdbool.h>

enum pciehp_state {
    PCIEHP_OFF,
    PCIEHP_BLINKING_ON,
    PCIEHP_POWERING_ON,
    PCIEHP_ON,
    PCIEHP_BLINKING_OFF,
    PCIEHP_POWERING_OFF,
};

/* Linux's pciehp waits 5 s after a button press before acting on it. */
#define PCIEHP_BLINK_MS_DEFAULT     5000u
#define PCIEHP_CMD_TIMEOUT_MS       1000u   /* Command Completed */
#define PCIEHP_LINK_TIMEOUT_MS      1000u   /* Data Link Layer Link Active */
#define PCIEHP_POLL_MS              10u
/* Rounds of "read events, write them back" in one pciehp_handle(). */
#define PCIEHP_EVENT_ROUNDS         8u

struct pciehp_slot;

struct pciehp_ops {
    /* The port's config space; nonzero return: the access failed. */
    int (*read)(struct pciehp_slot *s, unsigned int reg, unsigned int size,
                uint32_t *val);
    int (*write)(struct pciehp_slot *s, unsigned int reg, unsigned int size,
                 uint32_t val);
    /* Wait about @ms (bounded waits poll with it). */
    void (*sleep_ms)(struct pciehp_slot *s, unsigned int ms);
    /* Link is up: find, place and register the functions behind the port.
     * Returns how many were added (0: nothing answers) or a negative errno. */
    int (*enumerate)(struct pciehp_slot *s);
    /* Take every function behind the port out of use and out of the
     * registry.  @surprise: the device is gone already (no config writes
     * to it help).  Returns how many functions were removed. */
    int (*teardown)(struct pciehp_slot *s, bool surprise);
    /* One line of log, without the newline. */
    void (*log)(struct pciehp_slot *s, const char *line);
};

struct pciehp_slot {
    uint32_t port;              /* SBDF of the root/downstream port */
    unsigned int cap;           /* its PCIe capability */
    uint32_t sltcap;
    enum pciehp_state state;
    unsigned int blink_ms;      /* button-to-action delay */
    unsigned int timer_ms;      /* left in a blinking state */
    unsigned int nr_funcs;      /* functions registered behind the port */
    /* Counters for `slots` and the tests. */
    unsigned int events, cmd_timeouts, link_timeouts, surprises;
    bool stuck;                 /* events keep coming: reported once */
    const struct pciehp_ops *ops;
    void *priv;                 /* the caller's */
};

const char *pciehp_state_name(enum pciehp_state st);

/*
 * Take the slot over: read its capabilities and state, clear stale events
 * (exactly the bits read), enable the button, presence and link events
 * and the hotplug interrupt.  A slot found powered with a device present
 * starts `on` (the boot scan registered what is behind it: @nr_funcs);
 * otherwise `off`, and a device present but unpowered is powered on at
 * once.  Returns 0, -ENODEV (not a hotplug slot) or the access error.
 */
int pciehp_init(struct pciehp_slot *s, uint32_t port, unsigned int cap,
                unsigned int nr_funcs, unsigned int blink_ms,
                const struct pciehp_ops *ops, void *priv);

/*
 * Give the slot up (mhvctl's `hotplug off`), as Linux's pciehp leaves a
 * slot it is unbound from: a button press being waited out is cancelled
 * (its power indicator put back), the hotplug interrupt and its events are
 * turned off, and the slot stays as it is, powered or not, with what is
 * behind it still registered.  Events that come later stay latched in Slot
 * Status; pciehp_init() clears them when the slot is taken over again.
 */
void pciehp_release(struct pciehp_slot *s);

/* The port interrupted (or a poll found it due): handle every event. */
void pciehp_handle(struct pciehp_slot *s);

/* @ms passed: run a blinking state's timer out. */
void pciehp_tick(struct pciehp_slot *s, unsigned int ms);

/* Operator requests (mhvctl): the attention button's action, done
 * without waiting for the blink; power the slot on/off.  @force with off:
 * cut the power without tearing down (the surprise order's first half). */
int pciehp_request_off(struct pciehp_slot *s, bool force);
int pciehp_request_on(struct pciehp_slot *s);

#endif /* DOMAINS_PCIEHP_H */
