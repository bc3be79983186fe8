/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The first HVM guest: proves the vertical slice -- boot through the
 * Linux boot protocol in long mode, CPUID (the policy mhv gives), port
 * I/O (every line printed here went through COM1), MSRs (the x2APIC's, the
 * TSC, and one no platform has: #GP), HLT woken by a vLAPIC timer
 * interrupt, and power off through ACPI.  Each step prints one line the
 * QEMU test looks for.
 */
#include <hvmguest/guest.h>

#define TIMER_VECTOR    0x40
#define MSR_VM_HSAVE_PA 0xc0010117u

static volatile unsigned int ticks, gp_faults;

static void timer_handler(struct guest_frame *f)
{
    ticks++;
    wrmsr(X2APIC_EOI, 0);
}

/* #GP from RDMSR/WRMSR (0F 32 / 0F 30): count it and skip the instruction. */
static void gp_handler(struct guest_frame *f)
{
    const u8 *insn = (const u8 *)f->rip;

    if (insn[0] != 0x0f || (insn[1] != 0x32 && insn[1] != 0x30))
        fail("#GP at rip %#lx, not from RDMSR/WRMSR", f->rip);
    gp_faults++;
    f->rip += 2;
}

static void check_cpuid(void)
{
    u32 r[4];
    char vendor[13], hv[13];

    cpuid(0, 0, r);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    vendor[12] = '\0';
    cpuid(1, 0, r);
    if (!(r[2] & (1u << 31)))
        fail("CPUID.1 does not say hypervisor");
    if (!(r[2] & (1u << 21)))
        fail("CPUID.1 does not offer x2APIC");
    cpuid(0x80000001, 0, r);
    if (r[2] & (1u << 2))
        fail("CPUID.80000001 shows SVM");
    cpuid(0x40000000, 0, r);
    memcpy(hv, &r[1], 4);
    memcpy(hv + 4, &r[2], 4);
    memcpy(hv + 8, &r[3], 4);
    hv[12] = '\0';
    printf("hvmguest: cpuid vendor %s, hypervisor '%s', x2apic, no svm\n",
           vendor, hv);
}

static void check_msrs(void)
{
    u64 base = rdmsr(MSR_APIC_BASE), t0, t1, t;
    u32 id = (u32)rdmsr(X2APIC_ID);

    if (!(base & (1u << 10)) || !(base & (1u << 11)))
        fail("APIC base %#lx: not enabled in x2APIC mode", base);
    t0 = rdtsc();
    t = rdmsr(0x10);
    t1 = rdtsc();
    if (t < t0 || t > t1)
        fail("TSC MSR %#lx outside [%#lx, %#lx]", t, t0, t1);
    set_handler(13, gp_handler);
    (void)rdmsr(MSR_VM_HSAVE_PA);
    wrmsr(MSR_VM_HSAVE_PA, 0x1000);
    if (gp_faults != 2)
        fail("RDMSR/WRMSR of VM_HSAVE_PA gave %u #GP, not 2", gp_faults);
    set_handler(13, NULL);
    printf("hvmguest: msr x2apic id %u, apic base %#lx, tsc ok, "
           "unknown msr #GP x%u\n", id, base, gp_faults);
}

static void check_timer(void)
{
    unsigned int halts = 0;

    set_handler(TIMER_VECTOR, timer_handler);
    wrmsr(X2APIC_SVR, 0x1ff);                   /* enabled, spurious 0xff */
    wrmsr(X2APIC_TDCR, 0xb);                    /* divide by 1 */
    wrmsr(X2APIC_LVTT, TIMER_VECTOR);           /* one-shot */
    wrmsr(X2APIC_TMICT, 2000000);               /* 2 ms at 1 GHz */
    while (!ticks && halts < 1000) {
        sti_hlt();
        halts++;
    }
    if (!ticks)
        fail("no timer interrupt after %u HLTs", halts);
    printf("hvmguest: timer interrupt after %u hlt(s)\n", halts);
}

/*
 * Console input (cmdline word "echo"): read COM1 by polling LSR.DR, print
 * each line back, stop at "quit".  Proves the console switch reaches the
 * guest's UART.
 */
void test_echo(void)
{
    char line[80];
    unsigned int n = 0;

    printf("hvmguest: echo: type lines, 'quit' ends\n");
    for (;;) {
        char c;

        while (!(inb(0x3f8 + 5) & 0x01))
            ;
        c = (char)inb(0x3f8);
        if (c == '\r' || c == '\n') {
            line[n] = '\0';
            if (!n)
                continue;
            printf("hvmguest: echo '%s'\n", line);
            if (!strcmp(line, "quit"))
                return;
            n = 0;
        } else if (n + 1 < sizeof(line)) {
            line[n++] = c;
        }
    }
}

/*
 * CPUID round trips for the benchmarks (cmdline word "cpuid-bench"):
 * progress marks on the diagnostic port around 1000 CPUIDs; the control
 * domain reads the marks (hvm-list DOMID).
 */
void test_cpuid_bench(void)
{
    u32 r[4];

    outb(0x80, 1);
    for (unsigned int i = 0; i < 1000; i++)
        cpuid(0, 0, r);
    outb(0x80, 2);
    printf("hvmguest: cpuid-bench done\n");
}

void test_boot(void)
{
    check_cpuid();
    check_msrs();
    check_timer();
    printf("hvmguest: all checks passed, powering off\n");
}
