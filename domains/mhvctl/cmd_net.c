/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl's network side: the igb PF drivers it runs, and the VFs it uses
 * itself.
 *
 * PF drivers (domains/igb/igb_pf.c): `sriov SBDF N` on an igb PF calls
 * net_pf_start() before it enables the VFs and net_pf_stop() after
 * `sriov SBDF 0` disabled them; `pci-remove` of the PF calls
 * net_pf_forget() first (its BAR goes away with it).  Mailbox service:
 * mhvctl installs an idle hook (mhv_set_idle_hook()) that runs on every
 * wait of the program (sleep, wait-domain, fire, ping, leakcheck's
 * samples, the prompt's input poll): when a PF's mailbox pirq is pending,
 * or a PF has work left over, igb_pf_service() runs.  So a VF is answered
 * within one poll step (at most 10 ms) while the script waits, and after
 * at most the current command otherwise (a VF waits up to 3 s).
 *
 * The same hook keeps the control domain's own VF networks answering (ARP,
 * echo) whenever it waits, except the one a command is using right now.
 *
 * `assign` and `deassign` tell the PF driver of the VFs they move
 * (net_vf_moved()): the MAC grant is for one owner only (igb_pf.h).
 *
 * Commands: net-up SBDF IP [poll], ping SBDF IP [COUNT], net-down SBDF
 * (for VFs this domain owns), vf-mac VF-SBDF allow|deny (may the VF's
 * current owner choose its MAC) or set MAC|default (the operator's
 * address for the VF), vf-reset VF-SBDF (reset a VF from its PF:
 * PVTCTRL.RST), link-wait PF-SBDF up|down MS (until the PF driver has
 * seen that link state), pf-stats PF-SBDF.
 */
#include "mhvctl.h"
#include <igb/igb_pf.h>
#include <net/vfnet.h>

#define MAX_PFS         2
#define MAX_NETS        2
#define PING_TIMEOUT_NS (5000ull * 1000 * 1000)   /* generous: TCG */
#define PING_MAX        100000

static struct pf_slot {
    bool used;
    struct igb_pf pf;
} pfs[MAX_PFS];

static struct net_slot {
    bool used;
    bool busy;                  /* a command drives it: the hook keeps off */
    uint32_t sbdf;
    struct vfnet n;
} nets[MAX_NETS];

static void idle_hook(void)
{
    for (struct net_slot *n = nets; n < nets + MAX_NETS; n++)
        if (n->used && !n->busy && n->n.vf.up)
            net_poll(&n->n.nif);
    for (struct pf_slot *s = pfs; s < pfs + MAX_PFS; s++) {
        struct igb_pf *pf = &s->pf;

        if (!s->used || !pf->up)
            continue;
        if (pf->pirq < 0 || mhv_pirq_test_and_clear((unsigned int)pf->pirq) ||
            pf->more)
            igb_pf_service(pf);
    }
}

static struct pf_slot *pf_find(uint32_t sbdf)
{
    for (struct pf_slot *s = pfs; s < pfs + MAX_PFS; s++)
        if (s->used && s->pf.sbdf == sbdf)
            return s;
    return NULL;
}

int net_pf_start(uint32_t pf_sbdf, unsigned int nvfs)
{
    struct pf_slot *s = pf_find(pf_sbdf);
    int rc;

    for (struct pf_slot *f = pfs; !s && f < pfs + MAX_PFS; f++)
        if (!f->used)
            s = f;
    if (!s) {
        printf("mhvctl drives at most %d igb PFs\n", MAX_PFS);
        return -MHV_ENOSPC;
    }
    mhv_set_idle_hook(idle_hook);
    s->used = true;
    s->pf.slot = (unsigned int)(s - pfs);
    rc = igb_pf_start(&s->pf, pf_sbdf, nvfs);
    if (rc)
        s->used = false;
    return rc;
}

void net_pf_geometry(uint32_t pf_sbdf, uint32_t offset, uint32_t stride)
{
    struct pf_slot *s = pf_find(pf_sbdf);

    if (s)
        igb_pf_set_geometry(&s->pf, offset, stride);
}

static void pf_drop(struct pf_slot *s, bool hw_gone)
{
    printf("igb %pp: PF driver stopped\n", SBDF_ARG(s->pf.sbdf));
    igb_pf_stop(&s->pf, hw_gone);
    s->used = false;
}

void net_pf_stop(uint32_t pf_sbdf)
{
    struct pf_slot *s = pf_find(pf_sbdf);

    if (s)
        pf_drop(s, false);
}

void net_pf_forget(uint32_t sbdf)
{
    struct pf_slot *s = pf_find(sbdf);

    for (struct net_slot *n = nets; n < nets + MAX_NETS; n++)
        if (n->used && n->sbdf == sbdf) {
            printf("net %pp: network stopped (the device goes)\n", SBDF_ARG(sbdf));
            vfnet_down(&n->n, false);   /* still ours until the call */
            n->used = false;
        }
    if (s)
        pf_drop(s, false);      /* stop the VFs' traffic before it goes */
}

/* The PF slot and VF index of @vf, without a word: 0 or -MHV_ENODEV. */
static int vf_find(uint32_t vf, struct pf_slot **sp, unsigned int *idx)
{
    for (struct pf_slot *s = pfs; s < pfs + MAX_PFS; s++)
        if (s->used && s->pf.up && !igb_pf_vf_index(&s->pf, vf, idx)) {
            *sp = s;
            return 0;
        }
    return -MHV_ENODEV;
}

/* The same for a command: says what is wrong. */
static int vf_index(uint32_t vf, struct pf_slot **sp, unsigned int *idx)
{
    int rc = vf_find(vf, sp, idx);

    if (rc)
        printf("%pp is not a VF of a PF this domain drives\n", SBDF_ARG(vf));
    return rc;
}

void net_vf_moved(uint32_t sbdf, domid_t owner)
{
    struct pf_slot *s;
    unsigned int i;

    if (!vf_find(sbdf, &s, &i))
        igb_pf_vf_moved(&s->pf, i, owner);
}

static struct net_slot *net_find(uint32_t sbdf)
{
    for (struct net_slot *n = nets; n < nets + MAX_NETS; n++)
        if (n->used && n->sbdf == sbdf)
            return n;
    return NULL;
}

int cmd_net_up(int argc, char **argv)
{
    struct net_slot *n = NULL;
    uint32_t sbdf, ip;
    bool poll = false;
    int rc;

    if ((rc = arg_sbdf("SBDF", argv[1], &sbdf)))
        return rc;
    if (net_parse_ip(argv[2], &ip)) {
        printf("bad IPv4 address '%s'\n", argv[2]);
        return -MHV_EINVAL;
    }
    if (argc > 3) {
        if (!str_eq(argv[3], "poll")) {
            printf("usage: net-up SBDF IP [poll]\n");
            return -MHV_EINVAL;
        }
        poll = true;
    }
    if (net_find(sbdf)) {
        printf("net %pp is up already\n", SBDF_ARG(sbdf));
        return -MHV_EBUSY;
    }
    for (struct net_slot *f = nets; !n && f < nets + MAX_NETS; f++)
        if (!f->used)
            n = f;
    if (!n)
        return -MHV_ENOSPC;
    n->busy = true;
    rc = vfnet_up(&n->n, sbdf, ip, poll);
    n->busy = false;
    if (rc)
        return rc;
    n->used = true;
    n->sbdf = sbdf;
    mhv_set_idle_hook(idle_hook);
    return 0;
}

int cmd_net_down(int argc, char **argv)
{
    struct net_slot *n;
    uint32_t sbdf;
    int rc;

    if ((rc = arg_sbdf("SBDF", argv[1], &sbdf)))
        return rc;
    if (!(n = net_find(sbdf)))
        return -MHV_ENOENT;
    vfnet_down(&n->n, false);
    n->used = false;
    return 0;
}

int cmd_ping(int argc, char **argv)
{
    struct net_slot *n;
    uint32_t sbdf, ip;
    uint64_t count = 4;
    int rc;

    if ((rc = arg_sbdf("SBDF", argv[1], &sbdf)) ||
        (argc > 3 && (rc = arg_uint("count", argv[3], PING_MAX, &count))))
        return rc;
    if (net_parse_ip(argv[2], &ip)) {
        printf("bad IPv4 address '%s'\n", argv[2]);
        return -MHV_EINVAL;
    }
    if (!(n = net_find(sbdf))) {
        printf("no network on %pp ('net-up %pp IP' first)\n", SBDF_ARG(sbdf),
               SBDF_ARG(sbdf));
        return -MHV_ENOENT;
    }
    n->busy = true;
    rc = net_ping(&n->n.nif, ip, (unsigned int)count, PING_TIMEOUT_NS, NULL);
    n->busy = false;
    if (rc < 0)
        return rc;
    return (uint64_t)rc == count ? 0 : -MHV_ETIMEDOUT;
}

/*
 * vf-mac VF-SBDF allow|deny: may the VF's current owner choose its MAC
 * (the grant ends when the VF changes owner); vf-mac VF-SBDF set MAC|default:
 * the operator's address for the VF (default: the PF driver's own), which
 * it has from its next reset on.
 */
int cmd_vf_mac(int argc, char **argv)
{
    struct pf_slot *s;
    unsigned int i;
    uint8_t mac[6];
    uint32_t vf;
    int rc;

    if ((rc = arg_sbdf("VF SBDF", argv[1], &vf)) ||
        (rc = vf_index(vf, &s, &i)))
        return rc;
    if (argc == 3 && (str_eq(argv[2], "allow") || str_eq(argv[2], "deny"))) {
        igb_pf_vf_allow_mac(&s->pf, i, str_eq(argv[2], "allow"));
        return 0;
    }
    if (argc == 4 && str_eq(argv[2], "set")) {
        if (str_eq(argv[3], "default"))
            return igb_pf_vf_set_mac(&s->pf, i, NULL);
        if (!parse_mac(argv[3], mac))
            return igb_pf_vf_set_mac(&s->pf, i, mac);
        printf("bad MAC '%s' (want XX:XX:XX:XX:XX:XX)\n", argv[3]);
        return -MHV_EINVAL;
    }
    printf("usage: vf-mac VF-SBDF allow|deny|set MAC|set default\n");
    return -MHV_EINVAL;
}

#define VF_BACK_STEP_NS (10ull * 1000 * 1000)
#define VF_BACK_MAX_MS  600000

/*
 * vf-reset VF-SBDF [MS]: reset the VF from its PF (PVTCTRL.RST: what an
 * FLR does inside the 82576); with MS, wait up to MS milliseconds (serving
 * the mailbox) for its driver to come back with VF_RESET: ETIMEDOUT if not.
 */
int cmd_vf_reset(int argc, char **argv)
{
    struct pf_slot *s;
    unsigned int i;
    uint64_t ms = 0;
    uint32_t vf, msgs;
    int rc;

    if ((rc = arg_sbdf("VF SBDF", argv[1], &vf)) ||
        (argc > 2 && (rc = arg_uint("milliseconds", argv[2], VF_BACK_MAX_MS, &ms))) ||
        (rc = vf_index(vf, &s, &i)))
        return rc;
    msgs = s->pf.vf[i].msgs;
    igb_hw_wr(&s->pf.hw, IGB_PVTCTRL(i), IGB_CTRL_RST);
    printf("vf %u %pp reset by its PF\n", i, SBDF_ARG(vf));
    if (argc < 3)
        return 0;
    for (uint64_t t = 0; t <= ms * 1000000; t += VF_BACK_STEP_NS) {
        mhv_sleep_ns(VF_BACK_STEP_NS);  /* the idle hook serves the VF */
        if (s->pf.vf[i].cts && s->pf.vf[i].msgs != msgs) {
            printf("vf %u %pp is back (VF_RESET)\n", i, SBDF_ARG(vf));
            return 0;
        }
    }
    printf("vf %u %pp: no VF_RESET from its driver within %llu ms\n", i,
           SBDF_ARG(vf), (unsigned long long)ms);
    return -MHV_ETIMEDOUT;
}

#define LINK_STEP_NS    (10ull * 1000 * 1000)

/*
 * link-wait PF-SBDF up|down MS: wait (the idle hook serving the PF) until
 * the PF driver has seen the link in that state -- it learns it from its
 * LSC interrupt -- or MS milliseconds passed (ETIMEDOUT).
 */
int cmd_link_wait(int argc, char **argv)
{
    struct pf_slot *s;
    uint32_t sbdf;
    uint64_t ms;
    bool up = str_eq(argv[2], "up");
    int rc;

    if ((rc = arg_sbdf("PF SBDF", argv[1], &sbdf)) ||
        (rc = arg_uint("milliseconds", argv[3], VF_BACK_MAX_MS, &ms)))
        return rc;
    if (!up && !str_eq(argv[2], "down")) {
        printf("usage: link-wait PF-SBDF up|down MS\n");
        return -MHV_EINVAL;
    }
    if (!(s = pf_find(sbdf))) {
        printf("no PF driver on %pp\n", SBDF_ARG(sbdf));
        return -MHV_ENOENT;
    }
    for (uint64_t t = 0; s->pf.link != up; t += LINK_STEP_NS) {
        if (t >= ms * 1000000) {
            printf("igb %pp: link still %s after %llu ms\n", SBDF_ARG(sbdf),
                   s->pf.link ? "up" : "down", (unsigned long long)ms);
            return -MHV_ETIMEDOUT;
        }
        mhv_sleep_ns(LINK_STEP_NS);     /* the idle hook serves the PF */
    }
    return 0;
}

int cmd_pf_stats(int argc, char **argv)
{
    struct pf_slot *s;
    uint32_t sbdf, lo, hi;
    int rc;

    if ((rc = arg_sbdf("PF SBDF", argv[1], &sbdf)))
        return rc;
    if (!(s = pf_find(sbdf))) {
        printf("no PF driver on %pp\n", SBDF_ARG(sbdf));
        return -MHV_ENOENT;
    }
    lo = igb_hw_rd(&s->pf.hw, IGB_RAL(0));
    hi = igb_hw_rd(&s->pf.hw, IGB_RAH(0));
    printf("igb %pp: mac %02x:%02x:%02x:%02x:%02x:%02x%s, link %s, %u services, "
           "%u events, %u link changes\n", SBDF_ARG(sbdf), lo & 0xff,
           (lo >> 8) & 0xff, (lo >> 16) & 0xff, lo >> 24, hi & 0xff,
           (hi >> 8) & 0xff, (hi & IGB_RAH_AV) ? "" : " (slot off)",
           s->pf.link ? "up" : "down", s->pf.services, s->pf.events,
           s->pf.link_changes);
    for (unsigned int i = 0; i < s->pf.nvfs; i++) {
        const struct igb_pf_vf *v = &s->pf.vf[i];
        const uint8_t *m = v->mac;

        printf("vf %u mac %02x:%02x:%02x:%02x:%02x:%02x resets=%u msgs=%u "
               "nacks=%u busy=%u owner=d%u moves=%u pings=%u%s%s\n", i,
               m[0], m[1], m[2], m[3], m[4], m[5], v->resets, v->msgs,
               v->nacks, v->busy, v->owner, v->moves, v->pings,
               v->admin_mac_set ? " operator-mac" : "",
               v->mac_allowed ? " mac-allowed" : "");
    }
    return 0;
}
