/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal IPv4 stack over one Ethernet interface: ARP (answers requests
 * for our address, asks for others', caches NET_ARP_ENTRIES answers,
 * oldest replaced first), ICMP echo (answers requests, sends them and
 * matches the replies), UDP (sends; keeps the last NET_UDP_QUEUE datagrams
 * for bound ports).  No fragments, no options, no routing: every peer is
 * on the link (the tests talk to slirp's 10.0.2.2 and to each other).
 *
 * The interface is a driver behind three callbacks: xmit a frame, fetch a
 * received one, wait for one.  Nothing here allocates.  Addresses are in
 * host byte order.
 */
#ifndef DOMAINS_NET_NETSTACK_H
#define DOMAINS_NET_NETSTACK_H

#include <stdint.h>
#include <stdbool.h>

#define NET_ARP_ENTRIES     8
#define NET_UDP_QUEUE       8
#define NET_UDP_MAX         1024
#define NET_FRAME_MAX       1514
#define NET_ARP_TRIES       5
#define NET_ARP_WAIT_NS     (1000ull * 1000 * 1000)

struct net_ops {
    int (*xmit)(void *dev, const void *frame, unsigned int len);
    int (*recv)(void *dev, void *buf, unsigned int max);    /* len, 0: none */
    int (*wait)(void *dev, uint64_t timeout_ns);            /* 1: frame there */
};

struct net_udp_dgram {
    bool used;
    uint32_t src;
    uint16_t sport, dport;
    uint16_t len;
    uint8_t data[NET_UDP_MAX];
};

struct net_stats {
    uint64_t rx, tx, rx_bad, arp_answered, arp_asked, echo_answered,
             echo_replies, udp_rx, udp_tx, udp_dropped;
};

struct net_if {
    const struct net_ops *ops;
    void *dev;
    uint8_t mac[6];
    uint32_t ip;
    struct { bool used; uint32_t ip; uint8_t mac[6]; } arp[NET_ARP_ENTRIES];
    unsigned int arp_next;
    uint16_t echo_id;
    uint16_t echo_last_seq;             /* last matching reply seen */
    uint32_t echo_replies;
    uint16_t udp_port;                  /* bound port, 0: none */
    struct net_udp_dgram udpq[NET_UDP_QUEUE];
    struct net_stats st;
    uint8_t frame[NET_FRAME_MAX];       /* rx scratch */
    uint8_t out[NET_FRAME_MAX];         /* tx scratch */
};

void net_init(struct net_if *nif, const struct net_ops *ops, void *dev,
              const uint8_t mac[6], uint32_t ip);
/* Handle one received frame (answers ARP and echo requests at once). */
void net_input(struct net_if *nif, const uint8_t *frame, unsigned int len);
/* Fetch and handle every waiting frame; returns how many. */
unsigned int net_poll(struct net_if *nif);
/* Wait up to @ns, handling frames as they come. */
void net_run(struct net_if *nif, uint64_t ns);
/* The MAC of @ip (from the cache, else by asking): 0 or -MHV_ETIMEDOUT. */
int net_resolve(struct net_if *nif, uint32_t ip, uint8_t mac[6]);

/*
 * Send @count echo requests to @dst, one after the other, waiting up to
 * @timeout_ns for each reply; prints "64 bytes from A: icmp_seq=N" per
 * reply and "N packets transmitted, M received".  Returns M, or a negative
 * errno if @dst cannot be resolved.  @rtt (optional) gets each round
 * trip's TSC ticks, 0 for a lost one.
 */
int net_ping(struct net_if *nif, uint32_t dst, unsigned int count,
             uint64_t timeout_ns, uint64_t *rtt);

int net_udp_send(struct net_if *nif, uint32_t dst, uint16_t sport,
                 uint16_t dport, const void *data, unsigned int len);
/* Bind @port (0 unbinds); earlier datagrams are dropped. */
void net_udp_bind(struct net_if *nif, uint16_t port);
/* A queued datagram to the bound port (the lowest slot first), waiting up
 * to @timeout_ns: its length, or -MHV_ETIMEDOUT. */
int net_udp_recv(struct net_if *nif, void *buf, unsigned int max,
                 uint32_t *src, uint16_t *sport, uint64_t timeout_ns);

/* "a.b.c.d" -> *ip: 0 or -MHV_EINVAL.  And back, into @buf[16]. */
int net_parse_ip(const char *s, uint32_t *ip);
const char *net_ip_str(uint32_t ip, char buf[16]);

#endif /* DOMAINS_NET_NETSTACK_H */
