/* SPDX-License-Identifier: GPL-2.0 */
/* An IPv4 interface on an igb VF (see vfnet.h). */
#include "vfnet.h"
#include <runtime/runtime.h>

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return (uint64_t)hi << 32 | lo;
}

/* A recovery may have left the VF with another address (its PF's): the
 * stack follows (one compare per frame, the copy only after a recovery). */
static void mac_follow(struct vfnet *n)
{
    if (n->vf.st.recoveries != n->recoveries_seen) {
        n->recoveries_seen = n->vf.st.recoveries;
        memcpy(n->nif.mac, n->vf.mac, 6);
    }
}

/* The vf is the first member: the stack's device pointer is the vfnet. */
static int vf_xmit(void *dev, const void *frame, unsigned int len)
{
    struct vfnet *n = dev;
    uint64_t t0 = rdtsc();
    int rc = igbvf_send(&n->vf, frame, len);

    n->tx_ticks += rdtsc() - t0;
    n->tx_frames += !rc;
    mac_follow(n);
    return rc;
}

static int vf_recv(void *dev, void *buf, unsigned int max)
{
    struct vfnet *n = dev;
    uint64_t t0 = rdtsc();
    int rc = igbvf_recv(&n->vf, buf, max);

    if (rc > 0) {
        n->rx_ticks += rdtsc() - t0;
        n->rx_frames++;
    }
    return rc;
}

static int vf_wait(void *dev, uint64_t timeout_ns)
{
    struct igbvf *vf = &((struct vfnet *)dev)->vf;
    int rc = igbvf_wait_rx(vf, timeout_ns);

    if (!rc && vf->up && (igbvf_lost(vf) || igbvf_tx_hung(vf))) {
        igbvf_recover(vf);
        mac_follow(dev);
    }
    return rc;
}

const struct net_ops igbvf_net_ops = {
    .xmit = vf_xmit, .recv = vf_recv, .wait = vf_wait,
};

int vfnet_up(struct vfnet *n, uint32_t sbdf, uint32_t ip, bool poll)
{
    char a[16];
    const uint8_t *m;
    int rc = igbvf_open_noirq(&n->vf, sbdf, poll);

    if (rc)
        return rc;
    m = n->vf.mac;
    n->tx_ticks = n->rx_ticks = n->tx_frames = n->rx_frames = 0;
    n->recoveries_seen = n->vf.st.recoveries;
    net_init(&n->nif, &igbvf_net_ops, n, m, ip);
    printf("net %pp: mac %02x:%02x:%02x:%02x:%02x:%02x ip %s (%s)\n",
           SBDF_ARG(sbdf), m[0], m[1], m[2], m[3], m[4], m[5],
           net_ip_str(ip, a), poll ? "poll mode" : "interrupts");
    return poll ? 0 : igbvf_irqs_on(&n->vf);   /* last: see igbvf.h */
}

void vfnet_down(struct vfnet *n, bool hw_gone)
{
    igbvf_close(&n->vf, hw_gone);
}
