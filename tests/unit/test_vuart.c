/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual 16550A (arch/x86/hvm/vuart.c): the register dance of Linux's
 * 8250 autoconfig and THRE test, output cut into lines, input with its
 * bound, the interrupt line (THRE, received data, OUT2 gating), loopback.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <asm/hvm/vuart.h>

static struct vuart u;
static char lines[8][VUART_LINE_MAX + 1];
static unsigned int nlines, nirq;
static bool irq;

static void m_line(void *ctx, const char *s, size_t len)
{
    assert_ptr_equal(ctx, &u);
    assert_true(len <= VUART_LINE_MAX);
    if (nlines < 8) {
        memcpy(lines[nlines], s, len);
        lines[nlines][len] = 0;
    }
    nlines++;
}

static void m_irq(void *ctx, bool level)
{
    assert_true(level != irq);          /* told only of changes */
    irq = level;
    nirq++;
}

static const struct vuart_ops ops = { .line = m_line, .irq = m_irq };

static int setup(void **state)
{
    vuart_init(&u, &ops, &u);
    nlines = nirq = 0;
    irq = false;
    return 0;
}

static u8 rd(unsigned int reg) { return vuart_read(&u, reg); }
static void wr(unsigned int reg, u8 v) { vuart_write(&u, reg, v); }
static void puts_(const char *s) { while (*s) wr(0, (u8)*s++); }

static void test_autoconfig(void **state)
{
    /* Scratch register. */
    wr(7, 0xa5);
    assert_int_equal(rd(7), 0xa5);
    wr(7, 0x5a);
    assert_int_equal(rd(7), 0x5a);
    /* IER: the low 4 bits read back. */
    wr(1, 0);
    assert_int_equal(rd(1), 0);
    wr(1, 0xff);
    assert_int_equal(rd(1), 0x0f);
    wr(1, 0);
    /* Without FIFO an 8250/16450; with it IIR bits 7:6 = 11: 16550A. */
    assert_int_equal(rd(2), 0x01);
    wr(2, 0x01);
    assert_int_equal(rd(2), 0xc1);
    /* LSR idle: THRE | TEMT; MSR: CTS, DSR, DCD. */
    assert_int_equal(rd(5), 0x60);
    assert_int_equal(rd(6), 0xb0);
    /* DLAB: divisor latch instead of RBR/IER. */
    wr(3, 0x80);
    assert_int_equal(rd(3), 0x80);
    wr(0, 0x01);
    wr(1, 0x02);
    assert_int_equal(rd(0), 0x01);
    assert_int_equal(rd(1), 0x02);
    wr(3, 0x03);
    assert_int_equal(rd(1), 0);                 /* IER untouched */
    assert_int_equal(nlines, 0);                /* no output from DLL */
    /* MCR reads back its 5 bits. */
    wr(4, 0xff);
    assert_int_equal(rd(4), 0x1f);
}

static void test_loopback(void **state)
{
    wr(4, 0x10 | 0x03);                         /* loop, RTS, DTR */
    assert_int_equal(rd(6) & 0xf0, 0x30);       /* CTS, DSR follow */
    wr(4, 0x10 | 0x0c);                         /* loop, OUT1, OUT2 */
    assert_int_equal(rd(6) & 0xf0, 0xc0);       /* RI, DCD */
    puts_("x");
    assert_int_equal(nlines, 0);
    assert_int_equal(rd(5), 0x61);
    assert_int_equal(rd(0), 'x');
    assert_int_equal(irq, false);               /* not driven in loopback */
}

static void test_lines(void **state)
{
    char big[VUART_LINE_MAX + 20];

    puts_("hello\r\nworld\n\n");
    assert_int_equal(nlines, 2);
    assert_string_equal(lines[0], "hello");
    assert_string_equal(lines[1], "world");
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    puts_(big);
    assert_int_equal(nlines, 3);
    assert_int_equal(strlen(lines[2]), VUART_LINE_MAX);
    vuart_flush(&u);
    assert_int_equal(nlines, 4);
    assert_int_equal(strlen(lines[3]), 19);
    vuart_flush(&u);
    assert_int_equal(nlines, 4);
    assert_int_equal(u.stat_tx_bytes, 14 + sizeof(big) - 1);
}

static void test_thre_interrupt(void **state)
{
    wr(4, 0x08);                                /* OUT2: IRQ to the bus */
    wr(1, 0x02);                                /* THRI: empty now */
    assert_true(irq);
    assert_int_equal(rd(2), 0x02);              /* reports and clears it */
    assert_false(irq);
    assert_int_equal(rd(2), 0x01);
    puts_("ab");                                /* holder empty again */
    assert_true(irq);
    wr(1, 0);                                   /* driver stops TX */
    assert_false(irq);
    /* Linux's THRE test: re-enabling THRI with the holder empty asserts. */
    wr(1, 0x02);
    assert_int_equal(rd(2) & 0x0f, 0x02);
    wr(1, 0);
    wr(1, 0x02);
    assert_int_equal(rd(2) & 0x0f, 0x02);
    /* Without OUT2 the line stays low. */
    wr(1, 0);
    wr(4, 0);
    wr(1, 0x02);
    assert_false(irq);
    assert_int_equal(rd(2), 0x02);
}

static void test_input(void **state)
{
    char big[VUART_RX_SIZE + 44];

    wr(4, 0x08);
    wr(1, 0x01);                                /* RDI */
    assert_false(irq);
    assert_int_equal(vuart_input(&u, "ab", 2), 2);
    assert_true(irq);
    assert_int_equal(rd(2), 0x04);
    assert_int_equal(rd(5), 0x61);
    assert_int_equal(rd(0), 'a');
    assert_true(irq);
    assert_int_equal(rd(0), 'b');
    assert_false(irq);
    assert_int_equal(rd(5), 0x60);
    assert_int_equal(rd(0), 0);                 /* empty: harmless */
    /* Received data outranks THRE. */
    wr(1, 0x03);
    vuart_input(&u, "c", 1);
    assert_int_equal(rd(2), 0x04);
    rd(0);
    assert_int_equal(rd(2), 0x02);
    /* The queue is bounded; FCR can clear it. */
    memset(big, 'z', sizeof(big));
    assert_int_equal(vuart_input(&u, big, sizeof(big)), VUART_RX_SIZE);
    assert_int_equal(u.stat_rx_dropped, 44);
    wr(2, 0x03);
    assert_int_equal(rd(5) & 1, 0);
}

static void test_port_handler(void **state)
{
    u32 v = 0;

    wr(7, 0x77);
    wr(4, 0x01);
    /* A word read at base + 6: MSR then SCR. */
    assert_int_equal(vuart_ioport(&u, VUART_COM1_BASE + 6, 2, false, &v), 0);
    assert_int_equal(v, 0x77b0);
    v = 0x0a0d6968;                             /* "hi\r\n" as one dword */
    vuart_ioport(&u, VUART_COM1_BASE, 1, true, &v);
    v = 'j';
    vuart_ioport(&u, VUART_COM1_BASE, 1, true, &v);
    vuart_flush(&u);
    assert_int_equal(nlines, 1);
    assert_string_equal(lines[0], "hj");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_autoconfig, setup),
        cmocka_unit_test_setup(test_loopback, setup),
        cmocka_unit_test_setup(test_lines, setup),
        cmocka_unit_test_setup(test_thre_interrupt, setup),
        cmocka_unit_test_setup(test_input, setup),
        cmocka_unit_test_setup(test_port_handler, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
