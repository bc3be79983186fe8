/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest memory access for hypercall handlers: copy between the hypervisor
 * and the memory of the domain whose hypercall is running, at the guest
 * addresses it passed (arch/x86/domain.c, by guest kind).  A range the
 * guest cannot reach, or a fault during the copy (an unmapped or read-only
 * page), gives -EFAULT; 0 otherwise.
 */
#ifndef ASM_X86_GUEST_ACCESS_H
#define ASM_X86_GUEST_ACCESS_H

#include <mhv/types.h>

int copy_from_guest(void *dst, unsigned long src, size_t len);
int copy_to_guest(unsigned long dst, const void *src, size_t len);

/* The PV implementations (arch/x86/pv/guest_access.c). */
int pv_copy_from_guest(void *dst, unsigned long src, size_t len);
int pv_copy_to_guest(unsigned long dst, const void *src, size_t len);

#endif /* ASM_X86_GUEST_ACCESS_H */
