/* SPDX-License-Identifier: GPL-2.0 */
/* An IPv4 interface on an igb VF (see vfnet.h). */
#include "vfnet.h"
#include "runtime.h"

static int vf_xmit(void *dev, const void *frame, unsigned int len)
{
    return igbvf_send(dev, frame, len);
}

static int vf_recv(void *dev, void *buf, unsigned int max)
{
    return igbvf_recv(dev, buf, max);
}

static int vf_wait(void *dev, uint64_t timeout_ns)
{
    struct igbvf *vf = dev;
    int rc = igbvf_wait_rx(vf, timeout_ns);

    if (!rc && vf->up && (igbvf_lost(vf) || igbvf_tx_hung(vf)))
        igbvf_recover(vf);
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
    net_init(&n->nif, &igbvf_net_ops, &n->vf, m, ip);
    printf("net %pp: mac %02x:%02x:%02x:%02x:%02x:%02x ip %s (%s)\n",
           SBDF_ARG(sbdf), m[0], m[1], m[2], m[3], m[4], m[5],
           net_ip_str(ip, a), poll ? "poll mode" : "interrupts");
    return poll ? 0 : igbvf_irqs_on(&n->vf);   /* last: see igbvf.h */
}

void vfnet_down(struct vfnet *n, bool hw_gone)
{
    igbvf_close(&n->vf, hw_gone);
}
