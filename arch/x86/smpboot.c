/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bringing the application processors online.
 *
 * Every enabled LAPIC of the MADT other than the boot CPU's is woken with
 * INIT-SIPI-SIPI, one at a time, through the real-mode trampoline
 * (boot/trampoline.S) copied to a free RAM page below 1 MiB (taken from the
 * memory map, so it works under BIOS and UEFI alike).  Each AP gets its own
 * stack, per-CPU area, GDT/TSS/IST stacks and LAPIC set-up, then idles.
 * A CPU that does not come up within the timeout is reported and skipped.
 * `maxcpus=N` limits the count, `nosmp` keeps the boot CPU alone.
 */
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/mm.h>
#include <mhv/smp.h>
#include <mhv/acpi.h>
#include <mhv/init.h>
#include <mhv/time.h>
#include <mhv/bootinfo.h>
#include <mhv/sched.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

extern const u8 trampoline_start[], trampoline_end[];
extern const u8 tramp_gdt[], tramp_gdt_ptr[], tramp_pm_jump[], tramp_lm_jump[];
extern const u8 tramp_cr3[], tramp_efer[], tramp_base_imm[];
extern const u8 tramp_pm[], tramp_lm[];

struct cpu_info *ap_boot_info;      /* read by ap_entry64 */
static unsigned int opt_maxcpus = NR_CPUS;
static bool opt_nosmp;
integer_param("maxcpus", opt_maxcpus);
boolean_param("nosmp", opt_nosmp);

static paddr_t find_trampoline_page(void)
{
    for (unsigned int i = 0; i < bootinfo.nr_mem; i++) {
        const struct boot_mem_region *m = &bootinfo.mem[i];
        paddr_t s = ROUNDUP(max(m->addr, (u64)0x8000), PAGE_SIZE);

        if (m->type != BOOT_MEM_RAM)
            continue;
        if (s + PAGE_SIZE <= m->addr + m->len && s + PAGE_SIZE <= 0x9f000)
            return s;
    }
    return 0;
}

#define PATCH32(sym, val)                                                   \
    (*(u32 *)(page + ((const u8 *)(sym) - trampoline_start)) = (u32)(val))

static pte_t *build_trampoline_pagetable(paddr_t tramp)
{
    pte_t *pml4 = alloc_page_va(), *pdpt = alloc_page_va(), *pd = alloc_page_va();

    BUG_ON(!pml4 || !pdpt || !pd);
    /* Upper half as the hypervisor's; low 2 MiB identity-mapped. */
    for (unsigned int i = 256; i < 512; i++)
        pml4[i] = idle_pg_table[i];
    pd[0] = 0 | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;
    pdpt[0] = __pa(pd) | _PAGE_PRESENT | _PAGE_RW;
    pml4[0] = __pa(pdpt) | _PAGE_PRESENT | _PAGE_RW;
    BUG_ON(tramp >= SUPERPAGE_SIZE);
    return pml4;
}

static bool trampoline_install(paddr_t tramp)
{
    u8 *page = __va(tramp);
    pte_t *pml4 = build_trampoline_pagetable(tramp);
    size_t len = trampoline_end - trampoline_start;

    BUG_ON(len > PAGE_SIZE);
    if (__pa(pml4) >= (1UL << 32)) {
        printk(LOG_ERR "SMP: trampoline page table above 4 GiB\n");
        return false;
    }
    memcpy(page, trampoline_start, len);
    PATCH32(tramp_gdt_ptr + 2, tramp + (tramp_gdt - trampoline_start));
    PATCH32(tramp_pm_jump, tramp + (tramp_pm - trampoline_start));
    PATCH32(tramp_lm_jump, tramp + (tramp_lm - trampoline_start));
    PATCH32(tramp_cr3, __pa(pml4));
    PATCH32(tramp_efer, EFER_LME | (boot_cpu.nx ? EFER_NXE : 0));
    PATCH32(tramp_base_imm, tramp);
    return true;
}

/* First C code of an AP, still on the trampoline page table. */
void __noreturn start_secondary(void);
void __noreturn start_secondary(void)
{
    struct cpu_info *ci = this_cpu();
    unsigned int cpu = ci->cpu_id;

    write_cr3(__pa(idle_pg_table));
    write_cr4(read_cr4() | X86_CR4_PGE);
    load_cpu_descriptors(cpu);
    cpu_init_features();
    apic_init_cpu();
    ci->apic_id = apic_id();
    __atomic_store_n(&ci->online, true, __ATOMIC_RELEASE);
    __atomic_add_fetch(&num_online_cpus, 1, __ATOMIC_RELEASE);
    scheduler_start();
}

bool cpu_online(unsigned int cpu)
{
    return cpu < NR_CPUS && __atomic_load_n(&per_cpu_info(cpu)->online, __ATOMIC_ACQUIRE);
}

static bool start_one(unsigned int cpu, u32 apic, paddr_t tramp)
{
    struct cpu_info *ci = per_cpu_info(cpu);
    paddr_t stack = alloc_pages(STACK_ORDER);
    s_time_t deadline;

    if (!stack) {
        printk(LOG_ERR "SMP: no memory for CPU %u's stack\n", cpu);
        return false;
    }
    ci->self = ci;
    ci->cpu_id = cpu;
    ci->apic_id = apic;
    ci->stack_base = __va(stack);
    ci->kernel_sp = (unsigned long)__va(stack) + STACK_SIZE;
    ap_boot_info = ci;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);

    if (apic_wakeup_ap(apic, tramp >> PAGE_SHIFT))
        printk(LOG_WARNING "SMP: APIC error while waking APIC ID %u\n", apic);
    /* Generous: under emulation a CPU can take long to come up. */
    deadline = NOW() + SECONDS(10);
    while (!cpu_online(cpu) && NOW() < deadline)
        cpu_relax();
    if (!cpu_online(cpu)) {
        printk(LOG_ERR "SMP: CPU %u (APIC ID %u) did not start: skipped\n", cpu, apic);
        free_pages(stack, STACK_ORDER);
        return false;
    }
    printk(LOG_DEBUG "SMP: CPU %u (APIC ID %u) online\n", cpu, apic);
    return true;
}

void smp_boot_cpus(void)
{
    u32 self = apic_id();
    unsigned int next = 1, max = opt_nosmp ? 1 : opt_maxcpus;
    paddr_t tramp;

    per_cpu_info(0)->apic_id = self;
    if (max > NR_CPUS)
        max = NR_CPUS;
    if (max <= 1 || acpi_info.nr_lapics <= 1)
        goto out;
    tramp = find_trampoline_page();
    if (!tramp || !trampoline_install(tramp)) {
        printk(LOG_ERR "SMP: no page below 1 MiB for the AP trampoline: one CPU only\n");
        goto out;
    }
    for (unsigned int i = 0; i < acpi_info.nr_lapics && next < max; i++) {
        const struct acpi_lapic *l = &acpi_info.lapics[i];

        if (!l->enabled || l->apic_id == self)
            continue;
        if (start_one(next, l->apic_id, tramp))
            next++;
    }
 out:
    printk("SMP: %u CPU(s) online\n", num_online_cpus);
}
