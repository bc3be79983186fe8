/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Machine checks (arch/x86/mce.c).
 *
 * Every CPU enables machine-check reporting (MCG_CTL and each bank's
 * MCi_CTL all ones), clears the banks -- after printing any error a bank
 * still holds from before this boot -- and only then sets CR4.MCE, so a
 * machine check reaches its handler instead of shutting the CPU down.
 * The #MC handler runs on its own IST stack (any context: a guest, the
 * hypervisor, another IST handler), prints MCG_STATUS and every bank that
 * holds an error, and panics: mhv recovers from no machine check (it has
 * no way to tell which domain a poisoned page or a failing bank belongs
 * to, and the error may be in its own memory).
 */
#ifndef ASM_X86_MCE_H
#define ASM_X86_MCE_H

#include <asm/regs.h>

/* MCi_STATUS bits. */
#define MCI_STATUS_VAL      (1ULL << 63)    /* the bank holds an error */
#define MCI_STATUS_OVER     (1ULL << 62)    /* an earlier error was lost */
#define MCI_STATUS_UC       (1ULL << 61)    /* not corrected */
#define MCI_STATUS_EN       (1ULL << 60)    /* reported by #MC */
#define MCI_STATUS_MISCV    (1ULL << 59)    /* MCi_MISC valid */
#define MCI_STATUS_ADDRV    (1ULL << 58)    /* MCi_ADDR valid */
#define MCI_STATUS_PCC      (1ULL << 57)    /* processor context corrupt */

/*
 * Enable and clear this CPU's banks.  @pre CR4.MCE still clear (the
 * caller, cpu_init_features(), sets it right after).
 */
void mce_init_cpu(void);
/* The #MC handler's report; never returns (do_trap()). */
void __noreturn do_machine_check(const struct cpu_user_regs *regs);

#endif /* ASM_X86_MCE_H */
