/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The igb PF driver of the control domain: what a VF needs from its PF
 * before it can carry a frame, the VF mailbox service, the link and the
 * VFs' MAC addresses.
 *
 * igb_pf_start() (called by `sriov SBDF N` before the VFs are enabled):
 * PF COMMAND memory + bus master, GPIE MSI-X mode, CTRL_EXT.PFRSTD, VMDq
 * (MRQC), no default pool, VF-to-VF loopback (DTXSWC), RCTL/TCTL on, one
 * MAC per VF (RAR with AV and the VF's pool bit) and its VMOLR (AUPE, BAM),
 * and one interrupt for everything the PF is told: ICR.VMMB (mailbox, VF
 * resets) and ICR.LSC (link) -> IVAR_MISC -> MSI-X entry IGB_PF_MSIX_VECTOR
 * of the PF -> a pirq of this domain.  Without link it restarts the PHY's
 * auto-negotiation and goes on: nothing here waits for the link.
 *
 * igb_pf_service() handles what is pending, as Linux's igb does:
 *  - the link: on LSC, STATUS.LU is read; a change is said once and every
 *    VF is told with a PF_CONTROL message (CTS if it is clear to send),
 *    posted only into an empty buffer (no request of the VF waiting in it,
 *    no reply it has not taken), retried on later calls up to
 *    IGB_PF_PING_TRIES times;
 *  - VF resets (VFLRE): the VF loses its clear-to-send until it sends
 *    VF_RESET, its address goes back to its base address, and if the VF
 *    has a new owner (asked of the hypervisor) its MAC grant ends;
 *  - mailbox requests: VF_RESET -> VFRE/VFTE set again, ACK + the VF's
 *    MAC; SET_MAC_ADDR -> the MAC policy below; SET_MULTICAST -> MTA bits
 *    + ROMPE; SET_LPE -> VMOLR.LPE/RLPML; anything else (SET_VLAN
 *    included), or any message before a VF_RESET -> NACK.  At most
 *    IGB_PF_MSGS_PER_VF messages per VF per call: a VF flooding the
 *    mailbox cannot starve the others nor hold the control domain; what is
 *    left is noted in `more` and served on the next call.  A refusal is
 *    logged, at most IGB_PF_LOG_BURST lines per VF and second.
 *
 * The MAC policy.  Each VF has a base address: the one the operator gave
 * it (igb_pf_vf_set_mac(), `vf-mac VF set MAC`), else its default
 * (igb_pf_vf_mac()).  It comes up with its base address after every VF
 * reset and every change of owner.  Its owner may choose another address
 * (SET_MAC_ADDR) only while the operator allows it (`vf-mac VF allow`), a
 * grant that ends when the VF changes owner; and never one that another
 * receive-address slot of the NIC holds (the PF's, another VF's) or that
 * is another VF's base address, nor a multicast or zero one.  What a grant
 * hands the owner is any other unicast address on the link, an off-box
 * one (the gateway's) included: frames for it then go to the VF.
 *
 * Owners: the driver records the owner it knows for each VF.  The program
 * that moves VFs (mhvctl's assign/deassign) says so (igb_pf_vf_moved());
 * moves it does not make (a dying domain's devices going back to the
 * control domain) are learnt at the VF reset the hypervisor performs at
 * every move, from the registry (mhv_pci_lookup()).
 *
 * The driver waits for nothing; it is driven by the program's idle hook
 * (mhv_set_idle_hook()), which calls igb_pf_service() whenever the PF's
 * pirq is pending or work is left, on every wait of the program.
 */
#ifndef DOMAINS_NET_IGB_PF_H
#define DOMAINS_NET_IGB_PF_H

#include "igb_regs.h"
#include <public/mhv.h>

#define IGB_PF_MSGS_PER_VF      4
#define IGB_PF_PING_TRIES       16
/* Lines a VF's requests may cause, per VF and second (the rest counted). */
#define IGB_PF_LOG_BURST        5
/* The mailbox pirq of the driver in slot n: IGB_PF_PIRQ_TOP - n, out of
 * the low numbers mhvctl scripts map and name (`msix`, `unmap 0`). */
#define IGB_PF_PIRQ_TOP         (MHV_NR_PIRQS - 1)

struct igb_pf_vf {
    uint8_t mac[6];             /* in its RAR now */
    uint8_t admin_mac[6];       /* the operator's, if admin_mac_set */
    bool admin_mac_set;
    bool cts;                   /* VF_RESET done since the last VF reset */
    bool mac_allowed;           /* its current owner may choose its MAC */
    bool reply_unread;          /* our last reply not yet ACKed by the VF */
    uint8_t ping_tries;         /* a link notice is owed: tries left */
    domid_t owner;              /* the owner the driver knows */
    uint32_t resets, msgs, nacks, busy, moves, pings;
    uint64_t log_window;        /* mhv_time_ns() its log second began */
    uint32_t log_lines, log_dropped;
};

struct igb_pf {
    bool up;
    bool link;                  /* STATUS.LU as the last LSC left it */
    uint32_t sbdf;
    struct igb_hw hw;
    unsigned int nvfs;
    unsigned int slot;          /* which of the program's PF drivers */
    domid_t domid;              /* the domain running the driver */
    uint32_t vf_offset, vf_stride;  /* VF routing IDs; stride 0: unknown */
    int pirq;                   /* -1: none (polled by the idle hook) */
    bool more;                  /* requests left for the next call */
    struct igb_pf_vf vf[IGB_MAX_VFS];
    uint32_t services, events, link_changes;
};

/* The default MAC of VF @vf of the PF at @sbdf: 02:6d:68:BB:DD:VF
 * (locally administered, from the PF's bus/devfn). */
void igb_pf_vf_mac(uint32_t sbdf, unsigned int vf, uint8_t mac[6]);

/*
 * Program the PF's registers for @nvfs VFs (pf->hw and pf->domid must be
 * set): 0, or -MHV_ERANGE (too many VFs).  Every VF starts with its
 * default address, no grant and pf->domid as its owner.  Without link the
 * PHY's auto-negotiation is restarted; the LSC interrupt says when it is
 * done.
 */
int igb_pf_hw_init(struct igb_pf *pf, uint32_t sbdf, unsigned int nvfs);
/* Map BAR0 and the PF's interrupt, then igb_pf_hw_init(). */
int igb_pf_start(struct igb_pf *pf, uint32_t sbdf, unsigned int nvfs);
/* VF n is at routing ID PF + @offset + n * @stride (the SR-IOV
 * capability's, known once the VFs are enabled). */
void igb_pf_set_geometry(struct igb_pf *pf, uint32_t offset, uint32_t stride);
/* The VF index of @sbdf: 0 and *@vf, or -MHV_ENODEV. */
int igb_pf_vf_index(const struct igb_pf *pf, uint32_t sbdf, unsigned int *vf);
/* Handle the link, VF resets and mailbox requests; returns how many. */
unsigned int igb_pf_service(struct igb_pf *pf);
/* Stop serving: VFs' RX/TX off, the interrupt off and unmapped.
 * @hw_gone: the PF's BAR is no longer ours (touch nothing). */
void igb_pf_stop(struct igb_pf *pf, bool hw_gone);

/*
 * The MAC policy (see above).  @pre vf < pf->nvfs.
 * igb_pf_vf_moved(): VF @vf now belongs to @owner: if that is a change,
 * its grant ends and its address goes back to its base one.
 * igb_pf_vf_set_mac(): the operator's address for VF @vf (NULL: back to
 * its default), in its RAR at once (its driver learns it at its next
 * VF_RESET): 0, -MHV_EINVAL (multicast or zero), -MHV_EEXIST (another
 * slot or VF has it; the default too, which another VF may have chosen
 * while the operator's address was the base one).
 * igb_pf_vf_allow_mac(): may VF @vf's current owner choose its address?
 * igb_pf_vf_mac_check(): may VF @vf have @mac: 0, -MHV_EINVAL (multicast
 * or zero), -MHV_EEXIST (another receive-address slot holds it, or it is
 * another VF's base address).
 */
void igb_pf_vf_moved(struct igb_pf *pf, unsigned int vf, domid_t owner);
int igb_pf_vf_set_mac(struct igb_pf *pf, unsigned int vf, const uint8_t *mac);
void igb_pf_vf_allow_mac(struct igb_pf *pf, unsigned int vf, bool allow);
int igb_pf_vf_mac_check(const struct igb_pf *pf, unsigned int vf,
                        const uint8_t mac[6]);

#endif /* DOMAINS_NET_IGB_PF_H */
