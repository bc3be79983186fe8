/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PV domain's access to a BAR mapping it lost with a device that left it
 * (domain/bar_gone.c).
 *
 * A device that goes away -- hot-unplugged, removed, taken back -- loses
 * its owner's BAR mappings before the owner is told (<mhv/passthrough/
 * bar_map.h>), and a driver may touch its device at that moment or until
 * it has taken the news.  On real hardware such an access reaches a
 * device that is not there any more: reads complete with all-ones, writes
 * go nowhere, and the driver finds out.  A PV domain gets the same: its
 * page fault on the lost mapping is answered by emulating the instruction
 * -- a read gives all-ones, a write is dropped -- and it runs on (the
 * first read and the first write of each lost mapping logged), instead of
 * being crashed for a device going away.  This is what an HVM guest's
 * driver gets from its virtual PCI bus already (docs/vpci.md).  Only the
 * MOV forms a driver uses on MMIO are emulated (<asm/x86_decode.h>);
 * anything else faults as before.
 */
#ifndef MHV_DOMAIN_BAR_GONE_H
#define MHV_DOMAIN_BAR_GONE_H

#include <mhv/types.h>

struct vcpu;
struct cpu_user_regs;

/*
 * @regs is @v's page fault at @cr2.  If it is a data access of a PV
 * domain to a BAR mapping it lost, complete it as a removed device would
 * (a load gets all-ones, a store is dropped, RIP moves past it) and
 * return true; otherwise false (the fault stands).  @pre interrupts on,
 * no lock held.
 */
bool pv_bar_gone_access(struct vcpu *v, struct cpu_user_regs *regs, u64 cr2);

#endif /* MHV_DOMAIN_BAR_GONE_H */
