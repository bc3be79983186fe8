/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading guest memory the way the guest's own CPU would: linear addresses
 * translated through the guest's page tables (its CR0/CR3/CR4/EFER at the
 * exit), then guest-physical addresses through its memory map.
 *
 * Used to fetch the bytes of an intercepted instruction (no decode assists
 * under SVM here) and for the memory operands of string port I/O.  All
 * paging modes: none, 32-bit (with 4 MiB pages), PAE, 4- and 5-level long
 * mode.  Permission checks follow the SDM/APM (present, reserved bits of
 * the PAE and long-mode formats against the guest's physical width, write
 * with CR0.WP, user, NX); accessed and dirty bits are set as the hardware
 * would for data accesses.  A walk is at most five table reads, each inside guest
 * RAM: a table outside it is reported, never followed.
 *
 * Lock rules: none.  The guest's tables may change under the walk (another
 * vCPU); each entry is read once, so the result is one the guest could
 * have got.
 */
#ifndef ASM_X86_HVM_GUEST_WALK_H
#define ASM_X86_HVM_GUEST_WALK_H

#include <mhv/types.h>
#include <asm/hvm/hvm.h>

struct hvm_memory;

#define HVM_ACCESS_WRITE    (1u << 1)   /* page-fault error code bits */
#define HVM_ACCESS_USER     (1u << 2)
#define HVM_ACCESS_FETCH    (1u << 4)

/*
 * Translate linear address @la for an access of kind @access.
 * Returns 0 with *@gpa, -EFAULT when the guest would take a page fault
 * (*@pfec: its error code), -EIO when a table lies outside guest RAM.
 */
int hvm_translate(const struct hvm_memory *m, const struct hvm_cpu_state *st,
                  u64 la, unsigned int access, u64 *gpa, u32 *pfec);

/*
 * Fetch up to @max bytes of the instruction at linear @la into @buf.
 * Returns how many bytes could be read (fewer at a page the guest cannot
 * fetch from), or -EIO as above.
 */
int hvm_fetch(const struct hvm_memory *m, const struct hvm_cpu_state *st,
              u64 la, u8 *buf, size_t max);

#endif /* ASM_X86_HVM_GUEST_WALK_H */
