/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The igb VF network driver (for ordinary domains and the control domain).
 *
 * igbvf_open(): BAR0 mapped, COMMAND memory + bus master, one DMA region
 * (PHYSDEVOP_mhv_dma_alloc) holding both rings and their buffers, the VF
 * reset through the mailbox (CTRL.RST, then VF_RESET: the PF answers with
 * our MAC and enables our pool), then the rings: IGBVF_RING advanced
 * descriptors each way, 2 KiB buffers, and either MSI-X (RX on entry 0,
 * TX on entry 1, each mapped to a pirq of this domain) or poll mode (all
 * VF interrupts masked; waiting spins on the descriptor ring and makes no
 * hypercall).
 *
 * Ring rules: RX descriptors always hold a buffer; the device owns
 * [RDH, RDT), and the one the driver has just re-armed is handed back with
 * the next one.  A frame longer than one buffer (no EOP) is dropped and
 * counted.  TX: a slot is reused only once the device wrote its DD back;
 * with every slot in flight igbvf_send() says -MHV_EBUSY (the caller may
 * igbvf_wait_tx() and retry).
 *
 * Resets under the driver's feet (the VF reset by its PF, or an FLR) clear
 * the queue enables: igbvf_send() and igbvf_lost() notice that, the TX
 * watchdog (igbvf_tx_hung()) notices the rest, and igbvf_recover() runs
 * the reset and ring set-up again on the same memory.  A VF comes back
 * from a reset with the address its PF gives it: a MAC the driver had
 * chosen (igbvf_set_mac()) is asked for again, as Linux's igbvf does.
 *
 * The link: a VF reads its PF's STATUS.LU as its own.  Bringing the VF up
 * waits for it (the PF restarts auto-negotiation when it starts and tells
 * its VFs when the link comes, with a PF_CONTROL message), up to
 * IGBVF_LINK_TIMEOUT_NS in steps that block the domain; no link by then is
 * said and is not an error (frames sent before it comes may be lost, as on
 * any wire).
 */
#ifndef DOMAINS_NET_IGBVF_H
#define DOMAINS_NET_IGBVF_H

#include "igb_regs.h"
#include "igb_mbx.h"

#define IGBVF_RING              64
#define IGBVF_BUF               2048
#define IGBVF_MIN_FRAME         60      /* without FCS: padded up to this */
#define IGBVF_MAX_FRAME         1514
#define IGBVF_TX_TIMEOUT_CHECKS 10
#define IGBVF_DMA_SIZE          (2 * 4096 + 2 * IGBVF_RING * IGBVF_BUF)
#define IGBVF_LINK_STEP_NS      IGB_MBX_STEP_NS
#define IGBVF_LINK_TIMEOUT_NS   (5000ull * 1000 * 1000)

struct igbvf_stats {
    uint64_t rx, tx, rx_dropped, tx_busy, resets, lost, recoveries, waits, irqs;
    uint64_t link_waits, notices;
};

struct igbvf {
    uint32_t sbdf;
    struct igb_hw hw;
    struct igb_vf_mbx mbx;
    uint8_t mac[6];
    uint8_t chosen[6];                          /* igbvf_set_mac()'s, if */
    bool mac_chosen;
    bool up, poll;
    bool link;                                  /* seen at the last bring-up */
    int pirq_rx, pirq_tx;                       /* -1 in poll mode */
    uint8_t *dma;                               /* the region, CPU view */
    uint64_t dma_bus;                           /* the region, device view */
    struct igb_rx_desc *rx;
    struct igb_tx_desc *tx;
    uint8_t *rxbuf, *txbuf;
    unsigned int rx_next;                       /* next RX slot to look at */
    unsigned int tx_tail, tx_clean;             /* next to fill, oldest busy */
    uint64_t spins_per_ms;                      /* poll mode: TSC per ms */
    unsigned int tx_stuck;                      /* checks without TX progress */
    struct igbvf_stats st;
};

/* Open the VF at @sbdf (owned by this domain): 0 or a negative errno. */
int igbvf_open(struct igbvf *vf, uint32_t sbdf, bool poll);
/* The same in two steps: everything but the MSI-X mapping, then that (a
 * caller that reports before its pirqs appear in the domain's count). */
int igbvf_open_noirq(struct igbvf *vf, uint32_t sbdf, bool poll);
int igbvf_irqs_on(struct igbvf *vf);
/* Stop the queues, unmap the interrupts, free the DMA memory.
 * @hw_gone: the device is no longer ours (touch no register). */
void igbvf_close(struct igbvf *vf, bool hw_gone);

/*
 * For tests on a register model: attach to @hw and a DMA region the caller
 * provides (@dma, seen by the device at @bus, IGBVF_DMA_SIZE bytes), reset
 * and set up the rings; no interrupts (poll mode).
 */
int igbvf_attach(struct igbvf *vf, const struct igb_hw *hw, void *dma,
                 uint64_t bus);
/* VF reset through the mailbox, then the rings again: 0 or errno. */
int igbvf_recover(struct igbvf *vf);
/*
 * Function-level reset of our own VF (PCIe Device Control; the hypervisor
 * performs it, tears the VF's interrupts down first and restores its
 * config space), then the VF reset through the mailbox, the rings and
 * (interrupt mode) new MSI-X pirqs: 0 or a negative errno.
 */
int igbvf_flr(struct igbvf *vf);
/* True if the device lost its queue set-up (a reset we did not ask for). */
bool igbvf_lost(struct igbvf *vf);
/*
 * The TX watchdog, for callers that waited ~10 ms without a frame: true
 * once frames have been outstanding for IGBVF_TX_TIMEOUT_CHECKS checks in
 * a row (a reset that came while the queues were being set up leaves them
 * enabled but the pool's VFTE off: nothing is sent, nothing says so).
 */
bool igbvf_tx_hung(struct igbvf *vf);

/* Queue one frame (14..1514 bytes): 0, -MHV_EBUSY (ring full),
 * -MHV_EINVAL, -MHV_EIO (the VF was reset and could not be recovered). */
int igbvf_send(struct igbvf *vf, const void *frame, unsigned int len);
/* The next received frame into @buf[@max]: its length, or 0 for none. */
int igbvf_recv(struct igbvf *vf, void *buf, unsigned int max);
/* True if a received frame is waiting. */
bool igbvf_rx_ready(const struct igbvf *vf);
/* Wait up to @timeout_ns for a frame: 1 if one is waiting, else 0. */
int igbvf_wait_rx(struct igbvf *vf, uint64_t timeout_ns);
/* Ask the PF for a new MAC (kept across the VF's resets while the PF
 * agrees): 0, or -MHV_EPERM when it refuses. */
int igbvf_set_mac(struct igbvf *vf, const uint8_t mac[6]);

#endif /* DOMAINS_NET_IGBVF_H */
