/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The igb PF driver of the control domain: what a VF needs from its PF
 * before it can carry a frame, and the VF mailbox service.
 *
 * igb_pf_start() (called by `sriov SBDF N` before the VFs are enabled):
 * PF COMMAND memory + bus master, GPIE MSI-X mode, link up by PHY
 * auto-negotiation (MDIC, then STATUS.LU, bounded; no link is reported,
 * not fatal), CTRL_EXT.PFRSTD, VMDq
 * (MRQC), no default pool, VF-to-VF loopback (DTXSWC), RCTL/TCTL on, one
 * MAC per VF (RAR with AV and the VF's pool bit) and its VMOLR (AUPE, BAM),
 * and the mailbox/VF-reset interrupt: ICR.VMMB -> IVAR_MISC -> MSI-X entry
 * IGB_PF_MSIX_VECTOR of the PF -> a pirq of this domain.
 *
 * igb_pf_service() handles what is pending: VF resets (VFLRE: the VF
 * loses its clear-to-send until it sends VF_RESET) and mailbox requests,
 * answered as Linux's igb does: VF_RESET -> VFRE/VFTE set again, ACK +
 * the VF's MAC; SET_MAC_ADDR -> NACK unless the control domain allowed it;
 * SET_MULTICAST -> MTA bits + ROMPE; SET_LPE -> VMOLR.LPE/RLPML; anything
 * else (SET_VLAN included), or any message before a VF_RESET -> NACK.  At
 * most IGB_PF_MSGS_PER_VF messages per VF per call: a VF flooding the
 * mailbox cannot starve the others nor hold the control domain; what is
 * left is noted in `more` and served on the next call.
 *
 * The driver does not wait for anything except the link at start (up to
 * IGB_PF_LINK_TIMEOUT_NS); it is driven by the program's idle hook
 * (mhv_set_idle_hook()), which calls igb_pf_service() whenever the PF's
 * pirq is pending or work is left, on every wait of the program.
 */
#ifndef MHV_TOOLS_NET_IGB_PF_H
#define MHV_TOOLS_NET_IGB_PF_H

#include "igb_regs.h"
#include <public/mhv.h>

#define IGB_PF_MSGS_PER_VF      4
/* The mailbox pirq of the driver in slot n: IGB_PF_PIRQ_TOP - n, out of
 * the low numbers mhvctl scripts map and name (`msix`, `unmap 0`). */
#define IGB_PF_PIRQ_TOP         (MHV_NR_PIRQS - 1)
#define IGB_PF_LINK_TIMEOUT_NS  (3000ull * 1000 * 1000)

struct igb_pf_vf {
    uint8_t mac[6];
    bool cts;                   /* VF_RESET done since the last VF reset */
    bool mac_allowed;           /* may set its own MAC (SET_MAC_ADDR) */
    uint32_t resets, msgs, nacks, busy;
};

struct igb_pf {
    bool up;
    bool link;                  /* STATUS.LU came within the timeout */
    uint32_t sbdf;
    struct igb_hw hw;
    unsigned int nvfs;
    unsigned int slot;          /* which of the program's PF drivers */
    int pirq;                   /* -1: none (polled by the idle hook) */
    bool more;                  /* requests left for the next call */
    struct igb_pf_vf vf[IGB_MAX_VFS];
    uint32_t services, events;
};

/* The MAC VF @vf of the PF at @sbdf gets: 02:6d:68:BB:DD:VF (locally
 * administered, from the PF's bus/devfn). */
void igb_pf_vf_mac(uint32_t sbdf, unsigned int vf, uint8_t mac[6]);

/*
 * Program the PF's registers for @nvfs VFs (pf->hw must be set).  0, or
 * -MHV_ERANGE (too many VFs).  No link within IGB_PF_LINK_TIMEOUT_NS is
 * said and recorded (pf->link), not an error.
 */
int igb_pf_hw_init(struct igb_pf *pf, uint32_t sbdf, unsigned int nvfs);
/* Map BAR0 and the mailbox interrupt, then igb_pf_hw_init(). */
int igb_pf_start(struct igb_pf *pf, uint32_t sbdf, unsigned int nvfs);
/* Handle pending VF resets and mailbox requests; returns how many. */
unsigned int igb_pf_service(struct igb_pf *pf);
/* Stop serving: VFs' RX/TX off, mailbox interrupt off and unmapped.
 * @hw_gone: the PF's BAR is no longer ours (touch nothing). */
void igb_pf_stop(struct igb_pf *pf, bool hw_gone);

#endif /* MHV_TOOLS_NET_IGB_PF_H */
