/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runtime of mhv's HVM test guests: ring-0 64-bit programs booted as
 * a bzImage (head.S).  COM1 output (printf, one line at a time), an IDT
 * with a handler per vector (or a raw gate), the x2APIC through MSRs,
 * power off through the ACPI sleep register, the boot_params the loader
 * filled, and PCI configuration space of the virtual bus (pci.c).
 *
 * The string and printf code is the hypervisor's own (common/string.c,
 * common/vsnprintf.c), compiled again for the guest.
 */
#ifndef HVMGUEST_GUEST_H
#define HVMGUEST_GUEST_H

#include <mhv/lib.h>
#include <hvmguest/guest_asm.h>

/* The registers guest_trap() gets (head.S's push order, reversed). */
struct guest_frame {
    u64 r15, r14, r13, r12, r11, r10, r9, r8;
    u64 rdi, rsi, rbp, rbx, rdx, rcx, rax;
    u64 vector, error_code;
    u64 rip, cs, rflags, rsp, ss;
};

typedef void (*guest_handler_t)(struct guest_frame *f);

/* Install @h for @vector (NULL: unexpected, which fails the test). */
void set_handler(unsigned int vector, guest_handler_t h);
/*
 * Point @vector's IDT gate at @entry itself (NULL: back to the common
 * stub and set_handler()'s handler): for a handler that must run its first
 * instruction before any register is saved.  @entry ends with IRETQ.
 */
void set_gate(unsigned int vector, void (*entry)(void));

static inline void outb(u16 port, u8 v)
{
    __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
    u8 v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outl(u16 port, u32 v)
{
    __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port));
}

static inline u32 inl(u16 port)
{
    u32 v;

    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline u64 rdmsr(u32 msr)
{
    u32 lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
    return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
    __asm__ volatile("wrmsr" :: "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}

static inline void cpuid(u32 leaf, u32 sub, u32 r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

static inline u64 rdtsc(void)
{
    u32 lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((u64)hi << 32) | lo;
}

static inline void sti_hlt(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* x2APIC registers used here. */
#define X2APIC_ID       0x802
#define X2APIC_EOI      0x80b
#define X2APIC_SVR      0x80f
#define X2APIC_ICR      0x830
#define X2APIC_LVTT     0x832
#define X2APIC_TMICT    0x838
#define X2APIC_TMCCT    0x839
#define X2APIC_TDCR     0x83e
#define X2APIC_SELF_IPI 0x83f
#define MSR_APIC_BASE   0x1b

int printf(const char *fmt, ...) __printf(1, 2);
/* Power the guest off (ACPI S5): never returns. */
void __noreturn power_off(void);
/* Print "hvmguest: FAIL: ..." and power off. */
void __noreturn fail(const char *fmt, ...) __printf(1, 2);

/* The end of the RAM below 4 GiB (the boot_params' e820 map). */
extern u64 guest_ram_end_low;

/* The command line the loader passed ("" if none). */
extern const char *guest_cmdline;
/* Is "@word" one of the command line's words? */
bool cmdline_has(const char *word);
/* The number after the @nth word that starts with @key ("n=" in "n=200"), 0 if none. */
u64 cmdline_number(const char *key, unsigned int nth);

/* PCI configuration space of bus 0, device @dev, function 0 (pci.c). */
#define PCI_VENDOR_ID       0x00
#define PCI_COMMAND         0x04
#define  PCI_COMMAND_MEMORY 0x2
#define  PCI_COMMAND_MASTER 0x4
#define PCI_BAR0            0x10
#define PCI_CAP_PTR         0x34
#define PCI_CAP_ID_MSIX     0x11

/* Read or write @size (1, 2, 4) bytes at @reg, inside one dword. */
u32 pci_read(unsigned int dev, unsigned int reg, unsigned int size);
void pci_write(unsigned int dev, unsigned int reg, unsigned int size, u32 v);
/* The offset of capability @id in the list, 0 if it is not there. */
unsigned int pci_find_cap(unsigned int dev, u8 id);
/*
 * Size the memory BARs and place each at the next address from @base
 * aligned to its size; bar_gpa[i] gets BAR i's address (0: an I/O BAR,
 * none, or the upper half of a 64-bit one).  Memory decoding must be off.
 * Returns the address after the last one.
 */
u64 pci_place_bars(unsigned int dev, u64 base, u64 bar_gpa[6]);

/* The test programs (selected by the command line). */
void test_boot(void);
void test_hostile(void);
void test_echo(void);
void test_cpuid_bench(void);
void test_msix_bench(void);

#endif /* HVMGUEST_GUEST_H */
