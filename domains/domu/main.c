/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ordinary-domain test program (domu.elf).  First the privilege
 * checks (privcheck.c); then, forever, it watches the devices assigned to
 * it (MHV_SYSCTL_pci_list lists a non-control domain's own devices) and
 * for each newly assigned igb VF maps MSI-X entry 0, raises it by software
 * through the VF's BAR0 and waits for the interrupt:
 *   device 0000:01:10.0 [8086:10ca] assigned
 *   pirq P entry 0 mapped for 0000:01:10.0
 *   pirq P delivered to d1
 * and "device SBDF deassigned" when it goes away; the hypervisor's device
 * events are printed as they come ("device SBDF revoked (event)", see
 * take_dev_events()).  The PF's GPIE MSI-X
 * mode is the control domain's job (mhvctl does it on `assign`).
 *
 * With `nofire` on its command line it maps entry 0 but never raises it
 * (no MMIO at all):
 *   pirq P entry 0 mapped for 0000:01:10.0 (nofire)
 *
 * With `poke-gone` it reads and writes BAR0 of a device it lost, once it
 * learns of it (before forgetting the mapping), as a driver racing the
 * removal does: the hypervisor answers like a removed device, and this
 * domain runs on:
 *   device 0000:01:10.0: BAR0 after the revoke: status ffffffff, a write
 *   went nowhere
 *
 * With `crash` it executes UD2 once it has mapped its first device's
 * interrupt and BAR: the hypervisor must crash this domain alone, tear the
 * mappings down, give the device back and run on.
 * With `reset` it then resets the VF by FLR and checks it works after
 * (reset.c).
 * With `stress=N stable=SBDF` it runs the stress mode instead (stress.c)
 * and shuts down with its result; with `attack=NAME` one of the attacks
 * of attack.c (which should get it crashed); with `net=IP` the network
 * mode (net.c).
 * With `flr-loop` it resets its first device by FLR about once a second,
 * forever (reset.c).
 * With `idle` it blocks for good (a domain for the benchmarks to assign
 * devices to, which never runs during a measurement).
 * With `dma-canary=writer|check` it leaves DMA programmed on its first
 * VF, or checks that such DMA does not reach it (dma_canary.c).
 * With `dma-attack` it turns the first igb VF it gets against the machine
 * through the VF's DMA engine (dma_attack.c) and shuts down with 0, or 1
 * if any DMA escaped the IOMMU.
 * With `fpu=writer|reader` it runs the FPU-isolation check (fpu.c), with
 * `fpu=simd` the SIMD code check (simd.c), and shuts down with the result.
 */
#include "domu.h"
#include <igb/igb_irq.h>

#define SCAN_PERIOD_NS      (100ull * 1000 * 1000)
#define FIRE_TIMEOUT_NS     (2000ull * 1000 * 1000)
#define MAX_DEVICES         16
#define DEV_EVENTS_MAX      32      /* the hypervisor's queue length */
#define SCAN_STEPS          10

static struct owned_dev {
    bool used, seen;
    uint32_t sbdf;
} devs[MAX_DEVICES];

static struct mhv_pci_info list_buf[MAX_DEVICES];
static bool nofire;
static bool poke_gone;
static bool crash;
static bool reset;
static bool dma_attack;
static enum { CANARY_NONE, CANARY_WRITER, CANARY_CHECK } canary;
static unsigned int victim_irte = 0x31;

static const char *ename(int rc)
{
    return errno_to_name(rc) ? errno_to_name(rc) : "EUNKNOWN";
}

/* Map MSI-X entry 0 of an igb VF we own, raise it, wait for it. */
static void exercise_igb_vf(uint32_t sbdf)
{
    volatile void *bar0;
    int pirq, rc;

    rc = mhv_pci_enable_mem_master(sbdf);
    if (rc)
        printf("%pp: COMMAND not set: %s (%d)\n", SBDF_ARG(sbdf), ename(rc), rc);
    rc = mhv_map_pirq_msix(DOMID_SELF, sbdf, 0, &pirq);
    if (rc) {
        printf("%pp: map_pirq entry 0: %s (%d)\n", SBDF_ARG(sbdf), ename(rc), rc);
        return;
    }
    if (nofire) {
        printf("pirq %d entry 0 mapped for %pp (nofire)\n", pirq, SBDF_ARG(sbdf));
        return;
    }
    printf("pirq %d entry 0 mapped for %pp\n", pirq, SBDF_ARG(sbdf));
    rc = mhv_bar_get(sbdf, 0, &bar0, NULL);
    if (rc) {
        printf("%pp: map_bar 0: %s (%d)\n", SBDF_ARG(sbdf), ename(rc), rc);
        return;
    }
    mhv_pirq_clear((unsigned int)pirq);
    igb_trigger(bar0, true, 0);
    rc = mhv_wait_pirq((unsigned int)pirq, FIRE_TIMEOUT_NS);
    if (rc)
        printf("pirq %d not delivered: %s (%d)\n", pirq, ename(rc), rc);
    else
        printf("pirq %d delivered to d%u\n", pirq, mhv_start_info->domid);
    if (reset)
        reset_check(sbdf, pirq, bar0);
    if (crash) {
        printf("crashing on purpose (ud2)\n");
        console_flush();
        __asm__ volatile("ud2");
    }
}

/* `poke-gone`: touch BAR0 of @sbdf, which we lost (told by the event, or
 * found gone from our list first: whichever comes first still has the
 * mapping cached). */
static void poke_gone_bar(uint32_t sbdf)
{
    volatile uint8_t *bar0;
    volatile void *va;
    uint32_t status;

    if (mhv_bar_get(sbdf, 0, &va, NULL))
        return;                 /* never mapped: nothing to touch */
    bar0 = va;
    status = *(volatile uint32_t *)(bar0 + IGBVF_STATUS);
    *(volatile uint32_t *)(bar0 + IGBVF_STATUS) = 0;   /* read-only anyway */
    printf("device %pp: BAR0 after the revoke: status %08x, a write went "
           "nowhere\n", SBDF_ARG(sbdf), status);
}

static void device_assigned(const struct mhv_pci_info *p)
{
    struct owned_dev *d = NULL;

    for (int i = 0; i < MAX_DEVICES && !d; i++)
        if (!devs[i].used)
            d = &devs[i];
    if (!d)
        return;                 /* more devices than we track: ignore */
    d->used = d->seen = true;
    d->sbdf = p->sbdf;
    printf("device %pp [%04x:%04x] assigned\n", SBDF_ARG(p->sbdf), p->vendor,
           p->device);
    if ((p->flags & MHV_PCI_FLAG_VF) && igb_is_vf(p->vendor, p->device)) {
        if (canary == CANARY_WRITER) {
            int rc = dma_canary_writer(p->sbdf, crash);

            canary = CANARY_NONE;
            /* Leave the device alone from here on; it is d0's to take. */
            printf("dma-canary: writer done (%d)\n", rc);
            return;
        }
        if (canary == CANARY_CHECK) {
            console_flush();
            mhv_shutdown((uint32_t)dma_canary_check(p->sbdf));
            return;
        }
        if (dma_attack) {
            /* Once, on the first VF; then shut down with the result. */
            console_flush();
            mhv_shutdown((uint32_t)dma_attack_run(p->sbdf, victim_irte));
            return;
        }
        exercise_igb_vf(p->sbdf);
    }
}

static struct owned_dev *find_dev(uint32_t sbdf)
{
    for (int i = 0; i < MAX_DEVICES; i++)
        if (devs[i].used && devs[i].sbdf == sbdf)
            return &devs[i];
    return NULL;
}

/* One look at our device list; returns the list call's result. */
static int scan_devices(void)
{
    uint32_t start = 0, count = 0, total = 0;
    int rc;

    for (int i = 0; i < MAX_DEVICES; i++)
        devs[i].seen = false;
    do {
        rc = mhv_pci_list(start, list_buf, MAX_DEVICES, &count, &total);
        if (rc)
            return rc;
        for (uint32_t i = 0; i < count; i++) {
            struct owned_dev *d;

            if (list_buf[i].owner != mhv_start_info->domid)
                continue;
            d = find_dev(list_buf[i].sbdf);
            if (d)
                d->seen = true;
            else
                device_assigned(&list_buf[i]);
        }
        start += count;
    } while (count && start < total);

    for (int i = 0; i < MAX_DEVICES; i++) {
        if (devs[i].used && !devs[i].seen) {
            printf("device %pp deassigned\n", SBDF_ARG(devs[i].sbdf));
            if (poke_gone)
                poke_gone_bar(devs[i].sbdf);
            mhv_bar_forget(devs[i].sbdf);
            devs[i].used = false;
        }
    }
    return 0;
}

/*
 * Device events (PHYSDEVOP_mhv_dev_event): the hypervisor tells us when a
 * device leaves us (removed, e.g. hot-unplugged, or taken back) or its PF
 * goes (our VF is then broken).  One line each:
 *   device 0000:01:10.0 revoked (event)
 *   device 0000:01:10.0 broken: its PF was removed (event)
 */
static void take_dev_events(void)
{
    struct physdev_mhv_dev_event ev;

    if (!mhv_dev_event_test_and_clear())
        return;
    for (unsigned int n = 0; n < 4 * DEV_EVENTS_MAX; n++) {
        int rc = mhv_dev_event_take(&ev);

        if (rc) {
            printf("dev_event: %s (%d)\n", ename(rc), rc);
            return;
        }
        if (ev.flags & MHV_DEV_EVENT_F_LOST)
            printf("device events were lost: rescanning\n");
        if (ev.type == MHV_DEV_EVENT_NONE)
            return;
        if (ev.type == MHV_DEV_EVENT_REVOKED) {
            struct owned_dev *d = find_dev(ev.sbdf);

            printf("device %pp revoked (event)\n", SBDF_ARG(ev.sbdf));
            if (poke_gone)
                poke_gone_bar(ev.sbdf);
            mhv_bar_forget(ev.sbdf);
            /* Forgotten at once: the same SBDF may come back (a new device
             * in the slot, assigned again) before the next scan. */
            if (d)
                d->used = false;
        } else if (ev.type == MHV_DEV_EVENT_BROKEN) {
            printf("device %pp broken: its PF was removed (event)\n",
                   SBDF_ARG(ev.sbdf));
        } else {
            printf("device %pp: unknown event %u\n", SBDF_ARG(ev.sbdf), ev.type);
        }
    }
}

/* Report and clear events nobody waits for (see mhv_pirq_drain()). */
static void drain_stray_events(void)
{
    uint64_t taken[MHV_NR_PIRQS / 64];

    if (!mhv_pirq_drain(taken))
        return;
    for (unsigned int i = 0; i < MHV_NR_PIRQS; i++)
        if (taken[i / 64] & (1ull << (i % 64)))
            printf("pirq %u event while nothing waited for it\n", i);
}

#define STRESS_MAX_ROUNDS   1000000

/* 0: no stress option; 1: run it with *rounds, *stable; -1: malformed. */
static int stress_options(const char *cmdline, uint64_t *rounds,
                          uint32_t *stable)
{
    char val[32];

    if (!cmdline_value(cmdline, "stress", val, sizeof(val)))
        return 0;
    if (parse_uint(val, STRESS_MAX_ROUNDS, rounds) || !*rounds) {
        printf("stress: bad round count '%s' (1..%u)\n", val, STRESS_MAX_ROUNDS);
        return -1;
    }
    if (!cmdline_value(cmdline, "stable", val, sizeof(val)) ||
        parse_sbdf(val, stable)) {
        printf("stress: needs stable=SBDF (the device left with us)\n");
        return -1;
    }
    return 1;
}

int main(const struct start_info *si)
{
    uint64_t rounds;
    uint32_t stable;
    int last_rc = 0;

    char attack[32], fpu[16];

    printf("domU d%u started (%s)\n", si->domid, si->cmdline);
    if (cmdline_value(si->cmdline, "attack", attack, sizeof(attack)))
        return attack_run(attack);
    if (cmdline_value(si->cmdline, "fpu", fpu, sizeof(fpu)))
        return !strcmp(fpu, "simd") ? simd_run() : fpu_run(si->cmdline, fpu);
    if (cmdline_value(si->cmdline, "net", (char[20]){ 0 }, 20))
        return net_run_mode(si->cmdline);
    switch (stress_options(si->cmdline, &rounds, &stable)) {
    case 1:
        return stress_run((unsigned int)rounds, stable);
    case -1:
        return 2;
    }
    if (cmdline_has(si->cmdline, "flr-loop"))
        return flr_loop_run();
    if (cmdline_has(si->cmdline, "idle")) {
        /* For the benchmarks: never run again (no timeouts, no events). */
        for (;;)
            mhv_sched_block();
    }
    nofire = cmdline_has(si->cmdline, "nofire");
    poke_gone = cmdline_has(si->cmdline, "poke-gone");
    privilege_checks();
    crash = cmdline_has(si->cmdline, "crash");
    reset = cmdline_has(si->cmdline, "reset");
    dma_attack = cmdline_has(si->cmdline, "dma-attack");
    {
        char val[16];

        if (cmdline_value(si->cmdline, "dma-canary", val, sizeof(val))) {
            canary = !strcmp(val, "check") ? CANARY_CHECK : CANARY_WRITER;
            dma_canary_prepare(canary == CANARY_CHECK);
        }
    }
    {
        char val[16];
        uint64_t v;

        if (cmdline_value(si->cmdline, "dma-attack", val, sizeof(val)) &&
            !parse_uint(val, 0xffff, &v)) {
            dma_attack = true;
            victim_irte = (unsigned int)v;
        }
    }

    for (;;) {
        int rc = scan_devices();

        if (rc && rc != last_rc)
            printf("pci_list: %s (%d); still watching\n", ename(rc), rc);
        last_rc = rc;
        drain_stray_events();
        /* A device event cuts the wait short (it also ends polls at once). */
        for (int i = 0; i < SCAN_STEPS; i++) {
            take_dev_events();
            mhv_sleep_ns(SCAN_PERIOD_NS / SCAN_STEPS);
        }
        take_dev_events();
    }
}
