/* SPDX-License-Identifier: GPL-2.0 */
/* The igb PF driver: set-up for SR-IOV traffic, the VF mailbox service,
 * the link and the MAC policy (see igb_pf.h). */
#include "igb_pf.h"
#include "igb_mbx.h"
#include <runtime/libmhvctl.h>
#include <runtime/runtime.h>

#define MAC_FMT     "%02x:%02x:%02x:%02x:%02x:%02x"
#define MAC_ARG(m)  (m)[0], (m)[1], (m)[2], (m)[3], (m)[4], (m)[5]

static uint32_t rd(const struct igb_pf *pf, unsigned int reg)
{
    return igb_hw_rd(&pf->hw, reg);
}

static void wr(const struct igb_pf *pf, unsigned int reg, uint32_t v)
{
    igb_hw_wr(&pf->hw, reg, v);
}

void igb_pf_vf_mac(uint32_t sbdf, unsigned int vf, uint8_t mac[6])
{
    mac[0] = 0x02;              /* locally administered, unicast */
    mac[1] = 0x6d;
    mac[2] = 0x68;
    mac[3] = (uint8_t)(sbdf >> 8);
    mac[4] = (uint8_t)sbdf;
    mac[5] = (uint8_t)vf;
}

static bool mac_eq(const uint8_t *a, const uint8_t *b)
{
    return !memcmp(a, b, 6);
}

/* The address VF @vf comes up with: the operator's, else its default. */
static void base_mac(const struct igb_pf *pf, unsigned int vf, uint8_t mac[6])
{
    const struct igb_pf_vf *v = &pf->vf[vf];

    if (v->admin_mac_set)
        memcpy(mac, v->admin_mac, 6);
    else
        igb_pf_vf_mac(pf->sbdf, vf, mac);
}

/* VF @vf's address: RAR 1 + @vf with its pool bit (RAR 0 is the PF's). */
static void set_addr(struct igb_pf *pf, unsigned int vf, const uint8_t *mac)
{
    unsigned int i = 1 + vf;

    memmove(pf->vf[vf].mac, mac, 6);
    wr(pf, IGB_RAH(i), 0);      /* invalid while it changes */
    wr(pf, IGB_RAL(i), (uint32_t)mac[0] | (uint32_t)mac[1] << 8 |
                       (uint32_t)mac[2] << 16 | (uint32_t)mac[3] << 24);
    wr(pf, IGB_RAH(i), (uint32_t)mac[4] | (uint32_t)mac[5] << 8 |
                       IGB_RAH_AV | IGB_RAH_POOL(vf));
}

static void to_base(struct igb_pf *pf, unsigned int vf)
{
    uint8_t m[6];

    base_mac(pf, vf, m);
    set_addr(pf, vf, m);
}

int igb_pf_vf_mac_check(const struct igb_pf *pf, unsigned int vf,
                        const uint8_t mac[6])
{
    uint32_t lo = (uint32_t)mac[0] | (uint32_t)mac[1] << 8 |
                  (uint32_t)mac[2] << 16 | (uint32_t)mac[3] << 24;
    uint32_t hi = (uint32_t)mac[4] | (uint32_t)mac[5] << 8;
    uint8_t other[6];

    if ((mac[0] & 1) || !(lo | hi))
        return -MHV_EINVAL;
    /* What the NIC matches now: the PF's slot, the other VFs' addresses. */
    for (unsigned int i = 0; i < IGB_RAR_ENTRIES; i++) {
        uint32_t rah;

        if (i == 1 + vf)
            continue;
        rah = rd(pf, IGB_RAH(i));
        if ((rah & IGB_RAH_AV) && (rah & 0xffff) == hi && rd(pf, IGB_RAL(i)) == lo)
            return -MHV_EEXIST;
    }
    /* What another VF comes back to after its next reset. */
    for (unsigned int i = 0; i < pf->nvfs; i++) {
        if (i == vf)
            continue;
        base_mac(pf, i, other);
        if (mac_eq(other, mac))
            return -MHV_EEXIST;
    }
    return 0;
}

void igb_pf_vf_moved(struct igb_pf *pf, unsigned int vf, domid_t owner)
{
    struct igb_pf_vf *v = &pf->vf[vf];
    uint8_t base[6];

    if (owner == v->owner)
        return;
    base_mac(pf, vf, base);
    if (v->mac_allowed || !mac_eq(v->mac, base)) {
        char change[48] = "";

        if (!mac_eq(v->mac, base))
            snprintf(change, sizeof(change), "%s MAC " MAC_FMT " -> " MAC_FMT,
                     v->mac_allowed ? "," : "", MAC_ARG(v->mac), MAC_ARG(base));
        printf("igb %pp: VF %u moved d%u -> d%u:%s%s\n", SBDF_ARG(pf->sbdf),
               vf, v->owner, owner,
               v->mac_allowed ? " grant to choose its MAC withdrawn" : "", change);
    }
    v->owner = owner;
    v->mac_allowed = false;
    v->moves++;
    set_addr(pf, vf, base);
}

int igb_pf_vf_set_mac(struct igb_pf *pf, unsigned int vf, const uint8_t *mac)
{
    struct igb_pf_vf *v = &pf->vf[vf];
    uint8_t def[6];
    int rc;

    /* The default too: another VF may have chosen it meanwhile. */
    igb_pf_vf_mac(pf->sbdf, vf, def);
    rc = igb_pf_vf_mac_check(pf, vf, mac ? mac : def);
    if (rc) {
        printf("igb %pp: VF %u cannot have MAC " MAC_FMT ": %s\n",
               SBDF_ARG(pf->sbdf), vf, MAC_ARG(mac ? mac : def),
               rc == -MHV_EEXIST ? "in use on this NIC" : "not a unicast address");
        return rc;
    }
    v->admin_mac_set = mac != NULL;
    if (mac)
        memcpy(v->admin_mac, mac, 6);
    to_base(pf, vf);
    return 0;
}

void igb_pf_vf_allow_mac(struct igb_pf *pf, unsigned int vf, bool allow)
{
    pf->vf[vf].mac_allowed = allow;
}

/* ---------------------------------------------------------------- set-up */

int igb_pf_hw_init(struct igb_pf *pf, uint32_t sbdf, unsigned int nvfs)
{
    const uint32_t vec = IGB_PF_MSIX_VECTOR;

    if (nvfs > IGB_MAX_VFS) {
        printf("igb %pp: at most %u VFs with a PF pool left\n", SBDF_ARG(sbdf),
               IGB_MAX_VFS);
        return -MHV_ERANGE;
    }
    pf->up = false;
    pf->sbdf = sbdf;
    pf->nvfs = nvfs;
    pf->more = false;
    pf->vf_offset = pf->vf_stride = 0;
    wr(pf, IGB_GPIE_REG, rd(pf, IGB_GPIE_REG) | IGB_GPIE_MSIX | IGB_GPIE_NSICR);
    wr(pf, IGB_CTRL_EXT, rd(pf, IGB_CTRL_EXT) | IGB_CTRL_EXT_PFRSTD);
    wr(pf, IGB_MRQC, IGB_MRQC_VMDQ);
    wr(pf, IGB_VT_CTL, IGB_VT_CTL_DIS_DEF_POOL);
    wr(pf, IGB_VFRE, 0);
    wr(pf, IGB_VFTE, 0);
    /* Every slot but the PF's: nothing of a previous driver is matched. */
    for (unsigned int i = 1; i < IGB_RAR_ENTRIES; i++)
        wr(pf, IGB_RAH(i), 0);
    for (unsigned int vf = 0; vf < IGB_MAX_VFS; vf++) {
        pf->vf[vf] = (struct igb_pf_vf){ .owner = pf->domid };
        if (vf < nvfs) {
            to_base(pf, vf);
            wr(pf, IGB_VMOLR(vf), IGB_VMOLR_AUPE | IGB_VMOLR_BAM);
        } else {
            igb_pf_vf_mac(sbdf, vf, pf->vf[vf].mac);
            wr(pf, IGB_VMOLR(vf), 0);
        }
    }
    for (unsigned int i = 0; i < 128; i++)
        wr(pf, IGB_MTA(i), 0);
    wr(pf, IGB_DTXSWC, rd(pf, IGB_DTXSWC) | IGB_DTXSWC_LOOPBACK);
    wr(pf, IGB_RCTL, IGB_RCTL_EN | IGB_RCTL_BAM | IGB_RCTL_SECRC);
    wr(pf, IGB_TCTL, rd(pf, IGB_TCTL) | IGB_TCTL_EN | IGB_TCTL_PSP);

    /* Stale events go before the interrupt is armed. */
    (void)rd(pf, IGB_ICR);
    wr(pf, IGB_VFLRE, 0xff);
    wr(pf, IGB_MBVFICR, 0xffffffffu);
    wr(pf, IGB_IVAR_MISC, (IGB_IVAR_VALID | vec) << 8);
    wr(pf, IGB_EIAC_REG, rd(pf, IGB_EIAC_REG) | (1u << vec));
    wr(pf, IGB_MBVFIMR, (1u << nvfs) - 1);
    wr(pf, IGB_IMS, IGB_ICR_VMMB | IGB_ICR_LSC);
    wr(pf, IGB_EIMS_REG, 1u << vec);
    /*
     * The link, read after LSC is armed: a change from here on raises it.
     * Without link, auto-negotiation is restarted and not waited for (QEMU's
     * igb takes 500 ms): SR-IOV and the VFs' interrupts do not need it, and
     * the VFs are told when it comes.
     */
    pf->link = rd(pf, IGB_STATUS) & IGB_STATUS_LU;
    if (!pf->link)
        wr(pf, IGB_MDIC, IGB_MDIC_BMCR_ANRESTART);
    pf->up = true;
    return 0;
}

int igb_pf_start(struct igb_pf *pf, uint32_t sbdf, unsigned int nvfs)
{
    volatile void *bar0;
    int rc;

    pf->up = false;
    pf->pirq = -1;
    pf->domid = mhv_start_info->domid;
    if ((rc = mhv_pci_enable_mem_master(sbdf)) ||
        (rc = mhv_bar_get(sbdf, 0, &bar0, NULL)))
        return rc;
    pf->hw = (struct igb_hw){ .bar0 = (volatile uint8_t *)bar0 };
    rc = mhv_map_pirq_msix_at(DOMID_SELF, sbdf, IGB_PF_MSIX_VECTOR,
                              IGB_PF_PIRQ_TOP - pf->slot, &pf->pirq);
    if (rc) {
        printf("igb %pp: interrupt not mapped (%d): polled\n",
               SBDF_ARG(sbdf), rc);
        pf->pirq = -1;
    } else {
        mhv_pirq_claim((unsigned int)pf->pirq, true);
    }
    rc = igb_pf_hw_init(pf, sbdf, nvfs);
    if (rc) {
        igb_pf_stop(pf, false);
        return rc;
    }
    printf("igb %pp: PF driver up, link %s, %u VF pools, mailbox on pirq %d\n",
           SBDF_ARG(sbdf), pf->link ? "up" : "pending", nvfs, pf->pirq);
    return 0;
}

void igb_pf_set_geometry(struct igb_pf *pf, uint32_t offset, uint32_t stride)
{
    pf->vf_offset = offset;
    pf->vf_stride = stride;
}

static uint32_t vf_sbdf(const struct igb_pf *pf, unsigned int vf)
{
    return (pf->sbdf & 0xffff0000u) |
           ((pf->sbdf + pf->vf_offset + vf * pf->vf_stride) & 0xffff);
}

int igb_pf_vf_index(const struct igb_pf *pf, uint32_t sbdf, unsigned int *vf)
{
    uint32_t rid = (sbdf & 0xffff) - (pf->sbdf & 0xffff) - pf->vf_offset;

    if (!pf->vf_stride || (sbdf >> 16) != (pf->sbdf >> 16) ||
        rid % pf->vf_stride || rid / pf->vf_stride >= pf->nvfs)
        return -MHV_ENODEV;
    *vf = rid / pf->vf_stride;
    return 0;
}

void igb_pf_stop(struct igb_pf *pf, bool hw_gone)
{
    if (!hw_gone) {
        wr(pf, IGB_EIMC_REG, 1u << IGB_PF_MSIX_VECTOR);
        wr(pf, IGB_IMC, IGB_ICR_VMMB | IGB_ICR_LSC);
        wr(pf, IGB_VFRE, 0);
        wr(pf, IGB_VFTE, 0);
        for (unsigned int vf = 0; vf < IGB_MAX_VFS; vf++)
            wr(pf, IGB_RAH(1 + vf), 0);
        if (pf->pirq >= 0)
            mhv_unmap_pirq(DOMID_SELF, pf->pirq);
    }
    if (pf->pirq >= 0) {
        mhv_pirq_clear((unsigned int)pf->pirq);     /* a last event: ours */
        mhv_pirq_claim((unsigned int)pf->pirq, false);
    }
    pf->pirq = -1;
    pf->up = false;
}

/* ---------------------------------------------------------------- messages */

static void vf_reset_msg(struct igb_pf *pf, unsigned int vf, uint32_t *reply)
{
    struct igb_pf_vf *v = &pf->vf[vf];
    const uint8_t *m = v->mac;

    set_addr(pf, vf, m);
    wr(pf, IGB_VMOLR(vf), IGB_VMOLR_AUPE | IGB_VMOLR_BAM);
    wr(pf, IGB_VFRE, rd(pf, IGB_VFRE) | (1u << vf));
    wr(pf, IGB_VFTE, rd(pf, IGB_VFTE) | (1u << vf));
    v->cts = true;
    reply[0] = IGB_MSG_VF_RESET | IGB_MSG_ACK;
    reply[1] = (uint32_t)m[0] | (uint32_t)m[1] << 8 | (uint32_t)m[2] << 16 |
               (uint32_t)m[3] << 24;
    reply[2] = (uint32_t)m[4] | (uint32_t)m[5] << 8;
}

/*
 * May VF @vf's request cause a log line now?  At most IGB_PF_LOG_BURST a
 * second: a VF that floods the mailbox with refused requests cannot flood
 * the control domain's console; what was left out is counted and said
 * with the next line.
 */
static bool vf_may_log(struct igb_pf *pf, unsigned int vf)
{
    struct igb_pf_vf *v = &pf->vf[vf];
    uint64_t now = mhv_time_ns();

    if (!v->log_window || now - v->log_window >= 1000000000ull) {
        if (v->log_dropped)
            printf("igb %pp: VF %u: %u more refusals not logged\n",
                   SBDF_ARG(pf->sbdf), vf, v->log_dropped);
        v->log_window = now ? now : 1;
        v->log_lines = 0;
        v->log_dropped = 0;
    }
    if (v->log_lines < IGB_PF_LOG_BURST) {
        v->log_lines++;
        return true;
    }
    v->log_dropped++;
    return false;
}

static bool set_mac_msg(struct igb_pf *pf, unsigned int vf, const uint32_t *msg)
{
    struct igb_pf_vf *v = &pf->vf[vf];
    uint8_t mac[6] = {
        (uint8_t)msg[1], (uint8_t)(msg[1] >> 8), (uint8_t)(msg[1] >> 16),
        (uint8_t)(msg[1] >> 24), (uint8_t)msg[2], (uint8_t)(msg[2] >> 8),
    };
    const char *why = NULL;
    int rc;

    /* Its unicast filters beyond its one address: there are none to
     * clear, and none are offered (each would be a receive-address slot
     * of the NIC, which the MAC policy gives out one per VF). */
    switch (msg[0] & IGB_MSG_INFO_MASK) {
    case 0:
        break;
    case IGB_MAC_FILTER_CLR:
        return true;
    default:
        if (vf_may_log(pf, vf))
            printf("igb %pp: VF %u asks for another unicast address filter "
                   "(info %#x): not offered\n", SBDF_ARG(pf->sbdf), vf,
                   (msg[0] & IGB_MSG_INFO_MASK) >> IGB_MSG_INFO_SHIFT);
        return false;
    }
    if (mac_eq(mac, v->mac))
        return true;            /* what it has: nothing to grant */
    if (!v->mac_allowed)
        why = "not allowed";
    else if ((rc = igb_pf_vf_mac_check(pf, vf, mac)))
        why = rc == -MHV_EEXIST ? "in use on this NIC" : "not a unicast address";
    if (why) {
        if (vf_may_log(pf, vf))
            printf("igb %pp: VF %u may not set MAC " MAC_FMT " (%s): refused\n",
                   SBDF_ARG(pf->sbdf), vf, MAC_ARG(mac), why);
        return false;
    }
    set_addr(pf, vf, mac);
    return true;
}

static bool set_multicast_msg(struct igb_pf *pf, unsigned int vf,
                              const uint32_t *msg)
{
    unsigned int n = (msg[0] & IGB_MSG_INFO_MASK) >> IGB_MSG_INFO_SHIFT;

    if (n > 2 * (IGB_MBX_WORDS - 1))
        return false;
    for (unsigned int i = 0; i < n; i++) {
        uint16_t hash = (uint16_t)(msg[1 + i / 2] >> (16 * (i % 2)));
        unsigned int reg = (hash >> 5) & 0x7f;

        wr(pf, IGB_MTA(reg), rd(pf, IGB_MTA(reg)) | 1u << (hash & 0x1f));
    }
    wr(pf, IGB_VMOLR(vf), rd(pf, IGB_VMOLR(vf)) | IGB_VMOLR_ROMPE);
    return true;
}

static bool set_lpe_msg(struct igb_pf *pf, unsigned int vf, const uint32_t *msg)
{
    uint32_t size = msg[1], vmolr;

    if (size < 64 || size > IGB_MAX_FRAME)
        return false;
    vmolr = rd(pf, IGB_VMOLR(vf)) & ~IGB_VMOLR_RLPML_MASK;
    wr(pf, IGB_VMOLR(vf), vmolr | IGB_VMOLR_LPE | (size + 4));     /* + VLAN */
    return true;
}

static void handle_msg(struct igb_pf *pf, unsigned int vf)
{
    struct igb_pf_vf *v = &pf->vf[vf];
    uint32_t msg[IGB_MBX_WORDS], reply[IGB_MBX_WORDS] = { 0 };
    unsigned int n = 1;
    uint32_t type;
    bool ok = false;

    if (igb_pf_mbx_read(&pf->hw, vf, msg, IGB_MBX_WORDS)) {
        v->busy++;
        pf->more = true;
        return;
    }
    v->msgs++;
    type = msg[0] & IGB_MSG_TYPE_MASK;
    if (type == IGB_MSG_VF_RESET) {
        vf_reset_msg(pf, vf, reply);
        n = 3;
    } else {
        if (v->cts) {
            switch (type) {
            case IGB_MSG_SET_MAC_ADDR:  ok = set_mac_msg(pf, vf, msg); break;
            case IGB_MSG_SET_MULTICAST: ok = set_multicast_msg(pf, vf, msg); break;
            case IGB_MSG_SET_LPE:       ok = set_lpe_msg(pf, vf, msg); break;
            default:                    ok = false; break;
            }
        }
        /* The request's word 0 comes back with the verdict (as Linux's
         * igb does: the info bits stay). */
        reply[0] = (msg[0] & ~(IGB_MSG_ACK | IGB_MSG_NACK | IGB_MSG_CTS)) |
                   (ok ? IGB_MSG_ACK : IGB_MSG_NACK) | (v->cts ? IGB_MSG_CTS : 0);
        v->nacks += !ok;
    }
    if (igb_pf_mbx_write(&pf->hw, vf, reply, n))
        v->busy++;
    else
        v->reply_unread = true;
}

/* ------------------------------------------------------------ events */

/*
 * VF @vf was reset (VFLRE): by its owner (CTRL.RST, FLR), by us
 * (PVTCTRL.RST), or by the hypervisor when it moved the VF to another
 * owner.  Whichever it was, the VF comes back with its base address; a new
 * owner (the registry says who it is) also loses the old one's grant.
 */
static void vf_reset_event(struct igb_pf *pf, unsigned int vf)
{
    struct igb_pf_vf *v = &pf->vf[vf];
    struct mhv_pci_info info;

    v->cts = false;
    v->reply_unread = false;
    v->resets++;
    if (pf->vf_stride && !mhv_pci_lookup(vf_sbdf(pf, vf), &info))
        igb_pf_vf_moved(pf, vf, info.owner);
    to_base(pf, vf);
}

/* LSC: read the link; on a change say so and owe every VF a notice. */
static void link_event(struct igb_pf *pf)
{
    bool up = rd(pf, IGB_STATUS) & IGB_STATUS_LU;

    if (up == pf->link)
        return;
    pf->link = up;
    pf->link_changes++;
    printf("igb %pp: link %s\n", SBDF_ARG(pf->sbdf), up ? "up" : "down");
    for (unsigned int vf = 0; vf < pf->nvfs; vf++)
        pf->vf[vf].ping_tries = IGB_PF_PING_TRIES;
}

/*
 * The link notice (PF_CONTROL, CTS if the VF is clear to send), as Linux's
 * igb pings its VFs on a link change.  The buffer is the VF's too: a
 * notice goes only into an empty one, never over a request the VF has left
 * there or a reply it has not read yet; else it is tried again on the next
 * call, a bounded number of times.
 */
static void send_pings(struct igb_pf *pf)
{
    for (unsigned int vf = 0; vf < pf->nvfs; vf++) {
        struct igb_pf_vf *v = &pf->vf[vf];
        uint32_t msg = IGB_MSG_PF_CONTROL | (v->cts ? IGB_MSG_CTS : 0);

        if (!v->ping_tries)
            continue;
        v->ping_tries--;
        if (!v->reply_unread && !igb_pf_mbx_post(&pf->hw, vf, &msg, 1)) {
            v->ping_tries = 0;
            v->pings++;
        } else if (v->ping_tries) {
            pf->more = true;
        }
    }
}

unsigned int igb_pf_service(struct igb_pf *pf)
{
    uint32_t mask, vflre, icr;
    unsigned int done = 0;

    if (!pf->up)
        return 0;
    pf->services++;
    pf->more = false;
    mask = (1u << pf->nvfs) - 1;
    icr = rd(pf, IGB_ICR);              /* NSICR: the read clears (re-arms) */

    vflre = rd(pf, IGB_VFLRE);
    if (vflre) {
        wr(pf, IGB_VFLRE, vflre);
        for (unsigned int vf = 0; vf < pf->nvfs; vf++)
            if (vflre & (1u << vf)) {
                vf_reset_event(pf, vf);
                done++;
            }
    }
    for (unsigned int round = 0; round < IGB_PF_MSGS_PER_VF; round++) {
        uint32_t bits = rd(pf, IGB_MBVFICR);
        uint32_t req = bits & mask, acks = (bits >> 16) & mask;

        if (acks) {
            wr(pf, IGB_MBVFICR, acks << 16);
            for (unsigned int vf = 0; vf < pf->nvfs; vf++)
                if (acks & (1u << vf))
                    pf->vf[vf].reply_unread = false;
        }
        if (!req)
            break;
        for (unsigned int vf = 0; vf < pf->nvfs; vf++)
            if (req & (1u << vf)) {
                handle_msg(pf, vf);
                done++;
            }
        if (round + 1 == IGB_PF_MSGS_PER_VF &&
            (rd(pf, IGB_MBVFICR) & mask))
            pf->more = true;
    }
    if (icr & IGB_ICR_LSC) {
        link_event(pf);
        done++;
    }
    send_pings(pf);
    pf->events += done;
    return done;
}
