/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fatal errors: assertion failures, BUG_ON(), panic(); and WARN_ON().
 *
 * An assertion failure prints exactly
 *   (MHV) Assertion 'EXPR' failed at FILE:LINE
 *   (MHV) ----[ mhv-VERSION  x86_64  debug=y ]----
 * then the registers and the call trace, then panics.
 */
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/smp.h>
#include <mhv/console.h>
#include <mhv/shutdown.h>
#include <asm/traps.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/cpu.h>

static int panicking_cpu = -1;

/* Inlined, so the registers and the trace start in the reporting function. */
static __always_inline void report_here(void)
{
    struct cpu_user_regs regs;

    capture_regs(&regs);
    print_banner_line();
    show_registers(&regs);
    show_call_trace(0, (unsigned long)__builtin_frame_address(0));
}

void assert_failed(const char *expr, const char *file, unsigned int line)
{
    local_irq_disable();
    printk(LOG_CRIT "Assertion '%s' failed at %s:%u\n", expr, file, line);
    report_here();
    panic("Assertion '%s' failed at %s:%u", expr, file, line);
}

void bug_failed(const char *expr, const char *file, unsigned int line)
{
    local_irq_disable();
    printk(LOG_CRIT "BUG '%s' at %s:%u\n", expr, file, line);
    report_here();
    panic("BUG at %s:%u", file, line);
}

void warn_failed(const char *expr, const char *file, unsigned int line)
{
    printk(LOG_WARNING "WARN_ON(%s) at %s:%u\n", expr, file, line);
    show_call_trace(0, (unsigned long)__builtin_frame_address(0));
}

void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int me = smp_processor_id(), expected = -1;

    local_irq_disable();
    /* A second CPU panicking at the same time just stops. */
    if (!__atomic_compare_exchange_n(&panicking_cpu, &expected, me, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) &&
        expected != me)
        for (;;)
            halt();

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);

    smp_send_stop();
    printk(LOG_CRIT "\n");
    printk(LOG_CRIT "****************************************\n");
    printk(LOG_CRIT "Panic on CPU %d:\n", me);
    printk(LOG_CRIT "%s\n", buf);
    printk(LOG_CRIT "****************************************\n");
    machine_panic_stop();
}
