/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Local APIC (xAPIC through MMIO, or x2APIC through MSRs when the CPU
 * offers it) and IOAPICs.
 */
#ifndef ASM_X86_APIC_H
#define ASM_X86_APIC_H

#include <mhv/types.h>

/* Fixed vectors (dynamic ones are FIRST_DYNAMIC_VECTOR .. LAST_DYNAMIC_VECTOR). */
#define LAST_DYNAMIC_VECTOR     0xdf

/* Where MSIs are addressed (and the xAPIC's registers sit). */
#define APIC_MSI_WINDOW_BASE    0xfee00000ULL
#define APIC_MSI_WINDOW_SIZE    0x00100000ULL
#define TIMER_VECTOR            0xf0
#define CALL_FUNCTION_VECTOR    0xf1
#define EVENT_CHECK_VECTOR      0xf2
#define ERROR_VECTOR            0xfe
/* SPURIOUS_VECTOR 0xff: <asm/desc.h> */

/* Register offsets (xAPIC MMIO; x2APIC MSR = 0x800 + (reg >> 4)). */
#define APIC_ID         0x020
#define APIC_VERSION    0x030
#define APIC_TPR        0x080
#define APIC_EOI        0x0b0
#define APIC_LDR        0x0d0
#define APIC_DFR        0x0e0
#define APIC_SPIV       0x0f0
#define  APIC_SPIV_ENABLE  (1u << 8)
#define APIC_ISR        0x100   /* 8 registers, 0x10 apart */
#define APIC_ESR        0x280
#define APIC_ICR        0x300
#define APIC_ICR2       0x310
#define  APIC_DM_FIXED     0x000
#define  APIC_DM_NMI       0x400
#define  APIC_DM_INIT      0x500
#define  APIC_DM_STARTUP   0x600
#define  APIC_ICR_BUSY     (1u << 12)
#define  APIC_ICR_ASSERT   (1u << 14)
#define  APIC_ICR_LEVEL    (1u << 15)
#define  APIC_DEST_ALLBUT  (3u << 18)
#define APIC_LVTT       0x320
#define  APIC_LVT_MASKED   (1u << 16)
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PERF   0x340
#define APIC_LVT_LINT0  0x350
#define APIC_LVT_LINT1  0x360
#define APIC_LVT_ERROR  0x370
#define APIC_TMICT      0x380
#define APIC_TMCCT      0x390
#define APIC_TDCR       0x3e0

void apic_init_bsp(void);       /* boot CPU: mode, mapping, PIC off */
void apic_init_cpu(void);       /* every CPU: enable, LVTs, error handling */
u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 v);
void apic_eoi(void);
u32 apic_id(void);
bool apic_x2apic_mode(void);
/* Whether apic_init_bsp() has run (apic_read() works). */
bool apic_ready(void);
/* Send @vector (fixed delivery) to the CPU with APIC ID @dest. */
void apic_send_ipi(u32 dest, unsigned int vector);
void apic_send_nmi(u32 dest);
/* Is @vector pending (IRR) in @cpu's LAPIC?  Another CPU is asked by IPI.
 * @pre interrupts enabled. */
bool apic_vector_pending_on(unsigned int cpu, unsigned int vector);
/* INIT-SIPI-SIPI to @dest; the AP starts at @start_page << 12 in real mode. */
int apic_wakeup_ap(u32 dest, unsigned int start_page);

/* LAPIC timer: one-shot after @ns nanoseconds (0 stops it). */
void apic_timer_oneshot(u64 ns);
void apic_timer_calibrate(void);

void ioapic_init(void);
/*
 * Route ISA IRQ @irq (the MADT's overrides honoured) to @vector on the CPU
 * with APIC ID @dest, and unmask it.  Returns the GSI or -errno.
 */
int ioapic_route_isa_irq(unsigned int irq, unsigned int vector, u32 dest);
void ioapic_mask_gsi(unsigned int gsi);

#endif /* ASM_X86_APIC_H */
