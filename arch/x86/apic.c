/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local APIC: x2APIC mode when the CPU offers it (MSR access, 32-bit
 * IDs), xAPIC through an uncached MMIO mapping otherwise.  The legacy 8259
 * PICs are masked for good.  Every CPU gets a spurious vector, LAPIC error
 * reporting, masked LINT/thermal/perf LVTs and a one-shot timer.
 */
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/mm.h>
#include <asm/irq.h>
#include <mhv/acpi.h>
#include <mhv/iomem.h>
#include <mhv/time.h>
#include <mhv/smp.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/stray_irq.h>

#define APIC_BASE_X2APIC (1UL << 10)
#define APIC_BASE_ENABLE (1UL << 11)

static bool x2apic;
static volatile u8 *apic_mmio;
static u64 apic_timer_khz;          /* timer ticks per ms at divide-by-1 */

bool apic_x2apic_mode(void)
{
    return x2apic;
}

bool apic_ready(void)
{
    /* Per CPU: an AP turns x2APIC mode on in apic_init_cpu(). */
    if (x2apic)
        return rdmsr(MSR_APIC_BASE) & APIC_BASE_X2APIC;
    return apic_mmio;
}

bool irq_vector_in_service(unsigned int vector)
{
    if (!apic_ready() || vector > 0xff)
        return false;
    return apic_read(APIC_ISR + (vector / 32) * 0x10) & (1u << (vector % 32));
}

u32 apic_read(unsigned int reg)
{
    if (x2apic)
        return (u32)rdmsr(0x800 + (reg >> 4));
    return readl(apic_mmio + reg);
}

void apic_write(unsigned int reg, u32 v)
{
    if (x2apic)
        wrmsr(0x800 + (reg >> 4), v);
    else
        writel(v, apic_mmio + reg);
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

u32 apic_id(void)
{
    return x2apic ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24;
}

static void icr_wait(void)
{
    if (x2apic)
        return;     /* x2APIC ICR writes do not need polling */
    for (unsigned int i = 0; i < 1000000 && (apic_read(APIC_ICR) & APIC_ICR_BUSY); i++)
        cpu_relax();
}

static void icr_write(u32 dest, u32 low)
{
    if (x2apic) {
        __asm__ volatile("mfence" ::: "memory");
        wrmsr(0x830, ((u64)dest << 32) | low);
        return;
    }
    icr_wait();
    apic_write(APIC_ICR2, dest << 24);
    apic_write(APIC_ICR, low);
    icr_wait();
}

void apic_send_ipi(u32 dest, unsigned int vector)
{
    icr_write(dest, APIC_DM_FIXED | vector);
}

void apic_send_nmi(u32 dest)
{
    icr_write(dest, APIC_DM_NMI);
}

int apic_wakeup_ap(u32 dest, unsigned int start_page)
{
    apic_write(APIC_ESR, 0);
    icr_write(dest, APIC_DM_INIT | APIC_ICR_LEVEL | APIC_ICR_ASSERT);
    mdelay(10);
    if (!x2apic)
        icr_write(dest, APIC_DM_INIT | APIC_ICR_LEVEL);  /* de-assert */
    for (int i = 0; i < 2; i++) {
        icr_write(dest, APIC_DM_STARTUP | start_page);
        udelay(200);
    }
    apic_write(APIC_ESR, 0);
    return apic_read(APIC_ESR) ? -1 : 0;
}

#define APIC_IRR 0x200

/* This CPU's LAPIC has @vector pending (requested, not yet in service). */
static bool vector_pending_here(unsigned int vector)
{
    return apic_read(APIC_IRR + 0x10 * (vector / 32)) & (1u << (vector % 32));
}

struct pending_probe {
    unsigned int cpu, vector;
    bool pending;
};

static void probe_pending(void *arg)
{
    struct pending_probe *p = arg;

    if (smp_processor_id() == p->cpu)
        p->pending = vector_pending_here(p->vector);
}

bool apic_vector_pending_on(unsigned int cpu, unsigned int vector)
{
    struct pending_probe p = { .cpu = cpu, .vector = vector };

    if (cpu == smp_processor_id())
        return vector_pending_here(vector);
    if (!cpu_online(cpu))
        return false;
    smp_call_function(probe_pending, &p, true);
    return p.pending;
}

static void pic_disable(void)
{
    /* Remap to 0x20/0x28 (so a stray interrupt is recognisable), mask all. */
    outb(0x20, 0x11); outb(0xa0, 0x11);
    outb(0x21, 0x20); outb(0xa1, 0x28);
    outb(0x21, 0x04); outb(0xa1, 0x02);
    outb(0x21, 0x01); outb(0xa1, 0x01);
    outb(0x21, 0xff); outb(0xa1, 0xff);
}

static void error_interrupt(unsigned int vector, void *data)
{
    u32 esr;

    apic_write(APIC_ESR, 0);
    esr = apic_read(APIC_ESR);
    printk(LOG_WARNING "APIC error on CPU %u: ESR %#x\n", smp_processor_id(), esr);
}

static void spurious_interrupt(unsigned int vector, void *data)
{
    printk(LOG_DEBUG "spurious APIC interrupt on CPU %u\n", smp_processor_id());
}

void apic_init_bsp(void)
{
    u64 base = rdmsr(MSR_APIC_BASE);

    pic_disable();
    x2apic = boot_cpu.x2apic;
    if (x2apic) {
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
    } else {
        paddr_t pa = acpi_info.lapic_addr ? acpi_info.lapic_addr
                                          : (base & 0xfffff000UL);

        wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
        apic_mmio = ioremap(pa, PAGE_SIZE);
        BUG_ON(!apic_mmio);
    }
    /* The LAPIC page and the whole MSI address window (0xFEEx_xxxx) are
     * never a domain's, in either mode; the HPET neither (time). */
    iomem_reserve(APIC_MSI_WINDOW_BASE, APIC_MSI_WINDOW_SIZE, "LAPIC/MSI window");
    if (acpi_info.lapic_addr && (acpi_info.lapic_addr < APIC_MSI_WINDOW_BASE ||
                                 acpi_info.lapic_addr >= APIC_MSI_WINDOW_BASE +
                                                         APIC_MSI_WINDOW_SIZE))
        iomem_reserve(acpi_info.lapic_addr, PAGE_SIZE, "LAPIC");
    if (acpi_info.hpet_addr)
        iomem_reserve(acpi_info.hpet_addr, PAGE_SIZE, "HPET");
    set_system_vector(ERROR_VECTOR, error_interrupt, "apic-error");
    set_system_vector(SPURIOUS_VECTOR, spurious_interrupt, "spurious");
    printk("APIC: %s mode, boot CPU APIC ID %u\n", x2apic ? "x2APIC" : "xAPIC",
           apic_id());
}

void apic_init_cpu(void)
{
    if (x2apic)
        wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
    else
        wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);

    apic_write(APIC_TPR, 0);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
    apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT_LINT1, APIC_LVT_MASKED);
    apic_write(APIC_LVT_PERF, APIC_LVT_MASKED);
    apic_write(APIC_LVT_THERMAL, APIC_LVT_MASKED);
    apic_write(APIC_LVT_ERROR, ERROR_VECTOR);
    apic_write(APIC_ESR, 0);
    apic_write(APIC_ESR, 0);
    apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
    apic_write(APIC_TDCR, 0xb);         /* divide by 1 */
    apic_eoi();
}

/* Count LAPIC timer ticks over 2 ms of TSC time. */
void apic_timer_calibrate(void)
{
    u32 start = 0xffffffff, left;

    apic_write(APIC_TDCR, 0xb);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
    apic_write(APIC_TMICT, start);
    mdelay(2);
    left = apic_read(APIC_TMCCT);
    apic_write(APIC_TMICT, 0);
    apic_timer_khz = (start - left) / 2;
    if (!apic_timer_khz)
        apic_timer_khz = 1000;      /* never divide by zero later */
    printk("APIC: timer runs at %lu kHz\n", apic_timer_khz);
}

void apic_timer_oneshot(u64 ns)
{
    u64 ticks;

    if (!ns) {
        apic_write(APIC_TMICT, 0);
        return;
    }
    ticks = ns * apic_timer_khz / 1000000;
    if (!ticks)
        ticks = 1;
    if (ticks > 0xffffffffUL)
        ticks = 0xffffffffUL;
    apic_write(APIC_LVTT, TIMER_VECTOR);    /* one-shot, unmasked */
    apic_write(APIC_TMICT, (u32)ticks);
}
