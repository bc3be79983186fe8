/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma-attack: the ordinary domain turns the DMA engine of the igb VF it was
 * given against the machine (issue 16).  Each attempt programs the VF's own
 * transmit queue 0 (descriptor fetch, descriptor write-back, TX head
 * write-back to an address of our choosing) and then judges:
 *
 *   landed    the DMA reached our own memory as it should;
 *   blocked   the IOMMU refused it: a fault was counted against us (our
 *             own counters, MHV_SYSCTL_iommu) and the target, when we can
 *             see it, is unchanged;
 *   escaped   a DMA that had to be blocked changed memory or raised no
 *             fault (it went somewhere).
 *
 *   dma-attack: NAME: landed|blocked|ESCAPED (details)
 *   dma-attack: N landed, M blocked, K escaped
 *
 * Bus addresses are our own virtual addresses (the IOMMU translates with
 * our table).  DMA memory is our own .bss (page-aligned, mapped read-write
 * at its virtual address) and, for the read-only cases, our .rodata and
 * the start info page.  The PF's transmit engine and our pool's enable are
 * the PF driver's part (the control domain's): we reset the VF through the
 * mailbox first (igbvf_open_noirq()).
 *
 * Then forged remappable MSIs (see forged_msi()) and two compatibility-format MSIs (a free vector and the event-check
 * IPI vector): QEMU's IOMMU does not block them (no CFI, BRIEF 8), so they
 * are delivered; the hypervisor must survive them.  Reported as
 * "delivered", counted in none of the three.
 */
#include "domu.h"
#include <igb/igb_irq.h>
#include <igb/igb_regs.h>
#include <igb/igbvf.h>

#define RING_ENTRIES    256             /* TDLEN 4096 */
#define FRAME_LEN       60
#define FAULT_WAIT_NS   (2000ull * 1000 * 1000)

static struct igb_tx_desc ring[RING_ENTRIES] __attribute__((aligned(4096)));
static uint8_t frame[4096] __attribute__((aligned(4096)));
static volatile uint32_t wb_area[1024] __attribute__((aligned(4096)));

#define TXD_CMD (FRAME_LEN | IGB_TXD_DTYP_DATA | IGB_TXD_DEXT | IGB_TXD_EOP | \
                 IGB_TXD_IFCS | IGB_TXD_RS)

/* A ring in a read-only page: one valid descriptor, RS set. */
static const struct igb_tx_desc ro_ring[RING_ENTRIES] __attribute__((aligned(4096))) = {
    [0] = { .addr = (uint64_t)(unsigned long)frame, .cmd_type_len = TXD_CMD,
            .olinfo_status = FRAME_LEN << 14 },
};

static unsigned int n_landed, n_blocked, n_escaped;
static volatile void *bar0;

static void wr(unsigned int reg, uint32_t v)
{
    igb_wr(bar0, reg, v);
}

static void fill_ring(void)
{
    for (unsigned int i = 0; i < RING_ENTRIES; i++) {
        ring[i].addr = (uint64_t)(unsigned long)frame;
        ring[i].cmd_type_len = TXD_CMD;
        ring[i].olinfo_status = FRAME_LEN << 14;
    }
}

/*
 * Queue 0 from scratch: ring at @ring_bus, head = tail = @head, head
 * write-back to @wba (0: descriptor write-back); then tail = @head + 1:
 * the VF fetches descriptor @head, reads its buffer, writes back.
 */
static void tx_one(uint64_t ring_bus, unsigned int head, uint64_t wba)
{
    wr(IGBVF_TXDCTL, 0);
    wr(IGBVF_TDBAL, (uint32_t)ring_bus);
    wr(IGBVF_TDBAH, (uint32_t)(ring_bus >> 32));
    wr(IGBVF_TDLEN, RING_ENTRIES * sizeof(struct igb_tx_desc));
    wr(IGBVF_TDH, head);
    wr(IGBVF_TDT, head);
    wr(IGBVF_TDWBAL, (uint32_t)wba);
    wr(IGBVF_TDWBAH, (uint32_t)(wba >> 32));
    wr(IGBVF_TXDCTL, IGBVF_XDCTL_ENABLE);
    wr(IGBVF_TDT, (head + 1) % RING_ENTRIES);
}

static uint64_t fault_count(uint32_t *reason, uint64_t *addr)
{
    struct mhv_iommu_info m;

    if (mhv_iommu_info(DOMID_SELF, MHV_IOMMU_NO_DEV, &m))
        return 0;
    if (reason)
        *reason = m.dom_last_reason;
    if (addr)
        *addr = m.dom_last_addr;
    return m.dom_faults;
}

/* Wait (bounded) for our fault count to pass @before. */
static bool fault_seen(uint64_t before, uint32_t *reason, uint64_t *addr)
{
    for (uint64_t t = 0; t < FAULT_WAIT_NS; t += MHV_POLL_SLICE_NS) {
        if (fault_count(reason, addr) > before)
            return true;
        mhv_sleep_ns(MHV_POLL_SLICE_NS);
    }
    return false;
}

static void verdict_land(const char *name, bool landed, const char *what)
{
    if (landed) {
        n_landed++;
        printf("dma-attack: %s: landed (%s)\n", name, what);
    } else {
        n_blocked++;
        printf("dma-attack: %s: blocked (%s did not arrive)\n", name, what);
    }
}

/*
 * An attempt that must be blocked.  A target we can read (@visible) is
 * blocked when it did not change; a fault is then only the hypervisor's
 * evidence (QEMU drops a write to a page its IOTLB holds read-only without
 * recording one).  A target we cannot read is blocked only with a fault
 * counted against us: otherwise the DMA went somewhere.
 */
static void verdict_block(const char *name, uint64_t before, bool visible,
                          bool changed)
{
    uint32_t reason = 0;
    uint64_t addr = 0;
    bool fault = fault_seen(before, &reason, &addr);

    if (visible ? !changed : fault) {
        n_blocked++;
        if (fault)
            printf("dma-attack: %s: blocked (fault 0x%x at 0x%llx)\n", name,
                   reason, (unsigned long long)addr);
        else
            printf("dma-attack: %s: blocked (unchanged; no fault recorded)\n",
                   name);
    } else {
        n_escaped++;
        printf("dma-attack: %s: ESCAPED (%s)\n", name,
               changed ? "memory changed" : "no fault: the DMA went somewhere");
    }
}

static uint64_t bus(const volatile void *p)
{
    return (uint64_t)(unsigned long)p;
}

static void attack_own_memory(void)
{
    uint64_t before = fault_count(NULL, NULL);

    fill_ring();
    wb_area[0] = 0xdeadbeef;
    tx_one(bus(ring), 0, bus(&wb_area[0]) | 1);
    mhv_sleep_ns(MHV_POLL_SLICE_NS);
    verdict_land("own-memory-head-writeback", wb_area[0] == 1 &&
                 fault_count(NULL, NULL) == before, "TX head 1 written");

    fill_ring();
    tx_one(bus(ring), 0, 0);
    mhv_sleep_ns(MHV_POLL_SLICE_NS);
    verdict_land("own-memory-descriptor-writeback",
                 (ring[0].olinfo_status & IGB_TXD_STAT_DD) &&
                 fault_count(NULL, NULL) == before, "DD written back");
}

static void attack_unmapped(void)
{
    uint64_t before = fault_count(NULL, NULL);

    fill_ring();
    tx_one(bus(ring), 0, 0x0000200000000000ull | 1);
    verdict_block("unmapped-address", before, false, false);
}

static void attack_read_only(void)
{
    volatile uint32_t *si = (volatile uint32_t *)(unsigned long)(MHV_START_INFO_VA + 0x800);
    uint32_t old = *si, old_ro = ro_ring[0].olinfo_status;
    uint64_t before = fault_count(NULL, NULL);

    fill_ring();
    tx_one(bus(ring), 0, bus(si) | 1);
    verdict_block("read-only-start-info-page", before, true, *si != old);

    /* Descriptor fetch from our read-only ring works; the DD write-back
     * into it must not. */
    before = fault_count(NULL, NULL);
    tx_one(bus(ro_ring), 0, 0);
    verdict_block("read-only-ring-writeback", before, true,
                  ro_ring[0].olinfo_status != old_ro);
}

static void attack_hypervisor(void)
{
    uint64_t before = fault_count(NULL, NULL);

    /* 0x200000: where the hypervisor's image is loaded (physically). */
    fill_ring();
    tx_one(bus(ring), 0, 0x200000ull | 1);
    verdict_block("hypervisor-memory-write", before, false, false);

    /* 0x100000: the page allocator's bitmap; fetch descriptors from it. */
    before = fault_count(NULL, NULL);
    wb_area[1] = 0xdeadbeef;
    tx_one(0x100000, 0, bus(&wb_area[1]) | 1);
    verdict_block("hypervisor-memory-descriptor-fetch", before, false, false);
}

/* Remappable-format MSI address naming IRTE @h. */
static uint64_t remap_msi(unsigned int h)
{
    return 0xfee00010ull | ((h & 0x7fff) << 5) | (((h >> 15) & 1) << 2);
}

/*
 * Forged remappable MSIs (a head write-back into the interrupt range).
 * QEMU 10 gives a device's DMA writes no requester id, so its interrupt
 * remapping cannot check the source of these (it checks MSI-X messages,
 * which carry one); faults it records for them name no function, so they
 * count against nobody.  Hence these are "sent", and the test judges them
 * by the hypervisor's fault log and by what the other function's owner
 * sees:
 *   - an index beyond the table (fault 0x21, logged for no function);
 *   - IRTE @victim (the control domain's VF's, on CPU 0): on hardware a
 *     source-id fault; on QEMU delivered to the control domain's vector.
 */
static void forged_msi(const char *name, unsigned int h, const char *expect)
{
    fill_ring();
    tx_one(bus(ring), 0, remap_msi(h) | 1);
    mhv_sleep_ns(5 * MHV_POLL_SLICE_NS);
    printf("dma-attack: %s: sent (IRTE 0x%x; %s)\n", name, h, expect);
}

/* Compatibility format to APIC 0 with vector @vec (the head value). */
static void compat_msi(const char *name, unsigned int vec)
{
    fill_ring();
    tx_one(bus(ring), vec - 1, 0xfee00000ull | 1);
    mhv_sleep_ns(5 * MHV_POLL_SLICE_NS);
    printf("dma-attack: %s: delivered (vector 0x%x; QEMU has no CFI)\n", name, vec);
}

/*
 * A device that faults without end must not flood the console: 1000
 * blocked head write-backs, ten every 10 ms; the hypervisor counts what
 * the unit records and logs at most its rate limit.  Not a verdict: the
 * line says how many faults were counted (the unit drops a fault from a
 * source whose previous one is still recorded).
 */
static void fault_flood(void)
{
    uint64_t before = fault_count(NULL, NULL);

    fill_ring();
    for (unsigned int i = 0; i < 1000; i++) {
        tx_one(bus(ring), 0, 0x0000300000000000ull | 1);
        if (i % 10 == 9)
            mhv_sleep_ns(MHV_POLL_SLICE_NS);    /* the handler clears it */
    }
    mhv_sleep_ns(10 * MHV_POLL_SLICE_NS);
    printf("dma-attack: fault-flood: 1000 blocked writes, %llu faults counted\n",
           (unsigned long long)(fault_count(NULL, NULL) - before));
}

static struct igbvf vf;

int dma_attack_run(uint32_t sbdf, unsigned int victim_irte)
{
    /* The VF's reset through the mailbox first: its PF enables our pool
     * (VFTE) only then.  Poll mode, no interrupts; its rings are its own,
     * in DMA memory; we reprogram TX queue 0 below. */
    int rc = igbvf_open_noirq(&vf, sbdf, true);

    if (!rc)
        bar0 = vf.hw.bar0;
    if (rc) {
        printf("dma-attack: %pp: cannot reach the VF (%d)\n", SBDF_ARG(sbdf), rc);
        return rc;
    }
    printf("dma-attack: start on %pp\n", SBDF_ARG(sbdf));
    attack_own_memory();
    attack_unmapped();
    attack_read_only();
    attack_hypervisor();
    forged_msi("forged-msi-index-beyond-table", 0x7ff0,
               "judged by the hypervisor's fault log");
    forged_msi("forged-msi-other-function-irte", victim_irte,
               "QEMU checks no source-id on DMA writes");
    compat_msi("compat-msi-unowned-vector", 0xde);
    compat_msi("compat-msi-ipi-vector", 0xf2);
    fault_flood();
    wr(IGBVF_TXDCTL, 0);
    printf("dma-attack: %u landed, %u blocked, %u escaped\n", n_landed, n_blocked,
           n_escaped);
    return n_escaped ? 1 : 0;
}
