/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma-canary: DMA an old owner programmed must not reach the next owner
 * (issue 16).  Two instances of this program run as two domains; their
 * .bss is laid out alike, so the same virtual addresses exist in both.
 *
 * `dma-canary=writer` (d1): programs its VF's transmit queue 0 with the
 * ring and a TX head write-back target in its .bss, checks that one DMA
 * lands, and leaves the queue enabled and programmed ("DMA left running":
 * the next tail write makes the VF fetch and write back again, at those
 * addresses, through whatever table the VF then uses).  Then it never
 * touches the device again (it maps one MSI-X entry as the control
 * domain's cue).  With `crash` it dies right there (UD2): the
 * hypervisor must quarantine and reset the VF before d1's memory is freed.
 *
 * `dma-canary=check` (d2): before it is given the VF, fills the same
 * addresses with a ring of valid descriptors and a canary; once the VF is
 * its own, it does what a driver resuming the device would -- a tail
 * write -- and then checks the canary:
 *   dma-canary: intact          (the VF was reset: no stale DMA)
 *   dma-canary: TAMPERED ...    (d1's programming reached d2's memory)
 */
#include "domu.h"
#include <igb/igb_irq.h>
#include <igb/igb_regs.h>
#include <igb/igbvf.h>

#define RING_ENTRIES    256
#define CANARY          0xc0ffee00u
#define FRAME_LEN       60

/* The shared layout: ring, frame, write-back word (same VAs in d1, d2). */
static struct igb_tx_desc c_ring[RING_ENTRIES] __attribute__((aligned(4096)));
static uint8_t c_frame[4096] __attribute__((aligned(4096)));
static volatile uint32_t c_canary[1024] __attribute__((aligned(4096)));

static void fill(void)
{
    for (unsigned int i = 0; i < RING_ENTRIES; i++) {
        c_ring[i].addr = (uint64_t)(unsigned long)c_frame;
        c_ring[i].cmd_type_len = FRAME_LEN | IGB_TXD_DTYP_DATA | IGB_TXD_DEXT |
                                 IGB_TXD_EOP | IGB_TXD_IFCS | IGB_TXD_RS;
        c_ring[i].olinfo_status = FRAME_LEN << 14;
    }
}

static int reach(uint32_t sbdf, volatile void **bar0)
{
    int rc = mhv_pci_enable_mem_master(sbdf);

    if (!rc)
        rc = mhv_bar_get(sbdf, 0, bar0, NULL);
    if (rc)
        printf("dma-canary: %pp: cannot reach the VF (%d)\n", SBDF_ARG(sbdf), rc);
    return rc;
}

void dma_canary_prepare(bool checker)
{
    fill();
    for (unsigned int i = 0; i < 1024; i++)
        c_canary[i] = checker ? CANARY + i : 0;
}

static struct igbvf vf;

int dma_canary_writer(uint32_t sbdf, bool crash)
{
    volatile void *bar0;
    uint64_t ring = (uint64_t)(unsigned long)c_ring;
    uint64_t wba = (uint64_t)(unsigned long)&c_canary[0];

    /* The mailbox reset first: the PF enables our pool (VFTE) only then. */
    if (igbvf_open_noirq(&vf, sbdf, true)) {
        printf("dma-canary: %pp: VF reset through the mailbox failed\n",
               SBDF_ARG(sbdf));
        return 1;
    }
    bar0 = vf.hw.bar0;
    igb_wr(bar0, IGBVF_TXDCTL, 0);
    igb_wr(bar0, IGBVF_TDBAL, (uint32_t)ring);
    igb_wr(bar0, IGBVF_TDBAH, (uint32_t)(ring >> 32));
    igb_wr(bar0, IGBVF_TDLEN, RING_ENTRIES * sizeof(struct igb_tx_desc));
    igb_wr(bar0, IGBVF_TDH, 0);
    igb_wr(bar0, IGBVF_TDT, 0);
    igb_wr(bar0, IGBVF_TDWBAL, (uint32_t)wba | 1);
    igb_wr(bar0, IGBVF_TDWBAH, (uint32_t)(wba >> 32));
    igb_wr(bar0, IGBVF_TXDCTL, IGBVF_XDCTL_ENABLE);
    igb_wr(bar0, IGBVF_TDT, 1);
    mhv_sleep_ns(MHV_POLL_SLICE_NS);
    printf("dma-canary: d%u's DMA %s (head %u at 0x%llx); left running, ring "
           "0x%llx\n", mhv_start_info->domid,
           c_canary[0] == 1 ? "lands" : "DID NOT LAND", c_canary[0],
           (unsigned long long)wba, (unsigned long long)ring);
    /* The control domain's cue (wait-domain 1 pirqs=1): we are done. */
    {
        int pirq, rc = mhv_map_pirq_msix(DOMID_SELF, sbdf, 0, &pirq);

        if (rc)
            printf("dma-canary: map_pirq: %d\n", rc);
    }
    if (crash) {
        printf("dma-canary: crashing with the queue live (ud2)\n");
        console_flush();
        __asm__ volatile("ud2");
    }
    return c_canary[0] == 1 ? 0 : 1;
}

int dma_canary_check(uint32_t sbdf)
{
    volatile void *bar0;
    uint32_t txdctl, tdt, tdlen, tdwbal;
    unsigned int bad = 0;

    if (reach(sbdf, &bar0))
        return 1;
    txdctl = igb_rd(bar0, IGBVF_TXDCTL);
    tdlen = igb_rd(bar0, IGBVF_TDLEN);
    tdwbal = igb_rd(bar0, IGBVF_TDWBAL);
    tdt = igb_rd(bar0, IGBVF_TDT);
    printf("dma-canary: the VF as d%u finds it: txdctl 0x%x tdlen %u tdwbal 0x%x "
           "tdt %u\n", mhv_start_info->domid, txdctl, tdlen, tdwbal, tdt);
    /* What a driver resuming the queue would do: move the tail on. */
    igb_wr(bar0, IGBVF_TDT, (tdt + 1) % RING_ENTRIES);
    mhv_sleep_ns(5 * MHV_POLL_SLICE_NS);
    for (unsigned int i = 0; i < 1024; i++)
        if (c_canary[i] != CANARY + i)
            bad++;
    for (unsigned int i = 0; i < RING_ENTRIES; i++)
        if (c_ring[i].olinfo_status != FRAME_LEN << 14)
            bad++;
    if (bad)
        printf("dma-canary: TAMPERED (%u words changed, canary[0] 0x%x)\n", bad,
               c_canary[0]);
    else
        printf("dma-canary: intact\n");
    return bad ? 1 : 0;
}
