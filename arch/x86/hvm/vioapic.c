/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual I/O APIC (see <asm/hvm/vioapic.h>).
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/spinlock.h>
#include <asm/hvm/vioapic.h>

#define IOREGSEL    0x00
#define IOWIN       0x10

#define REG_ID      0x00
#define REG_VERSION 0x01
#define REG_ARB     0x02
#define REG_RTE0    0x10

/* Guest-writable RTE bits: all but delivery status and remote IRR. */
#define RTE_WRITABLE (~(VIOAPIC_RTE_PENDING | VIOAPIC_RTE_REMOTE_IRR) & \
                      (0xff000000ull << 32 | 0x1ffffull))

void vioapic_init(struct vioapic *io, u8 id, const struct vioapic_ops *ops,
                  void *ctx)
{
    memset(io, 0, sizeof(*io));
    spin_lock_init_class(&io->lock, "vioapic->lock");
    io->ops = ops;
    io->ctx = ctx;
    io->id = id & 0xf;
    for (unsigned int i = 0; i < VIOAPIC_PINS; i++)
        io->rte[i] = VIOAPIC_RTE_MASKED;
}

/* Deliver pin @pin if its entry allows it now. */
static void service_pin(struct vioapic *io, unsigned int pin, bool edge_seen)
{
    u64 e = io->rte[pin];
    struct vlapic_irq irq;
    bool level = e & VIOAPIC_RTE_LEVEL;

    if (e & VIOAPIC_RTE_MASKED)
        return;
    if (level) {
        if (!(io->line & (1u << pin)) || (e & VIOAPIC_RTE_REMOTE_IRR))
            return;
    } else if (!edge_seen) {
        return;
    }
    irq = (struct vlapic_irq){
        .dest = (u32)(e >> VIOAPIC_RTE_DEST_SHIFT),
        .vector = e & VIOAPIC_RTE_VECTOR,
        .dm = (e >> VIOAPIC_RTE_DM_SHIFT) & 7,
        .logical = e & VIOAPIC_RTE_LOGICAL,
        .level = level,
    };
    if (level)
        io->rte[pin] |= VIOAPIC_RTE_REMOTE_IRR;
    io->stat_delivered++;
    io->ops->deliver(io->ctx, &irq);
}

void vioapic_set_irq(struct vioapic *io, unsigned int pin, bool asserted)
{
    unsigned long flags;
    bool rising;

    if (pin >= VIOAPIC_PINS)
        return;
    spin_lock_irqsave(&io->lock, flags);
    rising = asserted && !(io->line & (1u << pin));
    if (asserted)
        io->line |= 1u << pin;
    else
        io->line &= ~(1u << pin);
    if (asserted)
        service_pin(io, pin, rising);
    spin_unlock_irqrestore(&io->lock, flags);
}

void vioapic_eoi(struct vioapic *io, u8 vector)
{
    unsigned long flags;

    spin_lock_irqsave(&io->lock, flags);
    for (unsigned int pin = 0; pin < VIOAPIC_PINS; pin++) {
        u64 e = io->rte[pin];

        if ((e & VIOAPIC_RTE_VECTOR) != vector || !(e & VIOAPIC_RTE_REMOTE_IRR))
            continue;
        io->rte[pin] &= ~VIOAPIC_RTE_REMOTE_IRR;
        service_pin(io, pin, false);    /* still asserted: once more */
    }
    spin_unlock_irqrestore(&io->lock, flags);
}

static u32 read_reg(struct vioapic *io, u32 reg)
{
    switch (reg) {
    case REG_ID:
        return (u32)io->id << 24;
    case REG_VERSION:
        return (VIOAPIC_PINS - 1) << 16 | VIOAPIC_VERSION;
    case REG_ARB:
        return (u32)io->id << 24;
    }
    if (reg >= REG_RTE0 && reg < REG_RTE0 + 2 * VIOAPIC_PINS) {
        u64 e = io->rte[(reg - REG_RTE0) / 2];

        return (reg & 1) ? (u32)(e >> 32) : (u32)e;
    }
    return 0xffffffffu;     /* no register: the chip returns all-ones */
}

static void write_reg(struct vioapic *io, u32 reg, u32 val)
{
    unsigned int pin;
    u64 e;

    if (reg == REG_ID) {
        io->id = (val >> 24) & 0xf;
        return;
    }
    if (reg < REG_RTE0 || reg >= REG_RTE0 + 2 * VIOAPIC_PINS)
        return;             /* version, arbitration, nothing: read-only */
    pin = (reg - REG_RTE0) / 2;
    e = io->rte[pin];
    if (reg & 1)
        e = (e & 0xffffffffull) | ((u64)val << 32);
    else
        e = (e & ~0xffffffffull) | val;
    e = (e & RTE_WRITABLE) | (io->rte[pin] & VIOAPIC_RTE_REMOTE_IRR);
    /* An edge entry has no remote IRR. */
    if (!(e & VIOAPIC_RTE_LEVEL))
        e &= ~VIOAPIC_RTE_REMOTE_IRR;
    io->rte[pin] = e;
    /* A level interrupt held while masked goes out once unmasked. */
    service_pin(io, pin, false);
}

static bool access_ok(u64 offset, unsigned int size)
{
    return size == 4 && (offset == IOREGSEL || offset == IOWIN);
}

int vioapic_mmio_read(struct vioapic *io, u64 offset, unsigned int size,
                      u64 *val)
{
    unsigned long flags;

    if (!access_ok(offset, size)) {
        *val = size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
        return -EINVAL;
    }
    spin_lock_irqsave(&io->lock, flags);
    *val = offset == IOREGSEL ? io->ioregsel : read_reg(io, io->ioregsel);
    spin_unlock_irqrestore(&io->lock, flags);
    return 0;
}

int vioapic_mmio_write(struct vioapic *io, u64 offset, unsigned int size,
                       u64 val)
{
    unsigned long flags;

    if (!access_ok(offset, size))
        return -EINVAL;
    spin_lock_irqsave(&io->lock, flags);
    if (offset == IOREGSEL)
        io->ioregsel = (u32)val & 0xff;
    else
        write_reg(io, io->ioregsel, (u32)val);
    spin_unlock_irqrestore(&io->lock, flags);
    return 0;
}
