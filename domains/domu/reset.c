/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The `reset` mode: an owner resets its VF (issue 15 item 6).  It writes
 * FLR into its PCIe Device Control; the hypervisor performs the reset, with
 * the VF's interrupts torn down before it, and the VF works after it:
 *   reset: FLR of SBDF done; pirq P gone (EINVAL); pirq Q delivered after it
 * or a "reset: ... FAILED" line.
 */
#include "domu.h"
#include <igb/igb_irq.h>

#define FIRE_TIMEOUT_NS     (2000ull * 1000 * 1000)
#define PCI_CAP_LIST        0x34
#define CAP_ID_EXP          0x10
#define EXP_DEVCTL          0x08
#define DEVCTL_BCR_FLR      0x8000

static unsigned int find_exp_cap(uint32_t sbdf)
{
    uint32_t pos = 0, hdr;

    if (mhv_pci_conf_read(sbdf, PCI_CAP_LIST, 1, &pos))
        return 0;
    for (unsigned int n = 0; pos >= 0x40 && n < 48; n++) {
        if (mhv_pci_conf_read(sbdf, pos & ~3u, 2, &hdr))
            return 0;
        if ((hdr & 0xff) == CAP_ID_EXP)
            return pos & ~3u;
        pos = hdr >> 8;
    }
    return 0;
}

int reset_check(uint32_t sbdf, int pirq, volatile void *bar0)
{
    unsigned int exp = find_exp_cap(sbdf);
    uint32_t ctl;
    int rc, again;

    if (!exp || mhv_pci_conf_read(sbdf, exp + EXP_DEVCTL, 2, &ctl)) {
        printf("reset: %pp: no PCIe capability: FAILED\n", SBDF_ARG(sbdf));
        return 1;
    }
    rc = mhv_pci_conf_write(sbdf, exp + EXP_DEVCTL, 2, ctl | DEVCTL_BCR_FLR);
    if (rc) {
        printf("reset: FLR of %pp: %d FAILED\n", SBDF_ARG(sbdf), rc);
        return 1;
    }
    rc = mhv_unmap_pirq(DOMID_SELF, pirq);
    if (rc != -MHV_EINVAL) {
        printf("reset: pirq %d still mapped after the reset (%d) FAILED\n", pirq, rc);
        return 1;
    }
    again = -1;
    if ((rc = mhv_pci_enable_mem_master(sbdf)) ||
        (rc = mhv_map_pirq_msix(DOMID_SELF, sbdf, 0, &again))) {
        printf("reset: %pp not usable after the reset (%d) FAILED\n", SBDF_ARG(sbdf), rc);
        return 1;
    }
    mhv_pirq_clear((unsigned int)again);
    igb_trigger(bar0, true, 0);
    rc = mhv_wait_pirq((unsigned int)again, FIRE_TIMEOUT_NS);
    if (rc) {
        printf("reset: pirq %d not delivered after the reset (%d) FAILED\n", again, rc);
        return 1;
    }
    printf("reset: FLR of %pp done; pirq %d gone (EINVAL); pirq %d delivered "
           "after it\n", SBDF_ARG(sbdf), pirq, again);
    return 0;
}

/*
 * The `flr-loop` mode: the first device we are given (the lowest SBDF
 * listed once one is) is reset by FLR about once a second, forever -- the
 * load of the control domain's responsiveness test (tests/qemu/reset-
 * latency.test).  One line once the first reset is done, one per failure
 * (the first few).
 */
#define FLR_PERIOD_NS       (1010ull * 1000 * 1000)   /* the limit is 1 a second */
#define LIST_POLL_NS        (10ull * 1000 * 1000)

int flr_loop_run(void)
{
    struct mhv_pci_info info;
    uint32_t count = 0, sbdf, ctl;
    unsigned int exp, failures = 0;
    uint64_t start, took, worst = 0;
    int rc;

    while (mhv_pci_list(0, &info, 1, &count, NULL) || !count)
        mhv_sleep_ns(LIST_POLL_NS);
    sbdf = info.sbdf;
    exp = find_exp_cap(sbdf);
    if (!exp) {
        printf("flr-loop: %pp: no PCIe capability: FAILED\n", SBDF_ARG(sbdf));
        return 1;
    }
    for (unsigned long n = 1;; n++) {
        start = mhv_time_ns();
        rc = mhv_pci_conf_read(sbdf, exp + EXP_DEVCTL, 2, &ctl);
        if (!rc)
            rc = mhv_pci_conf_write(sbdf, exp + EXP_DEVCTL, 2, ctl | DEVCTL_BCR_FLR);
        took = mhv_time_ns() - start;
        if (took > worst)
            worst = took;
        if (rc && failures++ < 4)
            printf("flr-loop: FLR %lu of %pp: %d FAILED\n", n, SBDF_ARG(sbdf), rc);
        if (n == 1 || n == 10)
            printf("flr-loop: %lu resets of %pp done, the longest took %llu us\n",
                   n, SBDF_ARG(sbdf), (unsigned long long)(worst / 1000));
        while (mhv_time_ns() - start < FLR_PERIOD_NS)
            mhv_sleep_ns(FLR_PERIOD_NS - (mhv_time_ns() - start));
    }
}
