/* SPDX-License-Identifier: GPL-2.0 */
/* The igb register model of the driver tests (see igb_model.h). */
#include <string.h>
#include "igb_model.h"

#define R(off)  ((off) / 4)

void igb_model_init(struct igb_dev *d)
{
    static const uint8_t pf_mac[6] = MODEL_PF_MAC;

    memset(d, 0, sizeof(*d));
    d->pf_fn = (struct igb_model){ .dev = d, .vf = -1 };
    d->pf_hw = (struct igb_hw){ .model = &d->pf_fn };
    d->pf[R(IGB_RAL(0))] = (uint32_t)pf_mac[0] | (uint32_t)pf_mac[1] << 8 |
                           (uint32_t)pf_mac[2] << 16 | (uint32_t)pf_mac[3] << 24;
    d->pf[R(IGB_RAH(0))] = (uint32_t)pf_mac[4] | (uint32_t)pf_mac[5] << 8 |
                           IGB_RAH_AV;
    for (int n = 0; n < MODEL_VFS; n++) {
        struct igb_model_vf *v = &d->vf[n];

        v->fn = (struct igb_model){ .dev = d, .vf = n };
        v->hw = (struct igb_hw){ .model = &v->fn };
        v->v2p = IGB_V2P_RSTI;      /* until the PF says PFRSTD */
    }
}

void igb_model_link(struct igb_dev *d, bool up)
{
    if (up)
        d->pf[R(IGB_STATUS)] |= IGB_STATUS_LU;
    else
        d->pf[R(IGB_STATUS)] &= ~IGB_STATUS_LU;
    d->pf[R(IGB_ICR)] |= IGB_ICR_LSC;
}

void igb_model_tick(struct igb_dev *d)
{
    if (d->autoneg_ticks > 0 && --d->autoneg_ticks == 0)
        igb_model_link(d, true);
}

void igb_model_vf_reset(struct igb_dev *d, unsigned int n)
{
    struct igb_model_vf *v = &d->vf[n];

    v->regs[R(IGBVF_RXDCTL)] &= ~IGBVF_XDCTL_ENABLE;
    v->regs[R(IGBVF_TXDCTL)] &= ~IGBVF_XDCTL_ENABLE;
    d->pf[R(IGB_VFRE)] &= ~(1u << n);
    d->pf[R(IGB_VFTE)] &= ~(1u << n);
    d->pf[R(IGB_VFLRE)] |= 1u << n;
    d->pf[R(IGB_ICR)] |= IGB_ICR_VMMB;
    v->resets++;
}

static void vf_mbx_write(struct igb_dev *d, unsigned int n, uint32_t val)
{
    struct igb_model_vf *v = &d->vf[n];

    if (val & IGB_V2P_REQ) {
        d->pf[R(IGB_MBVFICR)] |= IGB_MBVFICR_REQ(n);
        d->pf[R(IGB_ICR)] |= IGB_ICR_VMMB;
    }
    if (val & IGB_V2P_ACK) {
        d->pf[R(IGB_MBVFICR)] |= IGB_MBVFICR_ACK(n);
        d->pf[R(IGB_ICR)] |= IGB_ICR_VMMB;
    }
    if (val & IGB_V2P_VFU) {
        if (!(v->p2v & IGB_P2V_PFU)) {
            v->v2p |= IGB_V2P_VFU;
            v->p2v |= IGB_P2V_VFU;
        }
    } else {
        v->v2p &= ~IGB_V2P_VFU;
        v->p2v &= ~IGB_P2V_VFU;
    }
}

static void pf_mbx_write(struct igb_dev *d, unsigned int n, uint32_t val)
{
    struct igb_model_vf *v = &d->vf[n];

    if (val & IGB_P2V_STS)
        v->v2p |= IGB_V2P_PFSTS;
    if (val & IGB_P2V_ACK)
        v->v2p |= IGB_V2P_PFACK;
    if (val & IGB_P2V_PFU) {
        if (!(v->p2v & IGB_P2V_VFU)) {
            v->p2v |= IGB_P2V_PFU;
            v->v2p |= IGB_V2P_PFU;
        }
    } else {
        v->p2v &= ~IGB_P2V_PFU;
        v->v2p &= ~IGB_V2P_PFU;
    }
}

void igb_model_vf_post(struct igb_dev *d, unsigned int n, const uint32_t *msg,
                       unsigned int words)
{
    for (unsigned int i = 0; i < words; i++)
        d->mbx[n][i] = msg[i];
    vf_mbx_write(d, n, IGB_V2P_REQ);
}

static void vf_transmit(struct igb_dev *d, unsigned int n)
{
    struct igb_model_vf *v = &d->vf[n];
    uint32_t *r = v->regs;
    uint32_t count = r[R(IGBVF_TDLEN)] / 16;
    struct igb_tx_desc *ring;

    if (!(d->pf[R(IGB_VFTE)] & (1u << n)) ||
        !(r[R(IGBVF_TXDCTL)] & IGBVF_XDCTL_ENABLE) || !count)
        return;
    ring = (struct igb_tx_desc *)(uintptr_t)((uint64_t)r[R(IGBVF_TDBAH)] << 32 |
                                             r[R(IGBVF_TDBAL)]);
    while (r[R(IGBVF_TDH)] != r[R(IGBVF_TDT)] && r[R(IGBVF_TDT)] < count) {
        struct igb_tx_desc *t = &ring[r[R(IGBVF_TDH)]];
        unsigned int len = t->cmd_type_len & 0xffff;

        if (v->ntx < MODEL_FRAMES && len <= sizeof(v->tx[0].data)) {
            v->tx[v->ntx].len = len;
            memcpy(v->tx[v->ntx].data, (void *)(uintptr_t)t->addr, len);
        }
        v->ntx++;
        if (t->cmd_type_len & IGB_TXD_RS)
            t->olinfo_status |= IGB_TXD_STAT_DD;
        r[R(IGBVF_TDH)] = (r[R(IGBVF_TDH)] + 1) % count;
    }
}

bool igb_model_rx(struct igb_dev *d, unsigned int n, const void *frame,
                  unsigned int len, bool eop)
{
    struct igb_model_vf *v = &d->vf[n];
    uint32_t *r = v->regs;
    uint32_t count = r[R(IGBVF_RDLEN)] / 16;
    struct igb_rx_desc *ring, *x;

    if (!(d->pf[R(IGB_VFRE)] & (1u << n)) ||
        !(r[R(IGBVF_RXDCTL)] & IGBVF_XDCTL_ENABLE) || !count ||
        r[R(IGBVF_RDH)] == r[R(IGBVF_RDT)])
        return false;
    ring = (struct igb_rx_desc *)(uintptr_t)((uint64_t)r[R(IGBVF_RDBAH)] << 32 |
                                             r[R(IGBVF_RDBAL)]);
    x = &ring[r[R(IGBVF_RDH)]];
    memcpy((void *)(uintptr_t)x->pkt_addr, frame, len);
    x->pkt_addr = 0;
    x->hdr_addr = (uint64_t)len << 32 | IGB_RXD_STAT_DD | (eop ? IGB_RXD_STAT_EOP : 0);
    r[R(IGBVF_RDH)] = (r[R(IGBVF_RDH)] + 1) % count;
    return true;
}

static uint32_t pf_rd(struct igb_dev *d, unsigned int reg)
{
    uint32_t v;

    if (reg >= IGB_PF_VMBMEM(0) && reg < IGB_PF_VMBMEM(MODEL_VFS))
        return d->mbx[(reg - 0x800) / 0x40][(reg % 0x40) / 4];
    if (reg >= IGB_P2VMAILBOX(0) && reg < IGB_P2VMAILBOX(MODEL_VFS))
        return d->vf[(reg - 0xc00) / 4].p2v;
    switch (reg) {
    case IGB_ICR:
        v = d->pf[R(IGB_ICR)];
        d->pf[R(IGB_ICR)] = 0;
        return v;
    }
    return d->pf[R(reg)];
}

static void pf_wr(struct igb_dev *d, unsigned int reg, uint32_t val)
{
    if (reg >= IGB_PF_VMBMEM(0) && reg < IGB_PF_VMBMEM(MODEL_VFS)) {
        d->mbx[(reg - 0x800) / 0x40][(reg % 0x40) / 4] = val;
        return;
    }
    if (reg >= IGB_P2VMAILBOX(0) && reg < IGB_P2VMAILBOX(MODEL_VFS)) {
        pf_mbx_write(d, (reg - 0xc00) / 4, val);
        return;
    }
    if (reg >= IGB_PVTCTRL(0) && reg < IGB_PVTCTRL(MODEL_VFS)) {
        if (val & IGB_CTRL_RST)
            igb_model_vf_reset(d, (reg - IGB_PVTCTRL(0)) / 0x100);
        return;
    }
    switch (reg) {
    case IGB_MBVFICR:
        d->pf[R(reg)] &= ~val;
        /* A flooding VF posts again the moment its request is taken. */
        for (int n = 0; n < MODEL_VFS; n++)
            if ((val & IGB_MBVFICR_REQ(n)) && d->vf[n].flood)
                d->pf[R(reg)] |= IGB_MBVFICR_REQ(n);
        return;
    case IGB_VFLRE:
        d->pf[R(reg)] &= ~val;
        return;
    case IGB_MDIC:
        d->mdic_writes++;
        if (!d->link_dead && val == IGB_MDIC_BMCR_ANRESTART)
            d->autoneg_ticks = MODEL_AUTONEG_TICKS;
        break;
    case IGB_CTRL_EXT:
        if (val & IGB_CTRL_EXT_PFRSTD)
            for (int n = 0; n < MODEL_VFS; n++) {
                d->vf[n].v2p &= ~IGB_V2P_RSTI;
                d->vf[n].v2p |= IGB_V2P_RSTD;
            }
        break;
    }
    d->pf[R(reg)] = val;
}

static uint32_t vf_rd(struct igb_dev *d, unsigned int n, unsigned int reg)
{
    struct igb_model_vf *v = &d->vf[n];
    uint32_t val;

    if (reg >= IGBVF_VMBMEM && reg < IGBVF_VMBMEM + 0x40)
        return d->mbx[n][(reg - IGBVF_VMBMEM) / 4];
    if (reg == IGBVF_V2PMAILBOX) {
        val = v->v2p;
        v->v2p &= ~(IGB_V2P_PFSTS | IGB_V2P_PFACK | IGB_V2P_RSTD);
        return val;
    }
    if (reg == IGBVF_STATUS)
        return d->pf[R(IGB_STATUS)];    /* the PF's, as QEMU's igbvf */
    return reg < sizeof(v->regs) ? v->regs[R(reg)] : 0;
}

static void vf_wr(struct igb_dev *d, unsigned int n, unsigned int reg,
                  uint32_t val)
{
    struct igb_model_vf *v = &d->vf[n];

    if (reg >= IGBVF_VMBMEM && reg < IGBVF_VMBMEM + 0x40) {
        d->mbx[n][(reg - IGBVF_VMBMEM) / 4] = val;
        return;
    }
    switch (reg) {
    case IGBVF_V2PMAILBOX:
        vf_mbx_write(d, n, val);
        return;
    case IGBVF_CTRL:
        if (val & IGB_CTRL_RST)
            igb_model_vf_reset(d, n);
        return;
    }
    if (reg >= sizeof(v->regs))
        return;
    v->regs[R(reg)] = val;
    if (reg == IGBVF_TDT)
        vf_transmit(d, n);
}

uint32_t igb_model_rd(struct igb_model *m, unsigned int reg)
{
    return m->vf < 0 ? pf_rd(m->dev, reg) : vf_rd(m->dev, (unsigned int)m->vf, reg);
}

void igb_model_wr(struct igb_model *m, unsigned int reg, uint32_t v)
{
    if (m->vf < 0)
        pf_wr(m->dev, reg, v);
    else
        vf_wr(m->dev, (unsigned int)m->vf, reg, v);
}
