/* SPDX-License-Identifier: GPL-2.0 */
/* GDT, TSS (with IST stacks for #DF, NMI and #MC) and IDT set-up. */
#include <mhv/lib.h>
#include <mhv/init.h>
#include <mhv/smp.h>
#include <asm/desc.h>
#include <asm/percpu.h>

struct desc_ptr {
    u16 limit;
    u64 base;
} __attribute__((packed));

struct idt_entry {
    u16 off0, sel;
    u8 ist, type;
    u16 off1;
    u32 off2, reserved;
};

#define GDT_ENTRIES 8
static u64 gdt[NR_CPUS][GDT_ENTRIES] __aligned(16);
static struct tss64 tss[NR_CPUS] __aligned(16);
static u8 ist_stacks[NR_CPUS][NR_IST][IST_STACK_SIZE] __aligned(16);
static struct idt_entry idt[256] __aligned(16);

/* Entry stubs, one per vector (entry.S). */
extern const u64 entry_stubs[256];

struct tss64 *cpu_tss(unsigned int cpu)
{
    return &tss[cpu];
}

static void set_gate(unsigned int vec, u64 handler, unsigned int ist,
                     unsigned int dpl)
{
    idt[vec] = (struct idt_entry){
        .off0 = handler & 0xffff,
        .sel = __HYPERVISOR_CS,
        .ist = ist,
        .type = 0x8e | (dpl << 5),      /* present, 64-bit interrupt gate */
        .off1 = (handler >> 16) & 0xffff,
        .off2 = handler >> 32,
    };
}

void idt_init(void)
{
    for (unsigned int v = 0; v < 256; v++)
        set_gate(v, entry_stubs[v], IST_NONE, 0);
    set_gate(TRAP_double_fault, entry_stubs[TRAP_double_fault], IST_DF, 0);
    set_gate(TRAP_nmi, entry_stubs[TRAP_nmi], IST_NMI, 0);
    set_gate(TRAP_machine_check, entry_stubs[TRAP_machine_check], IST_MCE, 0);
}

#ifdef CONFIG_FAULT_INJECTION
/*
 * Testing only: give 0x18 a usable DPL-3 32-bit code segment again, so a
 * test can reach the CSTAR entry (SYSCALL from compatibility mode).
 */
static bool test_compat_cs;
boolean_param("test-compat-cs", test_compat_cs);
#endif

/*
 * 0x18 is where SYSRET would take a 32-bit CS from; 64-bit SYSRET (the
 * only one mhv uses) loads CS 0x2b and SS 0x23 with fixed attributes and
 * reads neither descriptor.  So 0x18 holds a not-present DPL-0 data
 * descriptor: a far JMP/CALL/RET or IRET to 0x1b faults (#GP, error code
 * 0x18) instead of entering compatibility mode, where SYSCALL would go to
 * CSTAR and 32-bit code could do what 64-bit code cannot.
 */
static u64 compat_cs_descriptor(void)
{
#ifdef CONFIG_FAULT_INJECTION
    if (test_compat_cs)
        return 0x00cffa000000ffffUL;    /* present, DPL 3, 32-bit code */
#endif
    return 0x00cf12000000ffffUL;        /* not present, DPL 0, data */
}

void load_cpu_descriptors(unsigned int cpu)
{
    u64 *g = gdt[cpu];
    u64 base = (u64)&tss[cpu];
    struct desc_ptr gp = { sizeof(gdt[cpu]) - 1, (u64)g };
    struct desc_ptr ip = { sizeof(idt) - 1, (u64)idt };

    g[0] = 0;
    g[1] = 0x00af9a000000ffffUL;    /* 0x08 hypervisor code, 64-bit */
    g[2] = 0x00cf92000000ffffUL;    /* 0x10 hypervisor data */
    g[3] = compat_cs_descriptor();  /* 0x18 SYSRET's 32-bit CS: unusable */
    g[4] = 0x00cff2000000ffffUL;    /* 0x20 guest data */
    g[5] = 0x00affa000000ffffUL;    /* 0x28 guest code, 64-bit */
    /* 0x30: 64-bit available TSS, 16 bytes. */
    g[6] = (sizeof(struct tss64) - 1) | ((base & 0xffffff) << 16) |
           (0x89UL << 40) | (((base >> 24) & 0xff) << 56);
    g[7] = base >> 32;

    memset(&tss[cpu], 0, sizeof(tss[cpu]));
    tss[cpu].iomap_base = sizeof(struct tss64);     /* no I/O bitmap */
    for (unsigned int i = 0; i < NR_IST; i++)
        tss[cpu].ist[i] = (u64)&ist_stacks[cpu][i][IST_STACK_SIZE];
    tss[cpu].rsp[0] = per_cpu_info(cpu)->kernel_sp;

    __asm__ volatile(
        "lgdt %0\n\t"
        "lidt %1\n\t"
        "mov %2, %%ds\n\t"
        "mov %2, %%es\n\t"
        "mov %2, %%ss\n\t"
        "pushq %3\n\t"
        "lea 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "ltr %w4"
        :: "m"(gp), "m"(ip), "r"(__HYPERVISOR_DS), "i"(__HYPERVISOR_CS),
           "r"(__TSS_SEL)
        : "rax", "memory");
}
