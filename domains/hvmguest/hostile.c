/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hostile HVM guest: everything a guest kernel may try against the
 * hypervisor, each part chosen by a word on its command line:
 *
 *   ports       IN from every port and OUT to nearly every one (not its own
 *               COM1 and power ports); unclaimed ports must read all-ones
 *   msrs        RDMSR of every MSR in the architectural range and AMD's
 *               two, and WRMSR of what was read (0 where the read failed)
 *   cpuid       every leaf up to 0x100 in each range, and far beyond
 *   svm         VMMCALL with garbage in every register, VMRUN, VMLOAD,
 *               VMSAVE, STGI, CLGI, SKINIT, INVLPGA: each must be #UD
 *   mmio        reads and writes all over the guest-physical space outside
 *               its RAM (the MMIO hole, the LAPIC, IOMMU and HPET pages,
 *               addresses above its RAM, and peek=ADDR words): reads give
 *               all-ones, writes change nothing, its RAM is untouched
 *   ipistorm    20000 self-IPIs with interrupts off, then 1000 with them on
 *   nmi         a self-NMI from inside the NMI handler must wait for its
 *               IRET; then 1000 self-NMIs: never one inside another
 *   stale-insn  a load of a read-only mapping of the vIOAPIC page faults
 *               (nested), but the page tables already name a store at the
 *               instruction's address (a stale TLB entry executed the
 *               load): the store must not be done; the guest takes the
 *               page fault the store would take
 *   spin        spin with interrupts off for spin-ms=N milliseconds (TSC)
 *   tscdeadline writes its TSC far ahead and then back near 0, arming a
 *               TSC deadline after each: each must fire, and not before
 *               the TSC reaches it
 *   bartoggle   places the memory BARs of the first function on its PCI
 *               bus and turns memory decoding on and off 50 times (each
 *               off unmaps them: flushes of its nested translation)
 *   leak-set    leaves values of its own in TSC_AUX and (after setting
 *               CR4.PKE, which CPUID does not offer but a CPU with
 *               protection keys takes) PKRU, registers no world switch
 *               carries
 *   leak-check  a later guest on the same CPU: TSC_AUX and PKRU must read
 *               0, its own initial values
 *   triplefault an empty IDT and an exception: the domain must be stopped
 *
 * Each part prints "hvmguest: hostile PART ok ..." with what it saw; a
 * result hardware would not give fails the guest ("FAIL").
 */
#include <hvmguest/guest.h>

#define MSR_TSC_AUX     0xc0000103u
#define MSR_IA32_TSC    0x10
#define MSR_TSC_DEADLINE 0x6e0
#define X86_CR4_PKE     (1ull << 22)

static volatile u64 gp_count, ud_count, ipi_count;

static void gp_skip_msr(struct guest_frame *f)
{
    const u8 *insn = (const u8 *)f->rip;

    if (insn[0] != 0x0f || (insn[1] != 0x32 && insn[1] != 0x30))
        fail("#GP at rip %#lx, not from RDMSR/WRMSR", f->rip);
    gp_count++;
    f->rip += 2;
}

/* The SVM instructions are all 0F 01 xx. */
static void ud_skip_svm(struct guest_frame *f)
{
    const u8 *insn = (const u8 *)f->rip;

    if (insn[0] != 0x0f || insn[1] != 0x01)
        fail("#UD at rip %#lx (%02x %02x %02x), not an SVM instruction",
             f->rip, insn[0], insn[1], insn[2]);
    ud_count++;
    f->rip += 3;
}

static void ipi_handler(struct guest_frame *f)
{
    ipi_count++;
    wrmsr(X2APIC_EOI, 0);
}

/* ---------------------------------------------------------------- ports */

static bool own_port(u32 p)
{
    return (p >= 0x3f8 && p < 0x400) || (p >= 0x600 && p < 0x603);
}

static void hostile_ports(void)
{
    unsigned int ones = 0;

    for (u32 p = 0; p < 0x10000; p++) {
        if (own_port(p))
            continue;
        if (inb((u16)p) == 0xff)
            ones++;
    }
    for (u32 p = 0; p < 0x10000; p += 4)
        if (!own_port(p) && !own_port(p + 3))
            outl((u16)p, 0xffffffffu);
    /* Straddling accesses, split by the dispatcher. */
    for (u32 p = 0x3f0; p < 0x3f8; p++)
        (void)inl((u16)p);
    if (inl(0x80) != 0xffffffffu || inb(0x1234) != 0xff)
        fail("an unclaimed port does not read all-ones");
    printf("hvmguest: hostile ports ok (%u of the ports read 0xff)\n", ones);
}

/* ---------------------------------------------------------------- MSRs */

static void msr_range(u32 first, u32 n, unsigned int *read_ok)
{
    for (u32 m = first; m < first + n; m++) {
        u64 before = gp_count, v = rdmsr(m);
        bool ok = gp_count == before;

        *read_ok += ok;
        wrmsr(m, ok ? v : 0);
    }
}

static void hostile_msrs(void)
{
    unsigned int read_ok = 0;

    set_handler(13, gp_skip_msr);
    msr_range(0, 0x2000, &read_ok);
    msr_range(0xc0000000u, 0x2000, &read_ok);
    msr_range(0xc0010000u, 0x2000, &read_ok);
    set_handler(13, NULL);
    printf("hvmguest: hostile msrs ok (%u readable, %lu #GP)\n", read_ok, gp_count);
}

/* ---------------------------------------------------------------- CPUID */

static void hostile_cpuid(void)
{
    u32 r[4], max_basic, max_ext, beyond = 0;
    static const u32 bases[] = { 0, 0x40000000u, 0x80000000u, 0xc0000000u,
                                 0x8fffff00u, 0xffffff00u };

    cpuid(0, 0, r);
    max_basic = r[0];
    cpuid(0x80000000u, 0, r);
    max_ext = r[0];
    for (unsigned int b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
        for (u32 l = bases[b]; l - bases[b] < 0x100; l++)
            for (u32 s = 0; s < 4; s++)
                cpuid(l, s, r);
    cpuid(max_ext + 1, 0, r);
    beyond = r[0] | r[1] | r[2] | r[3];
    cpuid(0x80000000u + 0x1000, 0, r);
    beyond |= r[0] | r[1] | r[2] | r[3];
    printf("hvmguest: hostile cpuid ok (max basic %#x, max extended %#x, "
           "beyond the maximum: %s)\n", max_basic, max_ext,
           beyond ? "non-zero" : "zeros");
}

/* ---------------------------------------------------------------- SVM */

static void hostile_svm(void)
{
    set_handler(6, ud_skip_svm);
    __asm__ volatile("mov $0xdeadbeef, %%rax\n"
                     "mov $-1, %%rbx\n"
                     "mov $0x4b564d00, %%rcx\n"
                     "mov $0x8000000000000000, %%rdx\n"
                     "vmmcall"
                     ::: "rax", "rbx", "rcx", "rdx", "memory");
    __asm__ volatile("mov %0, %%rax; vmrun" :: "r"(0x1000ull) : "rax", "memory");
    __asm__ volatile("mov %0, %%rax; vmload" :: "r"(0x1000ull) : "rax", "memory");
    __asm__ volatile("mov %0, %%rax; vmsave" :: "r"(0x1000ull) : "rax", "memory");
    __asm__ volatile("stgi; clgi" ::: "memory");
    __asm__ volatile("mov $0x1000, %%eax; skinit" ::: "rax", "memory");
    __asm__ volatile("xor %%eax, %%eax; xor %%ecx, %%ecx; invlpga" ::: "rax", "rcx", "memory");
    set_handler(6, NULL);
    if (ud_count != 8)
        fail("SVM instructions gave %lu #UD, not 8", ud_count);
    printf("hvmguest: hostile svm ok (8 instructions, 8 #UD)\n");
}

/* ---------------------------------------------------------------- MMIO */

/* Page tables for addresses above 4 GiB: 1 GiB pages over [4 GiB, 512 GiB). */
static u64 high_pdpt[512] __aligned(4096);

static bool map_high(void)
{
    u32 r[4];
    u64 cr3, *pml4;

    cpuid(0x80000001u, 0, r);
    if (!(r[3] & (1u << 26)))
        return false;
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    pml4 = (u64 *)(cr3 & ~0xfffull);
    for (u64 g = 4; g < 512; g++)
        high_pdpt[g] = (g << 30) | 0x83;     /* present, writable, 1 GiB */
    /* PML4 slot 0 holds the loader's [0, 512 GiB) table: add the high
     * gigabytes to it, keeping its first four. */
    {
        u64 *pdpt0 = (u64 *)(pml4[0] & 0x000ffffffffff000ull);

        for (u64 g = 4; g < 512; g++)
            if (!(pdpt0[g] & 1))
                pdpt0[g] = high_pdpt[g];
    }
    __asm__ volatile("mov %0, %%cr3" :: "r"(cr3) : "memory");
    return true;
}

static unsigned int probes, bad_reads;

static void probe(u64 gpa)
{
    volatile u32 *p = (volatile u32 *)gpa;
    u32 v = *p;

    probes++;
    if (v != 0xffffffffu)
        bad_reads++;
    *p = 0x5a5a5a5a;
    if (*p != 0xffffffffu)
        bad_reads++;
}

static void hostile_mmio(void)
{
    static const u64 fixed[] = {
        0xfec00000ull + 0x40,   /* the IOAPIC page, past its registers */
        0xfed00000ull,          /* where a PC's HPET is */
        0xfed90000ull,          /* QEMU q35's VT-d unit (the host's) */
        0xfee00000ull,          /* the xAPIC page (x2APIC only here) */
        0xfffff000ull,          /* the top of 4 GiB */
        0x0c0000000ull,         /* the start of the hole */
    };
    u32 sum_before = 0, sum_after = 0;
    bool high;

    /* A checksum of the guest's own first MiB: unchanged afterwards. */
    for (u64 a = 0x100000; a < 0x200000; a += 4096)
        sum_before += *(volatile u32 *)a;
    for (unsigned int i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        probe(fixed[i]);
    /* Where the host's own RAM is -- the hypervisor, the control domain,
     * other guests: above this guest's RAM it is nothing to the guest. */
    for (u64 a = guest_ram_end_low; a < 0x40000000ull; a += 0x800000)
        probe(a);
    for (u64 a = 0xc0000000ull; a < 0xfe000000ull; a += 0x2000000)
        probe(a + 0x100);
    for (u64 a = 0xfe000000ull; a < 0xfec00000ull; a += 0x40000)
        probe(a);
    for (unsigned int i = 0; cmdline_number("peek=", i); i++)
        probe(cmdline_number("peek=", i));
    high = map_high();
    if (high)
        for (u64 g = 4; g < 512; g += 31)
            probe((g << 30) + 0x1000);
    for (u64 a = 0x100000; a < 0x200000; a += 4096)
        sum_after += *(volatile u32 *)a;
    if (bad_reads)
        fail("%u of %u probes outside RAM did not read all-ones", bad_reads, probes);
    if (sum_before != sum_after)
        fail("its own RAM changed under the probes");
    printf("hvmguest: hostile mmio ok (%u probes read all-ones%s)\n", probes,
           high ? ", above 4 GiB too" : "");
}

/* ---------------------------------------------------------------- IPIs */

static void hostile_ipistorm(void)
{
    set_handler(0x50, ipi_handler);
    wrmsr(X2APIC_SVR, 0x1ff);
    for (unsigned int i = 0; i < 20000; i++)
        wrmsr(X2APIC_SELF_IPI, 0x50);
    __asm__ volatile("sti; nop; nop; cli" ::: "memory");
    for (unsigned int i = 0; i < 1000; i++) {
        wrmsr(X2APIC_SELF_IPI, 0x50);
        __asm__ volatile("sti; nop; cli" ::: "memory");
    }
    /* Illegal vectors: the vLAPIC drops them and sets ESR. */
    for (unsigned int v = 0; v < 16; v++)
        wrmsr(X2APIC_SELF_IPI, v);
    if (!ipi_count || ipi_count > 1001)
        fail("%lu self-IPIs delivered for 21000 sent (1001 possible)", ipi_count);
    printf("hvmguest: hostile ipistorm ok (%lu delivered)\n", ipi_count);
}

/* ---------------------------------------------------------------- NMIs */

static volatile unsigned int nmi_count, nmi_depth, nmi_deepest;
static volatile bool nmi_resend;

static void self_nmi(void)
{
    u64 id = rdmsr(X2APIC_ID);

    /* Physical destination, delivery mode NMI, assert. */
    wrmsr(X2APIC_ICR, id << 32 | 1u << 14 | 4u << 8);
}

/* Exits in which the hypervisor looks at the vCPU (and could inject). */
static void take_exits(unsigned int n)
{
    u32 r[4];

    while (n--)
        cpuid(0, 0, r);
}

static void nmi_handler(struct guest_frame *f)
{
    (void)f;
    if (++nmi_depth > nmi_deepest)
        nmi_deepest = nmi_depth;
    nmi_count++;
    if (nmi_resend) {
        nmi_resend = false;
        self_nmi();
        take_exits(100);
        if (nmi_count != 1)
            fail("an NMI was delivered inside the NMI handler");
    }
    nmi_depth--;
}

static void hostile_nmi(void)
{
    unsigned int before;

    set_handler(2, nmi_handler);
    nmi_resend = true;
    self_nmi();
    take_exits(100);
    if (nmi_count != 2)
        fail("%u NMIs after the handler's IRET (2 sent)", nmi_count);
    before = nmi_count;
    for (unsigned int i = 0; i < 1000; i++)
        self_nmi();
    take_exits(100);
    if (nmi_deepest != 1)
        fail("NMIs nested %u deep", nmi_deepest);
    if (nmi_count == before || nmi_count - before > 1000)
        fail("%u NMIs delivered for 1000 sent", nmi_count - before);
    printf("hvmguest: hostile nmi ok (the second NMI after the first's IRET; "
           "storm: %u delivered for 1000 sent, never nested)\n", nmi_count - before);
}

/* ---------------------------------------------------------------- stale instructions */

#define STALE_VA        0x8000000000ull     /* PML4 slot 1: 512 GiB */
#define STALE_CODE      STALE_VA
#define STALE_DATA      (STALE_VA + 0x1000)  /* -> the vIOAPIC page, read-only */
#define IOAPIC_GPA      0xfec00000ull
#define STALE_TRIES     8

static u64 stale_pdpt[512] __aligned(4096), stale_pd[512] __aligned(4096);
static u64 stale_pt[512] __aligned(4096);
/* mov (%rax),%ebx; ret  --  mov %ebx,(%rax); ret */
static u8 code_load[4096] __aligned(4096) = { 0x8b, 0x18, 0xc3 };
static u8 code_store[4096] __aligned(4096) = { 0x89, 0x18, 0xc3 };
static volatile unsigned int stale_pfs;
static volatile u64 stale_pf_code;

static void stale_pf(struct guest_frame *f)
{
    u64 cr2;

    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    if (cr2 != STALE_DATA || f->rip != STALE_CODE)
        fail("page fault at %#lx (rip %#lx)", cr2, f->rip);
    stale_pfs++;
    stale_pf_code = f->error_code;
    f->rip += 2;
}

static u32 run_stale(u64 rax, u32 ebx)
{
    __asm__ volatile("call *%[fn]" : "+a"(rax), "+b"(ebx)
                     : [fn] "r"(STALE_CODE) : "memory", "cc");
    return ebx;
}

static void hostile_stale_insn(void)
{
    volatile u32 *ioregsel = (volatile u32 *)IOAPIC_GPA;     /* 1:1, writable */
    u64 cr0, cr3, *pml4;
    u32 scratch = 0x1234;

    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    pml4 = (u64 *)(cr3 & ~0xfffull);
    pml4[1] = (u64)stale_pdpt | 3;
    stale_pdpt[0] = (u64)stale_pd | 3;
    stale_pd[0] = (u64)stale_pt | 3;
    stale_pt[1] = IOAPIC_GPA | 1;                   /* present, read-only */
    __asm__ volatile("mov %0, %%cr3" :: "r"(cr3) : "memory");
    set_handler(14, stale_pf);
    /* Read-only means read-only for ring 0 too. */
    __asm__ volatile("mov %%cr0, %0; or $0x10000, %0; mov %0, %%cr0"
                     : "=&r"(cr0) :: "memory");
    __asm__ volatile("cli");
    for (unsigned int i = 0; i < STALE_TRIES; i++) {
        *ioregsel = 0x01;
        /* The load runs once from RAM: its translation is in the TLB. */
        stale_pt[0] = (u64)code_load | 1;
        __asm__ volatile("invlpg (%0)" :: "r"(STALE_CODE) : "memory");
        if (run_stale((u64)&scratch, 0) != 0x1234)
            fail("the load did not load");
        /* The tables now name the store there; the TLB still the load. */
        stale_pt[0] = (u64)code_store | 1;
        run_stale(STALE_DATA, 0x10);
        if (*ioregsel != 0x01)
            fail("a faulting load of a read-only mapping became a store "
                 "(IOREGSEL %#x)", *ioregsel);
    }
    set_handler(14, NULL);
    if (stale_pfs != STALE_TRIES || (stale_pf_code & 3) != 3)
        fail("%u page faults (error code %#lx) for %u stores to a read-only page",
             stale_pfs, stale_pf_code, STALE_TRIES);
    printf("hvmguest: hostile stale-insn ok (%u stores to a read-only page: "
           "%u page faults, nothing written)\n", STALE_TRIES, stale_pfs);
}

/* ---------------------------------------------------------------- spinning */

/*
 * The time comes from the vLAPIC's timer, counting (masked) at 1 GHz: the
 * guest does not know its TSC's rate.  Between two looks at the count it
 * spins on the TSC alone, taking no exit at all.
 */
static void hostile_spin(void)
{
    u64 ms = cmdline_number("spin-ms=", 0) ?: 2000;
    unsigned int looks = 0;

    if (ms > 4000)
        ms = 4000;
    printf("hvmguest: hostile spin for %lu ms with interrupts off\n", ms);
    __asm__ volatile("cli");
    wrmsr(X2APIC_SVR, 0x1ff);
    wrmsr(X2APIC_TDCR, 0xb);                    /* divide by 1: 1 ns a tick */
    wrmsr(X2APIC_LVTT, 0x10000 | 0x40);         /* masked, one-shot */
    wrmsr(X2APIC_TMICT, ms * 1000000);
    while (rdmsr(X2APIC_TMCCT)) {
        u64 end = rdtsc() + 10000000;

        while (rdtsc() < end)
            __asm__ volatile("pause");
        looks++;
    }
    printf("hvmguest: hostile spin ok (%u looks at the clock)\n", looks);
}

/* ---------------------------------------------------------------- TSC deadline */

static volatile u64 deadline_fired_at;

static void deadline_handler(struct guest_frame *f)
{
    (void)f;
    deadline_fired_at = rdtsc();
    wrmsr(X2APIC_EOI, 0);
}

/*
 * Arm a TSC deadline @ticks from now and wait for it with interrupts on,
 * at most @limit ticks past it (a bound for a broken timer only: it holds
 * under any load).  It must fire, and not before the TSC reaches it.
 */
static void deadline_after(u64 ticks, u64 limit, const char *when)
{
    u64 deadline = rdtsc() + ticks;

    deadline_fired_at = 0;
    wrmsr(MSR_TSC_DEADLINE, deadline);
    __asm__ volatile("sti" ::: "memory");
    while (!deadline_fired_at && rdtsc() < deadline + limit)
        __asm__ volatile("pause");
    __asm__ volatile("cli" ::: "memory");
    if (!deadline_fired_at)
        fail("a TSC deadline armed %s did not fire %lu ticks after its time",
             when, limit);
    if (deadline_fired_at < deadline)
        fail("a TSC deadline armed %s fired %lu ticks early", when,
             deadline - deadline_fired_at);
}

static void hostile_tscdeadline(void)
{
    u64 khz = cmdline_number("tsc_early_khz=", 0) ?: 1000000;

    set_handler(0x51, deadline_handler);
    wrmsr(X2APIC_SVR, 0x1ff);
    wrmsr(X2APIC_LVTT, (2u << 17) | 0x51);         /* TSC-deadline mode */
    /* About four days ahead: the deadline is 1 ms after the new value. */
    wrmsr(MSR_IA32_TSC, rdtsc() + (1ull << 50));
    deadline_after(khz, khz * 10000, "after the TSC moved ahead");
    /* Back near 0: the next is 1 ms after that, not at once. */
    wrmsr(MSR_IA32_TSC, 1000000);
    deadline_after(khz, khz * 10000, "after the TSC moved back");
    wrmsr(X2APIC_LVTT, 0x10000);
    printf("hvmguest: hostile tscdeadline ok (on time after the TSC was "
           "written ahead and back)\n");
}

/* ---------------------------------------------------------------- PCI BARs */

#define BAR_WINDOW  0xc0000000ull       /* the start of the PCI window */
#define TOGGLES     50

static void hostile_bartoggle(void)
{
    u64 khz = cmdline_number("tsc_early_khz=", 0) ?: 1000000;
    u64 give_up = rdtsc() + khz * 10000;
    unsigned int dev = 32, bars = 0;
    u64 bar_gpa[6];

    /* A function just assigned answers once its owner-change reset is
     * over (all-ones until then): wait for it, 10 s at most. */
    while (dev == 32 && rdtsc() < give_up)
        for (dev = 1; dev < 32; dev++)
            if (pci_read(dev, PCI_VENDOR_ID, 2) != 0xffff)
                break;
    if (dev == 32)
        fail("no function on its PCI bus");
    pci_place_bars(dev, BAR_WINDOW, bar_gpa);
    for (unsigned int i = 0; i < 6; i++)
        bars += !!bar_gpa[i];
    if (!bars)
        fail("00:%02x.0 has no memory BAR", dev);
    for (unsigned int i = 0; i < TOGGLES; i++) {
        pci_write(dev, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);    /* mapped */
        pci_write(dev, PCI_COMMAND, 2, 0);      /* unmapped: flushed */
    }
    printf("hvmguest: hostile bartoggle ok (00:%02x.0, %u memory BARs from %#lx, "
           "decoding on and off %u times)\n", dev, bars, (unsigned long)BAR_WINDOW, TOGGLES);
}

/* ---------------------------------------------------------------- leaks */

#define LEAK_TSC_AUX    0x5eed1e55u
#define LEAK_PKRU       0x55555554u     /* every key but 0: no access */

static volatile unsigned int cr4_gp;

static void gp_skip_mov_cr4(struct guest_frame *f)
{
    const u8 *insn = (const u8 *)f->rip;

    if (insn[0] != 0x0f || insn[1] != 0x22)
        fail("#GP at rip %#lx, not from MOV to CR4", f->rip);
    cr4_gp++;
    f->rip += 3;
}

static u32 rdtscp_aux(void)
{
    u32 lo, hi, aux;

    __asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
    return aux;
}

static u32 rdpkru(void)
{
    u32 pkru, edx;

    __asm__ volatile("rdpkru" : "=a"(pkru), "=d"(edx) : "c"(0));
    return pkru;
}

/* Set CR4.PKE; false if the CPU refuses it (#GP: no protection keys). */
static bool pke_on(void)
{
    u64 cr4;

    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4_gp = 0;
    set_handler(13, gp_skip_mov_cr4);
    __asm__ volatile("mov %0, %%cr4" :: "a"(cr4 | X86_CR4_PKE) : "memory");
    set_handler(13, NULL);
    return !cr4_gp;
}

static void hostile_leak_set(void)
{
    char pkru[48] = "PKRU unreachable: CR4.PKE refused";

    wrmsr(MSR_TSC_AUX, LEAK_TSC_AUX);
    if (rdtscp_aux() != LEAK_TSC_AUX)
        fail("RDTSCP reads TSC_AUX %#x, not the %#x written", rdtscp_aux(),
             LEAK_TSC_AUX);
    if (pke_on()) {
        __asm__ volatile("wrpkru" :: "a"(LEAK_PKRU), "c"(0), "d"(0) : "memory");
        if (rdpkru() != LEAK_PKRU)
            fail("RDPKRU reads %#x, not the %#x written", rdpkru(), LEAK_PKRU);
        snprintf(pkru, sizeof(pkru), "PKRU %#x", LEAK_PKRU);
    }
    printf("hvmguest: hostile leak-set ok (TSC_AUX %#x, %s)\n", LEAK_TSC_AUX, pkru);
}

static void hostile_leak_check(void)
{
    char pkru[48] = "PKRU unreachable: CR4.PKE refused";
    u32 aux = rdtscp_aux();

    if (aux)
        fail("TSC_AUX reads %#x before this guest wrote it", aux);
    if (pke_on()) {
        u32 p = rdpkru();

        if (p)
            fail("PKRU reads %#x before this guest wrote it", p);
        snprintf(pkru, sizeof(pkru), "PKRU %#x", p);
    }
    printf("hvmguest: hostile leak-check ok (TSC_AUX %#x, %s)\n", aux, pkru);
}

/* ---------------------------------------------------------------- the end */

static void hostile_triplefault(void)
{
    struct {
        u16 limit;
        u64 base;
    } __packed empty = { 0, 0 };

    printf("hvmguest: hostile triplefault now\n");
    __asm__ volatile("lidt %0; int3" :: "m"(empty) : "memory");
    fail("still running after a triple fault");
}

void test_hostile(void)
{
    if (cmdline_has("cpuid"))
        hostile_cpuid();
    if (cmdline_has("svm"))
        hostile_svm();
    if (cmdline_has("msrs"))
        hostile_msrs();
    if (cmdline_has("ports"))
        hostile_ports();
    if (cmdline_has("mmio"))
        hostile_mmio();
    if (cmdline_has("ipistorm"))
        hostile_ipistorm();
    if (cmdline_has("nmi"))
        hostile_nmi();
    if (cmdline_has("stale-insn"))
        hostile_stale_insn();
    if (cmdline_has("spin"))
        hostile_spin();
    if (cmdline_has("tscdeadline"))
        hostile_tscdeadline();
    if (cmdline_has("bartoggle"))
        hostile_bartoggle();
    if (cmdline_has("leak-set"))
        hostile_leak_set();
    if (cmdline_has("leak-check"))
        hostile_leak_check();
    if (cmdline_has("triplefault"))
        hostile_triplefault();
    printf("hvmguest: hostile done, powering off\n");
}
