/* SPDX-License-Identifier: GPL-2.0 */
/* ns16550-compatible UART, polled, on an I/O port (COM1: 0x3f8). */
#include <mhv/console.h>
#include <asm/io.h>
#include <asm/processor.h>

#define UART_RBR 0  /* receive buffer (DLAB=0) */
#define UART_THR 0  /* transmit holding (DLAB=0) */
#define UART_DLL 0  /* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define  LSR_DR   0x01
#define  LSR_THRE 0x20

static u16 uart_port;

void ns16550_init(u16 port)
{
    uart_port = port;
    outb(port + UART_IER, 0x00);        /* polled */
    outb(port + UART_LCR, 0x80);        /* DLAB */
    outb(port + UART_DLL, 1);           /* 115200 = 115200 / 1 */
    outb(port + UART_DLM, 0);
    outb(port + UART_LCR, 0x03);        /* 8N1 */
    outb(port + UART_FCR, 0x07);        /* FIFOs on and cleared */
    outb(port + UART_MCR, 0x03);        /* DTR, RTS */
}

void ns16550_putc(char c)
{
    unsigned int spins = 0;

    if (!uart_port)
        return;
    /* A stuck UART must not hang the hypervisor: give up after a while. */
    while (!(inb(uart_port + UART_LSR) & LSR_THRE) && ++spins < 1000000)
        cpu_relax();
    outb(uart_port + UART_THR, (u8)c);
}

int ns16550_getc(void)
{
    if (!uart_port || !(inb(uart_port + UART_LSR) & LSR_DR))
        return -1;
    return inb(uart_port + UART_RBR);
}
