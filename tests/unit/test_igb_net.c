/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The igb PF and VF drivers and the IPv4 stack (tools/net, the real files)
 * against the register model (tests/unit/igb_model.c): the PF's set-up,
 * the mailbox state machine both ways (VF_RESET, MAC refused or allowed,
 * SET_LPE, SET_MULTICAST, unknown and premature messages NACKed), a PF
 * that never answers and one that holds the lock (bounded waits, clear
 * errors), a VF flooding the mailbox (bounded service, the other VFs still
 * served), the descriptor rings (TX padding and DD, ring full, RX order,
 * RDT hand-back, RX ring full and refilled, frames without EOP dropped),
 * resets under the driver (queue enables lost; the TX watchdog), and ARP
 * and ICMP echo answered by the stack.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../tools/net/igb_pf.h"
#include "../../tools/net/igb_mbx.h"
#include "../../tools/net/igbvf.h"
#include "../../tools/net/netstack.h"
#include "libmhvctl.h"
#include "runtime.h"
#include "igb_model.h"

#define PF_SBDF     0x0100u     /* 0000:01:00.0 */

static struct igb_dev dev;
static struct igb_pf pf;
static bool pf_serves;          /* the PF answers while a VF waits */
static uint64_t sleeps;

/* ------------------------------------------------------------ stubs */

/* A VF waiting sleeps; the control domain's idle hook serves the PF. */
void mhv_sleep_ns(uint64_t ns)
{
    sleeps++;
    if (pf_serves)
        igb_pf_service(&pf);
}

void console_mute(bool on) { }
int mhv_pci_enable_mem_master(uint32_t sbdf) { return 0; }
int mhv_pci_conf_read(uint32_t sbdf, unsigned int reg, unsigned int size,
                      uint32_t *val) { return -MHV_ENODEV; }
int mhv_pci_conf_write(uint32_t sbdf, unsigned int reg, unsigned int size,
                       uint32_t val) { return -MHV_ENODEV; }
int mhv_bar_get(uint32_t sbdf, unsigned int bar, volatile void **va,
                uint64_t *size) { return -MHV_ENODEV; }
int mhv_map_pirq_msix(domid_t dom, uint32_t sbdf, unsigned int entry,
                      int *pirq) { return -MHV_ENOSYS; }
int mhv_map_pirq_msix_at(domid_t dom, uint32_t sbdf, unsigned int entry,
                         int want, int *pirq) { return -MHV_ENOSYS; }
int mhv_unmap_pirq(domid_t dom, int pirq) { return 0; }
void mhv_pirq_claim(unsigned int pirq, bool claimed) { }
void mhv_pirq_clear(unsigned int pirq) { }
int mhv_wait_pirq(unsigned int pirq, uint64_t timeout_ns) { return -MHV_ETIMEDOUT; }
bool mhv_pirq_pending(unsigned int pirq) { return false; }
int mhv_sched_poll(uint64_t timeout_ns) { return 0; }
void mhv_run_idle_hook(void) { }
int mhv_dma_alloc(uint64_t size, void **va, uint64_t *bus) { return -MHV_ENOMEM; }
int mhv_dma_free(void *va) { return 0; }

static uint32_t pfr(unsigned int reg) { return dev.pf[reg / 4]; }

static int setup(void **state)
{
    igb_model_init(&dev);
    memset(&pf, 0, sizeof(pf));
    pf.hw = dev.pf_hw;
    pf.pirq = -1;
    pf_serves = true;
    sleeps = 0;
    assert_int_equal(igb_pf_hw_init(&pf, PF_SBDF, 4), 0);
    return 0;
}

/* A VF driver on VF @n with its DMA memory on the heap (bus = pointer). */
static void *vf_attach(struct igbvf *vf, unsigned int n, int want)
{
    void *mem = aligned_alloc(4096, IGBVF_DMA_SIZE);

    assert_non_null(mem);
    memset(mem, 0, IGBVF_DMA_SIZE);
    assert_int_equal(igbvf_attach(vf, &dev.vf[n].hw, mem, (uintptr_t)mem), want);
    return mem;
}

/* ------------------------------------------------------------ PF set-up */

static void test_pf_setup(void **state)
{
    uint8_t mac[6];

    assert_true(pf.up);
    assert_true(pf.link);
    assert_true(pfr(IGB_STATUS) & IGB_STATUS_LU);           /* autoneg */
    assert_true(pfr(IGB_CTRL_EXT) & IGB_CTRL_EXT_PFRSTD);
    assert_int_equal(pfr(IGB_MRQC), IGB_MRQC_VMDQ);
    assert_true(pfr(IGB_DTXSWC) & IGB_DTXSWC_LOOPBACK);
    assert_true(pfr(IGB_RCTL) & IGB_RCTL_EN);
    assert_true(pfr(IGB_TCTL) & IGB_TCTL_EN);
    assert_true(pfr(IGB_GPIE_REG) & IGB_GPIE_MSIX);
    assert_int_equal(pfr(IGB_IMS), IGB_ICR_VMMB);
    assert_int_equal(pfr(IGB_IVAR_MISC), (IGB_IVAR_VALID | IGB_PF_MSIX_VECTOR) << 8);
    for (unsigned int vf = 0; vf < 4; vf++) {
        igb_pf_vf_mac(PF_SBDF, vf, mac);
        assert_int_equal(pfr(IGB_RAL(1 + vf)),
                         mac[0] | mac[1] << 8 | mac[2] << 16 | (uint32_t)mac[3] << 24);
        assert_int_equal(pfr(IGB_RAH(1 + vf)), (mac[4] | mac[5] << 8) |
                         IGB_RAH_AV | IGB_RAH_POOL(vf));
        assert_int_equal(pfr(IGB_VMOLR(vf)), IGB_VMOLR_AUPE | IGB_VMOLR_BAM);
    }
    assert_int_equal(pfr(IGB_RAH(5)), 0);
    /* No RX/TX for any pool before its VF_RESET. */
    assert_int_equal(pfr(IGB_VFRE), 0);
    assert_int_equal(pfr(IGB_VFTE), 0);
}

static void test_pf_no_link(void **state)
{
    struct igb_pf p = { .hw = dev.pf_hw };

    dev.pf[IGB_STATUS / 4] = 0;
    dev.link_dead = true;           /* the link never comes */
    pf_serves = false;
    sleeps = 0;
    /* Said and recorded, not fatal: the rest is set up all the same. */
    assert_int_equal(igb_pf_hw_init(&p, PF_SBDF, 2), 0);
    assert_false(p.link);
    assert_true(p.up);
    assert_int_equal(pfr(IGB_MRQC), IGB_MRQC_VMDQ);
    assert_true(pfr(IGB_RCTL) & IGB_RCTL_EN);
    assert_true(sleeps <= IGB_PF_LINK_TIMEOUT_NS / (10ull * 1000 * 1000) + 1);
}

static void test_pf_too_many_vfs(void **state)
{
    struct igb_pf p = { .hw = dev.pf_hw };

    assert_int_equal(igb_pf_hw_init(&p, PF_SBDF, IGB_MAX_VFS + 1), -MHV_ERANGE);
}

/* ------------------------------------------------------------ mailbox */

static void test_vf_reset_handshake(void **state)
{
    struct igbvf vf;
    uint8_t mac[6];
    void *mem = vf_attach(&vf, 2, 0);

    igb_pf_vf_mac(PF_SBDF, 2, mac);
    assert_memory_equal(vf.mac, mac, 6);
    assert_true(pf.vf[2].cts);
    assert_int_equal(pfr(IGB_VFRE), 1u << 2);
    assert_int_equal(pfr(IGB_VFTE), 1u << 2);
    assert_int_equal(pf.vf[2].msgs, 1);
    assert_int_equal(pf.vf[2].nacks, 0);
    /* The VF's own CTRL.RST was seen as a VF reset (VFLRE). */
    assert_true(pf.vf[2].resets >= 1);
    assert_int_equal(pfr(IGB_VFLRE), 0);
    assert_true(vf.up);
    free(mem);
}

static void test_set_mac_refused_then_allowed(void **state)
{
    static const uint8_t spoof[6] = { 0x02, 0, 0, 0, 0, 0x99 };
    struct igbvf vf;
    void *mem = vf_attach(&vf, 1, 0);
    uint32_t ral = pfr(IGB_RAL(2)), rah = pfr(IGB_RAH(2));
    uint8_t mac[6];

    assert_int_equal(igbvf_set_mac(&vf, spoof), -MHV_EPERM);
    assert_int_equal(pf.vf[1].nacks, 1);
    assert_int_equal(pfr(IGB_RAL(2)), ral);                 /* unchanged */
    assert_int_equal(pfr(IGB_RAH(2)), rah);
    igb_pf_vf_mac(PF_SBDF, 1, mac);
    assert_memory_equal(vf.mac, mac, 6);

    pf.vf[1].mac_allowed = true;
    assert_int_equal(igbvf_set_mac(&vf, spoof), 0);
    assert_memory_equal(vf.mac, spoof, 6);
    assert_int_equal(pfr(IGB_RAL(2)), 0x02);
    assert_int_equal(pfr(IGB_RAH(2)), 0x9900u | IGB_RAH_AV | IGB_RAH_POOL(1));
    /* Multicast and zero addresses are refused even when allowed. */
    assert_int_equal(igbvf_set_mac(&vf, (const uint8_t[6]){ 1, 0, 0, 0, 0, 1 }),
                     -MHV_EPERM);
    assert_int_equal(igbvf_set_mac(&vf, (const uint8_t[6]){ 0 }), -MHV_EPERM);
    free(mem);
}

static uint32_t call(struct igbvf *vf, uint32_t *msg, unsigned int n)
{
    uint32_t reply[1] = { 0 };

    assert_int_equal(igb_vf_mbx_call(&vf->mbx, msg, n, reply, 1), 0);
    return reply[0];
}

static void test_lpe_multicast_unknown(void **state)
{
    struct igbvf vf;
    void *mem = vf_attach(&vf, 0, 0);
    uint32_t lpe[2] = { IGB_MSG_SET_LPE, 1522 }, big[2] = { IGB_MSG_SET_LPE, 20000 };
    uint32_t mc[2] = { IGB_MSG_SET_MULTICAST | 2u << IGB_MSG_INFO_SHIFT,
                       0x0123u | 0x0fe1u << 16 };
    uint32_t vlan[2] = { IGB_MSG_SET_VLAN, 5 }, odd[1] = { 0x77 };

    assert_int_equal(call(&vf, lpe, 2), IGB_MSG_SET_LPE | IGB_MSG_ACK | IGB_MSG_CTS);
    assert_int_equal(pfr(IGB_VMOLR(0)) & (IGB_VMOLR_LPE | IGB_VMOLR_RLPML_MASK),
                     IGB_VMOLR_LPE | 1526);
    assert_int_equal(call(&vf, big, 2), IGB_MSG_SET_LPE | IGB_MSG_NACK | IGB_MSG_CTS);
    assert_int_equal(call(&vf, mc, 2), IGB_MSG_SET_MULTICAST | 2u << IGB_MSG_INFO_SHIFT |
                     IGB_MSG_ACK | IGB_MSG_CTS);
    assert_true(pfr(IGB_MTA((0x0123 >> 5) & 0x7f)) & 1u << (0x0123 & 0x1f));
    assert_true(pfr(IGB_MTA((0x0fe1 >> 5) & 0x7f)) & 1u << (0x0fe1 & 0x1f));
    assert_true(pfr(IGB_VMOLR(0)) & IGB_VMOLR_ROMPE);
    assert_int_equal(call(&vf, vlan, 2), IGB_MSG_SET_VLAN | IGB_MSG_NACK | IGB_MSG_CTS);
    assert_int_equal(call(&vf, odd, 1), 0x77 | IGB_MSG_NACK | IGB_MSG_CTS);

    /* After a VF reset and before VF_RESET: everything NACKed, no CTS. */
    igb_model_vf_reset(&dev, 0);
    igb_pf_service(&pf);
    assert_false(pf.vf[0].cts);
    assert_int_equal(call(&vf, lpe, 2), IGB_MSG_SET_LPE | IGB_MSG_NACK);
    free(mem);
}

static void test_pf_never_answers(void **state)
{
    struct igbvf vf;
    void *mem = vf_attach(&vf, 3, 0);
    uint32_t msg[1] = { IGB_MSG_SET_LPE }, reply[1];
    uint64_t bound = IGB_MBX_TIMEOUT_NS / IGB_MBX_STEP_NS + 2;

    pf_serves = false;
    sleeps = 0;
    assert_int_equal(igb_vf_mbx_call(&vf.mbx, msg, 1, reply, 1), -MHV_ETIMEDOUT);
    assert_true(sleeps <= bound);
    /* A whole attach against the silent PF fails the same way. */
    sleeps = 0;
    assert_int_equal(igbvf_attach(&vf, &dev.vf[3].hw, mem, (uintptr_t)mem),
                     -MHV_ETIMEDOUT);
    assert_true(sleeps <= bound + 2);
    free(mem);
}

static void test_pf_holds_the_lock(void **state)
{
    struct igb_vf_mbx mbx;
    uint32_t msg[1] = { IGB_MSG_VF_RESET };

    pf_serves = false;
    igb_model_wr(&dev.pf_fn, IGB_P2VMAILBOX(1), IGB_P2V_PFU);   /* and keeps it */
    igb_vf_mbx_init(&mbx, &dev.vf[1].hw);
    sleeps = 0;
    assert_int_equal(igb_vf_mbx_send(&mbx, msg, 1), -MHV_EBUSY);
    assert_int_equal(sleeps, IGB_MBX_LOCK_TRIES);
    /* And a VF holding its lock makes the PF's read fail, not wait. */
    igb_model_wr(&dev.pf_fn, IGB_P2VMAILBOX(1), 0);
    igb_model_wr(&dev.vf[2].fn, IGBVF_V2PMAILBOX, IGB_V2P_VFU);
    assert_int_equal(igb_pf_mbx_read(&dev.pf_hw, 2, msg, 1), -MHV_EBUSY);
}

static void test_bad_lengths(void **state)
{
    struct igb_vf_mbx mbx;
    uint32_t msg[IGB_MBX_WORDS + 1] = { 0 };

    igb_vf_mbx_init(&mbx, &dev.vf[0].hw);
    assert_int_equal(igb_vf_mbx_send(&mbx, msg, 0), -MHV_EINVAL);
    assert_int_equal(igb_vf_mbx_send(&mbx, msg, IGB_MBX_WORDS + 1), -MHV_EINVAL);
    assert_int_equal(igb_pf_mbx_write(&dev.pf_hw, IGB_MAX_VFS, msg, 1), -MHV_EINVAL);
}

static void test_vf_floods_mailbox(void **state)
{
    uint32_t junk[1] = { 0x55 }, reset[1] = { IGB_MSG_VF_RESET };
    unsigned int done;

    dev.vf[0].flood = true;
    igb_model_vf_post(&dev, 0, junk, 1);
    igb_model_vf_post(&dev, 1, reset, 1);
    done = igb_pf_service(&pf);
    /* Bounded: IGB_PF_MSGS_PER_VF of the flood, the other VF served. */
    assert_int_equal(pf.vf[0].msgs, IGB_PF_MSGS_PER_VF);
    assert_int_equal(pf.vf[0].nacks, IGB_PF_MSGS_PER_VF);
    assert_int_equal(pf.vf[1].msgs, 1);
    assert_true(pf.vf[1].cts);
    assert_true(pf.more);
    assert_true(done <= IGB_PF_MSGS_PER_VF + 1 + 8);
    /* Each later call is bounded the same way; the flood ends, so does work. */
    igb_pf_service(&pf);
    assert_int_equal(pf.vf[0].msgs, 2 * IGB_PF_MSGS_PER_VF);
    dev.vf[0].flood = false;
    igb_pf_service(&pf);
    assert_int_equal(pf.vf[0].msgs, 2 * IGB_PF_MSGS_PER_VF + 1);
    assert_false(pf.more);
}

static void test_pf_stop(void **state)
{
    struct igbvf vf;
    void *mem = vf_attach(&vf, 1, 0);

    igb_pf_stop(&pf, false);
    assert_false(pf.up);
    assert_int_equal(pfr(IGB_VFRE), 0);
    assert_int_equal(pfr(IGB_VFTE), 0);
    assert_int_equal(pfr(IGB_RAH(2)), 0);
    assert_int_equal(igb_pf_service(&pf), 0);       /* stopped: touches nothing */
    free(mem);
}

/* ------------------------------------------------------------ rings */

static void test_tx(void **state)
{
    struct igbvf vf;
    void *mem = vf_attach(&vf, 0, 0);
    uint8_t f[100];
    unsigned int i;

    memset(f, 0xab, sizeof(f));
    assert_int_equal(igbvf_send(&vf, f, 20), 0);
    assert_int_equal(dev.vf[0].ntx, 1);
    assert_int_equal(dev.vf[0].tx[0].len, IGBVF_MIN_FRAME);     /* padded */
    assert_memory_equal(dev.vf[0].tx[0].data, f, 20);
    assert_int_equal(dev.vf[0].tx[0].data[20], 0);
    assert_true(vf.tx[0].olinfo_status & IGB_TXD_STAT_DD);
    assert_int_equal(vf.tx[0].cmd_type_len & ~0xffffu, IGB_TXD_DTYP_DATA |
                     IGB_TXD_DEXT | IGB_TXD_EOP | IGB_TXD_IFCS | IGB_TXD_RS);
    assert_int_equal(igbvf_send(&vf, f, 13), -MHV_EINVAL);
    assert_int_equal(igbvf_send(&vf, f, IGBVF_MAX_FRAME + 1), -MHV_EINVAL);
    /* Many more than the ring holds: slots are reused once DD is back. */
    for (i = 0; i < 3 * IGBVF_RING; i++)
        assert_int_equal(igbvf_send(&vf, f, sizeof(f)), 0);
    assert_int_equal(dev.vf[0].ntx, 1 + 3 * IGBVF_RING);

    /* The pool's TX off (no DD comes back): the ring fills, then EBUSY. */
    dev.pf[IGB_VFTE / 4] = 0;
    for (i = 0; i < IGBVF_RING - 1; i++)
        assert_int_equal(igbvf_send(&vf, f, sizeof(f)), 0);
    assert_int_equal(igbvf_send(&vf, f, sizeof(f)), -MHV_EBUSY);
    assert_int_equal(vf.st.tx_busy, 1);
    /* The watchdog says so after its checks, and recovery clears it. */
    for (i = 1; i < IGBVF_TX_TIMEOUT_CHECKS; i++)
        assert_false(igbvf_tx_hung(&vf));
    assert_true(igbvf_tx_hung(&vf));
    assert_int_equal(igbvf_recover(&vf), 0);
    assert_false(igbvf_tx_hung(&vf));
    assert_int_equal(igbvf_send(&vf, f, sizeof(f)), 0);
    free(mem);
}

static void test_rx(void **state)
{
    struct igbvf vf;
    void *mem = vf_attach(&vf, 1, 0);
    uint8_t f[64], buf[2048];
    unsigned int accepted = 0;

    assert_int_equal(dev.vf[1].regs[IGBVF_RDT / 4], IGBVF_RING - 1);
    assert_int_equal(igbvf_recv(&vf, buf, sizeof(buf)), 0);    /* empty */
    for (int i = 0; i < 3; i++) {
        memset(f, i + 1, sizeof(f));
        assert_true(igb_model_rx(&dev, 1, f, sizeof(f), true));
    }
    assert_true(igbvf_rx_ready(&vf));
    for (int i = 0; i < 3; i++) {
        assert_int_equal(igbvf_recv(&vf, buf, sizeof(buf)), 64);
        assert_int_equal(buf[0], i + 1);
        /* The slot before the one just used goes back to the device. */
        assert_int_equal(dev.vf[1].regs[IGBVF_RDT / 4], (unsigned int)i);
    }
    assert_int_equal(igbvf_recv(&vf, buf, sizeof(buf)), 0);

    /* A frame without EOP (longer than a buffer) is dropped, counted. */
    assert_true(igb_model_rx(&dev, 1, f, sizeof(f), false));
    assert_true(igb_model_rx(&dev, 1, f, 60, true));
    assert_int_equal(igbvf_recv(&vf, buf, sizeof(buf)), 60);
    assert_int_equal(vf.st.rx_dropped, 1);

    /* Ring full: the device holds the rest back; all are handed over. */
    while (igb_model_rx(&dev, 1, f, sizeof(f), true))
        accepted++;
    assert_int_equal(accepted, IGBVF_RING - 1);
    for (unsigned int i = 0; i < accepted; i++)
        assert_int_equal(igbvf_recv(&vf, buf, sizeof(buf)), 64);
    assert_int_equal(igbvf_recv(&vf, buf, sizeof(buf)), 0);
    assert_true(igb_model_rx(&dev, 1, f, sizeof(f), true));       /* room again */
    assert_int_equal(igbvf_recv(&vf, buf, 10), 10);                 /* truncated */
    free(mem);
}

static void test_reset_under_driver(void **state)
{
    struct igbvf vf;
    void *mem = vf_attach(&vf, 2, 0);
    uint8_t f[60] = { 0 };

    igb_model_wr(&dev.pf_fn, IGB_PVTCTRL(2), IGB_CTRL_RST);
    assert_true(igbvf_lost(&vf));
    assert_int_equal(pfr(IGB_VFTE) & (1u << 2), 0);
    /* The next send notices, resets through the mailbox and sends. */
    assert_int_equal(igbvf_send(&vf, f, sizeof(f)), 0);
    assert_int_equal(vf.st.recoveries, 1);
    assert_true(pfr(IGB_VFTE) & (1u << 2));
    assert_false(igbvf_lost(&vf));
    assert_int_equal(pf.vf[2].msgs, 2);
    /* A reset the PF never answers: the send fails with EIO, bounded. */
    igb_model_vf_reset(&dev, 2);
    pf_serves = false;
    assert_int_equal(igbvf_send(&vf, f, sizeof(f)), -MHV_EIO);
    free(mem);
}

/* ------------------------------------------------------------ IPv4 */

static uint8_t sent[4][1514];
static unsigned int sent_len[4], nsent;

static int fake_xmit(void *dev_, const void *frame, unsigned int len)
{
    if (nsent < 4) {
        memcpy(sent[nsent], frame, len);
        sent_len[nsent] = len;
    }
    nsent++;
    return 0;
}
static int fake_recv(void *dev_, void *buf, unsigned int max) { return 0; }
static int fake_wait(void *dev_, uint64_t ns) { return 0; }
static const struct net_ops fake_ops = { fake_xmit, fake_recv, fake_wait };

static void test_ip_arp_and_echo(void **state)
{
    static const uint8_t me[6] = { 2, 0x6d, 0x68, 1, 0, 1 };
    static const uint8_t peer[6] = { 0x52, 0x55, 10, 0, 2, 2 };
    static struct net_if nif;
    uint8_t arp[42] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x55, 10, 0, 2, 2, 0x08, 0x06,
        0, 1, 0x08, 0, 6, 4, 0, 1, 0x52, 0x55, 10, 0, 2, 2, 10, 0, 2, 2,
        0, 0, 0, 0, 0, 0, 10, 0, 2, 15,
    };
    uint8_t echo[14 + 20 + 8 + 4] = {
        2, 0x6d, 0x68, 1, 0, 1, 0x52, 0x55, 10, 0, 2, 2, 0x08, 0x00,
        0x45, 0, 0, 32, 0, 1, 0, 0, 64, 1, 0, 0, 10, 0, 2, 2, 10, 0, 2, 15,
        8, 0, 0, 0, 0x12, 0x34, 0, 7, 'p', 'i', 'n', 'g',
    };
    uint32_t ip;
    uint8_t mac[6];
    uint32_t s = 0;

    assert_int_equal(net_parse_ip("10.0.2.15", &ip), 0);
    assert_int_equal(ip, 0x0a00020f);
    assert_int_equal(net_parse_ip("10.0.2", &ip), -MHV_EINVAL);
    assert_int_equal(net_parse_ip("10.0.2.256", &ip), -MHV_EINVAL);
    net_init(&nif, &fake_ops, NULL, me, 0x0a00020f);
    nsent = 0;

    net_input(&nif, arp, sizeof(arp));
    assert_int_equal(nsent, 1);
    assert_memory_equal(sent[0], peer, 6);                  /* to the asker */
    assert_int_equal(sent[0][21], 2);                       /* a reply */
    assert_memory_equal(sent[0] + 22, me, 6);
    assert_int_equal(net_resolve(&nif, 0x0a000202, mac), 0);   /* learned */
    assert_memory_equal(mac, peer, 6);
    assert_int_equal(nif.st.arp_answered, 1);

    /* An echo request (checksums filled in here) is answered. */
    for (int i = 14; i < 34; i += 2)
        s += (uint32_t)echo[i] << 8 | echo[i + 1];
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    echo[24] = (uint8_t)(~s >> 8);
    echo[25] = (uint8_t)~s;
    s = 0;
    for (int i = 34; i < 46; i += 2)
        s += (uint32_t)echo[i] << 8 | echo[i + 1];
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    echo[36] = (uint8_t)(~s >> 8);
    echo[37] = (uint8_t)~s;
    net_input(&nif, echo, sizeof(echo));
    assert_int_equal(nsent, 2);
    assert_int_equal(nif.st.echo_answered, 1);
    assert_int_equal(sent[1][34], 0);                       /* echo reply */
    assert_memory_equal(sent[1] + 42, "ping", 4);
    /* A corrupted one is not. */
    echo[45] ^= 1;
    net_input(&nif, echo, sizeof(echo));
    assert_int_equal(nsent, 2);
    assert_int_equal(nif.st.rx_bad, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pf_setup, setup),
        cmocka_unit_test_setup(test_pf_no_link, setup),
        cmocka_unit_test_setup(test_pf_too_many_vfs, setup),
        cmocka_unit_test_setup(test_vf_reset_handshake, setup),
        cmocka_unit_test_setup(test_set_mac_refused_then_allowed, setup),
        cmocka_unit_test_setup(test_lpe_multicast_unknown, setup),
        cmocka_unit_test_setup(test_pf_never_answers, setup),
        cmocka_unit_test_setup(test_pf_holds_the_lock, setup),
        cmocka_unit_test_setup(test_bad_lengths, setup),
        cmocka_unit_test_setup(test_vf_floods_mailbox, setup),
        cmocka_unit_test_setup(test_pf_stop, setup),
        cmocka_unit_test_setup(test_tx, setup),
        cmocka_unit_test_setup(test_rx, setup),
        cmocka_unit_test_setup(test_reset_under_driver, setup),
        cmocka_unit_test(test_ip_arp_and_echo),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
