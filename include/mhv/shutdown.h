/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stopping the machine.
 *
 * Under QEMU with the isa-debug-exit device (port 0xf4) the exit status
 * tells what happened (tools/mhv-run maps it back, docs/booting.md):
 *   machine_power_off(code)  writes code  -> QEMU exits (code << 1) | 1
 *   panic                    writes 0x7f  -> QEMU exits 255
 * Without the device: power off through ACPI S5 (or halt), and a panic
 * halts, or reboots unless `noreboot` was given.
 */
#ifndef MHV_SHUTDOWN_H
#define MHV_SHUTDOWN_H

#include <mhv/compiler.h>
#include <mhv/types.h>

#define SHUTDOWN_PANIC_CODE 0x7f
#define SHUTDOWN_DOM0_CRASH_CODE 0x7e     /* the control domain crashed */

void __noreturn machine_power_off(unsigned int code);
void __noreturn machine_halt(void);
void __noreturn machine_restart(void);
/* The end of panic(): exit code, then halt or reboot. */
void __noreturn machine_panic_stop(void);
/* Stop every other CPU (used on panic and power-off). */
void smp_send_stop(void);

extern bool opt_noreboot;

/* ACPI S5 power-off, when the FADT gave us the PM1a control port. */
void acpi_power_off(void);

#endif /* MHV_SHUTDOWN_H */
