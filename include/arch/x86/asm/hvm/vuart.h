/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtual 8250-family UART (16550A register model) for HVM guests: COM1
 * at 0x3F8, IRQ 4.
 *
 * Registers, as Linux's 8250 driver probes and drives them: RBR/THR, IER
 * (low 4 bits, read back), IIR/FCR (FIFO enable shows as IIR bits 7:6 =
 * 11, so the driver sees a 16550A and fills 16 bytes per THRE interrupt),
 * LCR (DLAB), MCR (with loopback), LSR (THRE|TEMT always: transmission is
 * instant; DR while input waits), MSR (CTS|DSR|DCD, or the MCR lines in
 * loopback), SCR, and DLL/DLM under DLAB.  Interrupts: received data,
 * THR empty (set again whenever THRE interrupts are enabled and the
 * holder is empty, cleared by an IIR read that reports it or by a THR
 * write), modem status; the line is level, reported through ops->irq on
 * every change (OUT2 in MCR gates it, as on a PC).
 *
 * Output: bytes written to THR are collected into lines (the '\n' ends a
 * line and is not passed, '\r' is dropped, a line longer than
 * VUART_LINE_MAX is passed in pieces) and each line is handed to
 * ops->line; the owner prints it as "(dN) ..." with the domain console's
 * rate limit.  vuart_flush() hands over a partial line (domain death).
 * In loopback mode output goes to the receiver instead, as on hardware.
 *
 * Input: vuart_input() queues bytes from the console switch in a bounded
 * queue (VUART_RX_SIZE); what does not fit is refused (the return value).
 *
 * Locking: vuart->lock (IRQ-safe) covers all state; ops->line and ops->irq
 * are called with it held (order: vuart.lock -> vioapic.lock ->
 * vlapic.lock, and vuart.lock -> the console lock).
 */
#ifndef ASM_X86_HVM_VUART_H
#define ASM_X86_HVM_VUART_H

#include <mhv/types.h>
#include <mhv/spinlock.h>

#define VUART_COM1_BASE 0x3f8
#define VUART_COM1_IRQ  4
#define VUART_NR_PORTS  8
#define VUART_LINE_MAX  160
#define VUART_RX_SIZE   256

struct vuart_ops {
    /* One line of output (no '\n'), @len <= VUART_LINE_MAX. */
    void (*line)(void *ctx, const char *s, size_t len);
    /* The interrupt line changed to @level. */
    void (*irq)(void *ctx, bool level);
};

struct vuart {
    spinlock_t lock;
    const struct vuart_ops *ops;
    void *ctx;
    u8 ier, lcr, mcr, scr, fcr, dll, dlm, msr_delta;
    bool thr_ipending;      /* THRE interrupt pending (not yet seen) */
    bool irq_level;         /* what ops->irq was last told */
    /* Receive queue (a ring). */
    u8 rx[VUART_RX_SIZE];
    unsigned int rx_head, rx_count;
    /* Output line being collected. */
    char line[VUART_LINE_MAX];
    unsigned int line_len;
    u64 stat_tx_bytes, stat_rx_bytes, stat_rx_dropped;
};

void vuart_init(struct vuart *u, const struct vuart_ops *ops, void *ctx);

/* A guest access to register @reg (0-7) of the UART. */
u8 vuart_read(struct vuart *u, unsigned int reg);
void vuart_write(struct vuart *u, unsigned int reg, u8 val);

/*
 * The port handler (the signature of hvm_io_fn, <asm/hvm/ioport.h>) for
 * ports base .. base + 7, @ctx the struct vuart: a 2- or 4-byte access is
 * taken as successive byte accesses, as the ISA bus splits it.
 */
int vuart_ioport(void *ctx, u16 port, unsigned int size, bool write, u32 *val);

/* Queue @len bytes of input; returns how many were taken. */
size_t vuart_input(struct vuart *u, const char *s, size_t len);

/* Hand over a partial output line, if any. */
void vuart_flush(struct vuart *u);

#endif /* ASM_X86_HVM_VUART_H */
