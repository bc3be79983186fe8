/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An IPv4 interface on an igb VF: the VF driver (igbvf.h) behind the
 * stack's callbacks (netstack.h), shared by mhvctl and domu.
 */
#ifndef DOMAINS_NET_VFNET_H
#define DOMAINS_NET_VFNET_H

#include <igb/igbvf.h>
#include "netstack.h"

struct vfnet {
    struct igbvf vf;
    struct net_if nif;
    /* TSC ticks spent in the driver (guest instructions under -icount):
     * sending frames, and fetching the ones that were there. */
    uint64_t tx_ticks, rx_ticks, tx_frames, rx_frames;
    uint64_t recoveries_seen;       /* the stack's MAC is the VF's as of then */
};

extern const struct net_ops igbvf_net_ops;

/* Open the VF at @sbdf and give it @ip; prints one line:
 *   net SBDF: mac M ip A (interrupts|poll mode) */
int vfnet_up(struct vfnet *n, uint32_t sbdf, uint32_t ip, bool poll);
void vfnet_down(struct vfnet *n, bool hw_gone);

#endif /* DOMAINS_NET_VFNET_H */
