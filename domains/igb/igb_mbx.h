/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The igb PF<->VF mailbox, both ends (the protocol of Linux's igb/igbvf,
 * as QEMU's igb implements it): 16 words of VMBMEM per VF and a control
 * register on each side.
 *
 *  VF sends:  take VFU, write VMBMEM, set REQ (drops VFU); wait for PFACK.
 *  PF reads:  take PFU, read VMBMEM, clear MBVFICR.REQ(n), write ACK (drops PFU).
 *  PF sends:  take PFU, write VMBMEM, write STS (drops PFU).
 *  VF reads:  wait for PFSTS, take VFU, read VMBMEM, write ACK (drops VFU).
 *
 * The PF also posts messages the VF did not ask for (PF_CONTROL: the link
 * changed).  VMBMEM is one buffer for both directions, so such a message
 * goes in only when it holds nothing the other side has yet to read
 * (igb_pf_mbx_post() and the PF driver's own bookkeeping), and the VF side
 * drops a message it never read when it sends, and skips PF_CONTROL
 * messages while it waits for a reply.
 *
 * Reading the VF's V2PMAILBOX clears PFSTS, PFACK and RSTD, so the VF side
 * keeps what it read in a cache and consumes bits from there.
 *
 * Every wait is bounded: a step of IGB_MBX_STEP_NS (mhv_sleep_ns, which
 * lets the domain's idle hook run) up to the caller's timeout; then
 * -MHV_ETIMEDOUT (no answer) or -MHV_EBUSY (the other side holds the lock).
 * None of this allocates or keeps global state.
 */
#ifndef DOMAINS_NET_IGB_MBX_H
#define DOMAINS_NET_IGB_MBX_H

#include "igb_regs.h"

#define IGB_MBX_STEP_NS         (1000ull * 1000)            /* 1 ms */
#define IGB_MBX_TIMEOUT_NS      (3000ull * 1000 * 1000)     /* 3 s */
#define IGB_MBX_LOCK_TRIES      50
#define IGB_MBX_NOTICES_SKIPPED 4

struct igb_vf_mbx {
    const struct igb_hw *hw;            /* the VF's BAR0 */
    uint32_t cache;                     /* read-to-clear bits seen so far */
    uint64_t timeout_ns;                /* per wait */
    uint32_t notices;                   /* PF_CONTROL messages taken */
};

void igb_vf_mbx_init(struct igb_vf_mbx *mbx, const struct igb_hw *hw);
/* V2PMAILBOX | the cached bits (the RSTI/RSTD reset indications). */
uint32_t igb_vf_mbx_status(struct igb_vf_mbx *mbx);
/* Consume a cached read-to-clear bit: true if it was seen. */
bool igb_vf_mbx_take(struct igb_vf_mbx *mbx, uint32_t bit);
/*
 * Send @n words (1..16) and wait for the PF's ACK of the buffer.
 * 0, -MHV_EINVAL, -MHV_EBUSY (VFU not obtained), -MHV_ETIMEDOUT.
 */
int igb_vf_mbx_send(struct igb_vf_mbx *mbx, const uint32_t *msg, unsigned int n);
/* Wait for a PF message and read @n words: 0, -MHV_ETIMEDOUT, -MHV_EBUSY. */
int igb_vf_mbx_recv(struct igb_vf_mbx *mbx, uint32_t *msg, unsigned int n);
/* Send, then receive the reply into @reply[@rn] (PF_CONTROL notices that
 * come first are taken and skipped); the reply's type must match the
 * request's (else -MHV_EIO). */
int igb_vf_mbx_call(struct igb_vf_mbx *mbx, const uint32_t *msg, unsigned int n,
                    uint32_t *reply, unsigned int rn);
/* Take a message the PF posted, without waiting: 1 (word 0 in *@msg), 0
 * (none), -MHV_EBUSY. */
int igb_vf_mbx_poll(struct igb_vf_mbx *mbx, uint32_t *msg);

/* PF side, for VF @vf (no waiting: the PF never spins on a VF). */
/* Read VF @vf's request (@n words) and ACK it: 0 or -MHV_EBUSY. */
int igb_pf_mbx_read(const struct igb_hw *pf, unsigned int vf, uint32_t *msg,
                    unsigned int n);
/* Post a message to VF @vf: 0 or -MHV_EBUSY (the VF holds the buffer). */
int igb_pf_mbx_write(const struct igb_hw *pf, unsigned int vf,
                     const uint32_t *msg, unsigned int n);
/* Post a message the VF did not ask for: as igb_pf_mbx_write(), and also
 * -MHV_EBUSY while a request of the VF waits in the buffer (the buffer is
 * both directions': the message would overwrite it). */
int igb_pf_mbx_post(const struct igb_hw *pf, unsigned int vf,
                    const uint32_t *msg, unsigned int n);

#endif /* DOMAINS_NET_IGB_MBX_H */
