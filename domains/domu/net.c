/* SPDX-License-Identifier: GPL-2.0 */
/*
 * domu's network mode: `net=IP` plus what to do, in this order:
 *   poll               poll mode instead of MSI-X interrupts
 *   mac=XX:..:XX[,XX:..:XX]...  ask the PF for these MACs first, in
 *                      order, one line each (refused unless the control
 *                      domain allowed it, `vf-mac SBDF allow`, and never
 *                      one another slot of the NIC holds); the last one
 *                      granted stays
 *   ping=IP [count=N] [quiet]  N echo requests (default 4), one line per
 *                      reply (quiet: only the summary line)
 *   answer=N           serve until N echo requests were answered since the
 *                      VF came up (up to ECHO_WAIT_NS): "net: N echo
 *                      requests answered" (a peer that pings us once we
 *                      pinged it)
 *   udp-echo=PORT [echoes=N]  answer every datagram to PORT with the same
 *                      bytes (while serving; with echoes=N first wait, up
 *                      to ECHO_WAIT_NS, until N were answered: "udp: N echoed")
 *   udp-send=IP:PORT [count=N]   N datagrams to IP:PORT, each waiting for
 *                      its echo: "udp: N sent, M echoed"
 *   bench-rtt=IP [count=N]  ping N times, print the median round trip in
 *                      TSC ticks (instructions under -icount): bench lines
 *   traffic=IP [resets=N] [flr=N]  ping IP in rounds of TRAFFIC_ROUND,
 *                      checking the device list between rounds, until the
 *                      VF goes (a PF removed under traffic), or with
 *                      resets=N until the VF was reset under us N times,
 *                      or with flr=N after resetting it ourselves (FLR)
 *                      every FLR_ROUNDS rounds N times (then 10 more
 *                      pings); summary lines, then it goes on
 *   once               then stop the VF, free its memory and shut down
 *                      (with 1 if anything failed) instead of serving
 * Otherwise it serves (ARP, echo, UDP echo) and watches its device list every
 * 100 ms; when the VF is removed, taken back or marked broken it says so,
 * stops the VF (or lets go of it when it is gone) and shuts down with 0,
 * or with 1 if something it was asked to do failed.
 *
 * The device: the first igb VF assigned to this domain, waited for up to
 * DEV_WAIT_NS, or `dev-wait=S` seconds (at most DEV_WAIT_MAX_S: a VF the
 * control domain assigns only once another guest is up).
 */
#include "domu.h"
#include <igb/igb_irq.h>
#include <runtime/hypercall.h>
#include <net/vfnet.h>

#define DEV_WAIT_NS     (60000ull * 1000 * 1000)
#define DEV_WAIT_MAX_S  600
#define SCAN_NS         (100ull * 1000 * 1000)
#define PING_TIMEOUT_NS (5000ull * 1000 * 1000)   /* generous: TCG on a busy host */
#define UDP_TIMEOUT_NS  (10000ull * 1000 * 1000)
#define COUNT_MAX       100000
#define RTT_MAX         128
#define TRAFFIC_ROUND   2
#define TRAFFIC_MAX     1000000
#define FLR_ROUNDS      5
#define ECHO_WAIT_NS    (60000ull * 1000 * 1000)

static struct vfnet net;
static struct mhv_pci_info list_buf[16];
static uint64_t rtt[RTT_MAX];

/* Our igb VF's entry: 1 found (in *info), 0 none. */
static int find_vf(uint32_t want, struct mhv_pci_info *info)
{
    uint32_t start = 0, count = 0, total = 0;

    do {
        if (mhv_pci_list(start, list_buf, 16, &count, &total))
            return 0;
        for (uint32_t i = 0; i < count; i++) {
            const struct mhv_pci_info *p = &list_buf[i];

            if (p->owner == mhv_start_info->domid &&
                (p->flags & MHV_PCI_FLAG_VF) && igb_is_vf(p->vendor, p->device) &&
                (!want || p->sbdf == want)) {
                *info = *p;
                return 1;
            }
        }
        start += count;
    } while (count && start < total);
    return 0;
}

static uint64_t opt_count(const char *cmdline)
{
    char v[16];
    uint64_t n = 4;

    if (cmdline_value(cmdline, "count", v, sizeof(v)) &&
        (parse_uint(v, COUNT_MAX, &n) || !n))
        n = 4;
    return n;
}

/* ip:port -> 0 or -EINVAL. */
static int parse_ip_port(char *s, uint32_t *ip, uint16_t *port)
{
    char *colon = strchr(s, ':');
    uint64_t p;

    if (!colon)
        return -MHV_EINVAL;
    *colon = '\0';
    if (net_parse_ip(s, ip) || parse_uint(colon + 1, 65535, &p) || !p)
        return -MHV_EINVAL;
    *port = (uint16_t)p;
    return 0;
}

static void sort(uint64_t *a, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++)
        for (unsigned int j = i; j && a[j - 1] > a[j]; j--) {
            uint64_t t = a[j];

            a[j] = a[j - 1];
            a[j - 1] = t;
        }
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return (uint64_t)hi << 32 | lo;
}

/* @num / @den as "I.FF" (two decimals) into @buf[24]. */
static const char *ratio(uint64_t num, uint64_t den, char *buf)
{
    uint64_t c = den ? (num * 100 + den / 2) / den : 0;

    snprintf(buf, 24, "%llu.%02llu", (unsigned long long)(c / 100),
             (unsigned long long)(c % 100));
    return buf;
}

/* What the hypervisor did for us since the counts @hc0 and @ev0:
 * hypercalls made and interrupts delivered, per frame sent or received. */
static void print_share(const char *op, uint64_t hc0, uint64_t ev0,
                        uint64_t frames)
{
    char h[24], e[24];

    printf("@bench net op=%s frames=%llu hypercalls=%llu interrupts=%llu "
           "hypercalls_per_frame=%s interrupts_per_frame=%s\n", op,
           (unsigned long long)frames,
           (unsigned long long)(mhv_hypercalls - hc0),
           (unsigned long long)(mhv_shared_info->events - ev0),
           ratio(mhv_hypercalls - hc0, frames, h),
           ratio(mhv_shared_info->events - ev0, frames, e));
}

/* The driver's own cost per frame, since vfnet_up(). */
static void print_driver(const char *op)
{
    char t[24], r[24];

    printf("@bench net op=%s driver_tx_per_frame=%s driver_rx_per_frame=%s\n",
           op, ratio(net.tx_ticks, net.tx_frames, t),
           ratio(net.rx_ticks, net.rx_frames, r));
}

static int do_udp_send(struct net_if *nif, const char *cmdline, char *spec)
{
    uint32_t ip, from;
    uint16_t port, sport;
    unsigned int n = (unsigned int)opt_count(cmdline), echoed = 0;
    char msg[64], back[64], a[16];
    bool bench = cmdline_has(cmdline, "bench");
    uint64_t t0 = 0, hc0 = 0, ev0 = 0, f0 = 0, first_from = 0;

    if (parse_ip_port(spec, &ip, &port)) {
        printf("udp-send: want IP:PORT\n");
        return -MHV_EINVAL;
    }
    net_udp_bind(nif, 40000);
    if (bench) {        /* the first round trip resolves the peer: untimed */
        uint8_t mac[6];

        net_resolve(nif, ip, mac);
        t0 = rdtsc();
        hc0 = mhv_hypercalls;
        ev0 = mhv_shared_info->events;
        f0 = net.vf.st.rx + net.vf.st.tx;
    }
    for (unsigned int i = 1; i <= n; i++) {
        int len = snprintf(msg, sizeof(msg), "datagram %u from d%u", i,
                           mhv_start_info->domid);
        int rc = net_udp_send(nif, ip, 40000, port, msg, (unsigned int)len);

        if (rc) {
            printf("udp: send %u failed (%d)\n", i, rc);
            continue;
        }
        /* A late echo of an earlier datagram is skipped. */
        do
            rc = net_udp_recv(nif, back, sizeof(back) - 1, &from, &sport,
                              UDP_TIMEOUT_NS);
        while (rc >= 0 && (rc != len || memcmp(back, msg, (size_t)len)));
        if (rc == len && from == ip) {
            echoed++;
            back[rc] = '\0';
            if (!bench && (i == 1 || i == n))
                printf("udp: echo from %s:%u: %s\n", net_ip_str(from, a),
                       sport, back);
        }
    }
    if (bench) {
        uint64_t t = rdtsc() - t0;
        char r[24];

        (void)first_from;
        printf("@bench net op=udp-echo datagrams=%u echoed=%u ticks=%llu "
               "datagrams_per_million=%s (%s)\n", 2 * n, echoed,
               (unsigned long long)t, ratio(2ull * echoed * 1000000, t, r),
               net.vf.poll ? "poll mode" : "interrupts");
        print_share("udp-echo", hc0, ev0, net.vf.st.rx + net.vf.st.tx - f0);
        print_driver("udp-echo");
    }
    printf("udp: %u sent, %u echoed\n", n, echoed);
    return echoed == n ? 0 : -MHV_ETIMEDOUT;
}

static unsigned int serve_udp_echo(struct net_if *nif)
{
    static uint8_t buf[NET_UDP_MAX];
    unsigned int n = 0;
    uint32_t from;
    uint16_t sport;
    int len;

    if (!nif->udp_port)
        return 0;
    while ((len = net_udp_recv(nif, buf, sizeof(buf), &from, &sport, 0)) >= 0)
        n += !net_udp_send(nif, from, nif->udp_port, sport, buf,
                           (unsigned int)len);
    return n;
}

/*
 * bench-rtt: @n echo requests, each timed from before its send to the
 * reply's arrival (TSC: guest instructions under -icount); the median
 * (lower middle) and minimum, and the hypervisor's share per frame.  The
 * peer is resolved first, untimed.  Console output is muted meanwhile.
 */
static int do_bench_rtt(struct net_if *nif, uint32_t ip, unsigned int n)
{
    unsigned int got = 0;
    uint64_t hc0, ev0, f0;
    uint8_t mac[6];

    if (n > RTT_MAX)
        n = RTT_MAX;
    if (net_resolve(nif, ip, mac))
        return -MHV_ETIMEDOUT;
    hc0 = mhv_hypercalls;
    ev0 = mhv_shared_info->events;
    f0 = net.vf.st.rx + net.vf.st.tx;
    console_mute(true);
    net_ping(nif, ip, n, PING_TIMEOUT_NS, rtt);
    console_mute(false);
    print_share(net.vf.poll ? "ping-poll" : "ping-irq", hc0, ev0,
                net.vf.st.rx + net.vf.st.tx - f0);
    for (unsigned int i = 0; i < n; i++)
        if (rtt[i])
            rtt[got++] = rtt[i];
    sort(rtt, got);
    printf("@bench net op=ping-rtt-%s iterations=%u answered=%u min=%llu "
           "median=%llu\n", net.vf.poll ? "poll" : "irq", n, got,
           got ? (unsigned long long)rtt[0] : 0ull,
           got ? (unsigned long long)rtt[(got - 1) / 2] : 0ull);
    print_driver(net.vf.poll ? "ping-poll" : "ping-irq");
    return got == n ? 0 : -MHV_ETIMEDOUT;
}

/* Why our VF @sbdf cannot be used any more, or NULL while it can. */
static const char *vf_gone(uint32_t sbdf, bool *listed)
{
    struct mhv_pci_info now;

    *listed = find_vf(sbdf, &now);
    if (!*listed)
        return "removed or taken back";
    if (now.flags & MHV_PCI_FLAG_BROKEN)
        return "broken (its PF was removed)";
    return NULL;
}

static void stopped(uint32_t sbdf, const char *why, bool listed)
{
    printf("net %pp: device %s: network stopped (rx %llu tx %llu)\n",
           SBDF_ARG(sbdf), why, (unsigned long long)net.vf.st.rx,
           (unsigned long long)net.vf.st.tx);
    vfnet_down(&net, !listed);
}

int net_run_mode(const char *cmdline)
{
    struct mhv_pci_info info;
    char v[64];             /* room for three MACs */
    uint32_t ip, peer;
    bool poll = cmdline_has(cmdline, "poll");
    uint64_t dev_wait = DEV_WAIT_NS, s;
    int failed = 0, rc;

    if (cmdline_value(cmdline, "dev-wait", v, sizeof(v))) {
        if (parse_uint(v, DEV_WAIT_MAX_S, &s)) {
            printf("net: bad dev-wait '%s' (seconds, at most %u)\n", v, DEV_WAIT_MAX_S);
            return 2;
        }
        dev_wait = s * 1000 * 1000 * 1000;
    }

    cmdline_value(cmdline, "net", v, sizeof(v));
    if (net_parse_ip(v, &ip)) {
        printf("net: bad address '%s'\n", v);
        return 2;
    }
    for (uint64_t w = 0; !find_vf(0, &info); w += SCAN_NS) {
        if (w >= dev_wait) {
            printf("net: no igb VF assigned to us\n");
            return 1;
        }
        mhv_sleep_ns(SCAN_NS);
    }
    printf("device %pp [%04x:%04x] assigned\n", SBDF_ARG(info.sbdf),
           info.vendor, info.device);
    rc = vfnet_up(&net, info.sbdf, ip, poll);
    if (rc) {
        printf("net: %pp not brought up (%d)\n", SBDF_ARG(info.sbdf), rc);
        return 1;
    }

    if (cmdline_value(cmdline, "mac", v, sizeof(v))) {
        for (char *m = v, *next; m; m = next) {
            uint8_t mac[6];

            if ((next = strchr(m, ',')))
                *next++ = '\0';
            if (parse_mac(m, mac)) {
                printf("net: bad MAC '%s'\n", m);
                failed = 1;
                continue;
            }
            rc = igbvf_set_mac(&net.vf, mac);
            printf("net: MAC %s %s (%d)\n", m, rc ? "refused" : "set", rc);
            if (!rc)
                memcpy(net.nif.mac, net.vf.mac, 6);
        }
    }
    if (cmdline_value(cmdline, "udp-echo", v, sizeof(v))) {
        uint64_t port;

        if (parse_uint(v, 65535, &port) || !port)
            failed = 1;
        else
            net_udp_bind(&net.nif, (uint16_t)port);
        printf("udp: echoing on port %llu\n", (unsigned long long)port);
        if (cmdline_value(cmdline, "echoes", v, sizeof(v))) {
            uint64_t want = 0, done = 0;

            parse_uint(v, COUNT_MAX, &want);
            for (uint64_t w = 0; done < want && w < ECHO_WAIT_NS; w += 10000000ull) {
                net_run(&net.nif, 10000000ull);
                done += serve_udp_echo(&net.nif);
            }
            printf("udp: %llu echoed\n", (unsigned long long)done);
            failed |= done < want;
        }
    }
    if (cmdline_value(cmdline, "ping", v, sizeof(v))) {
        unsigned int n = (unsigned int)opt_count(cmdline);

        bool quiet = cmdline_has(cmdline, "quiet");

        if (net_parse_ip(v, &peer)) {
            failed = 1;
        } else {
            console_mute(quiet);
            rc = net_ping(&net.nif, peer, n, PING_TIMEOUT_NS, NULL);
            console_mute(false);
            if (quiet)
                printf("%u packets transmitted, %d received (quiet)\n", n, rc);
            if (net.vf.st.lost)
                printf("net %pp: reset under us %llu times, recovered %llu\n",
                       SBDF_ARG(info.sbdf), (unsigned long long)net.vf.st.lost,
                       (unsigned long long)net.vf.st.recoveries);
            failed |= rc != (int)n;
        }
    }
    if (cmdline_value(cmdline, "answer", v, sizeof(v))) {
        uint64_t want = 0;

        parse_uint(v, COUNT_MAX, &want);
        for (uint64_t w = 0; net.nif.st.echo_answered < want && w < ECHO_WAIT_NS;
             w += 10000000ull)
            net_run(&net.nif, 10000000ull);
        printf("net: %llu echo requests answered\n",
               (unsigned long long)net.nif.st.echo_answered);
        failed |= net.nif.st.echo_answered < want;
    }
    if (cmdline_value(cmdline, "bench-rtt", v, sizeof(v)) &&
        (net_parse_ip(v, &peer) ||
         do_bench_rtt(&net.nif, peer, (unsigned int)opt_count(cmdline))))
        failed = 1;
    if (cmdline_value(cmdline, "udp-send", v, sizeof(v)) &&
        do_udp_send(&net.nif, cmdline, v))
        failed = 1;
    if (cmdline_value(cmdline, "traffic", v, sizeof(v)) && !net_parse_ip(v, &peer)) {
        uint64_t sent = 0, got = 0, resets = 0, flrs = 0, flrs_done = 0;
        uint64_t flrs_ok = 0, rounds = 0;
        const char *why;
        bool listed;
        char r[16];

        if (cmdline_value(cmdline, "resets", r, sizeof(r)))
            parse_uint(r, 1000, &resets);
        if (cmdline_value(cmdline, "flr", r, sizeof(r)))
            parse_uint(r, 1000, &flrs);
        printf("traffic: pinging %s until %s\n", v,
               flrs ? "we reset the VF (FLR) under it" :
               resets ? "the VF was reset under us" : "the device goes");
        while (!(why = vf_gone(info.sbdf, &listed)) &&
               (!resets || net.vf.st.lost < resets) &&
               (!flrs || flrs_done < flrs) && sent < TRAFFIC_MAX) {
            console_mute(true);
            rc = net_ping(&net.nif, peer, TRAFFIC_ROUND, PING_TIMEOUT_NS, NULL);
            console_mute(false);
            sent += TRAFFIC_ROUND;
            got += rc > 0 ? (uint64_t)rc : 0;
            if (flrs && ++rounds % FLR_ROUNDS == 0) {
                rc = igbvf_flr(&net.vf);
                flrs_done++;
                flrs_ok += !rc;
                if (rc)
                    printf("traffic: FLR %llu failed (%d)\n",
                           (unsigned long long)flrs_done, rc);
            }
        }
        if (flrs)
            printf("traffic: %llu FLRs under traffic, %llu recovered\n",
                   (unsigned long long)flrs_done, (unsigned long long)flrs_ok);
        printf("traffic: %llu echo requests, %llu replies; reset under us "
               "%llu times, recovered %llu\n", (unsigned long long)sent,
               (unsigned long long)got, (unsigned long long)net.vf.st.lost,
               (unsigned long long)net.vf.st.recoveries);
        if (why) {
            stopped(info.sbdf, why, listed);
            return got ? failed : 1;
        }
        console_mute(true);
        rc = net_ping(&net.nif, peer, 10, PING_TIMEOUT_NS, NULL);
        console_mute(false);
        printf("traffic: after the resets %d of 10 answered\n", rc);
        failed |= rc != 10 || net.vf.st.recoveries < resets || flrs_ok < flrs;
    }
    if (cmdline_has(cmdline, "once")) {
        printf("net: done%s; stopping\n", failed ? " (with failures)" : "");
        vfnet_down(&net, false);
        return failed;
    }
    printf("net: done%s; serving until the device goes\n",
           failed ? " (with failures)" : "");

    for (;;) {
        const char *why;
        bool listed;

        for (uint64_t w = 0; w < SCAN_NS; w += 10000000ull) {
            net_run(&net.nif, 10000000ull);
            serve_udp_echo(&net.nif);
        }
        if ((why = vf_gone(info.sbdf, &listed))) {
            stopped(info.sbdf, why, listed);
            return failed;
        }
    }
}
