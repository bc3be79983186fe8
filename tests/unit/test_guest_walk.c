/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest page-table walker (arch/x86/hvm/guest_walk.c) over guest RAM
 * laid out by the real arch/x86/hvm/memory.c (its allocations and the
 * memory map stubbed here): page tables the test writes into guest RAM
 * in every paging mode -- none, 32-bit with and without CR4.PSE (and
 * PSE-36 addresses), PAE, 4- and 5-level long mode with 4 KiB, 2 MiB and
 * 1 GiB pages -- translate as the processor would; the permission checks
 * give the guest the page fault and error code the processor would
 * (user/supervisor, write with and without CR0.WP, NX with EFER.NXE,
 * SMEP); accessed and dirty bits are set as a data access sets them; a
 * table outside guest RAM is reported (-EIO), never followed; instruction
 * fetches cross pages and stop where the guest could not fetch.  The RAM
 * index itself: slots of 2 MiB pages and of 4 KiB pages, reads and writes
 * across them, the e820 map.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <asm/hvm/guest_walk.h>
#include <asm/hvm/memory.h>
#include <asm/hvm/linux_boot.h>
#include <asm/cpu.h>
#include <asm/page.h>
#include <mhv/mm.h>
#include <mhv/gpmap.h>
#include <mhv/errno.h>
#include "harness.h"

/* ------------------------------------------------------------ host pages */

#define RAM_BYTES       (8ull << 20)
#define SMALL_PAGES     1100
static uint8_t *big_arena;          /* 2 MiB pages, 2 MiB-aligned */
static unsigned int big_next, big_max;
static uint8_t *small_arena;
static unsigned int small_next;
static bool big_pages_fail;         /* the allocator has no 2 MiB page */
static unsigned long ram_added, small_freed;

static paddr_t pa_of(const void *p)
{
    return (paddr_t)((uintptr_t)p - DIRECTMAP_VIRT);
}

paddr_t alloc_pages(unsigned int order)
{
    assert_int_equal(order, SUPERPAGE_SHIFT - PAGE_SHIFT);
    if (big_pages_fail || big_next == big_max)
        return 0;
    return pa_of(big_arena + (size_t)big_next++ * SUPERPAGE_SIZE);
}

void *alloc_page_va(void)
{
    if (small_next == SMALL_PAGES)
        return NULL;
    return memset(small_arena + (size_t)small_next++ * PAGE_SIZE, 0, PAGE_SIZE);
}

void free_pages(paddr_t pa, unsigned int order)
{
    fail_msg("no page is freed: the map would free them");
}

void free_page_va(void *va)
{
    small_freed++;
}

int gpmap_add_ram(struct domain *d, u64 gaddr, paddr_t pa, unsigned long npages,
                  unsigned int flags)
{
    assert_int_equal(flags, GPMAP_WRITE | GPMAP_EXEC | GPMAP_OWNED);
    ram_added += npages;
    return 0;
}

/* ------------------------------------------------------------ guest RAM */

static struct hvm_memory mem;

static void *gva(u64 gpa)
{
    size_t n;
    void *p = hvm_memory_va(&mem, gpa, &n);

    assert_non_null(p);
    return p;
}

static void put64(u64 gpa, u64 v)
{
    memcpy(gva(gpa), &v, 8);
}

static void put32(u64 gpa, u32 v)
{
    memcpy(gva(gpa), &v, 4);
}

static u64 get64(u64 gpa)
{
    u64 v;

    memcpy(&v, gva(gpa), 8);
    return v;
}

static u32 get32(u64 gpa)
{
    u32 v;

    memcpy(&v, gva(gpa), 4);
    return v;
}

#define P       (1ull << 0)
#define RW      (1ull << 1)
#define US      (1ull << 2)
#define A       (1ull << 5)
#define D       (1ull << 6)
#define PS      (1ull << 7)
#define NX      (1ull << 63)
#define TBL     (P | RW | US)

#define EFER_LMA_BIT    (1ull << 10)
#define CR4_PSE         (1ull << 4)
#define CR4_LA57        (1ull << 12)

static int setup(void **state)
{
    big_next = 0;
    small_next = 0;
    big_pages_fail = false;
    ram_added = small_freed = 0;
    assert_int_equal(hvm_memory_alloc(NULL, &mem, RAM_BYTES), 0);
    assert_int_equal(ram_added, RAM_BYTES / PAGE_SIZE);
    return 0;
}

static int teardown(void **state)
{
    hvm_memory_free(&mem);
    assert_null(mem.slots);
    return 0;
}

static struct hvm_cpu_state long_mode(u64 cr3)
{
    return (struct hvm_cpu_state){
        .cr0 = X86_CR0_PG | X86_CR0_WP | 1, .cr3 = cr3, .cr4 = X86_CR4_PAE,
        .efer = EFER_LMA_BIT | EFER_LME | EFER_NXE, .cs_l = true,
        .maxphyaddr = 48,
    };
}

static int xlate(const struct hvm_cpu_state *st, u64 la, unsigned int access,
                 u64 *gpa, u32 *pfec)
{
    *gpa = ~0ull;
    *pfec = ~0u;
    return hvm_translate(&mem, st, la, access, gpa, pfec);
}

/* ------------------------------------------------------------ tests */

static void test_no_paging(void **state)
{
    struct hvm_cpu_state st = { .cr0 = 1 };
    u64 gpa;
    u32 pfec;

    assert_int_equal(xlate(&st, 0x1234567812345678ull, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x12345678);      /* 32-bit linear addresses */
    st.efer = EFER_LMA_BIT;
    assert_int_equal(xlate(&st, 0x12345678ull, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x12345678);
}

/*
 * 4-level long mode: a 4 KiB page under the kernel's half, a 2 MiB page
 * and a 1 GiB page, with the accessed and dirty bits a data access sets.
 */
static void test_long_mode_pages(void **state)
{
    struct hvm_cpu_state st = long_mode(0x1000);
    u64 la = 0xffff800000201234ull, gpa;
    u32 pfec;

    put64(0x1000 + 256 * 8, 0x2000 | TBL);      /* PML4[256] */
    put64(0x2000 + 0 * 8, 0x3000 | TBL);        /* PDPT[0] */
    put64(0x3000 + 1 * 8, 0x4000 | TBL);        /* PD[1] */
    put64(0x4000 + 1 * 8, 0x5000 | P | RW);     /* PT[1]: the page at 0x5000 */

    assert_int_equal(xlate(&st, la, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x5234);
    assert_true(get64(0x1000 + 256 * 8) & A);
    assert_true(get64(0x4000 + 8) & A);
    assert_false(get64(0x4000 + 8) & D);        /* a read dirties nothing */
    assert_int_equal(xlate(&st, la, HVM_ACCESS_WRITE, &gpa, &pfec), 0);
    assert_true(get64(0x4000 + 8) & D);
    assert_false(get64(0x3000 + 8) & D);        /* only the leaf */

    /* 2 MiB: PD[2] maps 0x600000. */
    put64(0x3000 + 2 * 8, 0x600000 | P | RW | PS);
    assert_int_equal(xlate(&st, 0xffff800000412345ull, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x612345);

    /* 1 GiB: PDPT[1] maps 1 GiB at 0x40000000 (outside RAM: the walk
     * says where, the caller finds nothing there). */
    put64(0x2000 + 1 * 8, 0x40000000 | P | RW | PS);
    assert_int_equal(xlate(&st, 0xffff800076543210ull, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x76543210);
}

static void test_five_levels(void **state)
{
    struct hvm_cpu_state st = long_mode(0x1000);
    u64 la = (1ull << 48) | 0x3000, gpa;       /* PML5[1], then index 0s */
    u32 pfec;

    st.cr4 |= CR4_LA57;
    put64(0x1000 + 1 * 8, 0x2000 | TBL);
    put64(0x2000, 0x3000 | TBL);
    put64(0x3000, 0x4000 | TBL);
    put64(0x4000, 0x5000 | TBL);
    put64(0x5000 + 3 * 8, 0x7000 | P);
    assert_int_equal(xlate(&st, la, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x7000);
    /* Without LA57 the same tables are four levels from PML4[0]. */
    st.cr4 &= ~CR4_LA57;
    assert_int_equal(xlate(&st, la, 0, &gpa, &pfec), -EFAULT);
}

static void test_pae(void **state)
{
    struct hvm_cpu_state st = {
        .cr0 = X86_CR0_PG | 1, .cr3 = 0x1020, .cr4 = X86_CR4_PAE,
        .maxphyaddr = 48,
    };
    u64 gpa;
    u32 pfec;

    put64(0x1020 + 3 * 8, 0x2000 | P);         /* PDPTE[3]: 0xc0000000.. */
    put64(0x2000 + 1 * 8, 0x3000 | TBL);        /* PD[1] */
    put64(0x3000 + 5 * 8, 0x6000 | P);          /* 4 KiB */
    put64(0x2000 + 2 * 8, 0x400000 | P | PS);   /* 2 MiB */
    assert_int_equal(xlate(&st, 0xc0205abcull, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x6abc);
    assert_int_equal(xlate(&st, 0xc0412345ull, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x412345);
    /* A PDPTE that is not present: a not-present fault. */
    assert_int_equal(xlate(&st, 0x00001000ull, HVM_ACCESS_WRITE, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, HVM_ACCESS_WRITE);
}

/* 32-bit paging: 4 KiB pages, 4 MiB pages only with CR4.PSE (the bit is
 * ignored without it), PSE-36 address bits. */
static void test_32bit(void **state)
{
    struct hvm_cpu_state st = { .cr0 = X86_CR0_PG | 1, .cr3 = 0x1000 };
    u64 gpa;
    u32 pfec;

    put32(0x1000 + 1 * 4, 0x2000 | TBL);        /* PD[1]: 0x400000.. */
    put32(0x2000 + 3 * 4, 0x7000 | P);
    assert_int_equal(xlate(&st, 0x403abcull, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x7abc);
    assert_true(get32(0x1000 + 4) & A);

    /* PD[2] with PS: a 4 MiB page with CR4.PSE; with address bits 39:32
     * in bits 20:13 (PSE-36). */
    put32(0x1000 + 2 * 4, 0x00400000 | (0x12u << 13) | P | PS);
    st.cr4 = CR4_PSE;
    assert_int_equal(xlate(&st, 0x823456ull, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x1200423456ull);
    /* Without CR4.PSE the entry points at a page table (0x400000 here,
     * zero: not present). */
    st.cr4 = 0;
    assert_int_equal(xlate(&st, 0x823456ull, 0, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, 0);
}

/* The permission checks and the error codes of the faults. */
static void test_permissions(void **state)
{
    struct hvm_cpu_state st = long_mode(0x1000);
    u64 gpa;
    u32 pfec;

    put64(0x1000, 0x2000 | TBL);
    put64(0x2000, 0x3000 | TBL);
    put64(0x3000, 0x4000 | TBL);
    put64(0x4000 + 1 * 8, 0x10000 | P);                 /* supervisor, read-only */
    put64(0x4000 + 2 * 8, 0x11000 | P | RW | US | NX);  /* user data */
    put64(0x4000 + 3 * 8, 0x12000 | P | US);            /* user, read-only */

    /* Not present: P clear, the access's bits. */
    assert_int_equal(xlate(&st, 0x9000, HVM_ACCESS_USER | HVM_ACCESS_WRITE, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, HVM_ACCESS_USER | HVM_ACCESS_WRITE);
    /* User read of a supervisor page. */
    assert_int_equal(xlate(&st, 0x1000, HVM_ACCESS_USER, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, 1 | HVM_ACCESS_USER);
    /* Supervisor write of a read-only page: with CR0.WP a fault, without
     * allowed. */
    assert_int_equal(xlate(&st, 0x1000, HVM_ACCESS_WRITE, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, 1 | HVM_ACCESS_WRITE);
    st.cr0 &= ~X86_CR0_WP;
    assert_int_equal(xlate(&st, 0x1000, HVM_ACCESS_WRITE, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x10000);
    /* A user write of a read-only page faults whatever CR0.WP says. */
    assert_int_equal(xlate(&st, 0x3000, HVM_ACCESS_USER | HVM_ACCESS_WRITE, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, 1 | HVM_ACCESS_USER | HVM_ACCESS_WRITE);
    /* NX: a fetch faults with EFER.NXE; without it the bit means nothing
     * here. */
    assert_int_equal(xlate(&st, 0x2000, HVM_ACCESS_USER | HVM_ACCESS_FETCH, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, 1 | HVM_ACCESS_USER | HVM_ACCESS_FETCH);
    assert_int_equal(xlate(&st, 0x2000, HVM_ACCESS_USER | HVM_ACCESS_WRITE, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x11000);
    /* SMEP: the supervisor does not fetch from a user page. */
    assert_int_equal(xlate(&st, 0x3000, HVM_ACCESS_FETCH, &gpa, &pfec), 0);
    st.cr4 |= X86_CR4_SMEP;
    assert_int_equal(xlate(&st, 0x3000, HVM_ACCESS_FETCH, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, 1 | HVM_ACCESS_FETCH);
    /* A fault sets no accessed bit on the leaf it refused. */
    put64(0x4000 + 4 * 8, 0x13000 | P | US);
    assert_int_equal(xlate(&st, 0x4000, HVM_ACCESS_USER | HVM_ACCESS_WRITE, &gpa, &pfec), -EFAULT);
    assert_false(get64(0x4000 + 4 * 8) & A);
}

/* A table outside guest RAM (the MMIO hole, beyond the end) is reported,
 * never followed: for CR3 and for an entry on the way. */
static void test_tables_outside_ram(void **state)
{
    struct hvm_cpu_state st = long_mode(0xc0000000);
    u64 gpa;
    u32 pfec;

    assert_int_equal(xlate(&st, 0x1000, 0, &gpa, &pfec), -EIO);
    st.cr3 = 0x1000;
    put64(0x1000, 0x2000 | TBL);
    put64(0x2000, RAM_BYTES | TBL);             /* the PD past the end */
    assert_int_equal(xlate(&st, 0x1000, 0, &gpa, &pfec), -EIO);
    /* 32-bit PAE: the PDPTE itself outside RAM. */
    st = (struct hvm_cpu_state){ .cr0 = X86_CR0_PG | 1, .cr3 = 0xfec00000,
                                 .cr4 = X86_CR4_PAE };
    assert_int_equal(xlate(&st, 0x1000, 0, &gpa, &pfec), -EIO);
}

/*
 * Reserved bits stop the walk with a reserved-bit fault (error code P and
 * RSVD with the access's bits), as the CPU's own walk does: address bits
 * above the guest's physical width, NX without EFER.NXE, PS in a PML4E,
 * the bits below a large page's size (its PAT bit 12 excepted), a PAE
 * PDPTE's access bits.
 */
static void test_reserved_bits(void **state)
{
    struct hvm_cpu_state st = long_mode(0x1000);
    const u32 rsvd = 1 | 8;
    u64 la = 0x40201234ull, gpa;
    u32 pfec;

    put64(0x1000, 0x2000 | TBL);                /* PML4[0] */
    put64(0x2000 + 1 * 8, 0x3000 | TBL);        /* PDPT[1] */
    put64(0x3000 + 1 * 8, 0x4000 | TBL);        /* PD[1] */
    put64(0x4000 + 1 * 8, 0x5000 | P | RW);     /* PT[1] */
    assert_int_equal(xlate(&st, la, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x5234);

    /* Bit 48 of the page's address with a 48-bit guest; not with 52. */
    put64(0x4000 + 1 * 8, (1ull << 48) | 0x5000 | P | RW);
    assert_int_equal(xlate(&st, la, HVM_ACCESS_WRITE, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, rsvd | HVM_ACCESS_WRITE);
    st.maxphyaddr = 52;
    assert_int_equal(xlate(&st, la, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, (1ull << 48) | 0x5234);
    st.maxphyaddr = 48;
    put64(0x4000 + 1 * 8, 0x5000 | P | RW);

    /* NX in the PD entry: reserved without EFER.NXE, a fetch fault with. */
    put64(0x3000 + 1 * 8, 0x4000 | TBL | NX);
    assert_int_equal(xlate(&st, la, HVM_ACCESS_FETCH, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, 1 | HVM_ACCESS_FETCH);
    st.efer &= ~EFER_NXE;
    assert_int_equal(xlate(&st, la, HVM_ACCESS_FETCH, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, rsvd | HVM_ACCESS_FETCH);
    st.efer |= EFER_NXE;
    put64(0x3000 + 1 * 8, 0x4000 | TBL);

    /* PS in a PML4E. */
    put64(0x1000, 0x2000 | TBL | PS);
    assert_int_equal(xlate(&st, la, 0, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, rsvd);
    put64(0x1000, 0x2000 | TBL);

    /* A 2 MiB page: bit 12 is its PAT bit, bits 20:13 are reserved. */
    put64(0x3000 + 1 * 8, 0x200000 | P | RW | PS | (1ull << 12));
    assert_int_equal(xlate(&st, la, 0, &gpa, &pfec), 0);
    assert_int_equal(gpa, 0x201234);
    put64(0x3000 + 1 * 8, 0x200000 | P | RW | PS | (1ull << 13));
    assert_int_equal(xlate(&st, la, 0, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, rsvd);
    /* A 1 GiB page: bits 29:13. */
    put64(0x2000 + 1 * 8, 0x40000000 | P | RW | PS | (1ull << 20));
    assert_int_equal(xlate(&st, la, 0, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, rsvd);

    /* PAE: a PDPTE with its RW bit (reserved there). */
    st = (struct hvm_cpu_state){ .cr0 = X86_CR0_PG | 1, .cr3 = 0x1020,
                                 .cr4 = X86_CR4_PAE, .maxphyaddr = 48 };
    put64(0x1020, 0x2000 | P | RW);
    assert_int_equal(xlate(&st, 0x1000, 0, &gpa, &pfec), -EFAULT);
    assert_int_equal(pfec, rsvd);
}

/* Instruction bytes across a page boundary, and up to a page the guest
 * cannot fetch from. */
static void test_fetch(void **state)
{
    struct hvm_cpu_state st = long_mode(0x1000);
    u8 buf[15], want[15];

    put64(0x1000, 0x2000 | TBL);
    put64(0x2000, 0x3000 | TBL);
    put64(0x3000, 0x4000 | TBL);
    put64(0x4000 + 1 * 8, 0x9000 | P);          /* la 0x1000 -> 0x9000 */
    put64(0x4000 + 2 * 8, 0x5000 | P);          /* la 0x2000 -> 0x5000 */
    for (unsigned int i = 0; i < 15; i++)
        want[i] = (u8)(0xa0 + i);
    memcpy(gva(0x9ffd), want, 3);
    memcpy(gva(0x5000), want + 3, 12);

    assert_int_equal(hvm_fetch(&mem, &st, 0x1ffd, buf, 15), 15);
    assert_memory_equal(buf, want, 15);
    /* The second page not executable: the bytes of the first only. */
    put64(0x4000 + 2 * 8, 0x5000 | P | NX);
    assert_int_equal(hvm_fetch(&mem, &st, 0x1ffd, buf, 15), 3);
    /* Nothing to fetch at all. */
    assert_int_equal(hvm_fetch(&mem, &st, 0x7000, buf, 15), 0);
    /* A user-mode fetch of a supervisor page gets nothing. */
    st.cpl = 3;
    assert_int_equal(hvm_fetch(&mem, &st, 0x1ffd, buf, 15), 0);
}

/* The RAM index: slots of 4 KiB pages when the allocator has no 2 MiB
 * page; copies across slots; guest-physical addresses that are not RAM. */
static void test_memory_index(void **state)
{
    struct linux_e820 map[8];
    u8 out[64], in[64];
    size_t n;
    unsigned int nr;

    assert_int_equal(mem.split_slots, 0);
    assert_non_null(hvm_memory_va(&mem, 0x1fffff, &n));
    assert_int_equal(n, 1);
    hvm_memory_free(&mem);

    big_pages_fail = true;
    ram_added = 0;
    assert_int_equal(hvm_memory_alloc(NULL, &mem, 4ull << 20), 0);
    assert_int_equal(ram_added, 1024);
    assert_int_equal(mem.split_slots, 2);
    assert_non_null(hvm_memory_va(&mem, 0x1fffff, &n));
    assert_int_equal(n, 1);
    assert_non_null(hvm_memory_va(&mem, 0x3000, &n));
    assert_int_equal(n, PAGE_SIZE);
    for (unsigned int i = 0; i < sizeof(out); i++)
        out[i] = (u8)i;
    assert_int_equal(hvm_memory_write(&mem, 0x1fffe0, out, sizeof(out)), 0);
    assert_int_equal(hvm_memory_read(&mem, in, 0x1fffe0, sizeof(in)), 0);
    assert_memory_equal(in, out, sizeof(in));
    assert_int_equal(hvm_memory_read(&mem, in, 0x3fffe0, sizeof(in)), -EFAULT);
    assert_null(hvm_memory_va(&mem, 0xfec00000, &n));
    assert_false(hvm_memory_is_ram(&mem, 4ull << 20));

    nr = hvm_memory_e820(&mem, map, 8);
    assert_int_equal(nr, 5);
    assert_int_equal(map[4].addr, 0x100000);
    assert_int_equal(map[4].addr + map[4].size, 4ull << 20);

    /* Sizes refused: not a multiple of 2 MiB, below the minimum. */
    hvm_memory_free(&mem);
    assert_int_equal(hvm_memory_alloc(NULL, &mem, (4ull << 20) + PAGE_SIZE), -EINVAL);
    assert_int_equal(hvm_memory_alloc(NULL, &mem, 2ull << 20), -EINVAL);
    big_pages_fail = false;
    big_next = 0;
    assert_int_equal(hvm_memory_alloc(NULL, &mem, RAM_BYTES), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_no_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_mode_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_five_levels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pae, setup, teardown),
        cmocka_unit_test_setup_teardown(test_32bit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tables_outside_ram, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reserved_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fetch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memory_index, setup, teardown),
    };

    big_max = RAM_BYTES / SUPERPAGE_SIZE;
    big_arena = aligned_alloc(SUPERPAGE_SIZE, RAM_BYTES);
    small_arena = aligned_alloc(PAGE_SIZE, (size_t)SMALL_PAGES * PAGE_SIZE);
    if (!big_arena || !small_arena)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
