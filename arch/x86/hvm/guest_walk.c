/* SPDX-License-Identifier: GPL-2.0 */
/* Guest page-table walks (<asm/hvm/guest_walk.h>). */
#include <asm/hvm/guest_walk.h>
#include <asm/hvm/memory.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <asm/cpu.h>
#include <asm/page.h>

#define X86_CR4_PSE     (1ull << 4)
#define X86_CR4_LA57    (1ull << 12)
#define EFER_LMA_BIT    (1ull << 10)
#define PT_P            (1ull << 0)
#define PT_RW           (1ull << 1)
#define PT_US           (1ull << 2)
#define PT_A            (1ull << 5)
#define PT_D            (1ull << 6)
#define PT_PS           (1ull << 7)
#define PT_NX           (1ull << 63)
#define PT_ADDR         0x000ffffffffff000ull
#define PFEC_PRESENT    (1u << 0)
#define PFEC_RSVD       (1u << 3)

/* Address bits [51:@maxphyaddr] of a PAE or long-mode entry. */
static u64 above_maxphyaddr(unsigned int maxphyaddr)
{
    return maxphyaddr >= 52 ? 0 : PT_ADDR & ~((1ull << maxphyaddr) - 1);
}

/*
 * The reserved bits of a PAE or long-mode entry at @level (1: the page
 * table), a leaf (@leaf) or not, beyond @rsvd (those of every entry):
 * what makes the CPU's own walk stop with a reserved-bit page fault.  Bit
 * 12 of a large page is its PAT bit; the ones below the page size are
 * reserved.
 */
static u64 reserved_bits(u64 rsvd, bool lma, int level, bool leaf)
{
    if (lma && level >= 4)
        rsvd |= PT_PS;
    if (leaf && level > 1)
        rsvd |= ((1ull << (12 + 9 * (level - 1))) - 1) & ~0x1fffull;
    return rsvd;
}

/* Set @bits in the guest's table entry at @va (@wide: 8 bytes, else 4). */
static void set_bits(void *va, bool wide, u64 bits, u64 old)
{
    if ((old & bits) == bits)
        return;
    if (wide)
        __atomic_fetch_or((u64 *)va, bits, __ATOMIC_RELAXED);
    else
        __atomic_fetch_or((u32 *)va, (u32)bits, __ATOMIC_RELAXED);
}

int hvm_translate(const struct hvm_memory *m, const struct hvm_cpu_state *st,
                  u64 la, unsigned int access, u64 *gpa, u32 *pfec)
{
    bool user = access & HVM_ACCESS_USER, write = access & HVM_ACCESS_WRITE;
    bool fetch = access & HVM_ACCESS_FETCH;
    bool lma = st->efer & EFER_LMA_BIT, pae = st->cr4 & X86_CR4_PAE;
    bool nxe = st->efer & EFER_NXE, wide = lma || pae;
    bool rw = true, us = true, nx = false;
    u64 rsvd = above_maxphyaddr(st->maxphyaddr) | (nxe ? 0 : PT_NX);
    int levels;
    u64 table, e = 0;
    void *eva[5];
    u64 eold[5];
    int depth = 0;

    if (!(st->cr0 & X86_CR0_PG)) {
        *gpa = lma ? la : (u32)la;
        return 0;
    }
    if (lma) {
        levels = (st->cr4 & X86_CR4_LA57) ? 5 : 4;
        table = st->cr3 & PT_ADDR;
    } else if (pae) {
        /* The PDPTE: hardware caches the four at CR3 loads; reading them
         * now gives what the guest last wrote there. */
        size_t n;
        u64 *pdpte = hvm_memory_va(m, (st->cr3 & 0xffffffe0ull) + ((la >> 30) & 3) * 8, &n);

        if (!pdpte)
            return -EIO;
        e = READ_ONCE(*pdpte);
        if (!(e & PT_P))
            goto fault_np;
        /* A PDPTE has no access bits: 2:1, 8:5 and NX are reserved. */
        if (e & (rsvd | PT_NX | 0x1e6ull))
            goto fault_rsvd;
        levels = 2;
        table = e & PT_ADDR;
    } else {
        levels = 2;
        table = st->cr3 & 0xfffff000ull;
        la = (u32)la;
    }

    for (int level = levels; level >= 1; level--) {
        unsigned int shift = 12 + (wide ? 9 : 10) * (level - 1);
        unsigned int idx = wide ? (la >> shift) & 511 : (la >> shift) & 1023;
        size_t n;
        void *va = hvm_memory_va(m, table + idx * (wide ? 8 : 4), &n);
        bool leaf;

        if (!va)
            return -EIO;
        e = wide ? READ_ONCE(*(u64 *)va) : READ_ONCE(*(u32 *)va);
        if (!(e & PT_P))
            goto fault_np;
        /* Large pages: 2 MiB (PAE, long mode) or 4 MiB (32-bit paging,
         * with CR4.PSE only: without it the bit is ignored), 1 GiB in
         * long mode. */
        leaf = level == 1 ||
               ((e & PT_PS) && ((level == 2 && (wide || (st->cr4 & X86_CR4_PSE))) ||
                                (level == 3 && lma)));
        /* 32-bit paging's only reserved bits (a 4 MiB page's PSE-36 bit
         * 21) are not checked. */
        if (wide && (e & reserved_bits(rsvd, lma, level, leaf)))
            goto fault_rsvd;
        rw &= !!(e & PT_RW);
        us &= !!(e & PT_US);
        nx |= nxe && (e & PT_NX);
        eva[depth] = va;
        eold[depth++] = e;
        if (!leaf) {
            table = e & PT_ADDR;
            continue;
        }
        if (user && !us)
            goto fault_prot;
        if (write && !rw && (user || (st->cr0 & X86_CR0_WP)))
            goto fault_prot;
        if (fetch && nx)
            goto fault_prot;
        if (fetch && !user && us && (st->cr4 & X86_CR4_SMEP))
            goto fault_prot;
        if (level == 1) {
            *gpa = (e & PT_ADDR) | (la & 0xfff);
        } else if (wide) {
            u64 mask = (1ull << shift) - 1;

            *gpa = ((e & PT_ADDR) & ~mask) | (la & mask);
        } else {
            /* 4 MiB page; PSE-36 puts address bits 39:32 in 20:13. */
            *gpa = (e & 0xffc00000ull) | (((e >> 13) & 0xff) << 32) |
                   (la & 0x3fffff);
        }
        /* What the CPU's own walk would have set. */
        for (int i = 0; i < depth; i++)
            set_bits(eva[i], wide, PT_A | (i == depth - 1 && write ? PT_D : 0),
                     eold[i]);
        return 0;
    }
 fault_np:
    *pfec = access & (HVM_ACCESS_WRITE | HVM_ACCESS_USER | HVM_ACCESS_FETCH);
    return -EFAULT;
 fault_prot:
    *pfec = PFEC_PRESENT | (access & (HVM_ACCESS_WRITE | HVM_ACCESS_USER | HVM_ACCESS_FETCH));
    return -EFAULT;
 fault_rsvd:
    *pfec = PFEC_PRESENT | PFEC_RSVD |
            (access & (HVM_ACCESS_WRITE | HVM_ACCESS_USER | HVM_ACCESS_FETCH));
    return -EFAULT;
}

int hvm_fetch(const struct hvm_memory *m, const struct hvm_cpu_state *st,
              u64 la, u8 *buf, size_t max)
{
    unsigned int access = HVM_ACCESS_FETCH | (st->cpl == 3 ? HVM_ACCESS_USER : 0);
    size_t got = 0;

    while (got < max) {
        size_t in_page = PAGE_SIZE - ((la + got) & (PAGE_SIZE - 1)), n;
        u64 gpa;
        u32 pfec;
        int rc = hvm_translate(m, st, la + got, access, &gpa, &pfec);
        const void *va;

        if (rc == -EIO)
            return rc;
        if (rc)
            break;
        va = hvm_memory_va(m, gpa, &n);
        if (!va)
            break;
        n = min(n, in_page);
        n = min(n, max - got);
        memcpy(buf + got, va, n);
        got += n;
    }
    return (int)got;
}
