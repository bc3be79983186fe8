/* SPDX-License-Identifier: GPL-2.0 */
/* The igb VF network driver (see igbvf.h). */
#include "igbvf.h"
#include <runtime/libmhvctl.h>
#include <runtime/runtime.h>

#define RESET_WAIT_NS       (10ull * 1000 * 1000)
#define RSTI_STEPS          200
#define POLL_CAL_NS         (10ull * 1000 * 1000)
/* What an early wake-up counts against a wait's timeout (no clock read:
 * mhv_time_ns() is a hypercall, and a wait costs one per wake-up). */
#define WAKE_EARLY_NS       (100ull * 1000)
#define barrier()           __asm__ __volatile__("" ::: "memory")

static uint32_t rd(const struct igbvf *vf, unsigned int reg)
{
    return igb_hw_rd(&vf->hw, reg);
}

static void wr(const struct igbvf *vf, unsigned int reg, uint32_t v)
{
    igb_hw_wr(&vf->hw, reg, v);
}

static uint64_t bus_of(const struct igbvf *vf, const void *p)
{
    return vf->dma_bus + (uint64_t)((const uint8_t *)p - vf->dma);
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* Reset the VF and ask the PF for our MAC (the VF_RESET message). */
static int vf_reset(struct igbvf *vf)
{
    uint32_t msg[1] = { IGB_MSG_VF_RESET }, reply[3];
    int rc;

    wr(vf, IGBVF_CTRL, IGB_CTRL_RST);
    mhv_sleep_ns(RESET_WAIT_NS);
    igb_vf_mbx_init(&vf->mbx, &vf->hw);
    for (unsigned int i = 0; igb_vf_mbx_status(&vf->mbx) & IGB_V2P_RSTI; i++) {
        if (i == RSTI_STEPS) {
            printf("igbvf %pp: PF has not finished its reset (RSTI)\n",
                   SBDF_ARG(vf->sbdf));
            return -MHV_ETIMEDOUT;
        }
        mhv_sleep_ns(IGB_MBX_STEP_NS);
    }
    (void)igb_vf_mbx_take(&vf->mbx, IGB_V2P_RSTD);
    rc = igb_vf_mbx_call(&vf->mbx, msg, 1, reply, 3);
    if (rc) {
        printf("igbvf %pp: VF_RESET: no answer from the PF (%d)\n",
               SBDF_ARG(vf->sbdf), rc);
        return rc;
    }
    if (reply[0] != (IGB_MSG_VF_RESET | IGB_MSG_ACK)) {
        printf("igbvf %pp: VF_RESET refused (%#x)\n", SBDF_ARG(vf->sbdf),
               reply[0]);
        return -MHV_EIO;
    }
    for (unsigned int i = 0; i < 6; i++)
        vf->mac[i] = (uint8_t)((i < 4 ? reply[1] >> (8 * i)
                                      : reply[2] >> (8 * (i - 4))));
    vf->st.resets++;
    return 0;
}

static void rings_setup(struct igbvf *vf)
{
    const uint32_t len = IGBVF_RING * sizeof(struct igb_rx_desc);
    uint64_t rb = bus_of(vf, vf->rx), tb = bus_of(vf, vf->tx);

    for (unsigned int i = 0; i < IGBVF_RING; i++) {
        vf->rx[i].pkt_addr = bus_of(vf, vf->rxbuf + i * IGBVF_BUF);
        vf->rx[i].hdr_addr = 0;
        vf->tx[i] = (struct igb_tx_desc){ 0 };
    }
    vf->rx_next = vf->tx_tail = vf->tx_clean = 0;
    vf->tx_stuck = 0;
    barrier();

    wr(vf, IGBVF_RXDCTL, 0);
    wr(vf, IGBVF_RDBAL, (uint32_t)rb);
    wr(vf, IGBVF_RDBAH, (uint32_t)(rb >> 32));
    wr(vf, IGBVF_RDLEN, len);
    wr(vf, IGBVF_SRRCTL, IGBVF_SRRCTL_2K_ADV1BUF);
    wr(vf, IGBVF_RDH, 0);
    wr(vf, IGBVF_RDT, 0);
    wr(vf, IGBVF_RXDCTL, IGBVF_XDCTL_ENABLE);

    wr(vf, IGBVF_TXDCTL, 0);
    wr(vf, IGBVF_TDBAL, (uint32_t)tb);
    wr(vf, IGBVF_TDBAH, (uint32_t)(tb >> 32));
    wr(vf, IGBVF_TDLEN, len);
    wr(vf, IGBVF_TDWBAL, 0);
    wr(vf, IGBVF_TDWBAH, 0);
    wr(vf, IGBVF_TDH, 0);
    wr(vf, IGBVF_TDT, 0);
    wr(vf, IGBVF_TXDCTL, IGBVF_XDCTL_ENABLE);

    /* Interrupt routing: RX -> entry 0, TX -> entry 1, mailbox -> 2. */
    wr(vf, IGBVF_IVAR0, (IGB_IVAR_VALID | IGBVF_VEC_RX) |
                        (IGB_IVAR_VALID | IGBVF_VEC_TX) << 8);
    wr(vf, IGBVF_IVAR_MISC, IGB_IVAR_VALID | IGBVF_VEC_MBX);
    wr(vf, IGBVF_EIMC, 7);
    wr(vf, IGBVF_EICR, 7);
    /* RX and TX completion interrupts (as Linux's igbvf). */
    if (!vf->poll) {
        wr(vf, IGBVF_EIAC, (1u << IGBVF_VEC_RX) | (1u << IGBVF_VEC_TX));
        wr(vf, IGBVF_EIMS, (1u << IGBVF_VEC_RX) | (1u << IGBVF_VEC_TX));
    }
    /* Every RX slot but the one at RDT is the device's. */
    wr(vf, IGBVF_RDT, IGBVF_RING - 1);
}

static void layout(struct igbvf *vf, void *dma, uint64_t bus)
{
    vf->dma = dma;
    vf->dma_bus = bus;
    vf->rx = (struct igb_rx_desc *)vf->dma;
    vf->tx = (struct igb_tx_desc *)(vf->dma + 4096);
    vf->rxbuf = vf->dma + 2 * 4096;
    vf->txbuf = vf->rxbuf + IGBVF_RING * IGBVF_BUF;
}

static int set_mac_msg(struct igbvf *vf, const uint8_t mac[6])
{
    uint32_t msg[3] = {
        IGB_MSG_SET_MAC_ADDR,
        (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
            (uint32_t)mac[3] << 24,
        (uint32_t)mac[4] | (uint32_t)mac[5] << 8,
    }, reply[1];
    int rc = igb_vf_mbx_call(&vf->mbx, msg, 3, reply, 1);

    if (rc)
        return rc;
    return (reply[0] & IGB_MSG_ACK) ? 0 : -MHV_EPERM;
}

/*
 * Wait for the link: STATUS.LU (the PF's, which a VF reads as its own),
 * taking the PF's notices meanwhile.  Bounded; no link is said, not fatal.
 */
static void link_wait(struct igbvf *vf)
{
    uint32_t msg;

    for (uint64_t waited = 0;; waited += IGBVF_LINK_STEP_NS) {
        vf->link = rd(vf, IGBVF_STATUS) & IGB_STATUS_LU;
        if (vf->link)
            return;
        if (!waited)
            vf->st.link_waits++;
        while (igb_vf_mbx_poll(&vf->mbx, &msg) > 0)
            vf->st.notices++;
        if (waited >= IGBVF_LINK_TIMEOUT_NS) {
            printf("igbvf %pp: no link after %llu ms: frames may be lost "
                   "until it comes\n", SBDF_ARG(vf->sbdf),
                   IGBVF_LINK_TIMEOUT_NS / 1000000);
            return;
        }
        mhv_sleep_ns(IGBVF_LINK_STEP_NS);
    }
}

static int bring_up(struct igbvf *vf)
{
    int rc = vf_reset(vf);

    if (rc)
        return rc;
    /* The reset gave us the PF's address: ours again if it still agrees. */
    if (vf->mac_chosen && memcmp(vf->mac, vf->chosen, 6)) {
        if (!set_mac_msg(vf, vf->chosen)) {
            memcpy(vf->mac, vf->chosen, 6);
        } else {
            vf->mac_chosen = false;
            printf("igbvf %pp: the PF no longer lets us keep our MAC: "
                   "%02x:%02x:%02x:%02x:%02x:%02x from now on\n",
                   SBDF_ARG(vf->sbdf), vf->mac[0], vf->mac[1], vf->mac[2],
                   vf->mac[3], vf->mac[4], vf->mac[5]);
        }
    }
    rings_setup(vf);
    link_wait(vf);
    vf->up = true;
    return 0;
}

int igbvf_attach(struct igbvf *vf, const struct igb_hw *hw, void *dma,
                 uint64_t bus)
{
    *vf = (struct igbvf){ .hw = *hw, .poll = true, .pirq_rx = -1,
                          .pirq_tx = -1, .spins_per_ms = 1000 };
    layout(vf, dma, bus);
    return bring_up(vf);
}

/* ---------------------------------------------------------------- TX */

static void tx_clean(struct igbvf *vf)
{
    while (vf->tx_clean != vf->tx_tail &&
           (__atomic_load_n(&vf->tx[vf->tx_clean].olinfo_status,
                            __ATOMIC_ACQUIRE) & IGB_TXD_STAT_DD))
        vf->tx_clean = (vf->tx_clean + 1) % IGBVF_RING;
}

bool igbvf_lost(struct igbvf *vf)
{
    return !(rd(vf, IGBVF_TXDCTL) & IGBVF_XDCTL_ENABLE) ||
           !(rd(vf, IGBVF_RXDCTL) & IGBVF_XDCTL_ENABLE);
}

bool igbvf_tx_hung(struct igbvf *vf)
{
    tx_clean(vf);
    if (vf->tx_clean == vf->tx_tail) {
        vf->tx_stuck = 0;
        return false;
    }
    return ++vf->tx_stuck >= IGBVF_TX_TIMEOUT_CHECKS;
}

int igbvf_recover(struct igbvf *vf)
{
    int rc;

    vf->up = false;
    vf->st.lost++;
    rc = bring_up(vf);
    if (!rc)
        vf->st.recoveries++;
    printf("igbvf %pp: the VF was reset: %s\n", SBDF_ARG(vf->sbdf),
           rc ? "not recovered" : "recovered");
    return rc;
}

static int open_common(struct igbvf *vf, uint32_t sbdf, bool poll)
{
    volatile void *bar0;
    void *dma;
    uint64_t bus;
    int rc;

    *vf = (struct igbvf){ .sbdf = sbdf, .poll = poll, .pirq_rx = -1,
                          .pirq_tx = -1 };
    if ((rc = mhv_pci_enable_mem_master(sbdf)) ||
        (rc = mhv_bar_get(sbdf, 0, &bar0, NULL)))
        return rc;
    vf->hw = (struct igb_hw){ .bar0 = (volatile uint8_t *)bar0 };
    if ((rc = mhv_dma_alloc(IGBVF_DMA_SIZE, &dma, &bus))) {
        printf("igbvf %pp: no DMA memory (%d)\n", SBDF_ARG(sbdf), rc);
        return rc;
    }
    layout(vf, dma, bus);
    if (poll) {
        uint64_t t0 = rdtsc();

        mhv_sleep_ns(POLL_CAL_NS);
        vf->spins_per_ms = (rdtsc() - t0) / (POLL_CAL_NS / 1000000) + 1;
    }
    rc = bring_up(vf);
    if (rc) {
        igbvf_close(vf, false);
        return rc;
    }
    return 0;
}

int igbvf_irqs_on(struct igbvf *vf)
{
    int rc;

    if ((rc = mhv_map_pirq_msix(DOMID_SELF, vf->sbdf, IGBVF_VEC_RX, &vf->pirq_rx)) ||
        (rc = mhv_map_pirq_msix(DOMID_SELF, vf->sbdf, IGBVF_VEC_TX, &vf->pirq_tx))) {
        printf("igbvf %pp: MSI-X not mapped (%d)\n", SBDF_ARG(vf->sbdf), rc);
        igbvf_close(vf, false);
        return rc;
    }
    mhv_pirq_claim((unsigned int)vf->pirq_rx, true);
    mhv_pirq_claim((unsigned int)vf->pirq_tx, true);
    return 0;
}

int igbvf_open(struct igbvf *vf, uint32_t sbdf, bool poll)
{
    int rc = open_common(vf, sbdf, poll);

    return rc || poll ? rc : igbvf_irqs_on(vf);
}

int igbvf_open_noirq(struct igbvf *vf, uint32_t sbdf, bool poll)
{
    return open_common(vf, sbdf, poll);
}

void igbvf_close(struct igbvf *vf, bool hw_gone)
{
    if (!hw_gone && vf->hw.bar0) {
        wr(vf, IGBVF_EIMC, 7);
        wr(vf, IGBVF_RXDCTL, 0);
        wr(vf, IGBVF_TXDCTL, 0);
    }
    for (int i = 0; i < 2; i++) {
        int pirq = i ? vf->pirq_tx : vf->pirq_rx;

        if (pirq < 0)
            continue;
        if (!hw_gone)
            mhv_unmap_pirq(DOMID_SELF, pirq);
        mhv_pirq_clear((unsigned int)pirq);     /* a last event: ours */
        mhv_pirq_claim((unsigned int)pirq, false);
    }
    vf->pirq_rx = vf->pirq_tx = -1;
    if (vf->dma)
        mhv_dma_free(vf->dma);
    vf->dma = NULL;
    vf->up = false;
}

int igbvf_send(struct igbvf *vf, const void *frame, unsigned int len)
{
    unsigned int slot = vf->tx_tail, next = (slot + 1) % IGBVF_RING;
    struct igb_tx_desc *d = &vf->tx[slot];
    uint8_t *buf = vf->txbuf + slot * IGBVF_BUF;

    if (len < 14 || len > IGBVF_MAX_FRAME)
        return -MHV_EINVAL;
    if (!vf->up || igbvf_lost(vf)) {
        if (igbvf_recover(vf))
            return -MHV_EIO;
        slot = vf->tx_tail;
        next = (slot + 1) % IGBVF_RING;
        d = &vf->tx[slot];
        buf = vf->txbuf + slot * IGBVF_BUF;
    }
    tx_clean(vf);
    if (next == vf->tx_clean) {
        vf->st.tx_busy++;
        return -MHV_EBUSY;
    }
    memcpy(buf, frame, len);
    if (len < IGBVF_MIN_FRAME) {
        memset(buf + len, 0, IGBVF_MIN_FRAME - len);
        len = IGBVF_MIN_FRAME;
    }
    d->addr = bus_of(vf, buf);
    d->cmd_type_len = len | IGB_TXD_DTYP_DATA | IGB_TXD_DEXT | IGB_TXD_EOP |
                      IGB_TXD_IFCS | IGB_TXD_RS;
    d->olinfo_status = len << IGB_TXD_PAYLEN_SHIFT;
    barrier();
    vf->tx_tail = next;
    wr(vf, IGBVF_TDT, next);
    vf->st.tx++;
    return 0;
}

/* ---------------------------------------------------------------- RX */

static uint32_t rx_status(const struct igb_rx_desc *d)
{
    return (uint32_t)__atomic_load_n(&d->hdr_addr, __ATOMIC_ACQUIRE);
}

bool igbvf_rx_ready(const struct igbvf *vf)
{
    return vf->up && (rx_status(&vf->rx[vf->rx_next]) & IGB_RXD_STAT_DD);
}

int igbvf_recv(struct igbvf *vf, void *buf, unsigned int max)
{
    for (unsigned int n = 0; n < IGBVF_RING && igbvf_rx_ready(vf); n++) {
        unsigned int slot = vf->rx_next;
        struct igb_rx_desc *d = &vf->rx[slot];
        uint64_t wb = __atomic_load_n(&d->hdr_addr, __ATOMIC_ACQUIRE);
        uint32_t len = IGB_RXD_LEN(wb);
        bool eop = (uint32_t)wb & IGB_RXD_STAT_EOP;
        int got = 0;

        if (eop && len && len <= IGBVF_BUF) {
            if (len > max)
                len = max;
            memcpy(buf, vf->rxbuf + slot * IGBVF_BUF, len);
            got = (int)len;
            vf->st.rx++;
        } else {
            vf->st.rx_dropped++;
        }
        d->pkt_addr = bus_of(vf, vf->rxbuf + slot * IGBVF_BUF);
        d->hdr_addr = 0;
        barrier();
        wr(vf, IGBVF_RDT, slot);    /* the slot re-armed before this one */
        vf->rx_next = (slot + 1) % IGBVF_RING;
        if (got)
            return got;
    }
    return 0;
}

int igbvf_wait_rx(struct igbvf *vf, uint64_t timeout_ns)
{
    vf->st.waits++;
    if (igbvf_rx_ready(vf))
        return 1;
    if (vf->poll) {
        uint64_t end = rdtsc() + vf->spins_per_ms * (timeout_ns / 1000000 + 1);

        while (rdtsc() < end)
            if (igbvf_rx_ready(vf))
                return 1;
        return 0;
    }
    /*
     * Interrupt mode: one SCHEDOP_poll per wake-up.  Both vectors' pending
     * bits are cleared before the ring is looked at, so an interrupt that
     * comes after the look ends the poll, and a TX completion (whose slot
     * is reclaimed on the next send) does not turn the wait into a spin.
     */
    if (vf->pirq_rx < 0) {              /* interrupts not mapped yet */
        mhv_sleep_ns(timeout_ns < 10000000 ? timeout_ns : 10000000);
        return igbvf_rx_ready(vf);
    }
    for (uint64_t left = timeout_ns;;) {
        uint64_t step = left < 10000000 ? left : 10000000;

        mhv_pirq_clear((unsigned int)vf->pirq_rx);
        mhv_pirq_clear((unsigned int)vf->pirq_tx);
        if (igbvf_rx_ready(vf))
            return 1;
        if (!step || !vf->up)
            return 0;
        mhv_run_idle_hook();            /* e.g. the PF driver in d0 */
        mhv_sched_poll(step);
        if (mhv_pirq_pending((unsigned int)vf->pirq_rx) ||
            mhv_pirq_pending((unsigned int)vf->pirq_tx)) {
            vf->st.irqs++;
            /* Woken early: counts a little, so that a pending bit nobody
             * clears cannot make this wait endless. */
            left -= left < WAKE_EARLY_NS ? left : WAKE_EARLY_NS;
        } else {
            left -= step;               /* the whole step (or an event of
                                           someone else's: same bound) */
        }
        if (igbvf_rx_ready(vf))
            return 1;
        if (igbvf_lost(vf))
            return 0;
    }
}

/* ---------------------------------------------------------------- FLR */

#define PCI_CAP_PTR         0x34
#define PCI_CAP_ID_EXP      0x10
#define PCI_EXP_DEVCTL      0x08
#define PCI_EXP_DEVCTL_FLR  0x8000

/* The PCI Express capability's offset, 0 if none (the walk is bounded). */
static unsigned int exp_cap(uint32_t sbdf)
{
    uint32_t pos = 0, hdr;

    if (mhv_pci_conf_read(sbdf, PCI_CAP_PTR, 1, &pos))
        return 0;
    for (unsigned int n = 0; pos >= 0x40 && n < 48; n++) {
        if (mhv_pci_conf_read(sbdf, pos & ~3u, 2, &hdr))
            return 0;
        if ((hdr & 0xff) == PCI_CAP_ID_EXP)
            return pos & ~3u;
        pos = hdr >> 8;
    }
    return 0;
}

int igbvf_flr(struct igbvf *vf)
{
    unsigned int exp = exp_cap(vf->sbdf);
    uint32_t ctl;
    int rc;

    if (!exp || (rc = mhv_pci_conf_read(vf->sbdf, exp + PCI_EXP_DEVCTL, 2, &ctl)))
        return -MHV_ENODEV;
    vf->up = false;
    /* The hypervisor resets a function for its owner 8 times at once,
     * then once a second: EBUSY is "too many", so wait and ask again
     * (bounded). */
    for (int tries = 0; ; tries++) {
        rc = mhv_pci_conf_write(vf->sbdf, exp + PCI_EXP_DEVCTL, 2,
                                ctl | PCI_EXP_DEVCTL_FLR);
        if (rc != -MHV_EBUSY || tries == 3)
            break;
        mhv_sleep_ns(400ull * 1000 * 1000);
    }
    if (rc)
        return rc;
    /* The reset took our interrupts with it. */
    for (int i = 0; i < 2; i++) {
        int *pirq = i ? &vf->pirq_tx : &vf->pirq_rx;

        if (*pirq >= 0) {
            mhv_pirq_clear((unsigned int)*pirq);
            mhv_pirq_claim((unsigned int)*pirq, false);
        }
        *pirq = -1;
    }
    if ((rc = mhv_pci_enable_mem_master(vf->sbdf)) || (rc = igbvf_recover(vf)))
        return rc;
    return vf->poll ? 0 : igbvf_irqs_on(vf);
}

int igbvf_set_mac(struct igbvf *vf, const uint8_t mac[6])
{
    int rc = set_mac_msg(vf, mac);

    if (rc)
        return rc;
    memcpy(vf->mac, mac, 6);
    memcpy(vf->chosen, mac, 6);
    vf->mac_chosen = true;
    return 0;
}
