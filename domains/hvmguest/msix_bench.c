/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VF interrupt benchmark (command line "msix-bench [n=N]"): how many
 * instructions it takes a message sent by an assigned igb VF to reach this
 * guest's interrupt handler.
 *
 * The guest does what a driver does, on its virtual PCI bus: finds the VF
 * (8086:10ca), places its BARs in the host bridge's window, turns memory
 * decoding and bus mastering on, programs MSI-X entry 0 with a vector of
 * its own aimed at its vCPU, unmasks it and enables MSI-X.  Then the VF
 * sends the message itself: with cause 0 unmasked (VTEIMS) and auto-cleared
 * (VTEIAC), a write of bit 0 to the VF's interrupt cause set register
 * (VTEICS) makes it send MSI-X entry 0.  The guest reads the TSC right
 * before that write and its handler reads it again before anything else,
 * N times; under QEMU -icount shift=0 the TSC counts instructions.
 *
 * What lies between the two readings: the guest's store to VTEICS; the
 * device's message write, interrupt remapping and the host vector's
 * delivery (QEMU's device, VT-d and APIC models: no instructions); the
 * #VMEXIT for the host interrupt, mhv's interrupt path to the pirq's
 * handler, the vLAPIC's IRR, the exit's return with the vector injected
 * (VMRUN), the guest's IDT delivery and the entry's two pushes.  The EOI
 * (an x2APIC MSR write, an exit of its own) comes after the second
 * reading.  Progress marks on the diagnostic port around the N interrupts
 * give the control domain the exits they took (hvm-list).
 *
 * Prints "hvmguest: msix-bench ... min M median D max X" and powers off;
 * anything unexpected fails the guest ("FAIL").
 */
#include <hvmguest/guest.h>
#include <igb/igb_irq.h>

#define BENCH_VECTOR    0x50
#define BAR_WINDOW      0xc0000000ull   /* the DSDT's host bridge window */
#define DEFAULT_N       200
#define MAX_N           2000
#define FIND_MS         2000
#define WAIT_LOOPS      10000000u       /* far beyond a delivery: the message is lost */

#define MSIX_CTRL           2           /* from the capability */
#define  MSIX_CTRL_SIZE     0x07ff
#define  MSIX_CTRL_MASKALL  0x4000
#define  MSIX_CTRL_ENABLE   0x8000
#define MSIX_TABLE          4
#define MSIX_ENTRY_CTRL     3           /* dword index in an entry */
#define  MSIX_ENTRY_MASKED  1
#define MSI_ADDR_BASE       0xfee00000u

/* Written by msix_bench_entry only; read after msix_bench_hits moves. */
volatile u64 msix_bench_stamp;
volatile u32 msix_bench_hits;

void msix_bench_entry(void);
/*
 * BENCH_VECTOR's gate: the TSC first (RDTSC needs RAX and RDX saved), then
 * the EOI, then the count the main loop waits for.
 */
__asm__(
    "   .text\n"
    "   .balign 16\n"
    "   .globl  msix_bench_entry\n"
    "msix_bench_entry:\n"
    "   push    %rax\n"
    "   push    %rdx\n"
    "   rdtsc\n"
    "   mov     %eax, msix_bench_stamp(%rip)\n"
    "   mov     %edx, msix_bench_stamp+4(%rip)\n"
    "   push    %rcx\n"
    "   mov     $0x80b, %ecx\n"         /* X2APIC_EOI */
    "   xor     %eax, %eax\n"
    "   xor     %edx, %edx\n"
    "   wrmsr\n"
    "   incl    msix_bench_hits(%rip)\n"
    "   pop     %rcx\n"
    "   pop     %rdx\n"
    "   pop     %rax\n"
    "   iretq\n");

static u64 lat[MAX_N];

/*
 * The first igb VF on the bus (slot 1-31), 0 if none.  A function that
 * still goes through the reset of its owner change reads all-ones: look
 * again every millisecond (TSC at 1 GHz: instructions under -icount), for
 * up to FIND_MS.
 */
static unsigned int find_vf(unsigned int *waited_ms)
{
    for (*waited_ms = 0; *waited_ms < FIND_MS; ++*waited_ms) {
        u64 t = rdtsc();

        for (unsigned int dev = 1; dev < 32; dev++) {
            u32 id = pci_read(dev, PCI_VENDOR_ID, 4);

            if (igb_is_vf((u16)id, (u16)(id >> 16)))
                return dev;
        }
        while (rdtsc() - t < 1000000)
            barrier();
    }
    return 0;
}

/* TSC, then the store that makes the VF send: nothing between them. */
static inline u64 stamp_and_fire(volatile u32 *eics)
{
    u32 lo, hi;

    __asm__ volatile("rdtsc\n\tmovl %[bit], (%[reg])"
                     : "=&a"(lo), "=&d"(hi)
                     : [reg] "r"(eics), [bit] "r"(1u)
                     : "memory");
    return (u64)hi << 32 | lo;
}

/* One message from the VF; the instructions until the handler's stamp. */
static u64 one_interrupt(volatile void *bar0)
{
    volatile u32 *eics = (volatile u32 *)((volatile u8 *)bar0 + IGBVF_EICS);
    u32 before = msix_bench_hits;
    unsigned int loops = 0;
    u64 t0;

    igb_wr(bar0, IGBVF_EICR, 1);        /* no stale cause: the set must raise */
    t0 = stamp_and_fire(eics);
    while (msix_bench_hits == before && ++loops < WAIT_LOOPS)
        barrier();
    if (msix_bench_hits != before + 1)
        fail("msix-bench: %u interrupts for one VTEICS write (waited %u loops)",
             msix_bench_hits - before, loops);
    return msix_bench_stamp - t0;
}

static void sort(u64 *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++) {
        u64 x = v[i];
        unsigned int j = i;

        for (; j && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

void test_msix_bench(void)
{
    unsigned int n = (unsigned int)cmdline_number("n=", 0) ?: DEFAULT_N;
    unsigned int waited_ms, dev = find_vf(&waited_ms), cap, bir;
    u64 bar[6], table_gpa;
    volatile u32 *entry0;
    volatile void *bar0;
    u32 apic_id = (u32)rdmsr(X2APIC_ID), tbl;
    u16 ctrl;

    if (n > MAX_N)
        fail("msix-bench: n=%u, at most %u", n, MAX_N);
    if (!dev)
        fail("msix-bench: no igb VF (8086:10ca) on bus 0 after %u ms", waited_ms);
    cap = pci_find_cap(dev, PCI_CAP_ID_MSIX);
    if (!cap)
        fail("msix-bench: VF at 00:%02x.0 shows no MSI-X capability", dev);

    pci_place_bars(dev, BAR_WINDOW, bar);
    tbl = pci_read(dev, cap + MSIX_TABLE, 4);
    bir = tbl & 7;
    if (bir > 5 || !bar[bir] || !bar[0])
        fail("msix-bench: BAR0 %#lx, MSI-X table in BAR %u (%#lx)", bar[0], bir,
             bir > 5 ? 0 : bar[bir]);
    table_gpa = bar[bir] + (tbl & ~7u);
    bar0 = (volatile void *)bar[0];
    entry0 = (volatile u32 *)table_gpa;
    pci_write(dev, PCI_COMMAND, 2, pci_read(dev, PCI_COMMAND, 2) |
              PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);

    /* Linux's order: enabled with the function masked, the entry
     * written masked, then unmasked, then the function unmasked. */
    ctrl = (u16)pci_read(dev, cap + MSIX_CTRL, 2);
    pci_write(dev, cap + MSIX_CTRL, 2, ctrl | MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL);
    entry0[MSIX_ENTRY_CTRL] = MSIX_ENTRY_MASKED;
    entry0[0] = MSI_ADDR_BASE | (apic_id & 0xff) << 12;  /* physical, fixed */
    entry0[1] = 0;
    entry0[2] = BENCH_VECTOR;                             /* edge */
    entry0[MSIX_ENTRY_CTRL] = 0;
    pci_write(dev, cap + MSIX_CTRL, 2, (ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_MASKALL);

    wrmsr(X2APIC_SVR, 0x1ff);                   /* enabled, spurious 0xff */
    set_gate(BENCH_VECTOR, msix_bench_entry);
    igb_wr(bar0, IGBVF_EIAC, 1);                /* cause 0 clears itself when sent */
    igb_wr(bar0, IGBVF_EIMS, 1);                /* and is not masked */
    printf("hvmguest: msix-bench VF 00:%02x.0 (after %u ms), BAR0 %#lx, MSI-X table %#lx "
           "(%u entries), vector %#x to APIC %u\n", dev, waited_ms, bar[0], table_gpa,
           (ctrl & MSIX_CTRL_SIZE) + 1u, BENCH_VECTOR, apic_id);

    __asm__ volatile("sti" ::: "memory");
    /* One outside the marks: every path has run once before the timed ones. */
    (void)one_interrupt(bar0);
    outb(0x80, 1);
    for (unsigned int i = 0; i < n; i++)
        lat[i] = one_interrupt(bar0);
    outb(0x80, 2);
    __asm__ volatile("cli" ::: "memory");

    igb_wr(bar0, IGBVF_EIMC, 1);
    pci_write(dev, cap + MSIX_CTRL, 2, ctrl & ~MSIX_CTRL_ENABLE);
    pci_write(dev, PCI_COMMAND, 2, pci_read(dev, PCI_COMMAND, 2) &
              ~(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER));
    set_gate(BENCH_VECTOR, NULL);

    sort(lat, n);
    printf("hvmguest: msix-bench %u interrupts (%u delivered): VTEICS write to "
           "handler min %lu median %lu max %lu\n", n, msix_bench_hits,
           lat[0], lat[n / 2], lat[n - 1]);
}
