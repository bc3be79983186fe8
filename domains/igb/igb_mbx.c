/* SPDX-License-Identifier: GPL-2.0 */
/* The igb mailbox, VF and PF ends (see igb_mbx.h). */
#include "igb_mbx.h"
#include <runtime/libmhvctl.h>

void igb_vf_mbx_init(struct igb_vf_mbx *mbx, const struct igb_hw *hw)
{
    mbx->hw = hw;
    mbx->cache = 0;
    mbx->timeout_ns = IGB_MBX_TIMEOUT_NS;
    mbx->notices = 0;
}

uint32_t igb_vf_mbx_status(struct igb_vf_mbx *mbx)
{
    uint32_t v = igb_hw_rd(mbx->hw, IGBVF_V2PMAILBOX);

    mbx->cache |= v & (IGB_V2P_PFSTS | IGB_V2P_PFACK | IGB_V2P_RSTD);
    return v | mbx->cache;
}

bool igb_vf_mbx_take(struct igb_vf_mbx *mbx, uint32_t bit)
{
    igb_vf_mbx_status(mbx);
    if (!(mbx->cache & bit))
        return false;
    mbx->cache &= ~bit;
    return true;
}

/* Wait until @bit was seen (and consume it): 0 or -MHV_ETIMEDOUT. */
static int vf_wait(struct igb_vf_mbx *mbx, uint32_t bit)
{
    for (uint64_t waited = 0;; waited += IGB_MBX_STEP_NS) {
        if (igb_vf_mbx_take(mbx, bit))
            return 0;
        if (waited >= mbx->timeout_ns)
            return -MHV_ETIMEDOUT;
        mhv_sleep_ns(IGB_MBX_STEP_NS);
    }
}

/* Take the buffer for the VF: 0 or -MHV_EBUSY while the PF holds it. */
static int vf_lock(struct igb_vf_mbx *mbx)
{
    for (unsigned int i = 0; i < IGB_MBX_LOCK_TRIES; i++) {
        igb_hw_wr(mbx->hw, IGBVF_V2PMAILBOX, IGB_V2P_VFU);
        if (igb_vf_mbx_status(mbx) & IGB_V2P_VFU)
            return 0;
        mhv_sleep_ns(IGB_MBX_STEP_NS);
    }
    return -MHV_EBUSY;
}

int igb_vf_mbx_send(struct igb_vf_mbx *mbx, const uint32_t *msg, unsigned int n)
{
    int rc;

    if (!n || n > IGB_MBX_WORDS)
        return -MHV_EINVAL;
    if ((rc = vf_lock(mbx)))
        return rc;
    /* A stale ACK proves nothing; a message we never read (a PF_CONTROL
     * notice) is overwritten by ours: its STS must not pass for a reply. */
    mbx->cache &= ~(IGB_V2P_PFACK | IGB_V2P_PFSTS);
    for (unsigned int i = 0; i < n; i++)
        igb_hw_wr(mbx->hw, IGBVF_VMBMEM + 4 * i, msg[i]);
    igb_hw_wr(mbx->hw, IGBVF_V2PMAILBOX, IGB_V2P_REQ);     /* drops VFU */
    return vf_wait(mbx, IGB_V2P_PFACK);
}

int igb_vf_mbx_recv(struct igb_vf_mbx *mbx, uint32_t *msg, unsigned int n)
{
    int rc;

    if (!n || n > IGB_MBX_WORDS)
        return -MHV_EINVAL;
    if ((rc = vf_wait(mbx, IGB_V2P_PFSTS)) || (rc = vf_lock(mbx)))
        return rc;
    for (unsigned int i = 0; i < n; i++)
        msg[i] = igb_hw_rd(mbx->hw, IGBVF_VMBMEM + 4 * i);
    igb_hw_wr(mbx->hw, IGBVF_V2PMAILBOX, IGB_V2P_ACK);     /* drops VFU */
    return 0;
}

int igb_vf_mbx_call(struct igb_vf_mbx *mbx, const uint32_t *msg, unsigned int n,
                    uint32_t *reply, unsigned int rn)
{
    uint32_t type = msg[0] & IGB_MSG_TYPE_MASK;
    int rc = igb_vf_mbx_send(mbx, msg, n);

    /* A PF_CONTROL notice is not the answer: wait on (a few at most). */
    for (unsigned int i = 0; !rc && i < IGB_MBX_NOTICES_SKIPPED; i++) {
        rc = igb_vf_mbx_recv(mbx, reply, rn);
        if (rc || (reply[0] & IGB_MSG_TYPE_MASK) != IGB_MSG_PF_CONTROL ||
            type == IGB_MSG_PF_CONTROL)
            break;
        mbx->notices++;
    }
    if (rc)
        return rc;
    if ((reply[0] & IGB_MSG_TYPE_MASK) != type)
        return -MHV_EIO;
    return 0;
}

int igb_vf_mbx_poll(struct igb_vf_mbx *mbx, uint32_t *msg)
{
    int rc;

    if (!igb_vf_mbx_take(mbx, IGB_V2P_PFSTS))
        return 0;
    if ((rc = vf_lock(mbx)))
        return rc;
    *msg = igb_hw_rd(mbx->hw, IGBVF_VMBMEM);
    igb_hw_wr(mbx->hw, IGBVF_V2PMAILBOX, IGB_V2P_ACK);     /* drops VFU */
    if ((*msg & IGB_MSG_TYPE_MASK) == IGB_MSG_PF_CONTROL)
        mbx->notices++;
    return 1;
}

/* Take VF @vf's buffer for the PF: 0 or -MHV_EBUSY if the VF holds it. */
static int pf_lock(const struct igb_hw *pf, unsigned int vf)
{
    igb_hw_wr(pf, IGB_P2VMAILBOX(vf), IGB_P2V_PFU);
    return (igb_hw_rd(pf, IGB_P2VMAILBOX(vf)) & IGB_P2V_PFU) ? 0 : -MHV_EBUSY;
}

int igb_pf_mbx_read(const struct igb_hw *pf, unsigned int vf, uint32_t *msg,
                    unsigned int n)
{
    if (!n || n > IGB_MBX_WORDS || vf >= IGB_MAX_VFS)
        return -MHV_EINVAL;
    if (pf_lock(pf, vf))
        return -MHV_EBUSY;
    for (unsigned int i = 0; i < n; i++)
        msg[i] = igb_hw_rd(pf, IGB_PF_VMBMEM(vf) + 4 * i);
    igb_hw_wr(pf, IGB_MBVFICR, IGB_MBVFICR_REQ(vf));
    igb_hw_wr(pf, IGB_P2VMAILBOX(vf), IGB_P2V_ACK);        /* drops PFU */
    return 0;
}

/* With the PF's lock held: the message, STS (drops the lock). */
static void pf_put(const struct igb_hw *pf, unsigned int vf,
                   const uint32_t *msg, unsigned int n)
{
    igb_hw_wr(pf, IGB_MBVFICR, IGB_MBVFICR_ACK(vf));      /* stale VF ACK */
    for (unsigned int i = 0; i < n; i++)
        igb_hw_wr(pf, IGB_PF_VMBMEM(vf) + 4 * i, msg[i]);
    igb_hw_wr(pf, IGB_P2VMAILBOX(vf), IGB_P2V_STS);        /* drops PFU */
}

int igb_pf_mbx_write(const struct igb_hw *pf, unsigned int vf,
                     const uint32_t *msg, unsigned int n)
{
    if (!n || n > IGB_MBX_WORDS || vf >= IGB_MAX_VFS)
        return -MHV_EINVAL;
    if (pf_lock(pf, vf))
        return -MHV_EBUSY;
    pf_put(pf, vf, msg, n);
    return 0;
}

int igb_pf_mbx_post(const struct igb_hw *pf, unsigned int vf,
                    const uint32_t *msg, unsigned int n)
{
    if (!n || n > IGB_MBX_WORDS || vf >= IGB_MAX_VFS)
        return -MHV_EINVAL;
    if (pf_lock(pf, vf))
        return -MHV_EBUSY;
    /* With PFU held the VF cannot take the buffer: the check holds. */
    if (igb_hw_rd(pf, IGB_MBVFICR) & IGB_MBVFICR_REQ(vf)) {
        igb_hw_wr(pf, IGB_P2VMAILBOX(vf), 0);              /* drops PFU */
        return -MHV_EBUSY;
    }
    pf_put(pf, vf, msg, n);
    return 0;
}
