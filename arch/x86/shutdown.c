/* SPDX-License-Identifier: GPL-2.0 */
/* Power-off, halt, restart and the panic stop (see <mhv/shutdown.h>). */
#include <mhv/shutdown.h>
#include <mhv/init.h>
#include <mhv/lib.h>
#include <asm/io.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>

#define DEBUG_EXIT_PORT 0xf4

bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

/* ACPI S5 (arch/x86/acpi.c provides it once the FADT is known). */
__weak void acpi_power_off(void)
{
}

static void debug_exit(unsigned int code)
{
    /* Harmless when the device is absent: nothing decodes the port. */
    outb(DEBUG_EXIT_PORT, (u8)code);
}

void machine_halt(void)
{
    local_irq_disable();
    for (;;)
        halt();
}

void machine_restart(void)
{
    local_irq_disable();
    printk(LOG_CRIT "Rebooting.\n");
    /* Keyboard controller reset, then a triple fault. */
    for (unsigned int i = 0; i < 100000 && (inb(0x64) & 2); i++)
        ;
    outb(0x64, 0xfe);
    __asm__ volatile("lidt %0; int3" :: "m"((struct { u16 l; u64 b; } __packed){ 0, 0 }));
    machine_halt();
}

void machine_power_off(unsigned int code)
{
    local_irq_disable();
    smp_send_stop();
    printk("Powering off (code %u).\n", code);
    debug_exit(code);
    acpi_power_off();
    printk(LOG_CRIT "Power-off failed: halting.\n");
    machine_halt();
}

void machine_panic_stop(void)
{
    debug_exit(SHUTDOWN_PANIC_CODE);
    if (opt_noreboot) {
        printk(LOG_CRIT "Halting (noreboot).\n");
        machine_halt();
    }
    printk(LOG_CRIT "Rebooting in a moment (use 'noreboot' to halt instead).\n");
    for (volatile unsigned long i = 0; i < 500000000UL; i++)
        ;
    machine_restart();
}
