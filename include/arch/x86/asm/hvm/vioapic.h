/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtual I/O APIC for HVM guests (one per domain, at 0xFEC00000 with
 * GSIs 0-23, as QEMU's microvm has), so that the UART's IRQ 4 is routable.
 *
 * MMIO register model of the 82093AA: IOREGSEL (offset 0x00) selects an
 * indirect register read and written through IOWIN (0x10): ID (0x00),
 * version (0x01: 0x11, 24 entries), arbitration (0x02), and the 24
 * redirection entries (0x10 + 2n low, 0x11 + 2n high).  Only aligned
 * 32-bit accesses are defined; anything else reads all-ones, drops the
 * write and returns -EINVAL so the caller can log it.
 *
 * Interrupts: vioapic_set_irq() drives a pin.  An unmasked edge-triggered
 * entry delivers on a rising edge; a level-triggered one delivers while the
 * line is high and its remote IRR is clear, sets remote IRR, and is
 * delivered again at the EOI (vioapic_eoi(), the vLAPIC's broadcast) if
 * the line is still high.  A masked edge is lost, as on hardware; a masked
 * level interrupt is delivered when unmasked while the line is high.
 * vioapic_set_irq() takes the source's logical state (asserted or not):
 * the RTE's polarity bit is kept for the guest to read but not applied,
 * as there is no wire to invert.  Destinations are the 8 bits 63:56,
 * physical (an x2APIC ID below 256) or logical; delivery goes through
 * ops->deliver as a struct vlapic_irq.
 *
 * Locking: vioapic->lock (IRQ-safe); ops->deliver is called with it held
 * (order: vioapic.lock -> vlapic.lock).
 */
#ifndef ASM_X86_HVM_VIOAPIC_H
#define ASM_X86_HVM_VIOAPIC_H

#include <mhv/types.h>
#include <mhv/spinlock.h>
#include <asm/hvm/vlapic.h>

#define VIOAPIC_BASE        0xfec00000ull
#define VIOAPIC_MMIO_SIZE   0x1000          /* the page it decodes */
#define VIOAPIC_PINS        24
#define VIOAPIC_VERSION     0x11

/* Redirection entry bits. */
#define VIOAPIC_RTE_VECTOR      0xffull
#define VIOAPIC_RTE_DM_SHIFT    8
#define VIOAPIC_RTE_LOGICAL     (1ull << 11)
#define VIOAPIC_RTE_PENDING     (1ull << 12)    /* delivery status, read-only */
#define VIOAPIC_RTE_ACTIVE_LOW  (1ull << 13)
#define VIOAPIC_RTE_REMOTE_IRR  (1ull << 14)    /* read-only */
#define VIOAPIC_RTE_LEVEL       (1ull << 15)
#define VIOAPIC_RTE_MASKED      (1ull << 16)
#define VIOAPIC_RTE_DEST_SHIFT  56

struct vioapic_ops {
    void (*deliver)(void *ctx, const struct vlapic_irq *irq);
};

struct vioapic {
    spinlock_t lock;
    const struct vioapic_ops *ops;
    void *ctx;
    u8 id;
    u32 ioregsel;
    u64 rte[VIOAPIC_PINS];
    u32 line;               /* pin states: bit n set = pin n asserted */
    u64 stat_delivered;
};

void vioapic_init(struct vioapic *io, u8 id, const struct vioapic_ops *ops,
                  void *ctx);

/*
 * A guest access at @offset (from VIOAPIC_BASE) of @size bytes.
 * Returns 0, or -EINVAL for an access the chip does not define (the read
 * gives all-ones, the write is dropped).
 */
int vioapic_mmio_read(struct vioapic *io, u64 offset, unsigned int size,
                      u64 *val);
int vioapic_mmio_write(struct vioapic *io, u64 offset, unsigned int size,
                       u64 val);

/* Drive pin @pin (0-23) to @asserted (polarity is applied by the RTE). */
void vioapic_set_irq(struct vioapic *io, unsigned int pin, bool asserted);

/* A vLAPIC EOI of level-triggered @vector: clear remote IRR, redeliver. */
void vioapic_eoi(struct vioapic *io, u8 vector);

#endif /* ASM_X86_HVM_VIOAPIC_H */
