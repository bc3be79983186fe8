/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The igb PF and VF drivers and the IPv4 stack (domains/igb and domains/net, the real files)
 * against the register model (tests/unit/igb_model.c): the PF's set-up
 * (which waits for nothing), the link learnt from LSC and told to the VFs
 * (PF_CONTROL notices, never over a request or an unread reply), a VF
 * that waits for the link (bounded, not an error without one), the
 * mailbox state machine both ways (VF_RESET, SET_LPE, SET_MULTICAST,
 * unknown and premature messages NACKed), the MAC policy (refused without
 * a grant; never another slot's address, the PF's or another VF's, nor
 * another VF's base address; the operator's address; the grant and the
 * chosen address gone at an owner change, told by the control program or
 * learnt at the VF reset the hypervisor performs; back to the base address
 * at every reset, asked for again by its driver), a PF that never answers
 * and one that holds the lock (bounded waits, clear errors), a VF flooding
 * the mailbox (bounded service, the other VFs still served), the
 * descriptor rings (TX padding and DD, ring full, RX order, RDT hand-back,
 * RX ring full and refilled, frames without EOP dropped), resets under the
 * driver (queue enables lost; the TX watchdog), and ARP and ICMP echo
 * answered by the stack.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <igb/igb_pf.h>
#include <igb/igb_mbx.h>
#include <igb/igbvf.h>
#include <net/netstack.h>
#include <net/vfnet.h>
#include <runtime/libmhvctl.h>
#include <runtime/runtime.h>
#include "igb_model.h"

#define PF_SBDF     0x0100u     /* 0000:01:00.0 */
#define VF_OFFSET   0x80        /* QEMU's igb: VF n at 01:10.0 + 2n */
#define VF_STRIDE   2
#define VF_SBDF(n)  (PF_SBDF + VF_OFFSET + VF_STRIDE * (n))

static struct igb_dev dev;
static struct igb_pf pf;
static bool pf_serves;          /* the PF answers while a VF waits */
static uint64_t sleeps;
static domid_t owner_of[IGB_MAX_VFS];   /* the registry's answer */
static const uint8_t pf_mac[6] = MODEL_PF_MAC;
const struct start_info *mhv_start_info;

/* ------------------------------------------------------------ stubs */

/* A VF waiting sleeps: time passes for the NIC, and the control domain's
 * idle hook serves the PF. */
static void (*sleep_hook)(void);    /* a PF of the test's own making */

static uint64_t now_ns;         /* the clock: moved by sleeps */

uint64_t mhv_time_ns(void)
{
    return now_ns;
}

void mhv_sleep_ns(uint64_t ns)
{
    sleeps++;
    now_ns += ns;
    igb_model_tick(&dev);
    if (sleep_hook)
        sleep_hook();
    if (pf_serves)
        igb_pf_service(&pf);
}

/* The registry: who owns each VF. */
int mhv_pci_lookup(uint32_t sbdf, struct mhv_pci_info *info)
{
    for (unsigned int n = 0; n < IGB_MAX_VFS; n++)
        if (sbdf == VF_SBDF(n)) {
            memset(info, 0, sizeof(*info));
            info->sbdf = sbdf;
            info->pf_sbdf = PF_SBDF;
            info->owner = owner_of[n];
            info->flags = MHV_PCI_FLAG_VF;
            return 0;
        }
    return -MHV_ENODEV;
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
    memset(owner_of, 0, sizeof(owner_of));
    pf.hw = dev.pf_hw;
    pf.pirq = -1;
    pf_serves = true;
    sleeps = 0;
    assert_int_equal(igb_pf_hw_init(&pf, PF_SBDF, 4), 0);
    igb_pf_set_geometry(&pf, VF_OFFSET, VF_STRIDE);
    return 0;
}

/* Let time pass and the PF serve until the link is up. */
static void link_comes(void)
{
    for (int i = 0; i < MODEL_AUTONEG_TICKS; i++)
        mhv_sleep_ns(1000000);
    assert_true(pf.link);
}

static uint32_t ral_of(const uint8_t *m)
{
    return m[0] | m[1] << 8 | m[2] << 16 | (uint32_t)m[3] << 24;
}

static uint32_t rah_of(const uint8_t *m)
{
    return m[4] | m[5] << 8;
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
    /* No link yet: auto-negotiation restarted, not waited for. */
    assert_false(pf.link);
    assert_int_equal(dev.mdic_writes, 1);
    assert_int_equal(sleeps, 0);
    assert_true(pfr(IGB_CTRL_EXT) & IGB_CTRL_EXT_PFRSTD);
    assert_int_equal(pfr(IGB_MRQC), IGB_MRQC_VMDQ);
    assert_true(pfr(IGB_DTXSWC) & IGB_DTXSWC_LOOPBACK);
    assert_true(pfr(IGB_RCTL) & IGB_RCTL_EN);
    assert_true(pfr(IGB_TCTL) & IGB_TCTL_EN);
    assert_true(pfr(IGB_GPIE_REG) & IGB_GPIE_MSIX);
    assert_int_equal(pfr(IGB_IMS), IGB_ICR_VMMB | IGB_ICR_LSC);
    assert_int_equal(pfr(IGB_IVAR_MISC), (IGB_IVAR_VALID | IGB_PF_MSIX_VECTOR) << 8);
    for (unsigned int vf = 0; vf < 4; vf++) {
        igb_pf_vf_mac(PF_SBDF, vf, mac);
        assert_int_equal(pfr(IGB_RAL(1 + vf)),
                         mac[0] | mac[1] << 8 | mac[2] << 16 | (uint32_t)mac[3] << 24);
        assert_int_equal(pfr(IGB_RAH(1 + vf)), (mac[4] | mac[5] << 8) |
                         IGB_RAH_AV | IGB_RAH_POOL(vf));
        assert_int_equal(pfr(IGB_VMOLR(vf)), IGB_VMOLR_AUPE | IGB_VMOLR_BAM);
    }
    for (unsigned int i = 5; i < IGB_RAR_ENTRIES; i++)
        assert_int_equal(pfr(IGB_RAH(i)), 0);
    assert_int_equal(pfr(IGB_RAH(0)), rah_of(pf_mac) | IGB_RAH_AV);  /* the PF's */
    /* No RX/TX for any pool before its VF_RESET. */
    assert_int_equal(pfr(IGB_VFRE), 0);
    assert_int_equal(pfr(IGB_VFTE), 0);
}

/*
 * The link comes after the set-up: LSC, the PF reads it, says it once and
 * tells every VF (CTS for the one that is clear to send); a VF driver
 * brought up before it waits for it.
 */
static void test_link_from_interrupt(void **state)
{
    struct igbvf vf;
    void *mem;
    uint32_t msg;

    /* VF 2 is up (VF_RESET done) before the link: its open waited. */
    mem = vf_attach(&vf, 2, 0);
    assert_true(vf.link);
    assert_true(pf.link);
    assert_int_equal(vf.st.link_waits, 1);
    assert_int_equal(pf.link_changes, 1);
    assert_true(sleeps >= MODEL_AUTONEG_TICKS - 1);
    /* Every VF was told; VF 2's notice carries CTS, the others' not. */
    for (unsigned int n = 0; n < 4; n++) {
        assert_int_equal(pf.vf[n].pings, 1);
        assert_int_equal(pf.vf[n].ping_tries, 0);
    }
    assert_int_equal(dev.mbx[1][0], IGB_MSG_PF_CONTROL);
    assert_int_equal(igb_vf_mbx_poll(&vf.mbx, &msg), 1);
    assert_int_equal(msg, IGB_MSG_PF_CONTROL | IGB_MSG_CTS);
    /* A later link change reaches VF 2's driver the same way. */
    igb_model_link(&dev, false);
    igb_pf_service(&pf);
    assert_false(pf.link);
    assert_int_equal(pf.link_changes, 2);
    assert_int_equal(pf.vf[2].pings, 2);
    assert_int_equal(igb_vf_mbx_poll(&vf.mbx, &msg), 1);
    assert_int_equal(msg, IGB_MSG_PF_CONTROL | IGB_MSG_CTS);
    assert_int_equal(igb_vf_mbx_poll(&vf.mbx, &msg), 0);    /* one only */
    /* The same link state again is no change: nobody is told. */
    igb_model_link(&dev, false);
    igb_pf_service(&pf);
    assert_int_equal(pf.link_changes, 2);
    assert_int_equal(pf.vf[2].pings, 2);
    free(mem);
}

/* No link ever: the PF is set up all the same, and a VF driver waits a
 * bounded time, says so and is up (not an error). */
static void test_pf_no_link(void **state)
{
    struct igb_pf p = { .hw = dev.pf_hw };
    struct igbvf vf;
    void *mem;

    dev.pf[IGB_STATUS / 4] = 0;
    dev.link_dead = true;           /* the link never comes */
    dev.autoneg_ticks = 0;
    sleeps = 0;
    assert_int_equal(igb_pf_hw_init(&p, PF_SBDF, 2), 0);
    assert_false(p.link);
    assert_true(p.up);
    assert_int_equal(sleeps, 0);                /* nothing waited for */
    assert_int_equal(pfr(IGB_MRQC), IGB_MRQC_VMDQ);
    assert_true(pfr(IGB_RCTL) & IGB_RCTL_EN);

    mem = vf_attach(&vf, 1, 0);
    assert_true(vf.up);
    assert_false(vf.link);
    assert_true(sleeps <= IGBVF_LINK_TIMEOUT_NS / IGBVF_LINK_STEP_NS + 2 + 2);
    free(mem);
}

/* A notice goes only into an empty buffer: not over a request the VF has
 * left there, not over a reply it has not read; it is tried again later. */
static void test_notice_never_overwrites(void **state)
{
    uint32_t req[2] = { IGB_MSG_SET_LPE, 1522 }, ping = IGB_MSG_PF_CONTROL;
    uint32_t reset[1] = { IGB_MSG_VF_RESET };
    struct igb_vf_mbx mbx;
    uint32_t reply[3];

    /* A request waiting: post refuses, the buffer keeps the request. */
    igb_model_vf_post(&dev, 0, req, 2);
    assert_int_equal(igb_pf_mbx_post(&dev.pf_hw, 0, &ping, 1), -MHV_EBUSY);
    assert_int_equal(dev.mbx[0][0], IGB_MSG_SET_LPE);
    assert_false(dev.vf[0].p2v & IGB_P2V_PFU);      /* the lock let go */

    /* VF 1 resets; its reply is written but not read when the link comes. */
    igb_model_vf_post(&dev, 1, reset, 1);
    igb_pf_service(&pf);
    assert_true(pf.vf[1].reply_unread);
    link_comes();
    assert_int_equal(pf.vf[1].pings, 0);
    assert_true(pf.vf[1].ping_tries > 0);
    assert_true(pf.more);
    assert_int_equal(dev.mbx[1][0], IGB_MSG_VF_RESET | IGB_MSG_ACK);
    /* The VFs read their replies (ACK): the notices follow on the next call. */
    igb_vf_mbx_init(&mbx, &dev.vf[1].hw);
    assert_int_equal(igb_vf_mbx_recv(&mbx, reply, 3), 0);
    assert_int_equal(reply[0], IGB_MSG_VF_RESET | IGB_MSG_ACK);
    igb_vf_mbx_init(&mbx, &dev.vf[0].hw);
    assert_int_equal(igb_vf_mbx_recv(&mbx, reply, 1), 0);
    assert_int_equal(reply[0], IGB_MSG_SET_LPE | IGB_MSG_NACK);    /* no VF_RESET */
    igb_pf_service(&pf);
    assert_int_equal(pf.vf[1].pings, 1);
    assert_int_equal(dev.mbx[1][0], IGB_MSG_PF_CONTROL | IGB_MSG_CTS);
    /* VF 0's request was served first, then its notice went (no CTS). */
    assert_int_equal(pf.vf[0].msgs, 1);
    assert_int_equal(pf.vf[0].pings, 1);
    assert_int_equal(dev.mbx[0][0], IGB_MSG_PF_CONTROL);
}

/* A VF that never takes its buffer back costs a bounded number of tries. */
static void test_notice_bounded(void **state)
{
    igb_model_wr(&dev.vf[3].fn, IGBVF_V2PMAILBOX, IGB_V2P_VFU);    /* held */
    link_comes();
    for (int i = 0; i < 2 * IGB_PF_PING_TRIES; i++)
        igb_pf_service(&pf);
    assert_int_equal(pf.vf[3].pings, 0);
    assert_int_equal(pf.vf[3].ping_tries, 0);
    assert_false(pf.more);
}

/*
 * A PF that posts a notice between taking a request and answering it (not
 * ours, but the buffer allows it): the VF skips the notice and takes the
 * answer after it.
 */
static int hook_step;

static void notice_then_reply(void)
{
    uint32_t msg[IGB_MBX_WORDS], ping = IGB_MSG_PF_CONTROL | IGB_MSG_CTS;
    uint32_t reply = IGB_MSG_SET_LPE | IGB_MSG_ACK | IGB_MSG_CTS;

    if (hook_step == 0 && (dev.pf[IGB_MBVFICR / 4] & IGB_MBVFICR_REQ(0))) {
        assert_int_equal(igb_pf_mbx_read(&dev.pf_hw, 0, msg, IGB_MBX_WORDS), 0);
        assert_int_equal(igb_pf_mbx_write(&dev.pf_hw, 0, &ping, 1), 0);
        hook_step = 1;
    } else if (hook_step == 1) {
        assert_int_equal(igb_pf_mbx_write(&dev.pf_hw, 0, &reply, 1), 0);
        hook_step = 2;
    }
}

static void test_notice_before_reply_skipped(void **state)
{
    struct igb_vf_mbx mbx;
    uint32_t lpe[2] = { IGB_MSG_SET_LPE, 1522 }, reply[1];

    pf_serves = false;
    sleep_hook = notice_then_reply;
    hook_step = 0;
    igb_vf_mbx_init(&mbx, &dev.vf[0].hw);
    assert_int_equal(igb_vf_mbx_call(&mbx, lpe, 2, reply, 1), 0);
    assert_int_equal(reply[0], IGB_MSG_SET_LPE | IGB_MSG_ACK | IGB_MSG_CTS);
    assert_int_equal(mbx.notices, 1);
    assert_int_equal(hook_step, 2);
    sleep_hook = NULL;
}

/* A notice left unread is not taken for the reply to the next request. */
static void test_stale_notice_not_a_reply(void **state)
{
    struct igbvf vf;
    void *mem = vf_attach(&vf, 0, 0);
    uint32_t lpe[2] = { IGB_MSG_SET_LPE, 1522 }, reply[1];
    uint32_t ping = IGB_MSG_PF_CONTROL | IGB_MSG_CTS;

    assert_int_equal(igb_pf_mbx_post(&dev.pf_hw, 0, &ping, 1), 0);
    (void)igb_vf_mbx_status(&vf.mbx);           /* seen (PFSTS cached) */
    assert_int_equal(igb_vf_mbx_call(&vf.mbx, lpe, 2, reply, 1), 0);
    assert_int_equal(reply[0], IGB_MSG_SET_LPE | IGB_MSG_ACK | IGB_MSG_CTS);
    free(mem);
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
    /* Its own address is no change: nothing to refuse. */
    assert_int_equal(igbvf_set_mac(&vf, mac), 0);

    igb_pf_vf_allow_mac(&pf, 1, true);
    assert_int_equal(igbvf_set_mac(&vf, spoof), 0);
    assert_memory_equal(vf.mac, spoof, 6);
    assert_int_equal(pfr(IGB_RAL(2)), 0x02);
    assert_int_equal(pfr(IGB_RAH(2)), 0x9900u | IGB_RAH_AV | IGB_RAH_POOL(1));
    /* Multicast and zero addresses are refused even when allowed. */
    assert_int_equal(igbvf_set_mac(&vf, (const uint8_t[6]){ 1, 0, 0, 0, 0, 1 }),
                     -MHV_EPERM);
    assert_int_equal(igbvf_set_mac(&vf, (const uint8_t[6]){ 0 }), -MHV_EPERM);
    assert_memory_equal(vf.mac, spoof, 6);
    free(mem);
}

/*
 * Even allowed, a VF never takes an address another slot of the NIC holds:
 * the PF's (RAR 0), another VF's current one (what it chose, in its RAR),
 * another VF's base address (its operator's or default one, where it goes
 * back at its next reset), nor one of the slots beyond the VFs'.
 */
static void test_set_mac_never_anothers(void **state)
{
    static const uint8_t chosen[6] = { 0x02, 0, 0, 0, 0, 0x42 };
    static const uint8_t free_mac[6] = { 0x02, 0, 0, 0, 0, 0x43 };
    static const uint8_t slot9[6] = { 0x02, 0, 0, 0, 0, 0x09 };
    static const uint8_t gateway[6] = { 0x52, 0x55, 0x0a, 0, 2, 2 };
    struct igbvf a, b;
    void *ma = vf_attach(&a, 0, 0), *mb = vf_attach(&b, 1, 0);
    uint8_t base1[6], base2[6];
    uint32_t rah = pfr(IGB_RAH(1)), ral = pfr(IGB_RAL(1));

    igb_pf_vf_mac(PF_SBDF, 1, base1);
    igb_pf_vf_mac(PF_SBDF, 2, base2);
    igb_pf_vf_allow_mac(&pf, 0, true);
    igb_pf_vf_allow_mac(&pf, 1, true);
    assert_int_equal(igbvf_set_mac(&b, chosen), 0);         /* VF 1's choice */

    assert_int_equal(igbvf_set_mac(&a, pf_mac), -MHV_EPERM);        /* PF's */
    assert_int_equal(igbvf_set_mac(&a, chosen), -MHV_EPERM);        /* VF 1's now */
    assert_int_equal(igbvf_set_mac(&a, base1), -MHV_EPERM);         /* VF 1's base */
    assert_int_equal(igbvf_set_mac(&a, base2), -MHV_EPERM);         /* VF 2's */
    /* A slot no VF uses, set by someone else: still the NIC's. */
    igb_model_wr(&dev.pf_fn, IGB_RAL(9), ral_of(slot9));
    igb_model_wr(&dev.pf_fn, IGB_RAH(9), rah_of(slot9) | IGB_RAH_AV);
    assert_int_equal(igbvf_set_mac(&a, slot9), -MHV_EPERM);
    assert_int_equal(pf.vf[0].nacks, 5);
    assert_int_equal(pfr(IGB_RAL(1)), ral);                 /* untouched */
    assert_int_equal(pfr(IGB_RAH(1)), rah);
    assert_int_equal(igb_pf_vf_mac_check(&pf, 0, slot9), -MHV_EEXIST);
    assert_int_equal(igb_pf_vf_mac_check(&pf, 0, pf_mac), -MHV_EEXIST);
    /* What the grant hands over: any other address, an off-box one too. */
    assert_int_equal(igbvf_set_mac(&a, gateway), 0);
    assert_int_equal(igbvf_set_mac(&a, free_mac), 0);
    assert_int_equal(pfr(IGB_RAL(1)), ral_of(free_mac));
    /* The one VF 0 left is free again; VF 1 may have it. */
    assert_int_equal(igbvf_set_mac(&b, gateway), 0);
    free(ma);
    free(mb);
}

/*
 * The operator's address: the VF's base address from then on (in its RAR
 * at once, in the VF_RESET reply), refused when another slot or VF has
 * it, and nobody else may take it.
 */
static void test_operator_mac(void **state)
{
    static const uint8_t op[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x01 };
    struct igbvf a, b;
    void *ma = vf_attach(&a, 0, 0), *mb;
    uint8_t def0[6], def1[6];

    igb_pf_vf_mac(PF_SBDF, 0, def0);
    igb_pf_vf_mac(PF_SBDF, 1, def1);
    assert_int_equal(igb_pf_vf_set_mac(&pf, 1, op), 0);
    assert_true(pf.vf[1].admin_mac_set);
    assert_int_equal(pfr(IGB_RAL(2)), ral_of(op));
    assert_int_equal(pfr(IGB_RAH(2)), rah_of(op) | IGB_RAH_AV | IGB_RAH_POOL(1));
    mb = vf_attach(&b, 1, 0);
    assert_memory_equal(b.mac, op, 6);                      /* VF_RESET says */
    /* Nobody else gets it, allowed or by the operator. */
    igb_pf_vf_allow_mac(&pf, 0, true);
    assert_int_equal(igbvf_set_mac(&a, op), -MHV_EPERM);
    assert_int_equal(igb_pf_vf_set_mac(&pf, 0, op), -MHV_EEXIST);
    assert_int_equal(igb_pf_vf_set_mac(&pf, 0, def1), 0);   /* VF 1's old one: free */
    assert_int_equal(igb_pf_vf_set_mac(&pf, 0, pf_mac), -MHV_EEXIST);
    assert_int_equal(igb_pf_vf_set_mac(&pf, 0, (const uint8_t[6]){ 3, 0, 0, 0, 0, 1 }),
                     -MHV_EINVAL);
    assert_int_equal(igb_pf_vf_set_mac(&pf, 0, (const uint8_t[6]){ 0 }), -MHV_EINVAL);
    /* Its default is nobody's base now: VF 1, allowed, may take it... */
    igb_pf_vf_allow_mac(&pf, 1, true);
    assert_int_equal(igbvf_set_mac(&b, def0), 0);
    /* ...and then VF 0 cannot go back to it. */
    assert_int_equal(igb_pf_vf_set_mac(&pf, 0, NULL), -MHV_EEXIST);
    assert_true(pf.vf[0].admin_mac_set);
    assert_int_equal(igbvf_set_mac(&b, op), 0);
    /* Back to the default. */
    assert_int_equal(igb_pf_vf_set_mac(&pf, 0, NULL), 0);
    assert_false(pf.vf[0].admin_mac_set);
    assert_int_equal(pfr(IGB_RAL(1)), ral_of(def0));
    free(ma);
    free(mb);
}

/*
 * A reset (by the owner's driver, its PF or the hypervisor) brings the VF
 * back to its base address; the same owner's driver asks for its choice
 * again and, still allowed, has it.  Once the operator denies it, the
 * driver stays with the base address and says so.
 */
static void test_reset_back_to_base(void **state)
{
    static const uint8_t chosen[6] = { 0x02, 0, 0, 0, 0, 0x42 };
    struct igbvf vf;
    void *mem = vf_attach(&vf, 2, 0);
    uint8_t def[6];

    igb_pf_vf_mac(PF_SBDF, 2, def);
    igb_pf_vf_allow_mac(&pf, 2, true);
    assert_int_equal(igbvf_set_mac(&vf, chosen), 0);
    igb_model_wr(&dev.pf_fn, IGB_PVTCTRL(2), IGB_CTRL_RST);
    igb_pf_service(&pf);
    assert_memory_equal(pf.vf[2].mac, def, 6);              /* base again */
    assert_int_equal(pfr(IGB_RAL(3)), ral_of(def));
    assert_true(pf.vf[2].mac_allowed);                      /* same owner */
    assert_int_equal(igbvf_recover(&vf), 0);
    assert_memory_equal(vf.mac, chosen, 6);                 /* asked again */
    assert_int_equal(pfr(IGB_RAL(3)), ral_of(chosen));

    igb_pf_vf_allow_mac(&pf, 2, false);
    igb_model_vf_reset(&dev, 2);
    assert_int_equal(igbvf_recover(&vf), 0);
    assert_memory_equal(vf.mac, def, 6);
    assert_false(vf.mac_chosen);
    assert_int_equal(pfr(IGB_RAL(3)), ral_of(def));
    free(mem);
}

/*
 * An owner change told by the control program (assign): the grant ends,
 * the chosen address goes, the new owner's VF_RESET gives the base
 * address (the operator's, when there is one) and its own SET_MAC_ADDR is
 * refused until the operator allows it.
 */
static void test_owner_change_told(void **state)
{
    static const uint8_t chosen[6] = { 0x02, 0, 0, 0, 0, 0x42 };
    static const uint8_t op[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x03 };
    struct igbvf d1, d2;
    void *m1, *m2;
    uint8_t def[6];

    igb_pf_vf_mac(PF_SBDF, 3, def);
    owner_of[3] = 1;
    igb_pf_vf_moved(&pf, 3, 1);                 /* assign to d1 */
    assert_int_equal(pf.vf[3].moves, 1);
    igb_pf_vf_allow_mac(&pf, 3, true);
    m1 = vf_attach(&d1, 3, 0);
    assert_int_equal(igbvf_set_mac(&d1, chosen), 0);
    assert_int_equal(pf.vf[3].owner, 1);

    owner_of[3] = 2;
    igb_pf_vf_moved(&pf, 3, 2);                 /* d1's, now d2's */
    assert_false(pf.vf[3].mac_allowed);
    assert_memory_equal(pf.vf[3].mac, def, 6);
    assert_int_equal(pfr(IGB_RAL(4)), ral_of(def));         /* at once */
    igb_pf_vf_moved(&pf, 3, 2);                 /* the same owner: no move */
    assert_int_equal(pf.vf[3].moves, 2);
    igb_model_vf_reset(&dev, 3);                /* the hypervisor's FLR */
    m2 = vf_attach(&d2, 3, 0);
    assert_memory_equal(d2.mac, def, 6);        /* never d1's choice */
    assert_int_equal(pf.vf[3].moves, 2);        /* the registry agreed */
    assert_int_equal(igbvf_set_mac(&d2, chosen), -MHV_EPERM);

    /* With an operator's address, that is what the next owner gets. */
    assert_int_equal(igb_pf_vf_set_mac(&pf, 3, op), 0);
    igb_pf_vf_allow_mac(&pf, 3, true);
    assert_int_equal(igbvf_set_mac(&d2, chosen), 0);
    owner_of[3] = 0;
    igb_pf_vf_moved(&pf, 3, 0);                 /* deassign */
    igb_model_vf_reset(&dev, 3);
    assert_int_equal(igbvf_recover(&d1), 0);    /* d0 (d1's memory: any) */
    assert_memory_equal(d1.mac, op, 6);
    free(m1);
    free(m2);
}

/*
 * An owner change nobody told the driver of (a dying domain's VF going
 * back to the control domain): the hypervisor resets the VF at the move,
 * the driver asks the registry at that VF reset and finds the new owner.
 */
static void test_owner_change_learnt(void **state)
{
    static const uint8_t chosen[6] = { 0x02, 0, 0, 0, 0, 0x42 };
    struct igbvf vf;
    void *mem;
    uint8_t def[6];

    igb_pf_vf_mac(PF_SBDF, 1, def);
    owner_of[1] = 2;
    igb_pf_vf_moved(&pf, 1, 2);
    igb_pf_vf_allow_mac(&pf, 1, true);
    mem = vf_attach(&vf, 1, 0);
    /* The owner's own resets keep its grant (the registry says d2). */
    assert_int_equal(igbvf_set_mac(&vf, chosen), 0);
    assert_int_equal(igbvf_recover(&vf), 0);
    assert_true(pf.vf[1].mac_allowed);
    assert_memory_equal(vf.mac, chosen, 6);

    owner_of[1] = 0;                            /* d2 died */
    igb_model_vf_reset(&dev, 1);
    igb_pf_service(&pf);
    assert_int_equal(pf.vf[1].owner, 0);
    assert_false(pf.vf[1].mac_allowed);
    assert_memory_equal(pf.vf[1].mac, def, 6);
    assert_int_equal(pfr(IGB_RAL(2)), ral_of(def));
    assert_int_equal(igbvf_recover(&vf), 0);    /* the new owner's driver */
    assert_memory_equal(vf.mac, def, 6);
    assert_false(vf.mac_chosen);                /* asked, refused */
    /* Without the geometry the registry cannot be asked: nothing moves. */
    igb_pf_set_geometry(&pf, 0, 0);
    owner_of[1] = 1;
    igb_model_vf_reset(&dev, 1);
    igb_pf_service(&pf);
    assert_int_equal(pf.vf[1].owner, 0);
    free(mem);
}

/* Refusals a VF provokes are logged at most IGB_PF_LOG_BURST a second. */
static void test_refusals_rate_limited(void **state)
{
    static const uint8_t spoof[6] = { 0x02, 0, 0, 0, 0, 0x99 };
    uint32_t msg[3] = { IGB_MSG_SET_MAC_ADDR, ral_of(spoof), rah_of(spoof) };
    uint32_t reset[1] = { IGB_MSG_VF_RESET };

    igb_model_vf_post(&dev, 1, reset, 1);
    igb_pf_service(&pf);
    for (int i = 0; i < 20; i++) {
        igb_model_vf_post(&dev, 1, msg, 3);
        igb_pf_service(&pf);
    }
    assert_int_equal(pf.vf[1].nacks, 20);
    assert_int_equal(pf.vf[1].log_lines, IGB_PF_LOG_BURST);
    assert_int_equal(pf.vf[1].log_dropped, 20 - IGB_PF_LOG_BURST);
    now_ns += 1000000000ull;            /* a second later: lines again */
    igb_model_vf_post(&dev, 1, msg, 3);
    igb_pf_service(&pf);
    assert_int_equal(pf.vf[1].log_lines, 1);
    assert_int_equal(pf.vf[1].log_dropped, 0);
}

static uint32_t call(struct igbvf *vf, uint32_t *msg, unsigned int n)
{
    uint32_t reply[1] = { 0 };

    assert_int_equal(igb_vf_mbx_call(&vf->mbx, msg, n, reply, 1), 0);
    return reply[0];
}

/*
 * SET_MAC_ADDR's filter sub-commands (Linux's igbvf sends them whenever
 * its receive mode changes): clearing the extra unicast filters is
 * acknowledged and changes nothing, adding one is refused with one line,
 * and neither is taken for an address (the VF's stays, no RAR moves).
 */
static void test_mac_filter_subcommands(void **state)
{
    static const uint8_t other[6] = { 0x02, 0, 0, 0, 0, 0x77 };
    struct igbvf vf;
    void *mem = vf_attach(&vf, 0, 0);
    uint32_t clr[3] = { IGB_MSG_SET_MAC_ADDR | IGB_MAC_FILTER_CLR, 0, 0 };
    uint32_t add[3] = { IGB_MSG_SET_MAC_ADDR | IGB_MAC_FILTER_ADD,
                        ral_of(other), rah_of(other) };
    uint32_t rar[2] = { pfr(IGB_RAL(1)), pfr(IGB_RAH(1)) };
    uint8_t mac[6];
    unsigned int lines;

    memcpy(mac, pf.vf[0].mac, 6);
    igb_pf_vf_allow_mac(&pf, 0, true);          /* even when allowed */
    lines = pf.vf[0].log_lines;
    assert_int_equal(call(&vf, clr, 3), clr[0] | IGB_MSG_ACK | IGB_MSG_CTS);
    assert_int_equal(pf.vf[0].log_lines, lines);        /* nothing refused */
    assert_int_equal(call(&vf, add, 3), add[0] | IGB_MSG_NACK | IGB_MSG_CTS);
    assert_int_equal(pf.vf[0].log_lines, lines + 1);    /* one line */
    assert_memory_equal(pf.vf[0].mac, mac, 6);
    assert_int_equal(pfr(IGB_RAL(1)), rar[0]);
    assert_int_equal(pfr(IGB_RAH(1)), rar[1]);
    free(mem);
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

/*
 * A VF floods the mailbox while the link comes: the flood costs a bounded
 * amount of each call, every other VF gets its link notice in the call
 * that learnt the link, and the flooding VF's own notice -- its buffer
 * never free -- is given up after its tries: no call is unbounded and
 * nothing is owed for ever.
 */
static void test_flood_during_link_notices(void **state)
{
    uint32_t junk[1] = { 0x55 };
    unsigned int calls = 0;

    dev.vf[2].flood = true;
    igb_model_vf_post(&dev, 2, junk, 1);
    link_comes();
    for (unsigned int vf = 0; vf < 4; vf++)
        if (vf != 2)
            assert_int_equal(pf.vf[vf].pings, 1);
    assert_int_equal(pf.vf[2].pings, 0);
    while (pf.more && calls < 4 * IGB_PF_PING_TRIES) {
        unsigned int before = pf.vf[2].msgs;

        igb_pf_service(&pf);
        assert_true(pf.vf[2].msgs - before <= IGB_PF_MSGS_PER_VF);
        calls++;
        if (!pf.vf[2].ping_tries)
            break;
    }
    assert_int_equal(pf.vf[2].ping_tries, 0);
    assert_int_equal(pf.vf[2].pings, 0);
    for (unsigned int vf = 0; vf < 4; vf++)
        if (vf != 2)
            assert_int_equal(pf.vf[vf].pings, 1);  /* told once, not again */
    dev.vf[2].flood = false;
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

/*
 * The stack on a VF (vfnet) sends from the VF's address: when a recovery
 * leaves the VF with another one (a chosen MAC no longer granted), the
 * stack's frames carry the new address from then on.
 */
static void test_stack_follows_mac(void **state)
{
    static const uint8_t chosen[6] = { 0x02, 0, 0, 0, 0, 0x42 };
    static struct vfnet n;
    void *mem = aligned_alloc(4096, IGBVF_DMA_SIZE);
    uint8_t frame[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint8_t def[6];

    assert_non_null(mem);
    memset(mem, 0, IGBVF_DMA_SIZE);
    memset(&n, 0, sizeof(n));
    igb_pf_vf_mac(PF_SBDF, 0, def);
    assert_int_equal(igbvf_attach(&n.vf, &dev.vf[0].hw, mem, (uintptr_t)mem), 0);
    igb_pf_vf_allow_mac(&pf, 0, true);
    assert_int_equal(igbvf_set_mac(&n.vf, chosen), 0);
    net_init(&n.nif, &igbvf_net_ops, &n, n.vf.mac, 0x0a00020f);
    assert_memory_equal(n.nif.mac, chosen, 6);

    igb_pf_vf_allow_mac(&pf, 0, false);
    igb_model_wr(&dev.pf_fn, IGB_PVTCTRL(0), IGB_CTRL_RST);
    memcpy(frame + 6, n.nif.mac, 6);
    assert_int_equal(igbvf_net_ops.xmit(&n, frame, sizeof(frame)), 0);
    assert_int_equal(n.vf.st.recoveries, 1);
    assert_memory_equal(n.vf.mac, def, 6);
    assert_memory_equal(n.nif.mac, def, 6);         /* the stack followed */
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
        cmocka_unit_test_setup(test_link_from_interrupt, setup),
        cmocka_unit_test_setup(test_pf_no_link, setup),
        cmocka_unit_test_setup(test_notice_never_overwrites, setup),
        cmocka_unit_test_setup(test_notice_bounded, setup),
        cmocka_unit_test_setup(test_stale_notice_not_a_reply, setup),
        cmocka_unit_test_setup(test_notice_before_reply_skipped, setup),
        cmocka_unit_test_setup(test_pf_too_many_vfs, setup),
        cmocka_unit_test_setup(test_vf_reset_handshake, setup),
        cmocka_unit_test_setup(test_set_mac_refused_then_allowed, setup),
        cmocka_unit_test_setup(test_set_mac_never_anothers, setup),
        cmocka_unit_test_setup(test_refusals_rate_limited, setup),
        cmocka_unit_test_setup(test_operator_mac, setup),
        cmocka_unit_test_setup(test_reset_back_to_base, setup),
        cmocka_unit_test_setup(test_owner_change_told, setup),
        cmocka_unit_test_setup(test_owner_change_learnt, setup),
        cmocka_unit_test_setup(test_mac_filter_subcommands, setup),
cmocka_unit_test_setup(test_lpe_multicast_unknown, setup),
        cmocka_unit_test_setup(test_pf_never_answers, setup),
        cmocka_unit_test_setup(test_pf_holds_the_lock, setup),
        cmocka_unit_test_setup(test_bad_lengths, setup),
        cmocka_unit_test_setup(test_vf_floods_mailbox, setup),
        cmocka_unit_test_setup(test_flood_during_link_notices, setup),
        cmocka_unit_test_setup(test_pf_stop, setup),
        cmocka_unit_test_setup(test_tx, setup),
        cmocka_unit_test_setup(test_rx, setup),
        cmocka_unit_test_setup(test_reset_under_driver, setup),
        cmocka_unit_test_setup(test_stack_follows_mac, setup),
        cmocka_unit_test(test_ip_arp_and_echo),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
