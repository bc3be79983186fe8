/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal IPv4 stack: ARP, ICMP echo, UDP (see netstack.h). */
#include "netstack.h"
#include <runtime/runtime.h>
#include <runtime/libmhvctl.h>

#define ETH_HLEN        14
#define ETH_P_IP        0x0800
#define ETH_P_ARP       0x0806
#define IP_HLEN         20
#define IPPROTO_ICMP    1
#define IPPROTO_UDP     17
#define ICMP_ECHOREPLY  0
#define ICMP_ECHO       8
#define PING_DATA       56              /* 64 bytes of ICMP */
#define RUN_STEP_NS     (10ull * 1000 * 1000)

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

static uint16_t csum(const uint8_t *p, unsigned int len)
{
    uint32_t s = 0;

    for (unsigned int i = 0; i + 1 < len; i += 2)
        s += get16(p + i);
    if (len & 1)
        s += (uint32_t)p[len - 1] << 8;
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

int net_parse_ip(const char *s, uint32_t *ip)
{
    uint32_t v = 0;

    for (int part = 0; part < 4; part++) {
        uint32_t n = 0;
        int digits = 0;

        while (*s >= '0' && *s <= '9' && digits < 4) {
            n = n * 10 + (uint32_t)(*s++ - '0');
            digits++;
        }
        if (!digits || n > 255 || (part < 3 && *s++ != '.'))
            return -MHV_EINVAL;
        v = v << 8 | n;
    }
    if (*s)
        return -MHV_EINVAL;
    *ip = v;
    return 0;
}

const char *net_ip_str(uint32_t ip, char buf[16])
{
    snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
             (ip >> 8) & 255, ip & 255);
    return buf;
}

void net_init(struct net_if *nif, const struct net_ops *ops, void *dev,
              const uint8_t mac[6], uint32_t ip)
{
    memset(nif, 0, sizeof(*nif));
    nif->ops = ops;
    nif->dev = dev;
    memcpy(nif->mac, mac, 6);
    nif->ip = ip;
    nif->echo_id = (uint16_t)(0x4d00 | (ip & 0xff));
}

static int xmit(struct net_if *nif, unsigned int len)
{
    int rc = nif->ops->xmit(nif->dev, nif->out, len);

    for (unsigned int i = 0; rc == -MHV_EBUSY && i < 100; i++) {
        net_poll(nif);              /* the ring drains as we go */
        rc = nif->ops->xmit(nif->dev, nif->out, len);
    }
    if (!rc)
        nif->st.tx++;
    return rc;
}

static void eth_hdr(struct net_if *nif, const uint8_t *dst, uint16_t type)
{
    memcpy(nif->out, dst, 6);
    memcpy(nif->out + 6, nif->mac, 6);
    put16(nif->out + 12, type);
}

/* ---------------------------------------------------------------- ARP */

static void arp_learn(struct net_if *nif, uint32_t ip, const uint8_t *mac)
{
    unsigned int i;

    for (i = 0; i < NET_ARP_ENTRIES; i++)
        if (nif->arp[i].used && nif->arp[i].ip == ip)
            break;
    if (i == NET_ARP_ENTRIES) {
        i = nif->arp_next;
        nif->arp_next = (nif->arp_next + 1) % NET_ARP_ENTRIES;
    }
    nif->arp[i].used = true;
    nif->arp[i].ip = ip;
    memcpy(nif->arp[i].mac, mac, 6);
}

static bool arp_lookup(struct net_if *nif, uint32_t ip, uint8_t mac[6])
{
    for (unsigned int i = 0; i < NET_ARP_ENTRIES; i++)
        if (nif->arp[i].used && nif->arp[i].ip == ip) {
            memcpy(mac, nif->arp[i].mac, 6);
            return true;
        }
    return false;
}

static int arp_send(struct net_if *nif, uint16_t op, const uint8_t *tha,
                    uint32_t tip)
{
    uint8_t *a = nif->out + ETH_HLEN;

    eth_hdr(nif, op == 1 ? bcast : tha, ETH_P_ARP);
    put16(a, 1);                    /* Ethernet */
    put16(a + 2, ETH_P_IP);
    a[4] = 6;
    a[5] = 4;
    put16(a + 6, op);
    memcpy(a + 8, nif->mac, 6);
    put32(a + 14, nif->ip);
    memcpy(a + 18, op == 1 ? (const uint8_t[6]){ 0 } : tha, 6);
    put32(a + 24, tip);
    return xmit(nif, ETH_HLEN + 28);
}

static void arp_input(struct net_if *nif, const uint8_t *a, unsigned int len)
{
    uint16_t op;
    uint32_t sip, tip;

    if (len < 28 || get16(a) != 1 || get16(a + 2) != ETH_P_IP || a[4] != 6 ||
        a[5] != 4) {
        nif->st.rx_bad++;
        return;
    }
    op = get16(a + 6);
    sip = get32(a + 14);
    tip = get32(a + 24);
    if (tip != nif->ip)
        return;
    arp_learn(nif, sip, a + 8);
    if (op == 1) {
        uint8_t sha[6];

        memcpy(sha, a + 8, 6);
        if (!arp_send(nif, 2, sha, sip))
            nif->st.arp_answered++;
    }
}

int net_resolve(struct net_if *nif, uint32_t ip, uint8_t mac[6])
{
    if (ip == 0xffffffffu) {
        memcpy(mac, bcast, 6);
        return 0;
    }
    for (unsigned int t = 0; t < NET_ARP_TRIES; t++) {
        if (arp_lookup(nif, ip, mac))
            return 0;
        nif->st.arp_asked++;
        arp_send(nif, 1, NULL, ip);
        for (uint64_t w = 0; w < NET_ARP_WAIT_NS; w += RUN_STEP_NS) {
            net_run(nif, RUN_STEP_NS);
            if (arp_lookup(nif, ip, mac))
                return 0;
        }
    }
    return arp_lookup(nif, ip, mac) ? 0 : -MHV_ETIMEDOUT;
}

/* ---------------------------------------------------------------- IPv4 */

static uint8_t *ip_hdr(struct net_if *nif, const uint8_t *dmac, uint32_t dst,
                       uint8_t proto, unsigned int payload)
{
    static uint16_t ident;
    uint8_t *ip = nif->out + ETH_HLEN;

    eth_hdr(nif, dmac, ETH_P_IP);
    ip[0] = 0x45;
    ip[1] = 0;
    put16(ip + 2, (uint16_t)(IP_HLEN + payload));
    put16(ip + 4, ++ident);
    put16(ip + 6, 0x4000);          /* DF */
    ip[8] = 64;
    ip[9] = proto;
    put16(ip + 10, 0);
    put32(ip + 12, nif->ip);
    put32(ip + 16, dst);
    put16(ip + 10, csum(ip, IP_HLEN));
    return ip + IP_HLEN;
}

static void icmp_input(struct net_if *nif, const uint8_t *eth, uint32_t src,
                       const uint8_t *p, unsigned int len)
{
    if (len < 8 || csum(p, len) != 0) {
        nif->st.rx_bad++;
        return;
    }
    if (p[0] == ICMP_ECHO && len <= NET_FRAME_MAX - ETH_HLEN - IP_HLEN) {
        uint8_t *o = ip_hdr(nif, eth + 6, src, IPPROTO_ICMP, len);

        memcpy(o, p, len);
        o[0] = ICMP_ECHOREPLY;
        put16(o + 2, 0);
        put16(o + 2, csum(o, len));
        if (!xmit(nif, ETH_HLEN + IP_HLEN + len))
            nif->st.echo_answered++;
    } else if (p[0] == ICMP_ECHOREPLY && get16(p + 4) == nif->echo_id) {
        nif->echo_last_seq = get16(p + 6);
        nif->echo_replies++;
        nif->st.echo_replies++;
    }
}

static void udp_input(struct net_if *nif, uint32_t src, const uint8_t *p,
                      unsigned int len)
{
    unsigned int ulen;
    struct net_udp_dgram *q = NULL;

    if (len < 8 || (ulen = get16(p + 4)) < 8 || ulen > len) {
        nif->st.rx_bad++;
        return;
    }
    if (!nif->udp_port || get16(p + 2) != nif->udp_port ||
        ulen - 8 > NET_UDP_MAX) {
        nif->st.udp_dropped++;
        return;
    }
    for (unsigned int i = 0; i < NET_UDP_QUEUE && !q; i++)
        if (!nif->udpq[i].used)
            q = &nif->udpq[i];
    if (!q) {
        nif->st.udp_dropped++;
        return;
    }
    q->used = true;
    q->src = src;
    q->sport = get16(p);
    q->dport = get16(p + 2);
    q->len = (uint16_t)(ulen - 8);
    memcpy(q->data, p + 8, q->len);
    nif->st.udp_rx++;
}

static void ip_input(struct net_if *nif, const uint8_t *eth, unsigned int len)
{
    const uint8_t *ip = eth + ETH_HLEN;
    unsigned int ihl, tot;
    uint32_t src, dst;

    if (len < ETH_HLEN + IP_HLEN || (ip[0] >> 4) != 4 ||
        (ihl = (ip[0] & 15u) * 4) < IP_HLEN || (tot = get16(ip + 2)) < ihl ||
        tot > len - ETH_HLEN || csum(ip, ihl) != 0 ||
        (get16(ip + 6) & 0x3fff)) {         /* no fragments */
        nif->st.rx_bad++;
        return;
    }
    src = get32(ip + 12);
    dst = get32(ip + 16);
    if (dst != nif->ip && dst != 0xffffffffu)
        return;
    if (ip[9] == IPPROTO_ICMP)
        icmp_input(nif, eth, src, ip + ihl, tot - ihl);
    else if (ip[9] == IPPROTO_UDP)
        udp_input(nif, src, ip + ihl, tot - ihl);
}

void net_input(struct net_if *nif, const uint8_t *frame, unsigned int len)
{
    if (len < ETH_HLEN) {
        nif->st.rx_bad++;
        return;
    }
    nif->st.rx++;
    switch (get16(frame + 12)) {
    case ETH_P_ARP:
        arp_input(nif, frame + ETH_HLEN, len - ETH_HLEN);
        break;
    case ETH_P_IP:
        ip_input(nif, frame, len);
        break;
    }
}

unsigned int net_poll(struct net_if *nif)
{
    unsigned int n = 0;
    int len;

    /* Bounded: a peer flooding us cannot keep us here. */
    while (n < 256 && (len = nif->ops->recv(nif->dev, nif->frame,
                                            sizeof(nif->frame))) > 0) {
        net_input(nif, nif->frame, (unsigned int)len);
        n++;
    }
    return n;
}

void net_run(struct net_if *nif, uint64_t ns)
{
    net_poll(nif);
    if (ns && nif->ops->wait(nif->dev, ns))
        net_poll(nif);
}

/* ---------------------------------------------------------------- ping */

static int echo_send(struct net_if *nif, const uint8_t *dmac, uint32_t dst,
                     uint16_t seq)
{
    uint8_t *o = ip_hdr(nif, dmac, dst, IPPROTO_ICMP, 8 + PING_DATA);

    o[0] = ICMP_ECHO;
    o[1] = 0;
    put16(o + 2, 0);
    put16(o + 4, nif->echo_id);
    put16(o + 6, seq);
    for (unsigned int i = 0; i < PING_DATA; i++)
        o[8 + i] = (uint8_t)(0x20 + i);
    put16(o + 2, csum(o, 8 + PING_DATA));
    return xmit(nif, ETH_HLEN + IP_HLEN + 8 + PING_DATA);
}

int net_ping(struct net_if *nif, uint32_t dst, unsigned int count,
             uint64_t timeout_ns, uint64_t *rtt)
{
    uint8_t dmac[6];
    unsigned int sent = 0, got = 0;
    char a[16];
    int rc = net_resolve(nif, dst, dmac);

    if (rc) {
        printf("ping: %s does not answer ARP\n", net_ip_str(dst, a));
        return rc;
    }
    for (unsigned int seq = 1; seq <= count; seq++) {
        uint32_t before = nif->echo_replies;
        uint64_t t0 = rdtsc(), t1 = 0;

        if (rtt)
            rtt[seq - 1] = 0;
        if (echo_send(nif, dmac, dst, (uint16_t)seq))
            continue;
        sent++;
        for (uint64_t w = 0; w < timeout_ns; w += RUN_STEP_NS) {
            net_run(nif, RUN_STEP_NS);
            if (nif->echo_replies != before && nif->echo_last_seq == seq) {
                t1 = rdtsc();
                break;
            }
        }
        if (t1) {
            got++;
            if (rtt)
                rtt[seq - 1] = t1 - t0;
            printf("64 bytes from %s: icmp_seq=%u\n", net_ip_str(dst, a), seq);
        }
    }
    printf("%u packets transmitted, %u received\n", sent, got);
    return (int)got;
}

/* ---------------------------------------------------------------- UDP */

int net_udp_send(struct net_if *nif, uint32_t dst, uint16_t sport,
                 uint16_t dport, const void *data, unsigned int len)
{
    uint8_t dmac[6];
    uint8_t *o;
    int rc;

    if (len > NET_UDP_MAX)
        return -MHV_EINVAL;
    if ((rc = net_resolve(nif, dst, dmac)))
        return rc;
    o = ip_hdr(nif, dmac, dst, IPPROTO_UDP, 8 + len);
    put16(o, sport);
    put16(o + 2, dport);
    put16(o + 4, (uint16_t)(8 + len));
    put16(o + 6, 0);                /* no checksum (IPv4 allows it) */
    memcpy(o + 8, data, len);
    rc = xmit(nif, ETH_HLEN + IP_HLEN + 8 + len);
    if (!rc)
        nif->st.udp_tx++;
    return rc;
}

void net_udp_bind(struct net_if *nif, uint16_t port)
{
    nif->udp_port = port;
    for (unsigned int i = 0; i < NET_UDP_QUEUE; i++)
        nif->udpq[i].used = false;
}

int net_udp_recv(struct net_if *nif, void *buf, unsigned int max,
                 uint32_t *src, uint16_t *sport, uint64_t timeout_ns)
{
    for (uint64_t w = 0;; w += RUN_STEP_NS) {
        for (unsigned int i = 0; i < NET_UDP_QUEUE; i++) {
            struct net_udp_dgram *q = &nif->udpq[i];
            unsigned int n;

            if (!q->used)
                continue;
            n = q->len < max ? q->len : max;
            memcpy(buf, q->data, n);
            if (src)
                *src = q->src;
            if (sport)
                *sport = q->sport;
            q->used = false;
            return (int)n;
        }
        if (w >= timeout_ns)
            return -MHV_ETIMEDOUT;
        net_run(nif, RUN_STEP_NS);
    }
}
