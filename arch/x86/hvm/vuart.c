/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual 16550A UART (see <asm/hvm/vuart.h>).
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/spinlock.h>
#include <asm/hvm/vuart.h>

/* Registers (offsets from the base port). */
#define UART_RBR 0      /* read, DLAB = 0 */
#define UART_THR 0      /* write, DLAB = 0 */
#define UART_DLL 0      /* DLAB = 1 */
#define UART_IER 1      /* DLAB = 0 */
#define UART_DLM 1      /* DLAB = 1 */
#define UART_IIR 2      /* read */
#define UART_FCR 2      /* write */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7

#define IER_RDI     0x01    /* received data available */
#define IER_THRI    0x02    /* transmitter holding register empty */
#define IER_RLSI    0x04    /* receiver line status */
#define IER_MSI     0x08    /* modem status */
#define IER_MASK    0x0f

#define IIR_NO_INT  0x01
#define IIR_MSI     0x00
#define IIR_THRI    0x02
#define IIR_RDI     0x04
#define IIR_FIFO    0xc0    /* FIFOs enabled */

#define FCR_ENABLE  0x01
#define FCR_CLEAR_RCVR 0x02

#define LCR_DLAB    0x80

#define MCR_DTR     0x01
#define MCR_RTS     0x02
#define MCR_OUT1    0x04
#define MCR_OUT2    0x08
#define MCR_LOOP    0x10
#define MCR_MASK    0x1f

#define LSR_DR      0x01
#define LSR_THRE    0x20
#define LSR_TEMT    0x40

#define MSR_DCTS    0x01
#define MSR_DDSR    0x02
#define MSR_TERI    0x04
#define MSR_DDCD    0x08
#define MSR_CTS     0x10
#define MSR_DSR     0x20
#define MSR_RI      0x40
#define MSR_DCD     0x80
#define MSR_DELTA   0x0f

void vuart_init(struct vuart *u, const struct vuart_ops *ops, void *ctx)
{
    memset(u, 0, sizeof(*u));
    spin_lock_init_class(&u->lock, "vuart->lock");
    u->ops = ops;
    u->ctx = ctx;
    u->dll = 0x0c;          /* 9600 baud, what a PC's firmware leaves */
    u->lcr = 0x03;          /* 8N1 */
}

/* The modem status lines: CTS, DSR, DCD up, or MCR's in loopback. */
static u8 msr_lines(const struct vuart *u)
{
    if (u->mcr & MCR_LOOP)
        return ((u->mcr & MCR_RTS) ? MSR_CTS : 0) |
               ((u->mcr & MCR_DTR) ? MSR_DSR : 0) |
               ((u->mcr & MCR_OUT1) ? MSR_RI : 0) |
               ((u->mcr & MCR_OUT2) ? MSR_DCD : 0);
    return MSR_CTS | MSR_DSR | MSR_DCD;
}

/* The interrupt the IIR reports now, by priority. */
static u8 iir_id(const struct vuart *u)
{
    if ((u->ier & IER_RDI) && u->rx_count)
        return IIR_RDI;
    if ((u->ier & IER_THRI) && u->thr_ipending)
        return IIR_THRI;
    if ((u->ier & IER_MSI) && (u->msr_delta & MSR_DELTA))
        return IIR_MSI;
    return IIR_NO_INT;
}

/*
 * Tell the owner when the line changes.  On a PC, OUT2 gates the UART's
 * interrupt onto the ISA bus; in loopback the line is not driven.
 */
static void update_irq(struct vuart *u)
{
    bool level = iir_id(u) != IIR_NO_INT && (u->mcr & MCR_OUT2) &&
                 !(u->mcr & MCR_LOOP);

    if (level != u->irq_level) {
        u->irq_level = level;
        u->ops->irq(u->ctx, level);
    }
}

static void rx_push(struct vuart *u, u8 c)
{
    if (u->rx_count == VUART_RX_SIZE) {
        u->stat_rx_dropped++;
        return;
    }
    u->rx[(u->rx_head + u->rx_count) % VUART_RX_SIZE] = c;
    u->rx_count++;
    u->stat_rx_bytes++;
}

static void line_flush(struct vuart *u)
{
    if (u->line_len)
        u->ops->line(u->ctx, u->line, u->line_len);
    u->line_len = 0;
}

static void transmit(struct vuart *u, u8 c)
{
    u->stat_tx_bytes++;
    if (u->mcr & MCR_LOOP) {
        rx_push(u, c);
        return;
    }
    if (c == '\n') {
        line_flush(u);
        return;
    }
    if (c == '\r')
        return;
    u->line[u->line_len++] = (char)c;
    if (u->line_len == VUART_LINE_MAX)
        line_flush(u);
}

static u8 read_locked(struct vuart *u, unsigned int reg)
{
    u8 v;

    switch (reg) {
    case UART_RBR:
        if (u->lcr & LCR_DLAB)
            return u->dll;
        if (!u->rx_count)
            return 0;
        v = u->rx[u->rx_head];
        u->rx_head = (u->rx_head + 1) % VUART_RX_SIZE;
        u->rx_count--;
        return v;
    case UART_IER:
        return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
    case UART_IIR:
        v = iir_id(u);
        /* Reading the IIR that reports THRE acknowledges it. */
        if (v == IIR_THRI)
            u->thr_ipending = false;
        return v | ((u->fcr & FCR_ENABLE) ? IIR_FIFO : 0);
    case UART_LCR:
        return u->lcr;
    case UART_MCR:
        return u->mcr;
    case UART_LSR:
        return LSR_THRE | LSR_TEMT | (u->rx_count ? LSR_DR : 0);
    case UART_MSR:
        v = msr_lines(u) | (u->msr_delta & MSR_DELTA);
        u->msr_delta = 0;
        return v;
    default:
        return u->scr;
    }
}

static void write_locked(struct vuart *u, unsigned int reg, u8 val)
{
    switch (reg) {
    case UART_THR:
        if (u->lcr & LCR_DLAB) {
            u->dll = val;
            return;
        }
        transmit(u, val);
        /* Transmission is instant: the holder is empty again at once. */
        u->thr_ipending = true;
        return;
    case UART_IER:
        if (u->lcr & LCR_DLAB) {
            u->dlm = val;
            return;
        }
        /* Enabling THRE interrupts with the holder empty raises one. */
        if ((val & IER_THRI) && !(u->ier & IER_THRI))
            u->thr_ipending = true;
        u->ier = val & IER_MASK;
        return;
    case UART_FCR:
        if (val & FCR_CLEAR_RCVR)
            u->rx_head = u->rx_count = 0;
        u->fcr = val & FCR_ENABLE;
        return;
    case UART_LCR:
        u->lcr = val;
        return;
    case UART_MCR: {
        u8 old = msr_lines(u);

        u->mcr = val & MCR_MASK;
        /* In loopback the modem lines follow MCR: record the deltas. */
        u->msr_delta |= ((old ^ msr_lines(u)) >> 4) & (MSR_DCTS | MSR_DDSR | MSR_DDCD);
        if ((old & MSR_RI) && !(msr_lines(u) & MSR_RI))
            u->msr_delta |= MSR_TERI;
        return;
    }
    case UART_LSR:
    case UART_MSR:
        return;                 /* read-only (factory test on some chips) */
    default:
        u->scr = val;
        return;
    }
}

u8 vuart_read(struct vuart *u, unsigned int reg)
{
    unsigned long flags;
    u8 v;

    spin_lock_irqsave(&u->lock, flags);
    v = read_locked(u, reg & 7);
    update_irq(u);
    spin_unlock_irqrestore(&u->lock, flags);
    return v;
}

void vuart_write(struct vuart *u, unsigned int reg, u8 val)
{
    unsigned long flags;

    spin_lock_irqsave(&u->lock, flags);
    write_locked(u, reg & 7, val);
    update_irq(u);
    spin_unlock_irqrestore(&u->lock, flags);
}

int vuart_ioport(void *ctx, u16 port, unsigned int size, bool write, u32 *val)
{
    struct vuart *u = ctx;
    u32 out = 0;

    for (unsigned int i = 0; i < size; i++) {
        unsigned int reg = (port + i) & 7;

        if (write)
            vuart_write(u, reg, (u8)(*val >> (8 * i)));
        else
            out |= (u32)vuart_read(u, reg) << (8 * i);
    }
    if (!write)
        *val = out;
    return 0;
}

size_t vuart_input(struct vuart *u, const char *s, size_t len)
{
    unsigned long flags;
    size_t n = 0;

    spin_lock_irqsave(&u->lock, flags);
    while (n < len && u->rx_count < VUART_RX_SIZE) {
        rx_push(u, (u8)s[n]);
        n++;
    }
    if (n < len)
        u->stat_rx_dropped += len - n;
    update_irq(u);
    spin_unlock_irqrestore(&u->lock, flags);
    return n;
}

void vuart_flush(struct vuart *u)
{
    unsigned long flags;

    spin_lock_irqsave(&u->lock, flags);
    line_flush(u);
    spin_unlock_irqrestore(&u->lock, flags);
}
