/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HVM domains, their life cycle (domain/hvm.c): the control domain's
 * MHV_DOMCTL_hvm_* operations (<public/hvm.h>) create a domain from boot
 * modules ("hvm NAME" images: a bzImage and its initramfs), read its state
 * and exit counts, and destroy it.  What such a domain is and runs is the
 * x86 side's (<asm/hvm/domain.h>); this layer gives it an id, a name and
 * its place on the domain list, and takes it down: a guest that powers
 * off, resets, triple-faults or crashes ends in hvm_domain_kill() (declared
 * by the x86 side, which calls it), which gives back its devices and stops
 * its vCPUs; the memory goes when the last vCPU has left its CPU, the rest
 * when the control domain destroys it.
 *
 * Lifetimes: RUNNING -> DYING (hvm_domain_kill(), once) -> SHUTDOWN or
 * CRASHED (published by domain_free_address_space() when everything but
 * the structs is free) -> gone (hvm_domain_destroy(), which waits for
 * that state: -EAGAIN before).
 */
#ifndef MHV_DOMAIN_HVM_H
#define MHV_DOMAIN_HVM_H

struct mhv_domctl;

/*
 * MHV_DOMCTL_hvm_create, _info, _destroy: @op copied in, @arg the caller's
 * address of it (the results go back there).  @pre the caller is the
 * control domain (do_domctl() checked it); interrupts on.
 */
long hvm_domctl(struct mhv_domctl *op, unsigned long arg);

#endif /* MHV_DOMAIN_HVM_H */
