/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Start of day on the boot CPU: from the first C instruction to the
 * scheduler.  The order matters and is written down here only.
 */
#include <mhv/passthrough/iommu.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/init.h>
#include <mhv/console.h>
#include <mhv/bootinfo.h>
#include <mhv/mm.h>
#include <mhv/shutdown.h>
#include <mhv/smp.h>
#include <mhv/acpi.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/hypercall.h>
#include <mhv/lockdep.h>
#include <mhv/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/fpu.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/irqflags.h>
#include <mhv/domain/domain.h>

struct cpu_info cpu_info_array[NR_CPUS];
unsigned int num_online_cpus;
extern char _start[], _end[], __bss_start[], __bss_end[];
extern const initcall_t __initcall_start[], __initcall_end[];
extern char boot_stack[], boot_stack_top[];

void do_initcalls(void)
{
    for (const initcall_t *c = __initcall_start; c < __initcall_end; c++) {
        int rc = (*c)();

        if (rc)
            printk(LOG_WARNING "initcall %pS failed: %d\n", (void *)*c, rc);
    }
}

static void print_banner(void)
{
    printk(" __  __ _  ___   __\n");
    printk("|  \\/  | || \\ \\ / /   mhv: a microhypervisor for PCI passthrough\n");
    printk("| |\\/| | __ |\\ V /\n");
    printk("|_|  |_|_||_| \\_/\n");
    printk("mhv %s (%s) x86_64 debug=%c, built with gcc %s\n", MHV_VERSION,
           MHV_GITREV,
#ifdef CONFIG_DEBUG
           'y',
#else
           'n',
#endif
           __VERSION__);
}

void __noreturn __start_mhv(u32 magic, u32 mbi_pa);
void __noreturn __start_mhv(u32 magic, u32 mbi_pa)
{
    struct cpu_info *ci = &cpu_info_array[0];
    int rc;

    ci->stack_base = boot_stack;
    ci->online = true;
    num_online_cpus = 1;

    console_init();
    rc = multiboot2_parse(magic, mbi_pa, &bootinfo);
    cmdline_parse(bootinfo.cmdline);
    print_banner();
    printk("Command line: %s\n", saved_cmdline);
    if (rc)
        panic("cannot boot without valid Multiboot2 information (%d)", rc);
    printk("Boot loader: %s%s, %u memory regions, %u modules\n",
           bootinfo.loader, bootinfo.efi ? " (EFI)" : "", bootinfo.nr_mem,
           bootinfo.nr_mods);
    for (unsigned int i = 0; i < bootinfo.nr_mem; i++)
        printk(LOG_DEBUG " %016lx - %016lx type %u\n", bootinfo.mem[i].addr,
               bootinfo.mem[i].addr + bootinfo.mem[i].len - 1,
               bootinfo.mem[i].type);

    cpu_features_init();
    printk("CPU: %s %s%s%s%s%s\n", boot_cpu.vendor, boot_cpu.brand,
           boot_cpu.x2apic ? " x2apic" : "", boot_cpu.smep ? " smep" : "",
           boot_cpu.smap ? " smap" : "", boot_cpu.nx ? " nx" : "");
    fpu_init_boot();
    idt_init();
    ci->kernel_sp = (unsigned long)boot_stack_top;
    load_cpu_descriptors(0);

    page_alloc_init(&bootinfo, __pa(_start), __pa(_end), 4UL << 30);
    paging_init(&bootinfo);
    cpu_init_features();

    acpi_init(bootinfo.rsdp_len ? bootinfo.rsdp : NULL, bootinfo.rsdp_len);
    time_init();
    iommu_early_init();
    apic_init_bsp();
    smp_init_vectors();
    timers_init();
    apic_init_cpu();
    apic_timer_calibrate();
    ioapic_init();
    scheduler_init();
    local_irq_enable();
    lockdep_enable_irq_checks();
    smp_boot_cpus();

    hypercall_init();
    /* The control domain owns every device the PCI scan registers. */
    if (!domain_alloc(true, GUEST_PV))
        panic("no memory for the control domain");

    do_initcalls();

    if (selftests_requested()) {
        int failed = run_selftests();

        machine_power_off(failed ? 1 : 0);
    }

    domains_build_from_modules();
    printk("Boot complete\n");
    scheduler_start();
}
