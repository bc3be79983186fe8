/* SPDX-License-Identifier: GPL-2.0 */
/* The igb PF driver: set-up for SR-IOV traffic and the VF mailbox service
 * (see igb_pf.h). */
#include "igb_pf.h"
#include "igb_mbx.h"
#include "libmhvctl.h"
#include "runtime.h"

#define LINK_STEP_NS    (10ull * 1000 * 1000)

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

/* RAR 1 + @vf holds VF @vf's MAC with its pool bit (RAR 0 is the PF's). */
static void set_rar(struct igb_pf *pf, unsigned int vf, const uint8_t *mac)
{
    unsigned int i = 1 + vf;

    wr(pf, IGB_RAH(i), 0);      /* invalid while it changes */
    wr(pf, IGB_RAL(i), (uint32_t)mac[0] | (uint32_t)mac[1] << 8 |
                       (uint32_t)mac[2] << 16 | (uint32_t)mac[3] << 24);
    wr(pf, IGB_RAH(i), (uint32_t)mac[4] | (uint32_t)mac[5] << 8 |
                       IGB_RAH_AV | IGB_RAH_POOL(vf));
}

static int link_up(struct igb_pf *pf)
{
    if (rd(pf, IGB_STATUS) & IGB_STATUS_LU)
        return 0;
    wr(pf, IGB_MDIC, IGB_MDIC_BMCR_ANRESTART);
    for (uint64_t t = 0; t < IGB_PF_LINK_TIMEOUT_NS; t += LINK_STEP_NS) {
        mhv_sleep_ns(LINK_STEP_NS);
        if (rd(pf, IGB_STATUS) & IGB_STATUS_LU)
            return 0;
    }
    printf("igb %pp: no link after %llu ms: the VFs will carry no traffic\n",
           SBDF_ARG(pf->sbdf), IGB_PF_LINK_TIMEOUT_NS / 1000000);
    return -MHV_ETIMEDOUT;
}

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
    wr(pf, IGB_GPIE_REG, rd(pf, IGB_GPIE_REG) | IGB_GPIE_MSIX | IGB_GPIE_NSICR);
    /* No link is no reason to refuse SR-IOV (the VFs' interrupts work
     * without it): said once, and the rest is set up all the same. */
    pf->link = !link_up(pf);
    wr(pf, IGB_CTRL_EXT, rd(pf, IGB_CTRL_EXT) | IGB_CTRL_EXT_PFRSTD);
    wr(pf, IGB_MRQC, IGB_MRQC_VMDQ);
    wr(pf, IGB_VT_CTL, IGB_VT_CTL_DIS_DEF_POOL);
    wr(pf, IGB_VFRE, 0);
    wr(pf, IGB_VFTE, 0);
    for (unsigned int vf = 0; vf < IGB_MAX_VFS; vf++) {
        struct igb_pf_vf *v = &pf->vf[vf];
        bool allowed = v->mac_allowed;

        *v = (struct igb_pf_vf){ .mac_allowed = allowed };
        igb_pf_vf_mac(sbdf, vf, v->mac);
        if (vf < nvfs) {
            set_rar(pf, vf, v->mac);
            wr(pf, IGB_VMOLR(vf), IGB_VMOLR_AUPE | IGB_VMOLR_BAM);
        } else {
            wr(pf, IGB_RAH(1 + vf), 0);
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
    wr(pf, IGB_IMS, IGB_ICR_VMMB);
    wr(pf, IGB_EIMS_REG, 1u << vec);
    pf->up = true;
    return 0;
}

int igb_pf_start(struct igb_pf *pf, uint32_t sbdf, unsigned int nvfs)
{
    volatile void *bar0;
    int rc;

    pf->up = false;
    pf->pirq = -1;
    if ((rc = mhv_pci_enable_mem_master(sbdf)) ||
        (rc = mhv_bar_get(sbdf, 0, &bar0, NULL)))
        return rc;
    pf->hw = (struct igb_hw){ .bar0 = (volatile uint8_t *)bar0 };
    rc = mhv_map_pirq_msix_at(DOMID_SELF, sbdf, IGB_PF_MSIX_VECTOR,
                              IGB_PF_PIRQ_TOP - pf->slot, &pf->pirq);
    if (rc) {
        printf("igb %pp: mailbox interrupt not mapped (%d): polled\n",
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
           SBDF_ARG(sbdf), pf->link ? "up" : "down", nvfs, pf->pirq);
    return 0;
}

void igb_pf_stop(struct igb_pf *pf, bool hw_gone)
{
    if (!hw_gone) {
        wr(pf, IGB_EIMC_REG, 1u << IGB_PF_MSIX_VECTOR);
        wr(pf, IGB_IMC, IGB_ICR_VMMB);
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

    set_rar(pf, vf, m);
    wr(pf, IGB_VMOLR(vf), IGB_VMOLR_AUPE | IGB_VMOLR_BAM);
    wr(pf, IGB_VFRE, rd(pf, IGB_VFRE) | (1u << vf));
    wr(pf, IGB_VFTE, rd(pf, IGB_VFTE) | (1u << vf));
    v->cts = true;
    reply[0] = IGB_MSG_VF_RESET | IGB_MSG_ACK;
    reply[1] = (uint32_t)m[0] | (uint32_t)m[1] << 8 | (uint32_t)m[2] << 16 |
               (uint32_t)m[3] << 24;
    reply[2] = (uint32_t)m[4] | (uint32_t)m[5] << 8;
}

static bool set_mac_msg(struct igb_pf *pf, unsigned int vf, const uint32_t *msg)
{
    struct igb_pf_vf *v = &pf->vf[vf];
    uint8_t mac[6] = {
        (uint8_t)msg[1], (uint8_t)(msg[1] >> 8), (uint8_t)(msg[1] >> 16),
        (uint8_t)(msg[1] >> 24), (uint8_t)msg[2], (uint8_t)(msg[2] >> 8),
    };
    bool zero = !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);

    if (!v->mac_allowed || (mac[0] & 1) || zero) {
        printf("igb %pp: VF %u may not set MAC %02x:%02x:%02x:%02x:%02x:%02x: "
               "refused\n", SBDF_ARG(pf->sbdf), vf, mac[0], mac[1], mac[2],
               mac[3], mac[4], mac[5]);
        return false;
    }
    memcpy(v->mac, mac, 6);
    set_rar(pf, vf, mac);
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
}

unsigned int igb_pf_service(struct igb_pf *pf)
{
    uint32_t mask, vflre;
    unsigned int done = 0;

    if (!pf->up)
        return 0;
    pf->services++;
    pf->more = false;
    mask = (1u << pf->nvfs) - 1;
    (void)rd(pf, IGB_ICR);              /* NSICR: the read clears (re-arms) */

    vflre = rd(pf, IGB_VFLRE);
    if (vflre) {
        wr(pf, IGB_VFLRE, vflre);
        for (unsigned int vf = 0; vf < pf->nvfs; vf++)
            if (vflre & (1u << vf)) {
                pf->vf[vf].cts = false;
                pf->vf[vf].resets++;
                done++;
            }
    }
    for (unsigned int round = 0; round < IGB_PF_MSGS_PER_VF; round++) {
        uint32_t icr = rd(pf, IGB_MBVFICR);
        uint32_t req = icr & mask, acks = (icr >> 16) & mask;

        if (acks)
            wr(pf, IGB_MBVFICR, acks << 16);
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
    pf->events += done;
    return done;
}
