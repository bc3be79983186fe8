/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A model of the 82576's registers as QEMU's igb implements them, for the
 * host tests of the PF and VF drivers (domains/igb and domains/net): the PF/VF mailbox
 * (lock bits, read-to-clear bits, MBVFICR/VFLRE W1C, ICR.VMMB), VF resets
 * (CTRL.RST, PVTCTRL.RST: queue enables and VFRE/VFTE off, VFLRE set), the
 * link (auto-negotiation started by the MDIC write completes a few ticks
 * of time later, igb_model_tick(): STATUS.LU and ICR.LSC; a VF reads the
 * PF's STATUS as its own), RAR 0 holding the PF's address (QEMU puts it
 * there at reset), PFRSTD, and queue 0 of each VF: TDT transmits the
 * descriptors in host memory (bus address = host pointer), igb_model_rx()
 * fills the RX ring.  Everything else is a plain register.  Misbehaviours
 * for the tests: a VF that re-posts a request as soon as the PF takes one
 * (flood), a PF that holds the lock.
 */
#ifndef TESTS_UNIT_IGB_MODEL_H
#define TESTS_UNIT_IGB_MODEL_H

#include <stdint.h>
#include <stdbool.h>
#include <igb/igb_regs.h>

#define MODEL_VFS       8
#define MODEL_FRAMES    128
#define MODEL_AUTONEG_TICKS 5
/* The PF's own address (QEMU's default), in RAR 0 from reset on. */
#define MODEL_PF_MAC    { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }

struct igb_dev;

struct igb_model {                  /* one function: the PF or a VF */
    struct igb_dev *dev;
    int vf;                         /* -1: the PF */
};

struct igb_model_frame {
    unsigned int len;
    uint8_t data[2048];
};

struct igb_model_vf {
    uint32_t regs[0x4000 / 4];
    uint32_t v2p;                   /* V2PMAILBOX */
    uint32_t p2v;                   /* P2VMAILBOX */
    struct igb_model fn;
    struct igb_hw hw;
    unsigned int ntx;               /* frames transmitted */
    struct igb_model_frame tx[MODEL_FRAMES];
    bool flood;                     /* re-post the request when taken */
    unsigned int resets;
};

struct igb_dev {
    uint32_t pf[0x11000 / 4];
    uint32_t mbx[MODEL_VFS][16];
    struct igb_model pf_fn;
    struct igb_hw pf_hw;
    int autoneg_ticks;              /* until the link is up, 0: none going */
    bool link_dead;                 /* no link whatever the PHY is told */
    unsigned int mdic_writes;
    struct igb_model_vf vf[MODEL_VFS];
};

void igb_model_init(struct igb_dev *d);
/* Time passes (a domain's sleep): auto-negotiation may complete. */
void igb_model_tick(struct igb_dev *d);
/* The cable: link up or down now, with LSC (as QEMU's set_link). */
void igb_model_link(struct igb_dev *d, bool up);
/* Reset VF @n as the hardware does (FLR, CTRL.RST, PVTCTRL.RST). */
void igb_model_vf_reset(struct igb_dev *d, unsigned int n);
/* Deliver a frame to VF @n's RX queue: true if a descriptor took it. */
bool igb_model_rx(struct igb_dev *d, unsigned int n, const void *frame,
                  unsigned int len, bool eop);
/* Post a raw mailbox request from VF @n (as a VF driver would). */
void igb_model_vf_post(struct igb_dev *d, unsigned int n, const uint32_t *msg,
                       unsigned int words);

#endif /* TESTS_UNIT_IGB_MODEL_H */
