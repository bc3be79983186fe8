/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The `reset` mode: an owner resets its VF (issue 15 item 6).  It writes
 * FLR into its PCIe Device Control; the hypervisor performs the reset, with
 * the VF's interrupts torn down before it, and the VF works after it:
 *   reset: FLR of SBDF done; pirq P gone (EINVAL); pirq Q delivered after it
 * or a "reset: ... FAILED" line.
 */
#include "domu.h"
#include "igb.h"

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
